"""Recover a report's heading tree from plain text.

Three sources, in order of trust:
1. markdown ``#`` headings, when the file has them;
2. the table of contents (目录 / Contents): its entries are found again in
   the body and give levels 1 (chapter) and 2 (section);
3. line shape, for lower levels: a short line with no sentence punctuation,
   set off by a blank line and followed by a paragraph of prose.

It does not read fonts or page layout (there is none in plain text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Heading
from .textparts import SENTENCE_ENDS, Line, lines

_TOC_MARKERS = {"目录", "目次", "contents", "tableofcontents"}
_BULLET = re.compile(r"^\s*[-*•·]\s+")
_LEAD_PAGE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_TRAIL_PAGE = re.compile(r"^(.*?\S)(?:\s*\.{2,}|\s*…+|\t|\s{2,}| )\s*(\d{1,3})$")
_SENTENCE_END = tuple(SENTENCE_ENDS + "：，、,.:")
_MD = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _lines(text: str) -> list[Line]:
    return list(lines(text))


def _key(title: str) -> str:
    """Comparison key: no whitespace, no case. ``'科技赋能 助力'`` -> ``'科技赋能助力'``."""
    return re.sub(r"\s+", "", title).lower()


@dataclass
class _Entry:
    title: str
    page: int | None
    bullet: bool
    group: int
    alone: bool = False
    level: int = 1


def _parse_toc(lines: list[Line], at: int) -> tuple[list[_Entry], int]:
    """Entries of the TOC that starts after line ``at``; returns (entries, end line)."""
    entries: list[_Entry] = []
    seen: set[str] = set()
    group, pending_page, blank_run = 0, None, 0
    i = at + 1
    while i < len(lines):
        s = lines[i].text
        if not s:
            blank_run += 1
            if entries and blank_run == 1:
                group += 1
            if blank_run > 6:
                break
            i += 1
            continue
        blank_run = 0
        if re.fullmatch(r"\d{1,3}", s):
            pending_page = int(s)
            i += 1
            continue
        bullet = bool(_BULLET.match(s))
        s2 = _BULLET.sub("", s)
        page = None
        m = _LEAD_PAGE.match(s2)
        if m:
            page, s2 = int(m.group(1)), m.group(2)
        else:
            m = _TRAIL_PAGE.match(s2)
            if m:
                s2, page = m.group(1), int(m.group(2))
        s2 = s2.strip()
        if (
            len(s2) > 40 or s2.endswith(_SENTENCE_END) or not _WORDISH.search(s2)
            or _key(s2) in seen
        ):
            break
        seen.add(_key(s2))
        entries.append(_Entry(s2, page if page is not None else pending_page, bullet, group))
        pending_page = None
        i += 1
    _assign_levels(entries)
    return entries, i


def _assign_levels(entries: list[_Entry]) -> None:
    """Chapter (1) or section (2) for each entry.

    An unbulleted entry in a TOC that uses bullets is a chapter that opens;
    bulleted entries under it are its sections.  Otherwise (and for bulleted
    entries before the first chapter) page numbers and grouping decide: an
    entry that has no page of its own and stands alone in its group, or that
    shares its page with the next entry, opens a chapter; the entries after
    it in the same group (or the next group, for a lone title) are its
    sections; anything else is a chapter without sections.
    """
    bullets = any(e.bullet for e in entries)
    sizes: dict[int, int] = {}
    for e in entries:
        sizes[e.group] = sizes.get(e.group, 0) + 1
    open_group: set[int] = set()
    opened = False
    for idx, e in enumerate(entries):
        nxt = entries[idx + 1] if idx + 1 < len(entries) else None
        if bullets and not e.bullet:
            e.level, opened = 1, True
            continue
        if bullets and opened:
            e.level = 2
            continue
        alone = sizes[e.group] == 1
        same_page = nxt is not None and e.page is not None and e.page == nxt.page
        if alone or same_page or re.match(r"^第.{1,3}[章篇部分]", e.title):
            e.level = 1
            open_group = {e.group, e.group + 1} if alone else {e.group}
        elif e.group in open_group:
            e.level = 2
        else:
            e.level = 1
            open_group = set()


def _toc_headings(lines: list[Line]) -> tuple[list[tuple[int, int]], range]:
    """(line index, level) of TOC entries found in the body, and the TOC's line range."""
    at = next((i for i, ln in enumerate(lines) if _key(ln.text) in _TOC_MARKERS), None)
    if at is None:
        return [], range(0)
    entries, end = _parse_toc(lines, at)
    toc = range(at, end)

    def first(want: str, after: int) -> int | None:
        hits = [j for j, ln in enumerate(lines) if j not in toc and _key(ln.text) == want]
        return next((j for j in hits if j > after), hits[0] if hits else None)

    # TOC order need not be body order (two-column TOCs), so each chapter is
    # looked up on its own and each section after its chapter.
    found, chapter_line = [], end
    for e in entries:
        j = first(_key(e.title), chapter_line if e.level == 2 else end)
        if j is None:
            continue
        if e.level == 1:
            chapter_line = j
        found.append((j, e.level))
    return sorted(set(found)), toc


def _is_prose(s: str) -> bool:
    return len(s) >= 40 or (len(s) >= 12 and s.endswith(("。", "！", "？", ".", "；")))


def _shape_heading(lines: list[Line], i: int) -> bool:
    """A short title-like line set off by a blank line and followed by prose."""
    s = lines[i].text
    if not (2 <= len(s) <= 24) or "\t" in s or s.endswith(_SENTENCE_END):
        return False
    if "**" in s or s.startswith(("[", "<", "(", "（", "*", "注", "备注", "-", "|", "—")):
        return False
    if not _WORDISH.search(s):
        return False
    if sum(ch.isdigit() for ch in s) > len(s) // 3:
        return False
    if i > 0 and lines[i - 1].text:
        return False
    for j in range(i + 1, min(i + 6, len(lines))):
        if lines[j].text:
            return _is_prose(lines[j].text) and "\t" not in lines[j].text
    return False


def _title(s: str) -> str:
    """``'■ 合规管理'`` -> ``'合规管理'``."""
    return s.lstrip("■□•·▪◆●◇○- ").strip() or s


def find_headings(text: str) -> list[Heading]:
    """All headings of ``text`` in document order, with levels 1..3 (markdown: 1..6)."""
    lines = _lines(text)
    md = [(i, _MD.match(ln.text)) for i, ln in enumerate(lines)]
    md = [(i, m) for i, m in md if m]
    if len(md) >= 2:
        return [Heading(len(m.group(1)), m.group(2), lines[i].start, lines[i].end) for i, m in md]
    toc_found, toc = _toc_headings(lines)
    levels = dict(toc_found)
    first_toc = toc_found[0][0] if toc_found else len(lines)
    out = []
    for i, ln in enumerate(lines):
        if i in toc:
            continue
        if i in levels:
            out.append(Heading(levels[i], _title(ln.text), ln.start, ln.end))
        elif i > first_toc or not toc_found:
            if _shape_heading(lines, i):
                level = 3 if toc_found else 1
                out.append(Heading(level, _title(ln.text), ln.start, ln.end))
    return out


# the section of an annual report that states its headline figures (主要会计数据和财务指标)
_HEADLINE = re.compile(r"主要会计数据|主要财务指标|主要财务数据|财务摘要|(?i:financial highlights)")


def is_headline(section: str) -> bool:
    """Is ``section`` (a heading path) the headline figures of an annual report?  Its own
    heading decides, not its chapter's (第二节 公司简介和主要财务指标 › 一、公司信息)."""
    return bool(_HEADLINE.search(section.split(" › ")[-1]))
