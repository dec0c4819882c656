"""``reportqa serve``: the chat page, a workspace over ``Assistant.ask``.

Ask in the chat; each answer shows its text, its confidence in words and
numbered citations that open to the passage (a table row as a table).  A PDF
citation can be shown as the printed page with the quote boxed (through a
Gradio image, not a file route).  The side panel lists the retrieved passages
with why they matched, the indexed reports, an upload box and the indexing
job's progress; added or removed reports are indexed in the background
(``workspace.py``) while the page keeps answering.  HTML comes from
``web_html.py``, where everything is escaped.  No fonts or scripts from other
hosts; analytics are off.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from indexer.convert import cache_dir
from indexer.errors import ReportQAError

from .answer import MAX_QUESTION, Assistant
from .examples import example_questions
from .followup import follow_up
from .page_image import render_cited_page
from .web_html import CSS, LABELS, esc, render_answer, render_hits, render_reports, render_status
from .workspace import Workspace

ALL = "*"  # the filter value that means every report / every year


def respond(assistant: Assistant, message: str, history: list, lang_ui: str, report: str,
            year: str) -> tuple[list, str, str, list]:
    """One turn of the chat: (new history, side panel HTML, cleared textbox, citations)."""
    lab = LABELS.get(lang_ui, LABELS["English"])
    history = list(history or [])
    text = (message or "").strip()
    if not text:
        return history + [{"role": "assistant", "content": lab["empty"]}], render_hits(None, lang_ui), "", []
    if len(text) > MAX_QUESTION:
        return (history + [{"role": "user", "content": esc(text[:80]) + "…"},
                           {"role": "assistant", "content": lab["too_long"].format(n=MAX_QUESTION)}],
                render_hits(None, lang_ui), "", [])
    previous = next((m["content"] for m in reversed(history) if m["role"] == "user"), None)
    question = follow_up(html.unescape(previous) if previous else None, text)
    doc_id = None if report in (None, "", ALL) else report
    year_n = int(year) if year and str(year).isdigit() else None
    try:
        ans = assistant.ask(question, year=year_n, doc_id=doc_id)
    except ReportQAError as exc:
        return (history + [{"role": "user", "content": esc(text)},
                           {"role": "assistant", "content": esc(str(exc))}],
                render_hits(None, lang_ui), "", [])
    shown = esc(text) if question == text else f"{esc(text)} <small>({esc(question)})</small>"
    history += [{"role": "user", "content": shown},
                {"role": "assistant", "content": render_answer(ans, lang_ui)}]
    cites = [{"n": c.n, "doc_id": c.doc_id, "pages": c.pages, "quote": c.quote,
              "span": c.answer_span, "title": c.title} for c in ans.citations]
    return history, render_hits(ans, lang_ui), "", cites


def _filters(ws: Workspace, lab: dict) -> tuple[list, list]:
    rows = ws.reports()
    reports = [(lab["all"], ALL)] + [(f"{r['title']}", r["doc_id"]) for r in rows]
    years = [(lab["all"], ALL)] + [(str(y), str(y)) for y in sorted({r["year"] for r in rows if r["year"]})]
    return reports, years


def cited_page(ws: Workspace, cite: dict) -> Path | None:
    """The printed page of a PDF citation with the quote boxed (its first page that holds the
    quote); None for a text report."""
    path = ws.source_file(cite["doc_id"])
    if path is None or path.suffix.lower() != ".pdf" or not cite.get("pages"):
        return None
    first, _, last = str(cite["pages"]).partition("-")
    for page in range(int(first), int(last or first) + 1):
        img = render_cited_page(path, page, cite["quote"], cite.get("span"), cache_dir() / "pages")
        if img.boxed or page == int(last or first):
            return img.path
    return None


def build_app(ws: Workspace):
    """The Gradio Blocks app (not launched)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    import gradio as gr

    first = ws.assistant
    examples = example_questions(first.retriever.chunks, first.glossary)
    en = next((q for q in examples if q.isascii()), "What was the revenue in 2022?")
    zh = next((q for q in examples if not q.isascii()), "2022年营业收入是多少？")

    def hint(labels: dict) -> str:
        return labels["placeholder"].format(en=en, zh=zh)

    lab = LABELS["中文"]
    reports, years = _filters(ws, lab)
    with gr.Blocks(title="reportqa", analytics_enabled=False) as app:
        title = gr.Markdown(f"## {lab['title']}")
        with gr.Row():
            lang_ui = gr.Radio(list(LABELS), value="中文", label=lab["lang"], elem_id="lang")
            report = gr.Dropdown(reports, value=ALL, label=lab["report"], elem_id="report")
            year = gr.Dropdown(years, value=ALL, label=lab["year"], elem_id="year")
        cites = gr.State([])
        seen = gr.State(ws.version)
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(elem_id="chat", height=520, sanitize_html=True)
                with gr.Row():
                    box = gr.Textbox(placeholder=hint(lab), show_label=False, scale=5,
                                     elem_id="question", max_lines=4)
                    send = gr.Button(lab["ask"], variant="primary", scale=1, elem_id="send")
                if examples:
                    gr.Examples(examples, inputs=[box], label=lab["examples"])
                pick = gr.Radio([], label=lab["cited_page"], elem_id="cite-pick")
                page_note = gr.HTML("", elem_id="page-note")
                page_img = gr.Image(None, show_label=False, interactive=False, elem_id="page-image",
                                    type="pil", format="png", visible=False)
            with gr.Column(scale=2):
                side = gr.HTML(render_hits(None, "中文"), elem_id="passages")
                panel = gr.HTML(render_reports(ws.reports(), "中文"), elem_id="reports")
                if ws.corpus is not None:
                    upload = gr.File(label=lab["add"], file_count="multiple", type="filepath",
                                     file_types=[".pdf", ".docx", ".txt", ".md"], elem_id="upload")
                    with gr.Row():
                        drop = gr.Dropdown(reports[1:], value=None, label=lab["remove"],
                                           elem_id="remove-pick", scale=3)
                        remove = gr.Button(lab["remove_btn"], elem_id="remove", scale=1)
                else:
                    gr.HTML(f"<p>{esc(lab['uploads_off'].format(why=ws.uploads_off))}</p>")
                job = gr.HTML(render_status(ws.status, "中文"), elem_id="job")

        def turn(message, history, lang, rep, yr):
            history, side_html, cleared, found = respond(ws.assistant, message, history, lang, rep, yr)
            choices = [(f"[{c['n']}] " + (LABELS[lang]["page"].format(p=c["pages"]) if c["pages"]
                                          else c["title"]), i) for i, c in enumerate(found)]
            return (history, side_html, cleared, found, gr.update(choices=choices, value=None),
                    gr.update(value=None, visible=False), "")

        io = ([box, chat, lang_ui, report, year], [chat, side, box, cites, pick, page_img, page_note])
        send.click(turn, *io, api_name="turn", concurrency_limit=4, concurrency_id="ask")
        box.submit(turn, *io, api_visibility="private", concurrency_limit=4, concurrency_id="ask")

        def show_page(i, found, lang):
            if i is None or not found or i >= len(found):
                return gr.update(value=None, visible=False), ""
            path = cited_page(ws, found[i])
            if path is None:
                return gr.update(value=None, visible=False), esc(LABELS[lang]["no_page"])
            from PIL import Image

            with Image.open(path) as im:
                return gr.update(value=im.copy(), visible=True), ""

        pick.change(show_page, [pick, cites, lang_ui], [page_img, page_note],
                    api_visibility="private")

        def tick(version, lang, rep, yr):
            status = render_status(ws.status, lang)
            if version == ws.version:
                return (version, status, gr.skip(), gr.skip(), gr.skip()) + (
                    (gr.skip(),) if ws.corpus is not None else ())
            lb = LABELS[lang]
            reps, yrs = _filters(ws, lb)
            out = (ws.version, status, render_reports(ws.reports(), lang),
                   gr.update(choices=reps, value=rep if rep in dict(reps).values() else ALL),
                   gr.update(choices=yrs, value=yr if yr in dict(yrs).values() else ALL))
            return out + ((gr.update(choices=reps[1:], value=None),) if ws.corpus is not None else ())

        tick_out = [seen, job, panel, report, year] + ([drop] if ws.corpus is not None else [])
        gr.Timer(1.0).tick(tick, [seen, lang_ui, report, year], tick_out, api_visibility="private",
                           show_progress="hidden", concurrency_id="tick")

        if ws.corpus is not None:
            def add(files, lang):
                stored, problems = [], []
                for f in files or []:
                    name = Path(f).name
                    try:
                        stored.append(ws.add(Path(f), name).name)
                    except ReportQAError as exc:
                        problems.append(str(exc))
                    finally:
                        Path(f).unlink(missing_ok=True)  # Gradio's upload copy: the corpus has ours
                if stored:
                    ws.reindex(tuple(stored))
                msg = "".join(f"<p>{esc(p)}</p>" for p in problems)
                return None, msg + render_status(ws.status, lang)

            upload.upload(add, [upload, lang_ui], [upload, job], api_visibility="private",
                          concurrency_limit=1, concurrency_id="change")

            def drop_report(doc_id, lang):
                if not doc_id:
                    return render_status(ws.status, lang)
                try:
                    ws.remove(doc_id)
                except ReportQAError as exc:
                    return f"<p>{esc(str(exc))}</p>" + render_status(ws.status, lang)
                ws.reindex()
                return render_status(ws.status, lang)

            remove.click(drop_report, [drop, lang_ui], [job], api_visibility="private",
                         concurrency_limit=1, concurrency_id="change")

        def relabel(lang):
            lb = LABELS[lang]
            reps, yrs = _filters(ws, lb)
            return (gr.update(value=f"## {lb['title']}"), gr.update(label=lb["lang"]),
                    gr.update(label=lb["report"], choices=reps),
                    gr.update(label=lb["year"], choices=yrs),
                    gr.update(placeholder=hint(lb)), gr.update(value=lb["ask"]),
                    gr.update(value=render_hits(None, lang)),
                    gr.update(value=render_reports(ws.reports(), lang)),
                    gr.update(label=lb["cited_page"]))

        lang_ui.change(relabel, [lang_ui],
                       [title, lang_ui, report, year, box, send, side, panel, pick],
                       api_visibility="private")
    app.queue(default_concurrency_limit=4, max_size=64)
    return app


def serve(ws: Workspace, *, host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None, ready=None):
    """Launch the page and block; ``ready(url)`` is called once it is up."""
    import gradio as gr

    app = build_app(ws)
    theme = gr.themes.Default(font=["system-ui", "sans-serif"],
                              font_mono=["ui-monospace", "monospace"])
    app.launch(server_name=host, server_port=port, share=False, auth=auth,
               prevent_thread_lock=True, show_error=False, footer_links=[], theme=theme,
               css=CSS, allowed_paths=[], ssr_mode=False, mcp_server=False, quiet=True,
               enable_monitoring=False, pwa=False,
               max_file_size=f"{ws.limits.max_mb:g}mb" if ws.corpus is not None else "1kb")
    if ready:
        ready(f"http://{host}:{port}")
    app.block_thread()
