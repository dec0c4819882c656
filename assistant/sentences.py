"""Split a passage into sentences and table rows, keeping offsets.

``split_units('甲。乙！\\nA\\t1')`` -> units '甲。' (0-2), '乙！' (2-4) and the row
'A\\t1' (5-8).  Offsets are relative to the string given.  A PDF table's row label
too long for its column goes on in the next line (归属于上市公司股东的扣除非经常 /
性损益的净利润（元）): that line is part of the row, and ``row_cells`` joins its cells
column by column (``indexer.wrapped_rows``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.textparts import SENTENCE_ENDS, lines
from indexer.wrapped_rows import continues, label_widths

_VALUE_LINE = re.compile(r"^\**[<>≈~约超近]?\d[\d,.]*\s*%?\s*[\u4e00-\u9fff]{0,4}[+＋余多]?\**$")
_END = re.compile(rf"[^{SENTENCE_ENDS}]*(?:[{SENTENCE_ENDS}]+[”’」』)]*|$)")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    row: bool = False


def split_units(text: str) -> list[Unit]:
    """Sentences and rows; a figure on its own line joins the label line above it
    (``'累计注册用户\\n9,000万+'`` is one unit, as the report lays it out)."""
    out: list[Unit] = []
    for u in _split(text):
        prev = out[-1] if out else None
        if (prev is not None and not prev.row and not u.row and _VALUE_LINE.match(u.text)
                and len(prev.text) <= 30 and not re.search(r"\d", prev.text)
                and not prev.text.endswith(("。", "！", "？"))):
            out[-1] = Unit(prev.start, u.end, text[prev.start : u.end])
        else:
            out.append(u)
    return _join_wrapped(out, text)


def _join_wrapped(units: list[Unit], text: str) -> list[Unit]:
    """Rows followed by the rest of a label that did not fit its column, joined."""
    widths = label_widths([u.text for u in units if u.row])
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if prev is not None and prev.row and u.row and continues(prev.text, u.text, widths):
            out[-1] = Unit(prev.start, u.end, text[prev.start : u.end], row=True)
        else:
            out.append(u)
    return out


def _split(text: str) -> list[Unit]:
    out: list[Unit] = []
    for ln in lines(text):
        if not ln.text:
            continue
        if "\t" in ln.body:
            out.append(Unit(ln.start, ln.end, text[ln.start:ln.end], row=True))
            continue
        for m in _END.finditer(ln.text):
            piece = m.group(0)
            if not piece.strip():
                continue
            s = ln.start + m.start() + len(piece) - len(piece.lstrip())
            e = ln.start + m.start() + len(piece.rstrip())
            out.append(Unit(s, e, text[s:e]))
    return out
