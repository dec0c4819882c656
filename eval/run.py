"""Run the gold set through the assistant and compute every metric.

Retrieval: recall@1/5/10, MRR@10 and nDCG@10, where a retrieved chunk is
relevant when its text holds the gold evidence (whitespace and bold
ignored).  Answers: accuracy (a gold string in ``answer_span``, or in
``answer`` when there is no span), citation precision, abstention precision
and recall, latency percentiles.  Grouped overall, by language and by type.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict

from assistant.answer import Assistant

from .gold import GoldItem, norm
from .metrics import mrr_at, ndcg_at, percentile, recall_at

ABLATIONS = {"bm25": ("bm25", False), "dense": ("dense", False), "hybrid": ("hybrid", False),
             "bm25+glossary": ("bm25", True), "dense+glossary": ("dense", True),
             "hybrid+glossary": ("hybrid", True)}


def answer_hit(item: GoldItem, span: str | None, text: str) -> bool:
    """A gold answer inside the span (or the answer text): commas, whitespace and letter
    case ignored (a PDF's text may read "785 万千瓦" for 785万千瓦)."""
    def key(s: str) -> str:
        return re.sub(r"[\s,]", "", s).casefold()

    target = key(span or text or "")
    return any(key(a) in target for a in item.answers)


def page_hit(item: GoldItem, pages: str) -> bool | None:
    """The gold page inside a citation's pages ("33" or "33-34"); None without a gold page."""
    if item.page is None:
        return None
    if not pages:
        return False
    first, _, last = pages.partition("-")
    return int(first) <= item.page <= int(last or first)


def retrieval_ranks(assistant: Assistant, items: list[GoldItem], *, mode="hybrid",
                    expand=True) -> dict[str, tuple[int | None, list[int]]]:
    out = {}
    for g in items:
        if not g.answerable:
            continue
        hits = assistant.retriever.search(g.question, k=10, mode=mode, expand=expand)
        rel = [int(norm(g.evidence) in norm(h.chunk.text)) for h in hits]
        first = next((i + 1 for i, r in enumerate(rel) if r), None)
        out[g.id] = (first, rel)
    return out


def _retrieval_metrics(ranks: list[tuple[int | None, list[int]]]) -> dict:
    firsts = [r for r, _ in ranks]
    return {"n": len(firsts), "recall@1": recall_at(firsts, 1), "recall@5": recall_at(firsts, 5),
            "recall@10": recall_at(firsts, 10), "mrr@10": mrr_at(firsts, 10),
            "ndcg@10": ndcg_at([rel for _, rel in ranks], 10)}


def evaluate(assistant: Assistant, items: list[GoldItem], *, compare: bool = False) -> dict:
    """All metrics for ``items``; with ``compare``, retrieval for every ablation too."""
    rows = []
    for g in items:
        t0 = time.perf_counter()
        a = assistant.ask(g.question)
        ms = (time.perf_counter() - t0) * 1000
        ev = norm(g.evidence) if g.evidence else None
        cited_ok = [bool(ev) and (norm(c.quote) in ev or ev in norm(c.quote)) for c in a.citations]
        pages = a.citations[0].pages if a.found and a.citations else ""
        rows.append({"id": g.id, "lang": g.lang, "type": g.type, "split": g.split,
                     "answerable": g.answerable,
                     "found": a.found, "correct": g.answerable and a.found and answer_hit(
                         g, a.answer_span, a.answer),
                     "cited": cited_ok if a.found else [], "ms": ms,
                     "confidence": a.confidence,
                     "answer": a.answer, "answer_span": a.answer_span,
                     "pages": pages, "page_right": page_hit(g, pages) if a.found else None})
    ranks = retrieval_ranks(assistant, items)
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        for key in ("all", f"lang:{r['lang']}", f"type:{r['type']}", f"split:{r['split']}",
                    f"split:{r['split']}+lang:{r['lang']}"):
            groups[key].append(r)
    result = {"n": len(items), "groups": {}}
    for key, rs in sorted(groups.items()):
        ans = [r for r in rs if r["answerable"]]
        una = [r for r in rs if not r["answerable"]]
        cited = [c for r in ans for c in r["cited"]]
        abstained = [r for r in rs if not r["found"]]
        given = [r for r in rs if r["found"]]
        result["groups"][key] = {
            "n": len(rs),
            "retrieval": _retrieval_metrics([ranks[r["id"]] for r in ans]) if ans else None,
            "accuracy": sum(r["correct"] for r in ans) / len(ans) if ans else None,
            # of the right answers with a gold page: the first citation names that page
            "page_right": _share([r["page_right"] for r in ans if r["correct"]
                                  and r["page_right"] is not None]),
            "citation_precision": sum(cited) / len(cited) if cited else None,
            "abstention_precision": (sum(not r["answerable"] for r in abstained) / len(abstained)
                                     if abstained else None),
            "abstention_recall": sum(not r["found"] for r in una) / len(una) if una else None,
            # the worst thing the tool can do: a confident answer that is wrong
            "wrong_share": (sum(not r["correct"] for r in given) / len(given)) if given else None,
            "answers_given": len(given),
            "latency_ms_p50": percentile([r["ms"] for r in rs], 50),
            "latency_ms_p95": percentile([r["ms"] for r in rs], 95),
        }
    if compare:
        result["ablations"] = {}
        for name, (mode, expand) in ABLATIONS.items():
            rk = retrieval_ranks(assistant, items, mode=mode, expand=expand)
            per = {"all": _retrieval_metrics(list(rk.values()))}
            for lang in sorted({g.lang for g in items}):
                per[f"lang:{lang}"] = _retrieval_metrics(
                    [rk[g.id] for g in items if g.lang == lang and g.id in rk])
                for split in sorted({g.split for g in items}):
                    per[f"split:{split}+lang:{lang}"] = _retrieval_metrics(
                        [rk[g.id] for g in items
                         if g.lang == lang and g.split == split and g.id in rk])
            result["ablations"][name] = per
    result["calibration"] = calibration_table(rows)
    result["rows"] = rows
    return result


def _share(flags: list) -> float | None:
    return sum(flags) / len(flags) if flags else None


def calibration_table(rows: list[dict], edges=(0.0, 0.5, 0.8, 0.9, 1.01)) -> list[dict]:
    """Answers given, by confidence band: how many, and the share that was right."""
    out = []
    for lo, hi in zip(edges, edges[1:]):
        band = [r for r in rows if r["found"] and lo <= r["confidence"] < hi]
        out.append({"from": lo, "to": min(hi, 1.0), "n": len(band),
                    "right": sum(r["correct"] for r in band) / len(band) if band else None})
    return out
