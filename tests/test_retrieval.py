import pytest

from indexer.errors import InputError


@pytest.mark.parametrize("query", ["识别了多少个欺诈团伙", "How many fraud rings were identified?"])
def test_fraud_ring_passage_ranks_first(retriever, query):
    top = retriever.search(query, k=5)[0]
    assert top.chunk.doc_id == "jiayin-esg-2021"
    assert "欺诈团伙" in top.chunk.text and "600" in top.chunk.text


def test_year_filter_keeps_only_that_year(retriever):
    hits = retriever.search("外购电力", k=5, year=2021)
    assert hits and all(h.chunk.year == 2021 for h in hits)


def test_modes_differ_and_bm25_finds_numbers(retriever):
    hits = retriever.search("424.95", k=3, mode="bm25")
    assert "424.95" in hits[0].chunk.text
    # a number means nothing to the dense model: the modes rank differently, and the
    # hybrid keeps what BM25 alone finds
    dense = [h.chunk.chunk_id for h in retriever.search("424.95", k=5, mode="dense")]
    bm25 = [h.chunk.chunk_id for h in retriever.search("424.95", k=5, mode="bm25")]
    hybrid = [h.chunk.chunk_id for h in retriever.search("424.95", k=5)]
    assert dense != bm25 and bm25[0] in hybrid


def test_glossary_overrides_the_lexicon_for_english_bm25(retriever):
    with_g = retriever.search("purchased electricity", k=3, mode="bm25")
    assert with_g and "外购电力" in with_g[0].chunk.text
    assert {t.source for t in retriever.plan("purchased electricity").terms} == {"glossary"}
    # without the glossary the lexicon still reaches 电力 (CC-CEDICT: electricity)
    plain = retriever.plan("purchased electricity", expand=False)
    assert any("电力" in t.zh and t.source == "cc-cedict" for t in plain.terms)
    without = retriever.search("purchased electricity", k=3, mode="bm25", expand=False)
    assert any("电力" in h.chunk.text for h in without)


def test_empty_query_is_refused(retriever):
    with pytest.raises(InputError):
        retriever.search("   ")
