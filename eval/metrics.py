"""Retrieval and answer metrics, as plain functions of ranks and strings.

``recall_at([3, None, 1], 1)`` -> ``1/3``: each entry is the 1-based rank of
the first relevant passage for a question, or None when none was retrieved.
"""

from __future__ import annotations

import math


def recall_at(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr_at(ranks: list[int | None], k: int = 10) -> float:
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def ndcg_at(relevance: list[list[int]], k: int = 10) -> float:
    """Mean nDCG@k; ``relevance[i]`` is the 0/1 relevance of question i's ranked list."""
    if not relevance:
        return 0.0
    total = 0.0
    for rel in relevance:
        dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel[:k]))
        ideal = sorted(rel, reverse=True)[:k]
        idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
        total += dcg / idcg if idcg else 0.0
    return total / len(relevance)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: ``percentile([1, 2, 3, 4], 50)`` -> ``2``."""
    if not values:
        return 0.0
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]
