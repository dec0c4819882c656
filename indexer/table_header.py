"""The header row of a table, also when a PDF spread it over several lines.

A PDF table's header often takes two or three lines (任期起始 / 日期, 期初持股 /
数（股）), each read as a row of its own: they are merged column by column.  And
the header of a table whose first column has no name is often read as words
separated by spaces (``使用寿命 预计净残值率 年折旧率``) above the rows: it becomes
the header, aligned to the right-hand columns.  A line that names only a period
above a table (``2015年``, as the notes to financial statements give a table per
year) dates the header's columns, unless they name a year themselves.
"""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")
_DATE_CELL = re.compile(
    r"(?:19|20)\d{2}\s*(?:年(?:度|末|初)?(?:\d{1,2}月\d{1,2}日)?)?|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}")
_SENTENCE = re.compile(r"[。；;：:，,？?！!]")
_PERIOD_LINE = re.compile(r"((?:19|20)\d{2}\s*年(?:度|末|初)?(?:\d{1,2}月\d{1,2}日)?)\s*(?:[（(]续[)）])?")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def names_columns(cells: list[str]) -> bool:
    """Cells that can name columns: some text, and no figure but a year or a date."""
    cells = [c.strip() for c in cells]
    return any(cells) and all(not _DIGIT.search(c) or _DATE_CELL.fullmatch(c) for c in cells)


def merged(header: str, row: str, *, full: bool = False) -> str | None:
    """``header`` with ``row``'s cells added column by column, when ``row`` can go on the
    header: as many cells (or one more, the first column's name), no figures, text beyond
    the row-label column, and one of the two lines ragged (a line of a header spread over
    lines leaves columns empty).  Two
    full lines (年初 / 余额 in every column) are merged only with ``full``: the caller
    does so once figures follow, since they may also be a header and its first row."""
    top, more = header.split("\t"), row.split("\t")
    short = len(top) + 1 == len(more) and bool(top[0].strip()) and bool(more[0].strip())
    if short:  # the first column's name sits lower (分红年度): the top line lacks its cell
        top = [""] + top
    if len(top) != len(more) or not names_columns(more) or not any(c.strip() for c in more[1:]):
        return None
    if (top[0].strip() and more[0].strip()) or not (full or short or _ragged(top) or _ragged(more)):
        return None
    return "\t".join((a.strip() + b.strip()) for a, b in zip(top, more, strict=True))


def _ragged(cells: list[str]) -> bool:
    """Is a column past the row-label column left empty?"""
    return any(not c.strip() for c in cells[1:])


def spaced_header(line: str, cells: int) -> str | None:
    """A line of space-separated column names above a table of ``cells`` cells per row,
    as a header row for its last columns (the row-label column has no name); else None."""
    words = line.split()
    if len(words) < 2 or len(words) > cells or len(words) < cells - 1 or len(line) > 80 \
            or _SENTENCE.search(line) or not names_columns(words):
        return None
    return "\t".join([""] * (cells - len(words)) + words)


def period_of_line(line: str) -> str | None:
    """``'2015年（续）'`` -> ``'2015年'``: a line that names only a period; else None."""
    m = _PERIOD_LINE.fullmatch(line.strip())
    return m.group(1).replace(" ", "") if m else None


def dated(header: str, period: str) -> str:
    """``header`` with each column name prefixed by ``period`` (年初余额 -> 2015年年初余额),
    unless there is no period or the header names a year itself."""
    if not period or _YEAR.search(header):
        return header
    return "\t".join(period + c if c.strip() else c for c in header.split("\t"))
