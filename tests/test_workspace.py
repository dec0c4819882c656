"""The server's live index: reports added and removed while questions are answered."""

from __future__ import annotations

import shutil
import time

import pytest

from assistant.answer import Assistant
from assistant.retrieve import Retriever
from assistant.workspace import Workspace
from indexer.errors import InputError

NEW_REPORT = "\n".join(
    ["星河材料股份有限公司 2023 年可持续发展报告", "", "一、关于我们", "",
     "星河材料成立于 2005 年，主营特种玻璃。截至2023年底，公司共有员工 4,321 名。", ""]
    + [f"第{i}项举措：公司在第{i}个工厂推行节能改造，年节约标准煤 {i * 37} 吨。" for i in range(1, 120)]
) + "\n"


@pytest.fixture
def workspace(small_corpus, small_index, small_assistant, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(small_corpus, corpus)
    shutil.copytree(small_index, index)
    embedder = small_assistant.retriever.embedder
    a = Assistant(Retriever.open(index, embedder=embedder, log=lambda *x: None))
    return Workspace(a, corpus=corpus, log=lambda *x: None)


def test_added_report_is_answered_after_the_swap_and_removed_again(workspace, tmp_path):
    ws = workspace
    before = ws.assistant
    src = tmp_path / "upload.txt"
    src.write_text(NEW_REPORT, encoding="utf-8")
    stored = ws.add(src, "../星河 2023.txt")
    assert stored.parent == ws.corpus and stored.name == "星河-2023.txt"
    ws.reindex((stored.name,))
    while ws.status.state in ("queued",):
        time.sleep(0.01)
    t0 = time.perf_counter()
    during = ws.assistant.ask("How many fraud rings were identified?")
    took = time.perf_counter() - t0
    state_then = ws.status.state
    status = ws.wait(120)
    print(f"\nasked while the job was {state_then}: answered in {took:.2f} s")
    assert during.found and "600" in during.answer_span
    assert status.state == "done", status
    assert ws.version == 1 and ws.assistant is not before
    ans = ws.assistant.ask("星河材料2023年底有多少名员工？")
    assert ans.found and "4,321" in ans.answer, ans.answer
    assert ans.citations[0].doc_id == "星河-2023"
    row = next(r for r in ws.reports() if r["doc_id"] == "星河-2023")
    assert row["year"] == 2023 and row["chunks"] > 0 and row["added"]

    ws.remove("星河-2023")
    ws.reindex()
    assert ws.wait(120).state == "done" and ws.version == 2
    assert "星河-2023" not in {r["doc_id"] for r in ws.reports()}
    assert (ws.corpus / ".removed" / "星河-2023.txt").read_text(encoding="utf-8") == NEW_REPORT
    assert not ws.assistant.ask("星河材料2023年底有多少名员工？").found
    with pytest.raises(InputError, match="only report"):
        ws.remove(ws.reports()[0]["doc_id"])
    with pytest.raises(InputError, match="no report"):
        ws.remove("no-such-report")


def test_a_file_that_cannot_be_indexed_is_named_and_set_aside(workspace, tmp_path):
    import pypdfium2 as pdfium

    ws = workspace
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    blank.save(tmp_path / "scan.pdf")
    stored = ws.add(tmp_path / "scan.pdf", "scan.pdf")
    ws.reindex((stored.name,))
    status = ws.wait(120)
    assert status.state == "done" and ws.version == 0  # nothing changed: the old index stays
    assert any("scan.pdf" in p and "no text layer" in p for p in status.problems), status
    assert not (ws.corpus / "scan.pdf").exists() and (ws.corpus / ".rejected" / "scan.pdf").exists()


def test_uploads_are_off_when_the_corpus_is_not_the_indexed_one(small_assistant, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    ws = Workspace(small_assistant, corpus=other, log=lambda *x: None)
    assert ws.corpus is None and "lacks" in ws.uploads_off
    src = tmp_path / "x.txt"
    src.write_text("某报告 2023\n\n内容。\n", encoding="utf-8")
    with pytest.raises(InputError, match="adding reports is off"):
        ws.add(src, "x.txt")
    assert not list(other.iterdir())
