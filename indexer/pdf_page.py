"""One PDF page as lines in reading order: columns, ruled tables and tables laid out with spaces."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from .layout_rows import align, cells_of, is_row

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    kind: str = "text"  # text | heading | table | row (of a table without rules) | gone
    level: int = 0
    cells: tuple = ()  # a row: its cells (text, x0, x1)


def _inside(boxes, x0, x1, top, bottom) -> bool:
    return any(b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= top and bottom <= b[3] + 1
               for b in boxes)


def _gutter(page, boxes=()) -> float | None:
    """x of the gap between two text columns, or None for a one-column page.

    Characters inside tables do not count, and a table that spans the gap
    makes the page one column (a table's empty middle is not a gutter)."""
    w, h = float(page.width), float(page.height)
    chars = [c for c in page.chars if c["text"].strip() and h * 0.08 < c["top"] < h * 0.92
             and not _inside(boxes, c["x0"], c["x1"], c["top"], c["bottom"])]
    if len(chars) < 50:
        return None
    lo, hi = int(w * 0.3), int(w * 0.7)
    cover = [0] * (hi - lo + 1)
    for c in chars:
        for x in range(max(lo, int(c["x0"]) + 1), min(hi, int(c["x1"])) + 1):
            cover[x - lo] += 1
    best = min(range(len(cover)), key=lambda i: (cover[i], abs(i + lo - w / 2)))
    x = best + lo
    left = sum(1 for c in chars if c["x1"] <= x)
    if any(b[0] < x < b[2] for b in boxes):
        return None
    # two columns of prose have words on both sides; a statement has figures on the right
    right = [c["text"] for c in chars if c["x0"] >= x]
    wordy = sum(bool(CJK.match(t) or t.isalpha()) for t in right) >= 0.5 * max(len(right), 1)
    if cover[best] <= len(chars) * 0.01 and 0.2 < left / len(chars) < 0.8 and wordy:
        return float(x)
    return None


def _regions(page) -> list[tuple[object, list | None]]:
    """(region, its tables if already found): a one-column page whole with the tables found
    on it; a two-column page as top margin, left, right, bottom margin (tables found later)."""
    tables = page.find_tables()
    x = _gutter(page, [t.bbox for t in tables])
    if x is None:
        return [(page, tables)]
    w, h = float(page.width), float(page.height)
    return [(page.crop(box), None) for box in ((0, 0, w, h * 0.08), (0, h * 0.08, x, h * 0.92),
                                               (x, h * 0.08, w, h * 0.92), (0, h * 0.92, w, h))]


def _has_doubled_chars(page) -> bool:
    """Is some character drawn twice at the same place (fake bold)?  Cheap, unlike dedupe."""
    seen = set()
    for c in page.chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen:
            return True
        seen.add(key)
    return False


def lines_of(page, pageno: int) -> list[Line]:
    """Lines and tables of a page in reading order (left column before right)."""
    if _has_doubled_chars(page):
        page = page.dedupe_chars()  # bold drawn twice would read "(三) (三)"
    out: list[Line] = []
    for region, tables in _regions(page):
        lines = _region_lines(region, pageno, tables)
        out += _join_rows(sorted(lines, key=lambda ln: (ln.top, ln.x0)))
    return out


def _join_rows(lines: list[Line]) -> list[Line]:
    """Consecutive rows of a table without rules become one table."""
    out: list[Line] = []
    block: list[Line] = []

    def flush():
        if len(block) >= 2:
            out.append(Line("\n".join(align([list(r.cells) for r in block])), block[0].x0,
                             max(r.x1 for r in block), block[0].top, block[-1].bottom,
                             block[0].size, block[0].page, kind="table"))
        else:
            out.extend(replace(r, kind="text") for r in block)
        block.clear()

    for j, ln in enumerate(lines):
        nxt = lines[j + 1] if j + 1 < len(lines) else None
        if ln.kind == "row":
            block.append(ln)
            continue
        if (block and nxt is not None and nxt.kind == "row" and ln.kind == "text"
                and len(nxt.cells) >= 2 and ln.x1 < nxt.cells[1][1] and nxt.cells[0][1] < ln.x1):
            # a label that wrapped: "其中：对联营企业和合营企业的投" above "资收益  185,771,770.99"
            first = nxt.cells[0]
            lines[j + 1] = replace(nxt, cells=((ln.text + first[0], ln.x0, first[2]),) + nxt.cells[1:])
            continue
        flush()
        out.append(ln)
    flush()
    return out


def table_rows(rows: list[list[str | None]]) -> list[str]:
    """Tab-separated rows of a table as pdfplumber gives it.

    pdfplumber gives ``None`` for a cell covered by a merged cell; a row that
    only fills the empty cells of the row above (a label cell spanning two
    printed lines) is folded into that row, and so is a label-only row that
    closes the bracket the label above left open.  In the first row, a cell
    merged across columns names each of them."""
    out: list[list[str]] = []
    for n, row in enumerate(rows):
        cells = [(c or "").replace("\n", "") for c in row]
        if n == 0:  # a header cell merged across columns ("2016年" over 金额 and 比重) heads each
            for i in range(1, len(cells)):
                if row[i] is None and cells[i - 1]:
                    cells[i] = cells[i - 1]
        prev = out[-1] if out else None
        if (prev is not None and len(prev) == len(cells) and row and row[0] is None
                and all(not p or not c for p, c in zip(prev, cells))):
            out[-1] = [p or c for p, c in zip(prev, cells)]
            continue
        if (prev is not None and len(prev) == len(cells) and cells[0] and not any(cells[1:])
                and prev[0].count("（") + prev[0].count("(") > prev[0].count("）") + prev[0].count(")")):
            out[-1] = [prev[0] + cells[0]] + prev[1:]  # the rest of a label that wrapped
            continue
        out.append(cells)
    return ["\t".join(r) for r in out if any(c.strip() for c in r)]


def _region_lines(page, pageno: int, tables: list | None = None) -> list[Line]:
    tables = page.find_tables() if tables is None else tables
    boxes = [t.bbox for t in tables]
    out = []
    for ln in page.extract_text_lines(return_chars=True, strip=True):
        if not ln["text"].strip() or _inside(boxes, ln["x0"], ln["x1"], ln["top"], ln["bottom"]):
            continue
        sizes = [c["size"] for c in ln["chars"] if c["text"].strip()]
        size = statistics.median(sizes) if sizes else 0.0
        cells = cells_of(ln["chars"], size)
        out.append(Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                         size, pageno, kind="row" if is_row(cells) else "text",
                         cells=tuple(cells)))
    for t in tables:
        rows = table_rows(t.extract())
        x0, top, x1, bottom = t.bbox
        if rows:
            out.append(Line("\n".join(rows), x0, x1, top, bottom, 0.0, pageno, kind="table"))
    return out
