"""Small facts about report text that the indexer and the assistant share.

``YEAR`` finds a year (1980–2099) that is not part of a longer number;
``SENTENCE_ENDS`` are the marks that end a Chinese or Latin sentence;
``unit_of_line`` reads the unit a table states above it (单位：元);
``lines(text)`` walks the lines of a text with the offset where each
stripped line begins and ends, so that what is cut out stays ``text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
SENTENCE_ENDS = "。！？；!?;"


@dataclass(frozen=True)
class Line:
    text: str  # the line without its line break and surrounding blanks
    start: int  # offset of its first non-blank character ("" lines: of the line)
    end: int  # offset after its last non-blank character
    body: str  # the line without its line break, blanks kept ("\t2016年\t2015年")


def lines(text: str, base: int = 0) -> Iterator[Line]:
    """Every line of ``text`` (blank ones too), offsets counted from ``base``."""
    pos = base
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        lead = len(body) - len(body.lstrip())
        yield Line(stripped, pos + lead, pos + lead + len(stripped), body)
        pos += len(raw)


# "单位：元", "金额单位：人民币万元", "单位：元 币种：人民币", and a bare "人民币元" line above a table
_UNIT_LINE = re.compile(r"^(?:(?:金额)?单位\s*[：:]\s*(?P<unit>[^\s，,；;。]{1,12})"
                        r"(?:\s*币种\s*[：:]\s*(?P<cur>\S{1,6}))?|(?P<bare>人民币(?:千|万|百万|亿)?元))\s*$")


def unit_of_line(line: str) -> str | None:
    """``'单位：元 币种：人民币'`` -> ``'人民币元'``; None for a line that states no unit."""
    m = _UNIT_LINE.match(line.strip())
    if not m:
        return None
    if m.group("bare"):
        return m.group("bare")
    unit, cur = m.group("unit"), m.group("cur") or ""
    return unit if not cur or cur in unit else cur + unit
