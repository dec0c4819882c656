"""Hybrid retrieval: FAISS dense search plus BM25 over jieba terms, fused by RRF.

The retriever loads an index once (``Retriever.open``) and then answers
``search`` calls; it holds no global state.  Filters by report and year are
applied before ranking, so a filtered search still returns ``k`` hits when
that many exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer import store
from indexer.embed import Embedder, is_bundled, load_embedder
from indexer.errors import InputError
from indexer.headings import is_headline
from indexer.lexicon import Lexicon, syllables
from indexer.records import Chunk, Hit
from indexer.terms import Terms, normalize

from .glossary import Glossary
from .plan import Plan, Planner

RRF_K = 10
WEIGHTS = {"dense": 0.45, "bm25": 1.0}  # measured on eval/gold.jsonl, see README
# When the dense first passage leads the second by this much cosine, it stays first: BM25
# then only reorders the rest.  Measured: Tatoeba accuracy@1 0.843 -> 0.869 (dense 0.847),
# gold English R@1 0.778 -> 0.788, Chinese unchanged (0.01: 0.874 but gold worse; 0.03: 0.859).
DENSE_SURE = 0.02
YEAR_BONUS = 0.5 / (RRF_K + 1)  # a named year's report moves up, never past a clear winner
MODES = ("hybrid", "dense", "bm25")
LABELLED_MAX = 3  # chunks ranked past the passages read that hold a row labelled as asked
LABELLED_DEPTH = 30  # how far down the ranking they are looked for
HEADLINE_MAX = 6  # headline tables read per report (深圳能源 2016 has 3) beside the retrieved passages


@dataclass(frozen=True)
class Ranked:
    """Per-chunk ranks from each retriever (``None``: not in that list)."""

    row: int
    score: float
    dense_rank: int | None
    bm25_rank: int | None


def _milvus(manifest: dict, count: int):
    """The Milvus collection serving this index's vectors, or None (FAISS in the index folder)."""
    entry = manifest.get("vector_store") or {}
    if entry.get("kind") != "milvus":
        return None
    from indexer.milvus_store import MilvusVectors, parse_store

    return MilvusVectors(parse_store(entry["uri"]), manifest["model"]["id"], count,
                         entry.get("holds", ""))


