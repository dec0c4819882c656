"""Tatoeba cmn-eng: does English retrieval over Chinese text generalise?

1,000 English sentences and their Chinese translations (LASER / XTREME test
set).  Each Chinese sentence is one document; each English sentence is a
query; a query is right at 1 when its translation is the top hit.  Nothing
here is report vocabulary, so it measures what the lexicon and the fusion do
for words no glossary was written for.  The data is read from ``../shared``
(or ``--data``), never copied into the project.
"""

from __future__ import annotations

import time
from pathlib import Path

from .datasets import benchmark_path
from .flat_index import build_flat
from .metrics import mrr_at, recall_at

MODES = ("bm25", "dense", "hybrid")


def load(folder: Path) -> tuple[list[str], list[str]]:
    """(English sentences, Chinese sentences), line i translating line i."""
    from indexer.errors import InputError

    try:
        en = (folder / "tatoeba.cmn-eng.eng").read_text(encoding="utf-8").splitlines()
        zh = (folder / "tatoeba.cmn-eng.cmn").read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the Tatoeba files in {folder}: {exc.strerror}") from exc
    if len(en) != len(zh) or not en:
        raise InputError(f"{folder}: the .eng and .cmn files must have the same number of lines")
    return en, zh


def run(index_dir: Path, *, data: str | Path | None = None, limit: int | None = None,
        log=print) -> dict:
    """Build the sentence index (if needed) and score every mode."""
    from assistant.retrieve import Retriever

    en, zh = load(benchmark_path("tatoeba", data))
    t0 = time.perf_counter()
    build_flat(index_dir, {f"t{i:04d}": s for i, s in enumerate(zh)}, kind="sentence", log=log)
    retriever = Retriever.open(index_dir, log=log)
    queries = list(enumerate(en))[:limit] if limit else list(enumerate(en))
    result = {"sentences": len(zh), "queries": len(queries)}
    for mode in MODES:
        ranks = []
        for i, q in queries:
            hits = retriever.search(q, k=10, mode=mode)
            ranks.append(next((h.rank for h in hits if h.chunk.doc_id == f"t{i:04d}"), None))
        result[mode] = {"accuracy@1": recall_at(ranks, 1), "recall@5": recall_at(ranks, 5),
                        "mrr@10": mrr_at(ranks, 10)}
        log(f"tatoeba {mode}: accuracy@1 {result[mode]['accuracy@1']:.3f}")
    result["seconds"] = time.perf_counter() - t0
    return result
