"""Hybrid retrieval: FAISS dense search plus BM25 over jieba terms, fused by RRF.

The retriever loads an index once (``Retriever.open``) and then answers
``search`` calls; it holds no global state.  Filters by report and year are
applied before ranking, so a filtered search still returns ``k`` hits when
that many exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer import store
from indexer.embed import Embedder, is_bundled, load_embedder
from indexer.errors import InputError
from indexer.records import Chunk, Hit
from indexer.terms import Terms

from .glossary import Glossary
from .query import analyse

RRF_K = 10
WEIGHTS = {"dense": 0.45, "bm25": 1.0}  # measured on eval/gold.jsonl, see README
YEAR_BONUS = 0.5 / (RRF_K + 1)  # a named year's report moves up, never past a clear winner
MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Ranked:
    """Per-chunk ranks from each retriever (``None``: not in that list)."""

    row: int
    score: float
    dense_rank: int | None
    bm25_rank: int | None


class Retriever:
    """Search over one index directory."""

    def __init__(self, stored: store.StoredIndex, embedder: Embedder, *, index_dir: Path,
                 glossary: Glossary | None = None):
        self.index_dir = Path(index_dir)
        self.manifest = stored.manifest
        self.chunks: list[Chunk] = stored.chunks
        self.vectors = stored.vectors
        self.embedder = embedder
        self.glossary = glossary if glossary is not None else Glossary.load()
        self._years = np.array([c.year if c.year is not None else -1 for c in self.chunks])
        self._docs = np.array([c.doc_id for c in self.chunks])
        self.terms = Terms(str(stored.dictionary))
        self._term_cache: dict[tuple[str, bool], tuple[list[str], str]] = {}
        self._bm25 = stored.bm25
        n = max(self._bm25.n_docs, 1)
        df = np.diff(self._bm25.indptr)
        self.idf = {t: float(np.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)))
                    for t, i in self._bm25.vocab.items() if t}
        self.unseen_idf = float(np.log(1 + (n + 0.5) / 0.5))
        self.reports = {s["doc_id"]: dict(s, file=name)
                        for name, s in self.manifest.get("sources", {}).items()}
        self.report_meta = stored.reports

    @classmethod
    def open(cls, index_dir: Path | None = None, *, engine: str = "auto",
             embedder: Embedder | None = None, log=print) -> Retriever:
        """Open an index and the model it was built with."""
        index_dir = Path(index_dir) if index_dir else store.default_index_dir()
        stored = store.read_index(index_dir)
        model_id = stored.manifest["model"]["id"]
        if embedder is None:
            embedder = load_embedder(None if is_bundled(model_id) else model_id,
                                     engine=engine, log=log)
        store.check_model(stored.manifest, embedder.model_id, index_dir)
        return cls(stored, embedder, index_dir=index_dir)

    def clear_caches(self) -> None:
        """Forget cached query terms (for timing a question as if it were new)."""
        self._term_cache.clear()

    def query_terms(self, query: str, *, expand: bool = True) -> tuple[list[str], str]:
        """BM25 terms and the text to embed (cached: ``ask`` needs them three times)."""
        key = (query, expand)
        if key not in self._term_cache:
            if len(self._term_cache) > 256:
                self._term_cache.clear()
            self._term_cache[key] = self._query_terms(query, expand=expand)
        terms, text = self._term_cache[key]
        return list(terms), text

    def _query_terms(self, query: str, *, expand: bool = True) -> tuple[list[str], str]:
        """BM25 terms and the text to embed for ``query``.

        Years are left out of BM25 (every report mentions them; they act as
        a preference instead).  English questions are searched with the
        Chinese terms of the glossary phrases they contain.
        """
        q = analyse(query)
        years = {str(y) for y in q.years}
        terms = [t for t in self.terms(query) if t not in years]
        extra = self.glossary.expand(query) if expand and q.lang == "en" else []
        if extra:
            terms += self.terms(" ".join(extra))
        dense_text = query + (" (" + "，".join(extra) + ")" if extra else "")
        return terms, dense_text

    def _mask(self, year: int | None, doc_id: str | None) -> np.ndarray | None:
        if year is None and doc_id is None:
            return None
        mask = np.ones(len(self.chunks), bool)
        if year is not None:
            mask &= self._years == int(year)
        if doc_id is not None:
            if doc_id not in set(self._docs.tolist()):
                raise InputError(f"no report {doc_id!r} in the index; known: "
                                 + ", ".join(sorted(set(self._docs.tolist()))))
            mask &= self._docs == doc_id
        return mask

    def dense_top(self, text: str, depth: int, mask: np.ndarray | None) -> list[int]:
        """Rows of the ``depth`` passages nearest to ``text``, best first."""
        q = self.embedder.queries([text])
        n = self.vectors.ntotal
        if self.manifest.get("vectors", {}).get("exact", True):
            k = n  # exact search over a small index: every row is scored anyway
        else:
            k = min(n, depth * (20 if mask is not None else 1))
        _, ids = self.vectors.search(q, k)
        rows = [int(i) for i in ids[0] if i >= 0 and (mask is None or mask[i])]
        return rows[:depth]

    def bm25_scores(self, terms: list[str]) -> np.ndarray:
        if not terms:
            return np.zeros(len(self.chunks), np.float32)
        return self._bm25.scores(terms)

    def rank(self, query: str, *, k: int = 10, year: int | None = None,
             doc_id: str | None = None, mode: str = "hybrid", depth: int = 50,
             expand: bool = True) -> list[Ranked]:
        """Fused ranking of chunk rows, best first."""
        if mode not in MODES:
            raise InputError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if k < 1:
            raise InputError("k must be at least 1")
        mask = self._mask(year, doc_id)
        n = len(self.chunks)
        terms, dense_text = self.query_terms(query, expand=expand)
        lists: dict[str, dict[int, int]] = {}
        width = max(depth, k)
        if mode in ("hybrid", "dense"):
            lists["dense"] = {row: r for r, row in enumerate(
                self.dense_top(dense_text, width, mask), 1)}
        if mode in ("hybrid", "bm25"):
            s = self.bm25_scores(terms)
            if mask is not None:
                s = np.where(mask, s, 0.0)
            top = np.flatnonzero(s > 0)
            if len(top) > width:
                top = top[np.argpartition(-s[top], width)[:width]]
            top = top[np.lexsort((top, -s[top]))]
            lists["bm25"] = {int(row): r for r, row in enumerate(top, 1)}
        fused: dict[int, float] = {}
        for name, ranks in lists.items():
            for row, r in ranks.items():
                fused[row] = fused.get(row, 0.0) + WEIGHTS[name] / (RRF_K + r)
        named = set(analyse(query).years)
        if named and year is None:
            for row in fused:
                if self._years[row] in named:
                    fused[row] += YEAR_BONUS
        rows = sorted(fused, key=lambda row: (-fused[row], row))[: min(k, n)]
        return [Ranked(row, fused[row], lists.get("dense", {}).get(row),
                       lists.get("bm25", {}).get(row)) for row in rows]

    def search(self, query: str, *, k: int = 10, year: int | None = None,
               doc_id: str | None = None, mode: str = "hybrid",
               expand: bool = True) -> list[Hit]:
        """The top ``k`` chunks for ``query`` as ``Hit`` records."""
        if not query or not query.strip():
            raise InputError("the query is empty; type a question or some keywords")
        ranked = self.rank(query, k=k, year=year, doc_id=doc_id, mode=mode, expand=expand)
        return [Hit(i, r.score, self.chunks[r.row], r.dense_rank, r.bm25_rank)
                for i, r in enumerate(ranked, 1)]