class Retriever:
    """Search over one index directory."""

    def __init__(self, stored: store.StoredIndex, embedder: Embedder, *, index_dir: Path,
                 glossary: Glossary | None = None):
        self.index_dir = Path(index_dir)
        self.manifest = stored.manifest
        self.chunks: list[Chunk] = stored.chunks
        self.vectors = stored.vectors
        self.milvus = _milvus(stored.manifest, len(stored.chunks))
        self.embedder = embedder
        self.glossary = glossary if glossary is not None else Glossary.load()
        self._years = np.array([c.year if c.year is not None else -1 for c in self.chunks])
        self._docs = np.array([c.doc_id for c in self.chunks])
        self.segmenter = Terms(str(stored.dictionary))
        self._bm25 = stored.bm25
        n = max(self._bm25.n_docs, 1)
        idf = {t: float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
               for t, df in self._bm25.doc_freq().items()}
        self.reports = {s["doc_id"]: dict(s, file=name)
                        for name, s in self.manifest.get("sources", {}).items()}
        self.report_meta = stored.reports
        self.years = sorted({c.year for c in self.chunks if c.year is not None})
        self.lexicon = lexicon = Lexicon(stored.lexicon)
        self._contains_cache: dict[str, bool] = {}
        self._joined_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._all_text: str | None = None
        self._headline = [i for i, c in enumerate(self.chunks)
                          if c.kind == "table" and is_headline(c.section)]
        self.planner = Planner(self.segmenter, idf, float(np.log(1 + (n + 0.5) / 0.5)),
                               lexicon=lexicon, glossary=self.glossary, contains=self.contains,
                               romanised=self.romanised, joined=self.joined,
                               aliases=_aliases(self.report_meta.values()))

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
        """Forget cached phrase lookups (for timing a question as if it were new)."""
        self._contains_cache.clear()
        self._joined_cache.clear()

    def plan(self, query: str, *, expand: bool = True) -> Plan:
        """The question analysed once (see ``assistant/plan.py``)."""
        return self.planner.plan(query, expand=expand)

    def contains(self, text: str) -> bool:
        """Does ``text`` occur verbatim in some passage?  Checked only in the passages
        that hold all of its BM25 terms, so it stays fast on a large index."""
        if text not in self._contains_cache:
            if len(self._contains_cache) > 4096:
                self._contains_cache.clear()
            tokens = self.segmenter(text)
            rows = None
            for t in tokens:
                r = set(self._bm25.rows_with(t).tolist())
                rows = r if rows is None else rows & r
                if not rows:
                    break
            if not rows and tokens:
                # a passage may split the words differently (净资产 there, 净资 in the question):
                # look where the longest word of the text occurs instead
                rows = set(self._bm25.rows_with(max(tokens, key=len)).tolist())
            self._contains_cache[text] = bool(rows) and any(
                text in self.chunks[i].search_text for i in rows)
        return self._contains_cache[text]

    def joined(self, left: str, right: str, *, limit: int = 2) -> tuple[str, ...]:
        """How the passages join two words with one character between them, most used
        first: ``('新', '供应商')`` -> ``('新增供应商',)``."""
        key = (left, right)
        if key not in self._joined_cache:
            if len(self._joined_cache) > 4096:
                self._joined_cache.clear()
            pattern = re.compile(re.escape(left) + r"[\u4e00-\u9fff]" + re.escape(right))
            counts: dict[str, int] = {}
            rows = set(self._bm25.rows_with(max(self.segmenter(right) or [right], key=len)).tolist())
            for i in sorted(rows):
                for m in pattern.finditer(self.chunks[i].search_text):
                    counts[m.group(0)] = counts.get(m.group(0), 0) + 1
            self._joined_cache[key] = tuple(sorted(counts, key=lambda w: -counts[w])[:limit])
        return self._joined_cache[key]

    def romanised(self, name: str, *, limit: int = 3) -> tuple[str, ...]:
        """Chinese strings of the reports whose pinyin spells ``name``, most frequent first:
        ``'Huang Yuchang'`` -> ``('黄钰昌',)``.  Only names of two to four syllables."""
        sounds = self.lexicon.pinyin
        counts: dict[str, int] = {}
        for reading in syllables(name, sounds):
            if not 2 <= len(reading) <= 4:
                continue
            pattern = "".join(f"[{sounds[s]}]" for s in reading)
            if self._all_text is None:
                self._all_text = "\n".join(c.search_text for c in self.chunks)
            for m in re.finditer(pattern, self._all_text):
                counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        return tuple(sorted(counts, key=lambda k: -counts[k])[:limit])

    def headline(self, docs: set[str], *, year: int | None = None,
                 doc_id: str | None = None) -> list[Chunk]:
        """The tables of the headline figures (主要会计数据和财务指标, 分季度主要财务指标) of
        the reports ``docs``, at most ``HEADLINE_MAX`` each, which a figure question is also
        read against wherever retrieval ranks them: a long table of ten headline rows ranks
        low for any one of them."""
        mask = self._mask(year, doc_id)
        out: list[Chunk] = []
        taken: dict[str, int] = {}
        for i in self._headline:
            c = self.chunks[i]
            if (mask is None or mask[i]) and c.doc_id in docs and taken.get(c.doc_id, 0) < HEADLINE_MAX:
                taken[c.doc_id] = taken.get(c.doc_id, 0) + 1
                out.append(c)
        return out

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

    def dense_scored(self, text: str, depth: int, mask: np.ndarray | None, *,
                     year: int | None = None, doc_id: str | None = None) -> list[tuple[int, float]]:
        """(row, cosine) of the ``depth`` passages nearest to ``text``, best first; from
        Milvus (filtered there by ``year`` and ``doc_id``) when the index keeps its vectors there."""
        vec = self.embedder.queries([text])
        if self.milvus is not None:
            return self.milvus.search(vec, depth, year=year, doc_id=doc_id)
        n = self.vectors.ntotal
        if self.manifest.get("vectors", {}).get("exact", True):
            k = n  # exact search over a small index: every row is scored anyway
        else:
            k = min(n, depth * (20 if mask is not None else 1))
        scores, ids = self.vectors.search(vec, k)
        rows = [(int(i), float(d)) for i, d in zip(ids[0], scores[0])
                if i >= 0 and (mask is None or mask[i])]
        return rows[:depth]

    def bm25_scores(self, terms: list[str]) -> np.ndarray:
        if not terms:
            return np.zeros(len(self.chunks), np.float32)
        return self._bm25.scores(terms)

    def rank(self, query: str | Plan, *, k: int = 10, year: int | None = None,
             doc_id: str | None = None, mode: str = "hybrid", depth: int = 50,
             expand: bool = True) -> list[Ranked]:
        """Fused ranking of chunk rows, best first.

        BM25's vote is weighted by the share of the question it can match
        (``Plan.bm25_share``): an English question none of whose words reach
        the reports' vocabulary is ranked by meaning alone."""
        if mode not in MODES:
            raise InputError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if k < 1:
            raise InputError("k must be at least 1")
        mask = self._mask(year, doc_id)
        n = len(self.chunks)
        plan = query if isinstance(query, Plan) else self.plan(query, expand=expand)
        weights = {"dense": WEIGHTS["dense"], "bm25": WEIGHTS["bm25"] * plan.bm25_share}
        if mode != "hybrid":
            weights = {"dense": 1.0, "bm25": 1.0}
        lists: dict[str, dict[int, int]] = {}
        sure = None  # the dense first passage, when it leads its runner-up clearly
        width = max(depth, k)
        if mode in ("hybrid", "dense"):
            scored = self.dense_scored(plan.dense_text, width, mask, year=year, doc_id=doc_id)
            lists["dense"] = {row: r for r, (row, _) in enumerate(scored, 1)}
            if len(scored) > 1 and scored[0][1] - scored[1][1] >= DENSE_SURE:
                sure = scored[0][0]
        if mode in ("hybrid", "bm25"):
            s = self.bm25_scores(list(plan.bm25_terms))
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
                fused[row] = fused.get(row, 0.0) + weights[name] / (RRF_K + r)
        named = set(plan.years)
        if named and year is None:
            for row in fused:
                if self._years[row] in named:
                    fused[row] += YEAR_BONUS
        rows = sorted(fused, key=lambda row: (-fused[row], row))
        if mode == "hybrid" and sure is not None:  # BM25 reorders what the model is unsure of
            rows = [sure] + [row for row in rows if row != sure]
        rows = rows[: min(k, n)]
        return [Ranked(row, fused[row], lists.get("dense", {}).get(row),
                       lists.get("bm25", {}).get(row)) for row in rows]

    def search(self, query: str | Plan, *, k: int = 10, year: int | None = None,
               doc_id: str | None = None, mode: str = "hybrid",
               expand: bool = True) -> list[Hit]:
        """The top ``k`` chunks for ``query`` (a question or its plan) as ``Hit`` records."""
        text = query.question if isinstance(query, Plan) else query
        if not text or not text.strip():
            raise InputError("the query is empty; type a question or some keywords")
        ranked = self.rank(query, k=k, year=year, doc_id=doc_id, mode=mode, expand=expand)
        return [Hit(i, r.score, self.chunks[r.row], r.dense_rank, r.bm25_rank)
                for i, r in enumerate(ranked, 1)]


