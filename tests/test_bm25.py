import bm25s
import numpy as np

from indexer.bm25 import Bm25Index

CORPUS = [["欺诈", "团伙", "600"], ["外购", "电力", "424.95"], ["欺诈", "欺诈", "模型"], []]


def test_scores_equal_bm25s_and_survive_a_round_trip():
    idx = Bm25Index.build(CORPUS)
    ref = bm25s.BM25()
    ref.index([t if t else [""] for t in CORPUS], show_progress=False)
    for q in (["欺诈"], ["欺诈", "团伙"], ["电力", "未知词"], ["欺诈", "欺诈"]):
        known = [t for t in q if t in ref.vocab_dict]
        expected = ref.get_scores(known) if known else np.zeros(len(CORPUS))
        assert np.allclose(idx.scores(q), expected), q
    back = Bm25Index.from_bytes(idx.to_bytes())
    assert np.array_equal(back.scores(["欺诈", "团伙"]), idx.scores(["欺诈", "团伙"]))
    assert back.vocab == idx.vocab and back.n_docs == 4


def test_golden_ranking_on_a_tiny_corpus():
    idx = Bm25Index.build(CORPUS)
    assert list(np.argsort(-idx.scores(["欺诈", "团伙"]))[:2]) == [0, 2]
    assert idx.scores(["不存在"]).sum() == 0
