"""Cut a report into passages along its heading tree.

Each section (the text between two headings) is cut on its own, so no chunk
spans two sections.  Paragraphs and caption lines are packed up to ``size``
characters; a paragraph longer than that is split at sentence ends with
langchain-text-splitters; table rows (tab-separated lines) are kept together
with their header row, which is repeated in the search text of every later
piece of a long table (a header a PDF spread over several lines, or wrote as
spaced words above the rows, is made one row: ``table_header``; a row label that wrapped
onto the next line is searched for whole: ``wrapped_rows``).  ``Chunk.text`` is always ``source[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .clean import clean
from .headings import find_headings
from .records import Chunk, Report
from .table_header import dated, merged, names_columns, period_of_line, spaced_header
from .textparts import lines, unit_of_line
from .wrapped_rows import row_cells, wrapped_groups

DEFAULT_SIZE = 300
MAX_HEADER_LINES = 3  # a PDF table's header read as up to this many lines is merged into one
PATH_SEP = " › "
_SENTENCE_SEPARATORS = ["\n", "。", "！", "？", "；", "!", "?", ";", ". ", "，", ",", ""]


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    table: bool = False
    header: str = ""
    unit: str = ""


def _split_long(text: str, start: int, end: int, size: int) -> list[_Unit]:
    """Split ``text[start:end]`` at sentence ends into pieces of at most ``size``."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=0, separators=_SENTENCE_SEPARATORS,
        keep_separator="end", strip_whitespace=True,
    )
    units, cursor = [], start
    for piece in splitter.split_text(text[start:end]):
        at = text.find(piece, cursor, end)
        if at < 0:  # the splitter never rewrites text, but stay safe
            continue
        units.append(_Unit(at, at + len(piece)))
        cursor = at + len(piece)
    return units


def _units(text: str, start: int, end: int, size: int) -> list[_Unit]:
    """Lines of a section body as units; table rows carry their header row."""
    units: list[_Unit] = []
    header = None
    unit = ""  # the unit stated above the tables that follow, in this section
    first, raw, merging = 0, "", 0  # the table's first unit, its header's cells, lines merged
    pending = None  # two full header-like lines: merged once a row of figures follows
    period, dated_by = "", ""  # a line naming a period (2015年) dates the next table's columns
    for ln in lines(text[start:end], start):
        if not ln.text:
            continue  # a blank line, also inside a table: it does not end the table
        s, e, body = ln.start, ln.end, ln.text
        if "\t" in ln.body:
            if header is None or (units and not units[-1].table):
                first, raw, dated_by, period = len(units), ln.body, period, ""
                header = dated(body.strip(), dated_by)
                merging = 1 if names_columns(raw.split("\t")) else 0
                above = units[-1] if units and not merging else None
                spaced = above and spaced_header(text[above.start : above.end], len(raw.split("\t")))
                if spaced:
                    header = dated(spaced.strip(), dated_by)
            elif 0 < merging < MAX_HEADER_LINES and (more := merged(raw, ln.body)) is not None:
                raw, header, merging = more, dated(more.strip(), dated_by), merging + 1
                units[first:] = [replace(u, header=header) for u in units[first:]]
            elif merging == 1 and (more := merged(raw, ln.body, full=True)) is not None:
                pending, merging = more, MAX_HEADER_LINES  # 年初 / 余额, if figures follow
            else:
                if pending is not None and not names_columns(ln.body.split("\t")):
                    raw, header = pending, dated(pending.strip(), dated_by)
                    units[first:] = [replace(u, header=header) for u in units[first:]]
                pending, merging = None, 0
            units.append(_Unit(s, e, table=True, header=header, unit=unit))
            continue
        header = None
        period = period_of_line(body) or ("" if len(body) > 12 else period)
        stated = unit_of_line(body)
        if stated is not None:
            unit = stated
        if e - s > size:
            units.extend(_split_long(text, s, e, size))
        else:
            units.append(_Unit(s, e))
    return units


def _pack(units: list[_Unit], size: int) -> list[list[_Unit]]:
    """Greedy packing; tables start a new group and may grow to twice ``size``."""
    groups: list[list[_Unit]] = []
    length = 0
    for u in units:
        n = u.end - u.start
        cur = groups[-1] if groups else None
        kind_change = cur is not None and (cur[-1].table != u.table and (u.table or cur[-1].table)
                                           or cur[-1].header != u.header)
        limit = 2 * size if u.table else size
        if cur is None or kind_change or length + n > limit:
            groups.append([u])
            length = n
        else:
            cur.append(u)
            length += n
    return groups


def _search_lines(texts: list[str], group: list[_Unit]) -> list[str]:
    """The lines of a chunk's search text: a row label that wrapped onto the next line is
    searched for whole (归属于上市公司股东的扣除非经常性损益的净利润), the text keeps its lines."""
    return [texts[g[0]] if len(g) == 1 else "\t".join(row_cells("\n".join(texts[i] for i in g)))
            for g in wrapped_groups(texts, [u.table for u in group])]


def _sections(text: str, report_title: str) -> list[tuple[str, int, int]]:
    """(heading path, body start, body end) for each section, in order."""
    heads = find_headings(text)
    out, stack = [], []
    first = heads[0].start if heads else len(text)
    if text[:first].strip():
        out.append((report_title, 0, first))
    for i, h in enumerate(heads):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        stack.append((h.level, h.title))
        body_end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        out.append((PATH_SEP.join(t for _, t in stack), h.end, body_end))
    return out


def page_span(page_starts: tuple[int, ...], start: int, end: int) -> str:
    """``'33'`` or ``'33-34'``: the 1-based pages that ``[start, end)`` touches."""
    if not page_starts:
        return ""
    import bisect

    first = max(1, bisect.bisect_right(page_starts, start))
    last = max(first, bisect.bisect_right(page_starts, max(start, end - 1)))
    return str(first) if first == last else f"{first}-{last}"


def chunk_report(report: Report, *, size: int = DEFAULT_SIZE) -> list[Chunk]:
    """All chunks of ``report``; see the module docstring for the rules."""
    text = report.text
    chunks: list[Chunk] = []
    for path, start, end in _sections(text, report.title):
        for group in _pack(_units(text, start, end, size), size):
            s, e = group[0].start, group[-1].end
            body = "\n".join(clean(t) for t in _search_lines([text[u.start : u.end] for u in group], group))
            if group[0].table and text[group[0].start : group[0].end].strip() != group[0].header:
                body = clean(group[0].header) + "\n" + body
            if group[0].table and group[0].unit:
                body = f"单位：{group[0].unit}\n" + body
            if not body.strip():
                continue
            chunks.append(Chunk(
                chunk_id=f"{report.doc_id}:{len(chunks):04d}", doc_id=report.doc_id,
                title=report.title, year=report.year, section=path, start=s, end=e,
                text=text[s:e], search_text=f"{path}\n{body}",
                kind="table" if group[0].table else "text",
                pages=page_span(report.page_starts, s, e),
                header=group[0].header if group[0].table else "",
                unit=group[0].unit if group[0].table else "",
            ))
    return chunks