_LISTING = re.compile(r"\b[A-Z]{2,}\s*[:：]\s*[A-Z0-9.]+\b")


_LABEL_DRESS = re.compile(r"^(?:[加减]|其中)[:：]|^[\d一二三四五六七八九十]+[.、．]|[（(][^（()）]*[)）]$|[\s*]")


def labelled(plan: Plan, hits: list[Hit], *, skip: int) -> list[Chunk]:
    """Chunks ranked past the first ``skip`` of ``hits`` that hold a table row labelled
    exactly as the question names it (商誉 | 2,046,237,695.29 in a balance sheet of forty
    rows, which ranks low for any one of them), at most ``LABELLED_MAX``."""
    names = {normalize(z) for t in plan.terms for z in t.zh if len(z) > 1}
    out: list[Chunk] = []
    for h in hits[skip:]:
        if len(out) >= LABELLED_MAX:
            break
        if any(row_label(line) in names for line in h.chunk.text.splitlines() if "\t" in line):
            out.append(h.chunk)
    return out


def row_label(line: str) -> str:
    """The label of a table row without its numbering, 其中/加/减 and unit: ``'加：商誉（元）'`` -> ``'商誉'``."""
    label = line.split("\t", 1)[0]
    for _ in range(3):
        label = _LABEL_DRESS.sub("", label)
    return normalize(label)


def _aliases(reports) -> frozenset[str]:
    """Ways a question names the reporting company itself (never a constraint):
    its names, every part of two or more characters (嘉银金科 -> 嘉银, 金科) and the words
    company, group."""
    out = {"公司", "本公司", "集团", "company", "group", "firm"}
    for r in reports:
        for name in (r.get("company"), r.get("company_en")):
            if not name:
                continue
            out.add(name.lower())
            name = _LISTING.sub("", name)  # NASDAQ: JFIN is where it is listed, not its name
            out.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'&.-]+", name) if len(w) > 3)
            for run in re.findall(r"[\u4e00-\u9fff]{2,}", name):
                out.update(run[a:b] for a in range(len(run)) for b in range(a + 2, len(run) + 1))
    return frozenset(out)
