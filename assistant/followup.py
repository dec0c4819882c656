"""Turn a short follow-up ("And in 2022?", "那2022年呢？") into a full question.

``follow_up("How many fraud rings were identified in 2021?", "And in 2022?")``
-> ``"How many fraud rings were identified in 2022?"``.  A question that says
more than a year (or a report) is left as it is.
"""

from __future__ import annotations

import re

from indexer.textparts import YEAR as _YEAR

from .query import analyse

_FILLER = re.compile(
    r"(?i)\b(and|what|about|how|in|for|the|year|report|then|same|of)\b|那么|那|呢|年|的|和|还有|"
    r"又|是多少|怎么样|如何|[\s\d?？。，,.!！]"
)


def follow_up(previous: str | None, question: str) -> str:
    if not previous:
        return question
    asked = analyse(question)
    if not asked.years or _FILLER.sub("", question).strip():
        return question
    new_year = str(asked.years[0])
    if _YEAR.search(previous):
        return _YEAR.sub(new_year, previous, count=1)
    if analyse(previous).lang == "zh":
        return f"{new_year}年{previous}"
    return previous.rstrip("?？ ") + f" in {new_year}?"
