"""The whole path on a small slice of a bundled report: fast enough to run while working.

Real model, real chunker, FAISS and BM25; the slice is cut from the bundled
report at test time (see ``SMALL_SLICES`` in conftest), so the quotes checked
here are checked against the source file itself.
"""

from __future__ import annotations

import json

from indexer.store import read_index


def _source(small_corpus, doc_id: str) -> str:
    meta = json.loads((small_corpus / "reports.json").read_text(encoding="utf-8"))
    name = next(k for k, v in meta.items() if v["doc_id"] == doc_id)
    return (small_corpus / name).read_text(encoding="utf-8")


def test_english_question_gets_the_figure_and_a_verbatim_quote(small_assistant, small_corpus):
    ans = small_assistant.ask("How many fraud rings were identified?")
    assert ans.found and "600" in ans.answer_span
    cite = ans.citations[0]
    text = _source(small_corpus, cite.doc_id)
    assert text[cite.start:cite.end] == cite.quote and "欺诈团伙" in cite.quote


def test_chinese_question_gets_the_count_with_its_measure_word(small_assistant):
    ans = small_assistant.ask("截至2021年底公司有多少名全职员工？")
    assert ans.found and "706" in ans.answer_span and "人" in ans.answer_span


def test_a_question_the_slice_cannot_answer_is_declined(small_assistant):
    ans = small_assistant.ask("How many board meetings were held in 2021?")
    assert not ans.found


def test_year_filter_keeps_only_that_year(small_assistant):
    assert small_assistant.retriever.search("员工", k=5, year=2021)
    assert small_assistant.retriever.search("员工", k=5, year=2022) == []


def test_every_chunk_is_the_source_at_its_offsets(small_index, small_corpus):
    chunks = read_index(small_index).chunks
    assert len(chunks) >= 5
    text = _source(small_corpus, chunks[0].doc_id)
    for c in chunks:
        assert text[c.start:c.end] == c.text
