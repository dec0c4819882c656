"""BM25 over jieba terms: built by bm25s, stored as plain arrays, scored with numpy.

bm25s computes every (term, passage) weight at index time and keeps them in a
sparse CSC matrix; a query's scores are the sums of its terms' columns.  The
index keeps that matrix as three arrays and the vocabulary, so opening an
index needs neither bm25s nor scipy (both take most of a second to import),
and scoring is the same sum bm25s does (``tests/test_bm25.py`` checks it).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Bm25Index:
    data: np.ndarray  # weights, CSC order
    indices: np.ndarray  # passage row of each weight
    indptr: np.ndarray  # term t's weights are data[indptr[t]:indptr[t + 1]]
    vocab: dict[str, int]
    n_docs: int

    @classmethod
    def build(cls, corpus_terms: list[list[str]]) -> Bm25Index:
        import bm25s

        model = bm25s.BM25()
        model.index([t if t else [""] for t in corpus_terms], show_progress=False)
        s = model.scores
        return cls(np.asarray(s["data"]), np.asarray(s["indices"]), np.asarray(s["indptr"]),
                   dict(model.vocab_dict), int(s["num_docs"]))

    def doc_freq(self) -> dict[str, int]:
        """Passages holding each term: ``{'欺诈': 3, ...}``."""
        df = np.diff(self.indptr)
        return {t: int(df[i]) for t, i in self.vocab.items() if t and i < len(df)}

    def rows_with(self, term: str) -> np.ndarray:
        """Rows of the passages holding ``term`` (empty when it is not in the vocabulary)."""
        i = self.vocab.get(term)
        if i is None or i + 1 >= len(self.indptr):
            return np.zeros(0, np.int64)
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every passage for the query ``terms`` (unknown terms add 0)."""
        out = np.zeros(self.n_docs, np.float32)
        for t in terms:
            i = self.vocab.get(t)
            if i is None:
                continue
            a, b = self.indptr[i], self.indptr[i + 1]
            np.add.at(out, self.indices[a:b], self.data[a:b])
        return out

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(buf, data=self.data, indices=self.indices, indptr=self.indptr,
                 n_docs=np.array([self.n_docs]),
                 vocab=np.frombuffer(json.dumps(self.vocab, ensure_ascii=False).encode(), np.uint8))
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Bm25Index:
        z = np.load(io.BytesIO(raw), allow_pickle=False)
        vocab = json.loads(z["vocab"].tobytes().decode())
        return cls(z["data"], z["indices"], z["indptr"], vocab, int(z["n_docs"][0]))
