"""Headings, running headers and the title of a PDF report, from its lines (see ``pdf_page``)."""

from __future__ import annotations

import re
from collections import Counter

from .ladder import is_continued, is_marker, ladder_level
from .pdf_page import CJK, Line

END = ("。", "！", "？", "；", ".", "!", "?", ";", "：", ":")


def running_lines(pages: list[list[Line]], heights: list[float]) -> set[str]:
    """Normalised texts of lines repeated at the top or bottom of most pages."""
    seen: Counter = Counter()
    for lines, h in zip(pages, heights):
        keys = {re.sub(r"\d+", "#", ln.text) for ln in lines
                if ln.kind == "text" and (ln.top < h * 0.08 or ln.bottom > h * 0.92)}
        seen.update(keys)
    need = max(2, len(pages) // 5)  # a long report changes its running header between parts
    return {k for k, n in seen.items() if n >= need}


def join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b
    if CJK.search(a[-1:]) or CJK.search(b[:1]):
        return a + b
    return a + " " + b


def cover_title(lines: list[Line], meta_title: str) -> str:
    """The title printed largest on the cover ("深圳能源集团股份有限公司" + "2016 年年度报告"),
    else the PDF's Title field; "" when neither names a report."""
    text = [ln for ln in lines if ln.kind == "text" and ln.size]
    if text:
        top = max(ln.size for ln in text)
        cover = ""
        for ln in text:
            if ln.size >= top * 0.95 and len(cover) < 60:
                cover = join(cover, ln.text) if cover else ln.text
        cover = re.sub(r"(?<=[\d\u3400-\u9fff])\s+(?=[\d\u3400-\u9fff])", "", cover)
        if re.search(r"报告|年报|report", cover, re.IGNORECASE):
            return cover
    meta_title = meta_title.strip()
    return meta_title if re.search(r"报告|年报|report", meta_title, re.IGNORECASE) else ""


def _starts_paragraph(lines: list[Line], j: int, running: set[str]) -> bool:
    """Is line ``j`` the first of its paragraph (not a wrapped line that begins with "1、")?"""
    for prev in reversed(lines[:j]):
        if prev.kind == "text" and re.sub(r"\d+", "#", prev.text) in running:
            continue
        return (prev.kind != "text" or prev.text.endswith(END) or is_marker(prev.text)
                or is_continued(prev.text))  # "五、 …注释（续）" repeated atop a page: a boundary
    return True


def mark_headings(pages: list[list[Line]], outline: dict[str, int], running: set[str]) -> None:
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


def _runs_on(line: Line, nxt: Line | None, right: float) -> bool:
    """A line that fills the width and goes on in a long line: a numbered paragraph."""
    return (nxt is not None and nxt.kind == "text" and line.x1 >= right - 2 * max(line.size, 1)
            and len(nxt.text) > 30 and ladder_level(nxt.text) is None)


def _take_wrapped(head: Line, nxt: Line, right: float) -> None:
    """A heading that fills the line and goes on in a short next line takes that line."""
    if (nxt.kind == "text" and head.x1 >= right - 2 * max(head.size, 1) and len(nxt.text) <= 30
            and not nxt.text.endswith(END) and ladder_level(nxt.text) is None
            and not is_marker(nxt.text) and 0 <= nxt.top - head.bottom < 1.2 * max(head.size, 1)):
        head.text = join(head.text, nxt.text)
        nxt.kind = "gone"
