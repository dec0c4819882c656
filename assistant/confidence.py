"""How sure an answer is: a logistic score over what the extractor saw.

``calibrated(candidate, plan)`` -> a probability that the answer is right.
The coefficients live in ``calibration.json``, fitted by
``python -m eval.calibrate`` on the development sets; the calibration
table in ``eval/results/`` is measured by cross-validation (each fold scored
by coefficients fitted without it), not on the questions it was fitted on.
``HIGH`` is the confidence above which answers were right at least 95 % of
the time in that cross-validation; below it the page says "check the passage".
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

CALIBRATION = Path(__file__).with_name("calibration.json")
HIGH = 0.8
FEATURES = ("bias", "coverage", "score", "rank1", "span", "en", "row", "share", "figure",
            "missing", "unmatched", "margin")
MARGIN_CAP = 0.5  # a lead over the runner-up this large (or no runner-up) counts as clear
# An answer whose model probability is below this is withheld ("not sure", with the passages):
# a wrong figure costs one and a half times a withheld right one.  Cross-validated by set on the
# development sets of session 11 (twelve sets, 536 answers; python -m eval.calibrate): P >= 0.5
# gave 512, 51 of them wrong, and withheld 12 right; P >= 0.6 gave 484 (38 wrong, 27 right
# withheld); P >= 0.65 gave 478 (36 wrong, 31 right withheld); P >= 0.7 gave 461 (30 wrong,
# 42 right withheld).  At that cost P >= 0.6 is the best of these.
GIVE = 0.6


def margin(best, rivals) -> float:
    """How far ``best`` leads the best candidate with another answer (a close rival with a
    different figure makes either a guess; for a sentence answer, another sentence), capped
    at ``MARGIN_CAP``."""
    if best.span is None:  # a sentence answers (what, yes or no): its rival is another sentence
        other = next((c for c in rivals if c is not best and c.unit.text != best.unit.text), None)
    else:
        key = _answer_key(best.span)
        other = next((c for c in rivals if c is not best and c.span and _answer_key(c.span) != key), None)
    return MARGIN_CAP if other is None else max(0.0, min(MARGIN_CAP, best.score - other.score))


def _answer_key(span: str | None) -> str:
    return "".join(ch for ch in (span or "") if ch.isalnum() or ch in ".%").casefold()


def features(c, plan, *, lead: float) -> list[float]:
    """The numbers the score is made of, in ``FEATURES`` order; ``lead``: see ``margin``."""
    terms = plan.terms + plan.constraints
    total = sum(t.weight for t in terms) or 1.0
    unmatched = sum(t.weight for t in terms if not t.zh) / total
    return [1.0, c.coverage, c.score, 1.0 if c.hit.rank == 1 else 0.0, 1.0 if c.span else 0.0,
            1.0 if plan.lang == "en" else 0.0, 1.0 if c.unit.row else 0.0, plan.bm25_share,
            1.0 if plan.wants_figure else 0.0, c.missing, unmatched, lead]


@lru_cache(maxsize=1)
def _fit() -> tuple[tuple[float, ...], float]:
    """(weights, the model probability above which cross-validated answers were >= 95 %
    right), read once from ``calibration.json``; before any fit, coverage decides."""
    try:
        data = json.loads(CALIBRATION.read_text(encoding="utf-8"))
        if tuple(data["features"]) == FEATURES:
            return tuple(float(w) for w in data["weights"]), float(data["high"])
    except (OSError, ValueError, KeyError):
        pass
    return (-1.0, 3.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), HIGH


def probability(x: list[float], weights) -> float:
    z = sum(a * b for a, b in zip(x, weights))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_probability(signals) -> float:
    """P(right) of the fitted model, before the stretch of ``calibrated``."""
    return probability(list(signals), _fit()[0])


def gives(signals) -> bool:
    """Is the answer more likely right than the cost of a wrong one allows (P >= ``GIVE``)?"""
    return model_probability(signals) >= GIVE


def calibrated(signals) -> float:
    """The model's probability, stretched so that the cross-validated 95 % line falls
    on ``HIGH`` (0.8): below it linearly onto [0, 0.8), above it onto [0.8, 1]."""
    weights, line = _fit()
    p = probability(list(signals), weights)
    if p < line:
        return HIGH * p / line
    return HIGH + (1 - HIGH) * (p - line) / max(1e-9, 1 - line)
