"""Text out of PDF and Word reports, with page numbers.

PDF (pdfplumber, MIT): lines are read with their font sizes; running headers
and footers (the same line at the top or bottom of most pages) and bare page
numbers are dropped; two-column pages are read left column first; tables
found by pdfplumber become tab-separated rows; lines of one paragraph are
joined (CJK without a space, Latin with one, ``exam-`` + ``ple`` without the
hyphen), also across a page break.  Headings come from the PDF outline
(bookmarks) when there is one, else from font size (larger than the body
text), and are written as markdown ``#`` lines so the chunker uses them;
with neither, the table-of-contents rules for plain text still apply.

Word (python-docx, MIT): paragraphs with their Heading styles, and tables.

The result is the text that is indexed and cited; ``page_starts`` gives the
offset where each page begins, so a chunk knows its pages.  OCR is not done:
a PDF without a text layer is refused with a message that says so.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .chunk import unit_of_line
from .errors import CorpusError
from .ladder import is_marker, ladder_level
from .layout_rows import align, cells_of, is_row

_END = ("。", "！", "？", "；", ".", "!", "?", ";", "：", ":")
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


PAGES_PER_TASK = 4  # pages a worker reads per task


@dataclass(frozen=True)
class Extracted:
    text: str
    page_starts: tuple[int, ...]  # offset of each page's first character
    title: str = ""  # from the cover page or the PDF's Title field


@dataclass
class _Line:
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
    wordy = sum(bool(_CJK.match(t) or t.isalpha()) for t in right) >= 0.5 * max(len(right), 1)
    if cover[best] <= len(chars) * 0.01 and 0.2 < left / len(chars) < 0.8 and wordy:
        return float(x)
    return None


def _regions(page):
    """A one-column page whole; a two-column page as top margin, left, right, bottom margin."""
    x = _gutter(page, [t.bbox for t in page.find_tables()])
    if x is None:
        return [page]
    w, h = float(page.width), float(page.height)
    return [page.crop((0, 0, w, h * 0.08)), page.crop((0, h * 0.08, x, h * 0.92)),
            page.crop((x, h * 0.08, w, h * 0.92)), page.crop((0, h * 0.92, w, h))]


def _lines_of(page, pageno: int) -> list[_Line]:
    """Lines and tables of a page in reading order (left column before right)."""
    page = page.dedupe_chars()  # bold drawn twice would read "(三) (三)"
    out: list[_Line] = []
    for region in _regions(page):
        out += _join_rows(sorted(_region_lines(region, pageno), key=lambda ln: (ln.top, ln.x0)))
    return out


def _join_rows(lines: list[_Line]) -> list[_Line]:
    """Consecutive rows of a table without rules become one table."""
    out: list[_Line] = []
    block: list[_Line] = []

    def flush():
        if len(block) >= 2:
            out.append(_Line("\n".join(align([list(r.cells) for r in block])), block[0].x0,
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


def _region_lines(page, pageno: int) -> list[_Line]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    out = []
    for ln in page.extract_text_lines(return_chars=True, strip=True):
        if not ln["text"].strip() or _inside(boxes, ln["x0"], ln["x1"], ln["top"], ln["bottom"]):
            continue
        sizes = [c["size"] for c in ln["chars"] if c["text"].strip()]
        size = statistics.median(sizes) if sizes else 0.0
        cells = cells_of(ln["chars"], size)
        out.append(_Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                         size, pageno, kind="row" if is_row(cells) else "text",
                         cells=tuple(cells)))
    for t in tables:
        rows = table_rows(t.extract())
        x0, top, x1, bottom = t.bbox
        if rows:
            out.append(_Line("\n".join(rows), x0, x1, top, bottom, 0.0, pageno, kind="table"))
    return out


def _running(pages: list[list[_Line]], heights: list[float]) -> set[str]:
    """Normalised texts of lines repeated at the top or bottom of most pages."""
    seen: Counter = Counter()
    for lines, h in zip(pages, heights):
        keys = {re.sub(r"\d+", "#", ln.text) for ln in lines
                if ln.kind == "text" and (ln.top < h * 0.08 or ln.bottom > h * 0.92)}
        seen.update(keys)
    need = max(2, len(pages) // 5)  # a long report changes its running header between parts
    return {k for k, n in seen.items() if n >= need}


def _join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b
    if _CJK.search(a[-1:]) or _CJK.search(b[:1]):
        return a + b
    return a + " " + b


def _outline(pdf) -> dict[str, int]:
    try:
        items = list(pdf.doc.get_outlines())
    except Exception:  # noqa: BLE001 - no outline, or one pdfminer cannot read
        return {}
    return {re.sub(r"\s+", "", str(title)): min(int(level), 6) for level, title, *_ in items}


def _read_page(pdf, i: int) -> tuple[list[_Line], float]:
    page = pdf.pages[i - 1]
    try:
        return _lines_of(page, i), float(page.height)
    finally:
        page.close()  # pdfplumber keeps every page's objects otherwise


_WORKER_PDF = None


def _worker_open(path: str) -> None:
    import pdfplumber

    global _WORKER_PDF
    _WORKER_PDF = pdfplumber.open(path)


def _worker_page(i: int) -> tuple[int, list[_Line], float]:
    return (i, *_read_page(_WORKER_PDF, i))


def _read_pages(pdf, path: Path, workers: int, on_page) -> tuple[list, list]:
    """Lines and height of every page, read by ``workers`` processes when there are many pages."""
    n = len(pdf.pages)
    pages: list = [None] * n
    heights: list = [0.0] * n
    if workers <= 1 or n < 2 * PAGES_PER_TASK:
        for i in range(1, n + 1):
            pages[i - 1], heights[i - 1] = _read_page(pdf, i)
            on_page(1)
        return pages, heights
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_open,
                             initargs=(str(path),)) as ex:
        for i, lines, h in ex.map(_worker_page, range(1, n + 1), chunksize=PAGES_PER_TASK):
            pages[i - 1], heights[i - 1] = lines, h
            on_page(1)
    return pages, heights


def page_count(path: Path) -> int:
    """Pages of a PDF (0 when it cannot be read; extract_pdf then says why)."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds for a bad file
        return 0


