from pathlib import Path

import pytest

from indexer.chunk import chunk_report
from indexer.clean import clean
from indexer.corpus import read_report
from indexer.records import Report

ROOT = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def chunks():
    out = []
    for p in sorted(ROOT.glob("*.txt")):
        r = read_report(p)
        out.append((r, chunk_report(r)))
    return out


def test_every_chunk_text_is_the_source_at_its_offsets(chunks):
    for report, cs in chunks:
        assert cs
        for c in cs:
            assert report.text[c.start : c.end] == c.text
            assert c.doc_id == report.doc_id and c.year == report.year


def test_search_text_is_cleaned_and_carries_the_heading_path(chunks):
    for _, cs in chunks:
        for c in cs:
            assert "**" not in c.search_text and "<li>" not in c.search_text
            assert c.search_text.startswith(c.section)


def test_table_rows_keep_the_header(chunks):
    r2022 = dict((r.doc_id, cs) for r, cs in chunks)["jiayin-esg-2022"]
    table = [c for c in r2022 if "外购电力\t424.95" in c.text]
    assert len(table) == 1 and table[0].kind == "table"
    assert "2022 | 2021 | 单位" in table[0].search_text


def test_long_paragraph_is_split_at_sentence_ends():
    sentence = "这是一个用于测试的句子，包含一些数字123和文字。"
    text = "标题\n\n" + sentence * 40 + "\n"
    r = Report(doc_id="t", path="t.txt", title="t", year=2023, text=text, sha256="x")
    cs = chunk_report(r, size=100)
    assert len(cs) > 5
    for c in cs:
        assert len(c.text) <= 100
        assert c.text.endswith("。")


def test_long_table_is_split_with_header_repeated():
    rows = "\n".join(f"项目{i}\t{i}.5\t吨" for i in range(80))
    text = "环境数据\n\n指标\t2023\t单位\n" + rows + "\n"
    r = Report(doc_id="t", path="t.txt", title="t", year=2023, text=text, sha256="x")
    cs = [c for c in chunk_report(r, size=120) if c.kind == "table"]
    assert len(cs) > 2
    for c in cs:
        assert "指标 | 2023 | 单位" in c.search_text


def test_clean():
    assert clean("超**600**个<ul><li>团伙</li></ul>^[1]") == "超600个 团伙"
