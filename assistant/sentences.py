"""Split a passage into sentences and table rows, keeping offsets.

``split_units('甲。乙！\\nA\\t1')`` -> units '甲。' (0-2), '乙！' (2-4) and the row
'A\\t1' (5-8).  Offsets are relative to the string given.  A PDF table's row label
too long for its column goes on in the next line (归属于上市公司股东的扣除非经常 /
性损益的净利润（元）): that line is part of the row, and ``row_cells`` joins its cells
column by column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.textparts import SENTENCE_ENDS, lines

_VALUE_LINE = re.compile(r"^\**[<>≈~约超近]?\d[\d,.]*\s*%?\s*[\u4e00-\u9fff]{0,4}[+＋余多]?\**$")
_FIGURE_CELL = re.compile(r"[-+]?[\d,.]+%?|[(（][\d,.]+[)）]")
# lines that name a part of a table (分地区, 其中：), not the end of the label above them
_TABLE_PART = re.compile(r"^(?:分行业|分产品|分地区|分部|其中|合计|小计|总计|注)")
WRAPPED_LABEL = 0.8  # a label at least this share of the table's longest label may wrap
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


def row_cells(text: str) -> list[str]:
    """The cells of a table row, a label that wrapped onto later lines joined up:
    ``'归属于…非经常\\t1,322.5\\n性损益的净利润\\t'`` -> ``['归属于…非经常性损益的净利润', '1,322.5']``."""
    cells: list[str] = []
    for line in text.split("\n"):
        for i, c in enumerate(line.split("\t")):
            if i < len(cells):
                cells[i] += c.strip()
            else:
                cells.append(c.strip())
    return cells


def _join_wrapped(units: list[Unit], text: str) -> list[Unit]:
    """Rows followed by the rest of a label that did not fit its column, joined."""
    longest: dict[int, int] = {}  # per table shape (cells in a row): its longest label
    for u in units:
        if u.row:
            cells = u.text.split("\t")
            longest[len(cells)] = max(longest.get(len(cells), 0), len(cells[0].strip()))
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if prev is not None and prev.row and u.row and _goes_on(
                prev.text, u.text, longest.get(prev.text.count("\t") + 1, 0)):
            out[-1] = Unit(prev.start, u.end, text[prev.start : u.end], row=True)
        else:
            out.append(u)
    return out


def _goes_on(row: str, line: str, longest: int) -> bool:
    """Is ``line`` the end of ``row``'s cells: text only, under text cells of a row of
    figures whose label is about as long as the table's longest (so it ran out of room)?"""
    top, more = row.split("\n")[-1].split("\t"), line.split("\t")
    label = top[0].strip()
    if len(more) > len(top) or not any(c.strip() for c in more) or "\n" in row:
        return False
    if not any(_FIGURE_CELL.fullmatch(c.strip()) for c in top[1:]):
        return False  # not a row of figures: a key-value list, or a header
    if len(label) < 5 or len(label) < WRAPPED_LABEL * longest or label.endswith((")", "）", ":", "：")):
        return False
    if _TABLE_PART.match(more[0].strip()) or not more[0].strip():
        return False
    return all(not c.strip() or (top[i].strip() and not _FIGURE_CELL.fullmatch(top[i].strip())
                                 and not re.search(r"\d", c)) for i, c in enumerate(more))


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
