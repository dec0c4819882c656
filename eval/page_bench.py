"""``reportqa bench --page-images PDF``: how long the cited-page image takes to render.

Every page of the PDF is rendered with a quote boxed (a line from the middle
of the page, as a citation would quote it), into an empty cache, then again
from the cache.  Prints and returns the times in milliseconds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def _quote_of(page) -> str:
    text_page = page.get_textpage()
    try:
        text = text_page.get_text_range()
    finally:
        text_page.close()
    lines = [ln.strip() for ln in text.splitlines() if len(ln.strip()) >= 10]
    return lines[len(lines) // 2][:40] if lines else ""


def page_image_figures(pdf: Path, *, limit: int | None = None, log=print) -> dict:
    """Milliseconds per page image: first render (median, p90, max) and from the cache."""
    import pypdfium2 as pdfium

    from assistant.page_image import render_cited_page

    doc = pdfium.PdfDocument(str(pdf))
    try:
        quotes = [_quote_of(doc[i]) for i in range(min(len(doc), limit or len(doc)))]
    finally:
        doc.close()
    fresh, cached, boxed = [], [], 0
    with tempfile.TemporaryDirectory() as cache:
        render_cited_page(pdf, 1, quotes[0], None, Path(cache) / "warm")  # imports, fonts
        for i, quote in enumerate(quotes, 1):
            t = time.perf_counter()
            img = render_cited_page(pdf, i, quote, None, Path(cache))
            fresh.append((time.perf_counter() - t) * 1000)
            boxed += img.boxed
            t = time.perf_counter()
            render_cited_page(pdf, i, quote, None, Path(cache))
            cached.append((time.perf_counter() - t) * 1000)
    fresh_sorted = sorted(fresh)
    out = {"pdf": Path(pdf).name, "pages": len(quotes), "boxed": boxed,
           "render_ms_median": round(statistics.median(fresh), 1),
           "render_ms_p90": round(fresh_sorted[int(0.9 * (len(fresh) - 1))], 1),
           "render_ms_max": round(max(fresh), 1),
           "cached_ms_median": round(statistics.median(cached), 2)}
    log(f"{out['pdf']}: {out['pages']} pages, quote boxed on {boxed}; render median "
        f"{out['render_ms_median']} ms, p90 {out['render_ms_p90']} ms, max {out['render_ms_max']} ms; "
        f"from the cache {out['cached_ms_median']} ms")
    return out
