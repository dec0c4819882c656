"""The CMRC 2018 public benchmark: retrieval over 848 paragraphs, answers to 3,219 questions.

Every paragraph is one document (one vector, no chunking), indexed into its
own index directory.  Retrieval is scored by the rank of the paragraph that
holds the question (recall@1/5, MRR@10) for BM25, dense and hybrid search;
answers by exact match and F1 with the official evaluation's normalisation
(mixed segmentation: one token per Chinese character, Latin words and
numbers whole; punctuation removed; F1 from the longest common subsequence).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import numpy as np

from indexer.errors import InputError

from .datasets import benchmark_path
from .flat_index import build_flat
from .metrics import mrr_at, recall_at

_PUNCT = set("-:_*^/\\~`+=，。：？！“”；’《》……·、「」（）－～『』,.;:?!\"'()[]{}<>【】 \t\n")


def load(path: Path) -> tuple[dict[str, str], list[dict]]:
    """(paragraph id -> text, questions with their paragraph id and answers)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read CMRC 2018 data at {path}: {exc}") from exc
    paras, questions = {}, []
    for article in data:
        for p in article["paragraphs"]:
            paras[p["id"]] = p["context"]
            for qa in p["qas"]:
                questions.append({"id": qa["id"], "question": qa["question"], "para": p["id"],
                                  "answers": [a["text"] for a in qa["answers"]]})
    return paras, questions


def segment(text: str) -> list[str]:
    """Official mixed segmentation: ``'ab中文12'`` -> ``['ab', '中', '文', '12']``."""
    out, buf = [], ""
    for ch in text.lower():
        if ch in _PUNCT:
            if buf:
                out.append(buf)
                buf = ""
        elif re.match(r"[\u4e00-\u9fff]", ch):
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def _lcs(a: list[str], b: list[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def f1(prediction: str, golds: list[str]) -> float:
    best = 0.0
    p = segment(prediction)
    for g in golds:
        gs = segment(g)
        common = _lcs(p, gs)
        if common:
            prec, rec = common / len(p), common / len(gs)
            best = max(best, 2 * prec * rec / (prec + rec))
    return best


def exact(prediction: str, golds: list[str]) -> float:
    p = "".join(segment(prediction))
    return float(any(p == "".join(segment(g)) for g in golds))


def run(index_dir: Path, *, data: str | Path | None = None, limit: int | None = None,
        log=print) -> dict:
    """Build (if needed) and evaluate; returns the metrics."""
    from assistant.answer import Assistant
    from assistant.retrieve import Retriever

    paras, questions = load(benchmark_path("cmrc2018", data))
    if limit:
        questions = questions[:limit]
    t0 = time.perf_counter()
    build_flat(index_dir, paras, kind="paragraph", log=log)
    build_s = time.perf_counter() - t0
    retriever = Retriever.open(index_dir, log=log)
    result = {"paragraphs": len(paras), "questions": len(questions), "build_seconds": build_s}
    for mode in ("bm25", "dense", "hybrid"):
        ranks = []
        for q in questions:
            hits = retriever.search(q["question"], k=10, mode=mode)
            ranks.append(next((h.rank for h in hits if h.chunk.doc_id == q["para"]), None))
        result[mode] = {"recall@1": recall_at(ranks, 1), "recall@5": recall_at(ranks, 5),
                        "mrr@10": mrr_at(ranks, 10)}
        log(f"{mode}: recall@1 {result[mode]['recall@1']:.3f}")
    assistant = Assistant(retriever)
    ems, f1s, times = [], [], []
    for q in questions:
        t = time.perf_counter()
        a = assistant.ask(q["question"])
        times.append(time.perf_counter() - t)
        pred = a.answer_span or (a.citations[0].quote if a.citations else "")
        ems.append(exact(pred, q["answers"]))
        f1s.append(f1(pred, q["answers"]))
    result["answers"] = {"exact_match": float(np.mean(ems)), "f1": float(np.mean(f1s)),
                         "ask_ms_p50": float(np.median(times) * 1000)}
    result["seconds"] = time.perf_counter() - t0
    return result
