"""Property tests (hypothesis) for the parser, chunker and answer extractor.

CI runs a short budget; `REPORTQA_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py`
runs a longer one.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.extract import score_candidates
from assistant.figures import find_figures, to_english
from assistant.plan import Plan, Term
from assistant.query import analyse
from assistant.sentences import split_units
from indexer.chunk import chunk_report
from indexer.headings import find_headings
from indexer.records import Chunk, Hit, Report

EXAMPLES = int(os.environ.get("REPORTQA_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Report-like text: headings, TOC markers, tabs, bold, HTML, figures, odd characters.
PIECES = st.sampled_from([
    "目录", "关于本报告", "- 01 关于本报告", "第一章 概况\t3", "智能风控", "\n", "\n\n", "\t",
    "成功锁定超**600**个欺诈团伙。", "营业收入达人民币17.805亿元，", "<ul><li>项目</li></ul>",
    "外购电力\t424.95\t527.69\t兆瓦时", "\t2022\t2021\t单位", "# 标题", "## 小节", "。", "！",
    "2021年5月10日", "92.87%", "1,110万+", "🙂", "\u200b", "\ufeff", "\r\n", "**", "^[1]", " ",
    "How many fraud rings?", "ＡＢＣ～", "\x00", "\u3000",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=60).map("".join)


@FUZZ
@given(TEXT)
def test_headings_are_inside_the_text(text):
    for h in find_headings(text):
        assert 0 <= h.start <= h.end <= len(text)
        assert h.level >= 1


@FUZZ
@given(TEXT, st.sampled_from([40, 120, 300]))
def test_chunks_are_the_source_at_their_offsets(text, size):
    report = Report(doc_id="f", path="f.txt", title="F", year=2021, text=text, sha256="x")
    chunks = chunk_report(report, size=size)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        assert c.text.strip()


@FUZZ
@given(TEXT, st.text(max_size=80))
def test_answer_extraction_quotes_verbatim(text, question):
    chunk = Chunk("f:0000", "f", "F", 2021, "S", 0, len(text), text, text)
    hit = Hit(1, 1.0, chunk)
    a = analyse(question or "多少")
    terms = tuple(Term(t, (t,), 1.0, "question") for t in ("欺诈", "电力", "fraud"))
    q = Plan(question or "多少", a.lang, a.years, a.kind, a.units, a.numbers, terms, (),
             terms[:1], ("欺诈",), question, 1.0, ("欺诈团伙",))
    for cand in score_candidates(q, [hit]):
        assert text[cand.start : cand.end] == cand.unit.text
        assert cand.unit.text.strip()
    for u in split_units(text):
        assert text[u.start : u.end] == u.text


@FUZZ
@given(st.text(max_size=60))
def test_figures_never_raise_and_stay_inside(text):
    for f in find_figures(text):
        assert text[f.start : f.end] == f.text
        assert isinstance(to_english(f.text), str)
