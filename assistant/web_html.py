"""HTML pieces of the chat page: answers with citations, passages, reports, the indexing job.

Every string from a user or a report goes through ``html.escape`` here; the
page (``web.py``) only places these pieces.  A table-row quote is shown as a
small table under its header row, the answer cell marked; passages show why
they matched (words of the question, or similar meaning), not fusion scores.
"""

from __future__ import annotations

import html
import re

from indexer.clean import clean
from indexer.wrapped_rows import row_cells

from .phrase import confidence_words
from .records import Answer

LABELS = {
    "中文": {"title": "报告问答", "ask": "提问", "placeholder": "输入问题，例如：{zh}",
             "report": "报告", "year": "年份", "all": "全部", "passages": "检索到的段落",
             "empty": "请输入一个问题，或点选下方的示例问题。",
             "too_long": "问题太长了：最多 {n} 个字符。请缩短后再问。",
             "chars": "字符", "lang": "界面语言", "examples": "示例问题",
             "confidence": "可信度", "words": "匹配词", "meaning": "语义相近", "page": "第{p}页",
             "reports": "已索引的报告", "add": "添加报告（PDF、DOCX、TXT、MD）", "remove": "移除报告",
             "remove_btn": "移除", "cited_page": "引用页面", "no_page": "此引用没有页面图像（文本报告）。",
             "columns": ("报告", "公司", "年份", "页数", "段落", "添加时间"), "job": "索引任务",
             "uploads_off": "此服务器不能添加报告：{why}"},
    "English": {"title": "Report Q&A", "ask": "Ask", "report": "Report", "year": "Year",
                "placeholder": "Type a question, e.g. {en}", "all": "All",
                "passages": "Retrieved passages",
                "empty": "Please type a question, or pick one of the example questions below.",
                "too_long": "That question is too long: at most {n} characters. "
                            "Please shorten it and ask again.",
                "chars": "chars", "lang": "Interface language",
                "examples": "Example questions", "confidence": "Confidence",
                "words": "matched words", "meaning": "similar meaning", "page": "p. {p}",
                "reports": "Indexed reports", "add": "Add reports (PDF, DOCX, TXT, MD)",
                "remove": "Remove a report", "remove_btn": "Remove", "cited_page": "Cited page",
                "no_page": "This citation has no page image (a text report).",
                "columns": ("Report", "Company", "Year", "Pages", "Passages", "Added"),
                "job": "Indexing", "uploads_off": "Adding reports is off on this server: {why}"},
}
CSS = """
.rq-quote { background: #fff3b0; }
.rq-fig { background: #ffd166; font-weight: 600; }
.rq-cite summary { cursor: pointer; }
.rq-passage { font-size: 0.85em; border-bottom: 1px solid #ddd; padding: 4px 0; }
.rq-why { color: #555; font-size: 0.9em; }
table.rq-table { border-collapse: collapse; font-size: 0.85em; margin: 4px 0; }
table.rq-table th, table.rq-table td { border: 1px solid #ccc; padding: 2px 6px; }
table.rq-table th { background: #f3f3f3; }
td.rq-cell-fig { background: #ffd166; font-weight: 600; }
"""


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def _mark_figure(escaped: str, figure: str | None) -> str:
    if figure and esc(figure) in escaped:
        return escaped.replace(esc(figure), f'<mark class="rq-fig">{esc(figure)}</mark>', 1)
    return escaped


def table_html(header: str, row: str, figure: str | None) -> str:
    """A table row under its header (cells tab-separated), the answer's cell marked."""
    cells = row_cells(row)
    head = header.split("\t") if header else []
    width = max(len(cells), len(head))
    out = ['<table class="rq-table">']
    if head:
        out.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head + [""] * (width - len(head)))
                   + "</tr>")
    tds = []
    marked = False
    number = re.search(r"\d[\d,.]*", figure or "")
    want = _core(number.group() if number else figure or "")
    for cell in cells + [""] * (width - len(cells)):
        hit = bool(want) and not marked and want in _core(cell)
        marked |= hit
        tds.append(f'<td class="rq-cell-fig">{esc(cell)}</td>' if hit else f"<td>{esc(cell)}</td>")
    out.append("<tr>" + "".join(tds) + "</tr></table>")
    return "".join(out)


def _core(text: str) -> str:
    """The digits and letters of a figure: ``'7,050 吨'`` -> ``'7050吨'``.  A table's answer
    cell is found by the first number of the answer (its unit is often stated above the table)."""
    return "".join(ch for ch in text if ch.isalnum() or ch == ".")