def extract_pdf(path: Path, *, workers: int = 1, on_page=lambda n: None) -> Extracted:
    """Text and page offsets of a PDF (see the module docstring).

    ``workers`` processes read the pages; ``on_page(n)`` is called as pages are done."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a bad file
        raise CorpusError(f"{Path(path).name} is not a readable PDF ({exc})") from exc
    with pdf:
        outline = _outline(pdf)
        meta_title = str((pdf.metadata or {}).get("Title") or "")
        try:
            pages, heights = _read_pages(pdf, Path(path), workers, on_page)
        except Exception as exc:  # noqa: BLE001 - a page pdfminer cannot parse
            raise CorpusError(f"{Path(path).name}: a page cannot be read ({exc})") from exc
        if not any(ln.text.strip() for lines in pages for ln in lines):
            raise CorpusError(
                f"{Path(path).name} has no text layer (scanned images?); OCR is not supported "
                "yet: run OCR on it first (e.g. ocrmypdf) or add a text version")
    running = _running(pages, heights)
    _mark_headings(pages, outline, running)
    out = _assemble(pages, heights, running)
    return Extracted(out.text, out.page_starts, _cover_title(pages[0], meta_title))


def _cover_title(lines: list[_Line], meta_title: str) -> str:
    """The title printed largest on the cover ("深圳能源集团股份有限公司" + "2016 年年度报告"),
    else the PDF's Title field; "" when neither names a report."""
    text = [ln for ln in lines if ln.kind == "text" and ln.size]
    if text:
        top = max(ln.size for ln in text)
        cover = ""
        for ln in text:
            if ln.size >= top * 0.95 and len(cover) < 60:
                cover = _join(cover, ln.text) if cover else ln.text
        cover = re.sub(r"(?<=[\d\u3400-\u9fff])\s+(?=[\d\u3400-\u9fff])", "", cover)
        if re.search(r"报告|年报|report", cover, re.IGNORECASE):
            return cover
    meta_title = meta_title.strip()
    return meta_title if re.search(r"报告|年报|report", meta_title, re.IGNORECASE) else ""


def _starts_paragraph(lines: list[_Line], j: int, running: set[str]) -> bool:
    """Is line ``j`` the first of its paragraph (not a wrapped line that begins with "1、")?"""
    for prev in reversed(lines[:j]):
        if prev.kind == "text" and re.sub(r"\d+", "#", prev.text) in running:
            continue
        return prev.kind != "text" or prev.text.endswith(_END) or is_marker(prev.text)
    return True


