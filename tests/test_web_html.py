"""The chat page's HTML: table rows as tables, passages that say why they matched, escaping."""

from __future__ import annotations

import re

from assistant.web_html import passage_html, render_answer, render_hits, render_reports, table_html
from indexer.records import Chunk


def _table_chunk(row: str, header: str) -> Chunk:
    text = "主要会计数据\n" + row + "\n"
    return Chunk("r:0001", "r", "某公司 2016 年年度报告", 2016, "主要会计数据", 0, len(text), text, text,
                 kind="table", pages="7", header=header, unit="元")


def test_a_table_row_shows_as_a_table_with_the_answer_cell_marked():
    row = "营业收入（元）\t11,920,372,186.49\t10,651,590,342.18\t11.91%"
    chunk = _table_chunk(row, "\t2016年\t2015年\t本年比上年增减")
    start = chunk.text.index(row)
    out = passage_html(chunk, start, start + len(row), "11,920,372,186.49 元")
    assert out.startswith('<table class="rq-table">')
    assert out.count("<th>") == 4 and "<th>2016年</th>" in out
    assert '<td class="rq-cell-fig">11,920,372,186.49</td>' in out
    assert out.count("rq-cell-fig") == 1


def test_table_cells_are_escaped():
    out = table_html("<b>项目</b>\t金额", "<script>x</script>\t1", None)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&lt;b&gt;" in out


def test_prose_passages_mark_the_quote_and_figure():
    text = "前文。公司垃圾日处理能力达 7,050 吨。后文。"
    chunk = Chunk("r:0002", "r", "t", 2016, "s", 0, len(text), text, text)
    start = text.index("公司")
    out = passage_html(chunk, start, text.index("后文"), "7,050 吨")
    assert '<mark class="rq-quote">' in out and '<mark class="rq-fig">7,050 吨</mark>' in out


def test_passages_say_why_they_matched_not_raw_scores(small_assistant):
    ans = small_assistant.ask("How many fraud rings were identified?")
    side = render_hits(ans, "English")
    assert side.count('class="rq-passage"') == len(ans.hits) > 0
    assert "matched words: " in side and "欺诈团伙" in side
    assert not re.search(r"\b0\.\d{3,}", side)  # no fusion scores
    page = render_answer(ans, "English")
    assert "Confidence: high" in page and f"{ans.confidence:.2f}</p>" not in page


def test_reports_panel_escapes_and_lists_every_report():
    rows = [{"doc_id": "a", "title": "<i>A</i> 报告", "company": "甲", "year": 2021, "pages": 20,
             "chunks": 72, "added": "2026-11-29T12:00:00"}]
    out = render_reports(rows, "English")
    assert "&lt;i&gt;A&lt;/i&gt;" in out and "2026-11-29 12:00" in out and 'data-doc="a"' in out