def passage_html(chunk, quote_start: int, quote_end: int, figure: str | None) -> str:
    """The passage with the quote (and the figure inside it) marked; a table row as a table."""
    text = chunk.text
    quote = text[quote_start:quote_end]
    if getattr(chunk, "kind", "text") == "table" and "\t" in quote.strip():
        return table_html(chunk.header, quote.strip("\n"), figure)
    before, after = text[:quote_start], text[quote_end:]
    q = _mark_figure(esc(clean(quote)), figure)
    return esc(clean(before)) + f' <mark class="rq-quote">{q}</mark> ' + esc(clean(after))


def render_answer(ans: Answer, lang_ui: str) -> str:
    """HTML for one answer: text, confidence in words, then citations that open to their passage."""
    lab = LABELS[lang_ui]
    parts = [f"<p>{esc(ans.answer)}</p>"]
    if ans.found:
        words = confidence_words(ans.confidence, "en" if lang_ui == "English" else "zh")
        parts.append(f'<p class="rq-conf" title="{ans.confidence:.2f}">{esc(lab["confidence"])}: '
                     f"{esc(words)}</p>")
    for note in ans.notes:
        parts.append(f"<p><em>{esc(note)}</em></p>")
    chunks = {h.chunk.chunk_id: h.chunk for h in ans.hits}
    for c in ans.citations:
        chunk = chunks.get(c.chunk_id)
        passage = (passage_html(chunk, c.start - chunk.start, c.end - chunk.start, c.answer_span)
                   if chunk else esc(clean(c.quote)))
        page = esc(lab["page"].format(p=c.pages)) + " · " if c.pages else ""
        parts.append(
            f'<details class="rq-cite"><summary>[{c.n}] {esc(c.title)} · {c.year or ""} · '
            f"{page}{esc(c.section)}</summary><div>{passage}</div>"
            f"<p><small>{esc(c.chunk_id)}, {lab['chars']} {c.start}–{c.end}</small></p></details>")
    return "\n".join(parts)


def _why(hit, plan, lab: dict) -> str:
    """Why a passage was retrieved: the question's words it holds, and/or its meaning."""
    text = hit.chunk.search_text
    words = []
    for t in (plan.terms if plan is not None else ()):
        found = next((z for z in t.zh if z and z in text), None)
        if found and found not in words:
            words.append(found)
    reasons = [f"{lab['words']}: " + ", ".join(esc(w) for w in words[:5])] if words else []
    if hit.dense_rank is not None and hit.dense_rank <= 10:
        reasons.append(lab["meaning"])
    return " · ".join(reasons)


def render_hits(ans: Answer | None, lang_ui: str) -> str:
    """The passage panel: rank, report, page, section, why it matched, the passage's start."""
    lab = LABELS[lang_ui]
    rows = [f"<h4>{lab['passages']}</h4>"]
    for h in (ans.hits if ans is not None else ()):
        c = h.chunk
        text = clean(c.text)
        page = " · " + esc(lab["page"].format(p=c.pages)) if c.pages else ""
        rows.append(f'<div class="rq-passage"><b>{h.rank}.</b> {esc(c.title)}{page} · '
                    f'{esc(c.section)}<br><span class="rq-why">{_why(h, ans.plan, lab)}</span><br>'
                    f"{esc(text[:160])}{'…' if len(text) > 160 else ''}</div>")
    return "\n".join(rows)


def render_reports(rows: list[dict], lang_ui: str) -> str:
    """The reports panel: title, company, year, pages, passages, when added."""
    lab = LABELS[lang_ui]
    head = "".join(f"<th>{esc(c)}</th>" for c in lab["columns"])
    body = "".join(
        f'<tr data-doc="{esc(r["doc_id"])}"><td>{esc(r["title"])}</td><td>{esc(r["company"])}</td>'
        f'<td>{esc(r["year"] or "")}</td><td>{esc(r["pages"] or "")}</td><td>{esc(r["chunks"])}</td>'
        f'<td>{esc(str(r["added"]).replace("T", " ")[:16])}</td></tr>' for r in rows)
    return (f"<h4>{esc(lab['reports'])}</h4>"
            f'<table class="rq-table"><tr>{head}</tr>{body}</table>')


def render_status(status, lang_ui: str) -> str:
    """The indexing job: stage, progress and ETA while it runs; the outcome when it is done."""
    lab = LABELS[lang_ui]
    if status.state == "idle":
        return ""
    parts = [f"<b>{esc(lab['job'])}</b>: {esc(status.state)}"]
    if status.stage:
        parts.append(esc(status.stage))
    if status.state == "running" and status.total:
        parts.append(f"{status.done}/{status.total}")
        if status.eta_s is not None:
            parts.append(f"ETA {status.eta_s:.0f} s")
    if status.message:
        parts.append(esc(status.message))
    out = " · ".join(parts)
    if status.problems:
        out += "<ul>" + "".join(f"<li>{esc(p)}</li>" for p in status.problems) + "</ul>"
    return f'<div class="rq-job" data-state="{esc(status.state)}">{out}</div>'