def _mark_headings(pages: list[list[_Line]], outline: dict[str, int], running: set[str]) -> None:
    """Heading lines: from the outline when the PDF has one; else, in a report whose
    chapters are numbered 第N节/第N章, the numbering ladder; else a larger font."""
    sizes = Counter()
    chapters = 0
    for lines in pages:
        for ln in lines:
            if ln.kind == "text":
                sizes[round(ln.size, 1)] += len(ln.text)
                chapters += ladder_level(ln.text) == 1
    body = sizes.most_common(1)[0][0] if sizes else 0
    big = sorted({s for s in sizes if body and s >= body * 1.15}, reverse=True)[:3]
    numbered = chapters >= 3
    for lines in pages:
        right = max((ln.x1 for ln in lines if ln.kind == "text"), default=0.0)
        for j, ln in enumerate(lines):
            if ln.kind != "text":
                continue
            key = re.sub(r"\s+", "", ln.text)
            rung = ladder_level(ln.text)
            if outline:
                if key in outline:
                    ln.kind, ln.level = "heading", outline[key]
            elif numbered:
                if rung and (rung <= 3 or _starts_paragraph(lines, j, running)) \
                        and not _runs_on(ln, lines[j + 1] if j + 1 < len(lines) else None, right):
                    ln.kind, ln.level = "heading", rung
            elif round(ln.size, 1) in big and len(ln.text) <= 40 and not is_marker(ln.text):
                ln.kind, ln.level = "heading", big.index(round(ln.size, 1)) + 1
            elif rung == 1:
                ln.kind, ln.level = "heading", 1
            if ln.kind == "heading" and not outline and j + 1 < len(lines):
                _take_wrapped(ln, lines[j + 1], right)


def _runs_on(line: _Line, nxt: _Line | None, right: float) -> bool:
    """A line that fills the width and goes on in a long line: a numbered paragraph."""
    return (nxt is not None and nxt.kind == "text" and line.x1 >= right - 2 * max(line.size, 1)
            and len(nxt.text) > 30 and ladder_level(nxt.text) is None)


def _take_wrapped(head: _Line, nxt: _Line, right: float) -> None:
    """A heading that fills the line and goes on in a short next line takes that line."""
    if (nxt.kind == "text" and head.x1 >= right - 2 * max(head.size, 1) and len(nxt.text) <= 30
            and not nxt.text.endswith(_END) and ladder_level(nxt.text) is None
            and not is_marker(nxt.text) and 0 <= nxt.top - head.bottom < 1.2 * max(head.size, 1)):
        head.text = _join(head.text, nxt.text)
        nxt.kind = "gone"


def _assemble(pages, heights, running) -> Extracted:
    """Paragraphs, headings and tables as text, and where each page starts."""
    out: list[str] = []
    length = 0
    para: str | None = None  # the paragraph being built; it may go on across a page break
    last: _Line | None = None
    starts: list[int] = []

    def flush():
        nonlocal para, length
        if para:
            out.append(para + "\n\n")
            length += len(out[-1])
        para = None

    for lines in pages:
        started = False
        for ln in lines:
            if ln.kind == "gone":
                continue
            if ln.kind == "text" and (re.sub(r"\d+", "#", ln.text) in running
                                      or re.fullmatch(r"[-–—\s]*\d{1,4}[-–—\s]*", ln.text)):
                continue
            if ln.kind == "text":
                gap = last is not None and last.page == ln.page and (
                    ln.top - last.bottom > 1.2 * max(ln.size, 1))
                if para and last is not None and last.kind == "text" and not gap \
                        and not para.endswith(_END) and not is_marker(ln.text) \
                        and not is_marker(last.text) and unit_of_line(ln.text) is None \
                        and unit_of_line(last.text) is None:
                    joined = _join(para, ln.text)
                    if not started:
                        starts.append(length + len(joined) - len(ln.text))
                    para = joined
                else:
                    flush()
                    if not started:
                        starts.append(length)
                    para = ln.text
            else:
                flush()
                if not started:
                    starts.append(length)
                text = ("#" * ln.level + " " + ln.text) if ln.kind == "heading" else ln.text
                out.append(text + "\n\n")
                length += len(out[-1])
            started = True
            last = ln
        if not started:
            starts.append(length)
    flush()
    return Extracted("".join(out), tuple(starts))


def extract_docx(path: Path) -> Extracted:
    """Paragraphs (Heading N styles as ``#`` lines) and tables of a .docx file."""
    try:
        import docx
    except ImportError as exc:
        raise CorpusError("reading .docx needs python-docx: pip install python-docx") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001
        raise CorpusError(f"{Path(path).name} is not a readable Word file ({exc})") from exc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts = []
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, document)
            text = p.text.strip()
            if not text:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            m = re.match(r"Heading (\d)", style)
            level = int(m.group(1)) if m else (1 if style == "Title" else 0)
            parts.append(("#" * level + " " + text) if level else text)
        elif tag == "tbl":
            rows = ["\t".join(c.text.strip().replace("\n", " ") for c in row.cells)
                    for row in Table(el, document).rows]
            parts.append("\n".join(rows))
    return Extracted("\n\n".join(parts) + "\n", (0,))
