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
from indexer.wrapped_rows import wrapped_groups

_VALUE_LINE = re.compile(r"^\**[<>≈~约超近]?\d[\d,.]*\s*%?\s*[\u4e00-\u9fff]{0,4}[+＋余多]?\**$")
LONG_CELL = 60  # characters: a cell this long is a paragraph
_CELL_OR_BULLET = re.compile(r"[\t•●▪]")
_FIGURE = re.compile(r"[-+]?[\d,.]+%?")
MIN_ITEMS = 3  # figures in a line without clauses that make it a list of items
_CLAUSE = re.compile(r"[，,；;：:、]")
_FIGURE_WORD = re.compile(r"\d[\d,.]*\s*%?")
_UNIT_WORD = re.compile(r"(?:万|亿|千|百万)?(?:元|美元|吨|吨二氧化碳(?:当量)?|兆瓦时|千瓦时|兆瓦|千瓦|小时|人次|人|"
                        r"名|次|个百分点|个|家|件|起|宗|例|场|天|户|所|项|%|kWh|MWh|GJ|tCO2e)")
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
    groups = wrapped_groups([u.text for u in units], [u.row for u in units])
    return [units[g[0]] if len(g) == 1 else
            Unit(units[g[0]].start, units[g[-1]].end, text[units[g[0]].start : units[g[-1]].end], row=True)
            for g in groups]


def _split(text: str) -> list[Unit]:
    out: list[Unit] = []
    for ln in lines(text):
        if not ln.text:
            continue
        if "\t" in ln.body and not _prose_row(ln.text):
            out.append(Unit(ln.start, ln.end, text[ln.start:ln.end], row=True))
            continue
        at = ln.start
        for part in _CELL_OR_BULLET.split(ln.text):  # a prose row: each cell, each point
            out.extend(_sentences(text, part, at))
            at += len(part) + 1
    return out


def _prose_row(line: str) -> bool:
    """A row of paragraphs (goals and progress written out, "• 改善董事会成员结构 …"): its
    cells are read as sentences, not as one row whose every word counts."""
    cells = line.split("\t")
    return max(map(len, cells)) > LONG_CELL and not any(_FIGURE.fullmatch(c.strip()) for c in cells)


def _sentences(text: str, part: str, at: int) -> list[Unit]:
    out = []
    for m in _END.finditer(part):
        piece = m.group(0)
        if not piece.strip():
            continue
        s = at + m.start() + len(piece) - len(piece.lstrip())
        e = at + m.start() + len(piece.rstrip())
        out.extend(_items(text, s, e))
    return out


def _items(text: str, start: int, end: int) -> list[Unit]:
    """A list of figures written as words and spaces (女性董事比例 20% 员工培训覆盖率 39% …),
    one unit per label and its figure; any other sentence whole."""
    piece = text[start:end]
    if _CLAUSE.search(piece) or len(_FIGURE_WORD.findall(piece)) < MIN_ITEMS:
        return [Unit(start, end, piece)]
    words = list(re.finditer(r"\S+", piece))
    out, first = [], None
    for i, m in enumerate(words):
        first = m.start() if first is None else first
        unit_next = i + 1 < len(words) and _UNIT_WORD.fullmatch(words[i + 1].group())
        if _UNIT_WORD.fullmatch(m.group()) and first < m.start() or (
                _FIGURE_WORD.search(m.group()) and not unit_next):
            out.append(Unit(start + first, start + m.end(), piece[first : m.end()]))
            first = None
    if first is not None:
        out.append(Unit(start + first, end, piece[first:]))
    return out
