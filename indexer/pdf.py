"""Text out of PDF and Word reports, with page numbers.

PDF (pdfplumber, MIT): lines are read with their font sizes, by one process
per core for a long report; running headers and footers (the same line at
the top or bottom of many pages) and bare page numbers are dropped;
two-column pages are read left column first (a table across the middle
keeps a page one column); ruled tables found by pdfplumber, and tables laid
out with spaces (``layout_rows``), become tab-separated rows; lines of one
paragraph are joined (CJK without a space, Latin with one, ``exam-`` +
``ple`` without the hyphen), also across a page break, but never onto a
check-box line or a unit line.  Headings come from the PDF outline
(bookmarks) when there is one; else from the numbering ladder (``ladder``)
when the chapters are numbered 第N节/第N章; else from font size (larger than
the body text).  They are written as markdown ``#`` lines so the chunker
uses them.  The title is read from the cover.

Word (python-docx, MIT): paragraphs with their Heading styles, and tables.

The result is the text that is indexed and cited; ``page_starts`` gives the
offset where each page begins, so a chunk knows its pages.  OCR is not done:
a PDF without a text layer is refused with a message that says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .ladder import is_marker
from .pdf_headings import END, cover_title, join, mark_headings, running_lines
from .pdf_page import Line, lines_of
from .textparts import unit_of_line

PAGES_PER_TASK = 4  # pages a worker reads per task


@dataclass(frozen=True)
class Extracted:
    text: str
    page_starts: tuple[int, ...]  # offset of each page's first character
    title: str = ""  # from the cover page or the PDF's Title field


def _outline(pdf) -> dict[str, int]:
    try:
        items = list(pdf.doc.get_outlines())
    except Exception:  # noqa: BLE001 - no outline, or one pdfminer cannot read
        return {}
    return {re.sub(r"\s+", "", str(title)): min(int(level), 6) for level, title, *_ in items}


def _read_page(pdf, i: int) -> tuple[list[Line], float]:
    page = pdf.pages[i - 1]
    try:
        return lines_of(page, i), float(page.height)
    finally:
        page.close()  # pdfplumber keeps every page's objects otherwise


_WORKER_PDF = None


def _worker_open(path: str) -> None:
    import pdfplumber

    global _WORKER_PDF
    _WORKER_PDF = pdfplumber.open(path)


def _worker_page(i: int) -> tuple[int, list[Line], float]:
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
    from .parallel import process_pool

    with process_pool(workers, initializer=_worker_open, initargs=(str(path),)) as ex:
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
    running = running_lines(pages, heights)
    mark_headings(pages, outline, running)
    out = _assemble(pages, heights, running)
    return Extracted(out.text, out.page_starts, cover_title(pages[0], meta_title))


def _assemble(pages, heights, running) -> Extracted:
    """Paragraphs, headings and tables as text, and where each page starts."""
    out: list[str] = []
    length = 0
    para: str | None = None  # the paragraph being built; it may go on across a page break
    last: Line | None = None
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
                        and not para.endswith(END) and not is_marker(ln.text) \
                        and not is_marker(last.text) and unit_of_line(ln.text) is None \
                        and unit_of_line(last.text) is None:
                    joined = join(para, ln.text)
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
