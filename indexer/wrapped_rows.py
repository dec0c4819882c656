"""Table rows whose label did not fit its column and went on in the next line.

A PDF table's row label too long for its column is printed over two lines, the
figures beside the first (归属于上市公司股东的扣除非经常 | 1,322,776,657.73 /
性损益的净利润（元））.  ``continues`` tells such a second line from a line of its
own; ``row_cells`` joins the cells of the lines of one row column by column.
"""

from __future__ import annotations

import re

_FIGURE_CELL = re.compile(r"[-+]?[\d,.]+%?|[(（][\d,.]+[)）]")
# lines that name a part of a table (分地区, 其中：), not the end of the label above them
_TABLE_PART = re.compile(r"^(?:分行业|分产品|分地区|分部|其中|合计|小计|总计|注)")
WRAPPED_LABEL = 0.8  # a label at least this share of the table's longest label may wrap
MIN_WRAPPED = 5  # characters: a shorter label did not run out of room


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


def label_widths(rows: list[str]) -> dict[int, int]:
    """The longest row label per table shape (the number of cells in a row)."""
    widths: dict[int, int] = {}
    for row in rows:
        cells = row.split("\t")
        widths[len(cells)] = max(widths.get(len(cells), 0), len(cells[0].strip()))
    return widths


def continues(row: str, line: str, widths: dict[int, int]) -> bool:
    """Is ``line`` the end of ``row``'s cells: text only, under text cells of a row of
    figures whose label is about as long as the table's longest (so it ran out of room)?"""
    top, more = row.split("\t"), line.split("\t")
    label = top[0].strip()
    if len(more) > len(top) or not more[0].strip() or _TABLE_PART.match(more[0].strip()):
        return False
    if not any(_FIGURE_CELL.fullmatch(c.strip()) for c in top[1:]):
        return False  # not a row of figures: a key-value list, or a header
    if len(label) < max(MIN_WRAPPED, WRAPPED_LABEL * widths.get(len(top), 0)) or \
            label.endswith((")", "）", ":", "：")):
        return False
    return all(not c.strip() or (top[i].strip() and not _FIGURE_CELL.fullmatch(top[i].strip())
                                 and not re.search(r"\d", c)) for i, c in enumerate(more))


def wrapped_groups(lines: list[str], rows: list[bool]) -> list[list[int]]:
    """The indices of ``lines`` grouped line by line, a table line that ends the label of the
    row above it (``rows[i]``: the line is a table row) joined to that row's group."""
    widths = label_widths([t for t, r in zip(lines, rows, strict=True) if r])
    groups: list[list[int]] = []
    for i, (line, row) in enumerate(zip(lines, rows, strict=True)):
        last = groups[-1] if groups else None
        if last and len(last) == 1 and row and rows[last[0]] and continues(lines[last[0]], line, widths):
            last.append(i)
        else:
            groups.append([i])
    return groups
