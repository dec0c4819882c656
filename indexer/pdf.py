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
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

_END = ("。", "！", "？", "；", ".", "!", "?", ";", "：", ":")
_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True)
class Extracted:
    text: str
    page_starts: tuple[int, ...]  # offset of each page's first character


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    kind: str = "text"  # text | heading | table
    level: int = 0


def _gutter(page) -> float | None:
    """x of the gap between two text columns, or None for a one-column page."""
    w, h = float(page.width), float(page.height)
    chars = [c for c in page.chars if c["text"].strip() and h * 0.08 < c["top"] < h * 0.92]
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
    if cover[best] <= len(chars) * 0.01 and 0.2 < left / len(chars) < 0.8:
        return float(x)
    return None


def _regions(page):
    """A one-column page whole; a two-column page as top margin, left, right, bottom margin."""
    x = _gutter(page)
    if x is None:
        return [page]
    w, h = float(page.width), float(page.height)
    return [page.crop((0, 0, w, h * 0.08)), page.crop((0, h * 0.08, x, h * 0.92)),
            page.crop((x, h * 0.08, w, h * 0.92)), page.crop((0, h * 0.92, w, h))]


def _lines_of(page, pageno: int) -> list[_Line]:
    """Lines and tables of a page in reading order (left column before right)."""
    out: list[_Line] = []
    for region in _regions(page):
        out += sorted(_region_lines(region, pageno), key=lambda ln: (ln.top, ln.x0))
    return out


def _region_lines(page, pageno: int) -> list[_Line]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def in_table(ln) -> bool:
        return any(b[0] - 1 <= ln["x0"] and ln["x1"] <= b[2] + 1 and b[1] - 1 <= ln["top"]
                   and ln["bottom"] <= b[3] + 1 for b in boxes)

    out = []
    for ln in page.extract_text_lines(return_chars=True, strip=True):
        if not ln["text"].strip() or in_table(ln):
            continue
        sizes = [c["size"] for c in ln["chars"] if c["text"].strip()]
        out.append(_Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                         statistics.median(sizes) if sizes else 0.0, pageno))
    for t in tables:
        rows = ["\t".join((c or "").replace("\n", "") for c in row) for row in t.extract()]
        x0, top, x1, bottom = t.bbox
        out.append(_Line("\n".join(r for r in rows if r.strip()), x0, x1, top, bottom, 0.0,
                         pageno, kind="table"))
    return out


def _running(pages: list[list[_Line]], heights: list[float]) -> set[str]:
    """Normalised texts of lines repeated at the top or bottom of most pages."""
    seen: Counter = Counter()
    for lines, h in zip(pages, heights):
        keys = {re.sub(r"\d+", "#", ln.text) for ln in lines
                if ln.kind == "text" and (ln.top < h * 0.08 or ln.bottom > h * 0.92)}
        seen.update(keys)
    need = max(2, len(pages) // 2)
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


def extract_pdf(path: Path) -> Extracted:
    """Text and page offsets of a PDF (see the module docstring)."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a bad file
        raise CorpusError(f"{Path(path).name} is not a readable PDF ({exc})") from exc
    with pdf:
        outline = _outline(pdf)
        pages, heights = [], []
        for i, page in enumerate(pdf.pages, 1):
            pages.append(_lines_of(page, i))
            heights.append(float(page.height))
        if not any(ln.text.strip() for lines in pages for ln in lines):
            raise CorpusError(
                f"{Path(path).name} has no text layer (scanned images?); OCR is not supported "
                "yet: run OCR on it first (e.g. ocrmypdf) or add a text version")
    running = _running(pages, heights)
    sizes = Counter()
    for lines in pages:
        for ln in lines:
            if ln.kind == "text":
                sizes[round(ln.size, 1)] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 0
    big = sorted({s for s in sizes if body and s >= body * 1.15}, reverse=True)[:3]
    for lines in pages:
        for ln in lines:
            key = re.sub(r"\s+", "", ln.text)
            if ln.kind != "text":
                continue
            if outline:
                if key in outline:
                    ln.kind, ln.level = "heading", outline[key]
            elif round(ln.size, 1) in big and len(ln.text) <= 40:
                ln.kind, ln.level = "heading", big.index(round(ln.size, 1)) + 1
    return _assemble(pages, heights, running)


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
            if ln.kind == "text" and (re.sub(r"\d+", "#", ln.text) in running
                                      or re.fullmatch(r"[-–—\s]*\d{1,4}[-–—\s]*", ln.text)):
                continue
            if ln.kind == "text":
                gap = last is not None and last.page == ln.page and (
                    ln.top - last.bottom > 1.2 * max(ln.size, 1))
                if para and last is not None and last.kind == "text" and not gap \
                        and not para.endswith(_END):
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
