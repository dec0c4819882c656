"""Make test PDFs from a plain-text report with reportlab's built-in CJK font.

Headings are set larger than the body (or added as PDF bookmarks), tables
become ruled reportlab tables, one chapter is set in two columns, and every
page carries a running header and a footer with its page number.
"""

from __future__ import annotations

from pathlib import Path

from indexer.clean import clean
from indexer.headings import find_headings


def make_pdf(text: str, out: Path, *, title: str, two_column_chapter: str | None = None,
             outline: bool = False, max_sections: int | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("c", parent=body, fontSize=8, leading=11)
    heads = {lvl: ParagraphStyle(f"h{lvl}", parent=body, fontSize=size, leading=size * 1.5,
                                 spaceBefore=6, spaceAfter=4)
             for lvl, size in ((1, 18), (2, 14.5), (3, 12.5))}

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("STSong-Light", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, title)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    w, h = A4
    one = Frame(20 * mm, 18 * mm, w - 40 * mm, h - 40 * mm, id="one")
    gap = 8 * mm
    col = (w - 40 * mm - gap) / 2
    left = Frame(20 * mm, 18 * mm, col, h - 40 * mm, id="left")
    right = Frame(20 * mm + col + gap, 18 * mm, col, h - 40 * mm, id="right")
    doc = BaseDocTemplate(str(out), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate("one", [one], onPage=decorate),
                          PageTemplate("two", [left, right], onPage=decorate)])
    story = []
    heads_found = find_headings(text)
    bounds = [(h.level, h.title, h.end, heads_found[i + 1].start if i + 1 < len(heads_found)
               else len(text)) for i, h in enumerate(heads_found)]
    if max_sections:
        bounds = bounds[:max_sections]
    in_two = False
    outline_level = 0
    for n, (level, head, start, end) in enumerate(bounds):
        if level == 1 and two_column_chapter:
            want_two = head == two_column_chapter
            if want_two != in_two:
                story.append(NextPageTemplate("two" if want_two else "one"))
                from reportlab.platypus import PageBreak

                story.append(PageBreak())
                in_two = want_two
        para = Paragraph(head, heads[min(level, 3)])
        if outline:  # outline levels may not skip one (关于本报告 › 报告概述 is 1 › 3 here)
            outline_level = min(level, outline_level + 1)
            para = _Bookmarked(head, outline_level, n, heads[min(level, 3)])
        story.append(para)
        rows: list[list[str]] = []
        for line in text[start:end].splitlines() + [""]:
            if "\t" in line:
                rows.append([clean(c) for c in line.split("\t")])
                continue
            if rows:
                width = max(len(r) for r in rows)
                data = [[Paragraph(c, cell) for c in r + [""] * (width - len(r))] for r in rows]
                t = Table(data, repeatRows=1)
                t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
                story += [t, Spacer(1, 4)]
                rows = []
            if line.strip():
                story.append(Paragraph(clean(line), body))
    doc.build(story)
    return out


def _bookmarked_class():
    from reportlab.platypus import Paragraph

    class Bookmarked(Paragraph):
        def __init__(self, text, level, key, style):
            super().__init__(text, style)
            self._key, self._level, self._title = f"h{key}", level, text

        def draw(self):
            super().draw()
            self.canv.bookmarkPage(self._key)
            self.canv.addOutlineEntry(self._title, self._key, level=self._level - 1)

    return Bookmarked


def _Bookmarked(text, level, key, style):  # noqa: N802 - reads like a class at the call site
    return _bookmarked_class()(text, level, key, style)


def make_scanned_pdf(out: Path) -> Path:
    """A PDF with only a drawn picture and no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(out), pagesize=A4)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    return out
