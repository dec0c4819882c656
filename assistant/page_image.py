"""A PDF page as printed, with the quoted sentence boxed: the picture behind a citation.

pypdfium2 gives every character's box and renders the page (both in
milliseconds, where pdfplumber takes seconds on a page of a long report).  The quote
is found among the page's characters with whitespace and table tabs ignored
(the extracted text joins lines and cells); when the whole quote cannot be
found in reading order (two columns, a rotated table), its start and end are
boxed with everything between, and failing that the answer figure alone.
Images are cached by file content, page and quote.  Text reports have no page
image; the web page shows their passage instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

SCALE = 1.5  # pixels per PDF point: a 595-point A4 page becomes 893 pixels wide
QUOTE_COLOUR = (220, 30, 30)
SPAN_COLOUR = (255, 170, 0)
_ENDS = 12  # characters of the quote's start and end looked for when the whole is not found


@dataclass(frozen=True)
class PageImage:
    path: Path  # the PNG
    page: int
    boxed: bool  # was the quote (or its figure) found on the page?


def _page_chars(page) -> list[dict]:
    """The page's visible characters in reading order (lines top to bottom, left to right),
    each with its box in points from the top-left corner of the page as rendered."""
    left, _, _, top_edge = page.get_cropbox()
    text_page = page.get_textpage()
    try:
        n = text_page.count_chars()
        full = text_page.get_text_range(0, n)
        if len(full) != n:  # characters outside the BMP: read one by one
            full = "".join(text_page.get_text_range(i, 1) or " " for i in range(n))
        chars = []
        for i, ch in enumerate(full):
            if ch.strip():
                x0, bottom, x1, top = text_page.get_charbox(i, loose=True)
                chars.append({"text": ch, "x0": x0 - left, "x1": x1 - left,
                              "top": top_edge - top, "bottom": top_edge - bottom})
    finally:
        text_page.close()
    chars.sort(key=lambda c: (round(c["top"] / 3), c["x0"]))
    return chars


def _squash(text: str) -> str:
    return "".join(text.split())


def _find(chars: list[dict], text: str) -> list[dict]:
    """The characters that spell ``text`` (whitespace ignored), or its start and end with all
    between; [] when neither is on the page."""
    target = _squash(text)
    if not target:
        return []
    flat = "".join(c["text"] for c in chars)
    at = flat.find(target)
    if at >= 0:
        return chars[at : at + len(target)]
    if len(target) < 2 * _ENDS:
        return []
    first, last = flat.find(target[:_ENDS]), flat.rfind(target[-_ENDS:])
    if first >= 0 and last > first:
        return chars[first : last + _ENDS]
    return []


def _line_boxes(chars: list[dict]) -> list[tuple[float, float, float, float]]:
    """One rectangle per printed line of ``chars``: (x0, top, x1, bottom) in points."""
    lines: dict[int, list[float]] = {}
    for c in chars:
        key = round(c["top"] / 3)
        box = lines.setdefault(key, [c["x0"], c["top"], c["x1"], c["bottom"]])
        box[0], box[1] = min(box[0], c["x0"]), min(box[1], c["top"])
        box[2], box[3] = max(box[2], c["x1"]), max(box[3], c["bottom"])
    return [tuple(b) for b in lines.values()]


def _cache_key(pdf_path: Path, page: int, quote: str, span: str | None) -> str:
    st = Path(pdf_path).stat()
    raw = f"{Path(pdf_path).resolve()}|{st.st_size}|{st.st_mtime_ns}|{page}|{quote}|{span}|{SCALE}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def render_cited_page(pdf_path: Path, page: int, quote: str, span: str | None,
                      cache_dir: Path) -> PageImage:
    """PNG of ``page`` (1-based) of the PDF with the quote boxed and the answer span marked."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    cache_dir = Path(cache_dir)
    out = cache_dir / f"{_cache_key(pdf_path, page, quote, span)}.png"
    boxed_marker = out.with_suffix(".boxed")
    if out.exists():
        return PageImage(out, page, boxed_marker.exists())
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        pdf_page = doc[page - 1]
        chars = _page_chars(pdf_page)
        image = pdf_page.render(scale=SCALE).to_pil().convert("RGB")
    finally:
        doc.close()
    quoted = _find(chars, quote)
    figure = _find(quoted, span) if quoted and span else []
    if not quoted and span:
        figure = _find(chars, span)
    draw = ImageDraw.Draw(image)
    for chars_, colour, pad, width in ((quoted, QUOTE_COLOUR, 2.5, 3), (figure, SPAN_COLOUR, 1.0, 2)):
        for x0, top, x1, bottom in _line_boxes(chars_):
            draw.rectangle([(x0 - pad) * SCALE, (top - pad) * SCALE,
                            (x1 + pad) * SCALE, (bottom + pad) * SCALE],
                           outline=colour, width=width)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".part")
    image.save(partial, format="PNG")
    partial.replace(out)
    if quoted or figure:
        boxed_marker.touch()
    return PageImage(out, page, bool(quoted or figure))
