"""Rows of tables printed without rules, read from the gaps between characters.

Financial statements are often laid out with spaces, not drawn cells:
``营业收入      52    11,318,112,180.40    11,129,982,964.74``.  A line whose
characters leave gaps wider than a character is split into cells there; a
line of two or more cells with a figure in one (or of three or more cells)
is a table row.  Consecutive rows make one table, and a row with fewer cells
(a header over the figures, a label row) is aligned to the columns of the
widest row by position, so "2016年" stays above the 2016 figures.
"""

from __future__ import annotations

import re

Cell = tuple[str, float, float]  # text, x0, x1
_FIGURE = re.compile(r"^[-–—(（]?[\d,.]+%?[)）]?$|^[-–—]{1,2}$")
GAP = 1.0  # a gap wider than this many character sizes separates cells


def cells_of(chars: list[dict], size: float) -> list[Cell]:
    """The line's characters (pdfplumber dicts, in order) grouped into cells at wide gaps."""
    out: list[list] = []
    last_x1 = None
    for c in chars:
        if not c["text"].strip():
            continue
        if last_x1 is None or c["x0"] - last_x1 > GAP * max(size, 1.0):
            out.append([c["text"], c["x0"], c["x1"]])
        else:
            cur = out[-1]
            if c["x0"] - last_x1 > 0.25 * max(size, 1.0) and re.match(r"[A-Za-z0-9]", c["text"]):
                cur[0] += " "
            cur[0] += c["text"]
            cur[2] = c["x1"]
        last_x1 = c["x1"]
    return [(t, x0, x1) for t, x0, x1 in out]


def is_row(cells: list[Cell]) -> bool:
    if len(cells) >= 3:
        return True
    return len(cells) == 2 and any(_FIGURE.match(t) for t, _, _ in cells[1:])


def align(rows: list[list[Cell]]) -> list[str]:
    """Tab-separated rows, each cell put in the column of the widest row it overlaps most."""
    template = max(rows, key=len)
    out = []
    for row in rows:
        if len(row) == len(template):
            out.append("\t".join(t for t, _, _ in row))
            continue
        slots = [""] * len(template)
        for text, x0, x1 in row:
            best = max(range(len(template)), key=lambda i: (
                min(x1, template[i][2]) - max(x0, template[i][1]),
                -abs((x0 + x1) / 2 - (template[i][1] + template[i][2]) / 2)))
            slots[best] = (slots[best] + " " + text).strip()
        out.append("\t".join(slots))
    return out
