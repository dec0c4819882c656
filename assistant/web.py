"""``reportqa serve``: a Gradio chat page over ``Assistant.ask``.

Each answer shows the answer text and numbered citations; a citation opens
to the cited passage with the quoted sentence and the answer figure marked.
A side panel lists the retrieved passages with their scores.  Everything
from the user or a report is HTML-escaped before it reaches the page.  The
page loads no fonts or scripts from other hosts, has no upload or file
route, and analytics are off.
"""

from __future__ import annotations

import html
import os

from indexer.clean import clean
from indexer.errors import ReportQAError

from .answer import MAX_QUESTION, Assistant
from .examples import example_questions
from .followup import follow_up
from .phrase import confidence_words
from .records import Answer

LABELS = {
    "中文": {"title": "报告问答", "ask": "提问", "placeholder": "输入问题，例如：{zh}",
             "report": "报告", "year": "年份", "all": "全部", "passages": "检索到的段落",
             "empty": "请输入一个问题，或点选下方的示例问题。",
             "too_long": f"问题太长了：最多 {MAX_QUESTION} 个字符。请缩短后再问。",
             "cite": "引用", "chars": "字符", "lang": "界面语言", "examples": "示例问题",
             "confidence": "可信度"},
    "English": {"title": "Report Q&A", "ask": "Ask", "report": "Report", "year": "Year",
                "placeholder": "Type a question, e.g. {en}",
                "all": "All", "passages": "Retrieved passages",
                "empty": "Please type a question, or pick one of the example questions below.",
                "too_long": f"That question is too long: at most {MAX_QUESTION} characters. "
                            "Please shorten it and ask again.",
                "cite": "Citations", "chars": "chars", "lang": "Interface language",
                "examples": "Example questions", "confidence": "Confidence"},
}
ALL = "*"  # the filter value that means every report / every year
CSS = """
.rq-quote { background: #fff3b0; }
.rq-fig { background: #ffd166; font-weight: 600; }
.rq-cite summary { cursor: pointer; }
.rq-passage { font-size: 0.85em; border-bottom: 1px solid #ddd; padding: 4px 0; }
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _passage_html(text: str, quote_start: int, quote_end: int, figure: str | None) -> str:
    """The passage with the quote (and the figure inside it) marked; all escaped."""
    before, quote, after = text[:quote_start], text[quote_start:quote_end], text[quote_end:]
    q = _esc(clean(quote))
    if figure and _esc(figure) in q:
        q = q.replace(_esc(figure), f'<mark class="rq-fig">{_esc(figure)}</mark>', 1)
    return (_esc(clean(before)) + f' <mark class="rq-quote">{q}</mark> ' + _esc(clean(after)))


def render_answer(ans: Answer, chunks_by_id: dict, lang_ui: str) -> str:
    """HTML for one answer: text, then citations that open to their passage."""
    lab = LABELS[lang_ui]
    parts = [f"<p>{_esc(ans.answer)}</p>"]
    if ans.found:
        words = confidence_words(ans.confidence, "en" if lang_ui == "English" else "zh")
        parts.append(f'<p class="rq-conf">{_esc(lab.get("confidence", "Confidence"))}: '
                     f"{_esc(words)} ({ans.confidence:.2f})</p>")
    for note in ans.notes:
        parts.append(f"<p><em>{_esc(note)}</em></p>")
    for c in ans.citations:
        chunk = chunks_by_id.get(c.chunk_id)
        passage = (_passage_html(chunk.text, c.start - chunk.start, c.end - chunk.start, c.answer_span)
                   if chunk else _esc(clean(c.quote)))
        parts.append(
            f'<details class="rq-cite"><summary>[{c.n}] {_esc(c.title)} · {c.year or ""} · '
            + (f"p. {_esc(c.pages)} · " if c.pages else "")
            + f"{_esc(c.section)}</summary><p>{passage}</p>"
            f"<p><small>{_esc(c.chunk_id)}, {lab['chars']} {c.start}–{c.end}</small></p></details>")
    return "\n".join(parts)


def render_hits(ans: Answer | None, lang_ui: str) -> str:
    lab = LABELS[lang_ui]
    if ans is None:
        return f"<h4>{lab['passages']}</h4>"
    rows = [f"<h4>{lab['passages']}</h4>"]
    for h in ans.hits:
        c = h.chunk
        text = clean(c.text)
        rows.append(f'<div class="rq-passage"><b>{h.rank}.</b> {h.score:.4f} · {_esc(c.title)} · '
                    f"{_esc(c.section)}<br>{_esc(text[:160])}{'…' if len(text) > 160 else ''}</div>")
    return "\n".join(rows)


def respond(assistant: Assistant, message: str, history: list, lang_ui: str, report: str,
            year: str, chunks_by_id: dict) -> tuple[list, str, str]:
    """One turn of the chat: (new history, side panel HTML, cleared textbox)."""
    lab = LABELS.get(lang_ui, LABELS["English"])
    history = list(history or [])
    text = (message or "").strip()
    if not text:
        return history + [{"role": "assistant", "content": lab["empty"]}], render_hits(None, lang_ui), ""
    if len(text) > MAX_QUESTION:
        return (history + [{"role": "user", "content": _esc(text[:80]) + "…"},
                           {"role": "assistant", "content": lab["too_long"]}],
                render_hits(None, lang_ui), "")
    previous = next((m["content"] for m in reversed(history) if m["role"] == "user"), None)
    question = follow_up(html.unescape(previous) if previous else None, text)
    doc_id = None if report in (None, "", ALL) else report
    year_n = int(year) if year and str(year).isdigit() else None
    try:
        ans = assistant.ask(question, year=year_n, doc_id=doc_id)
    except ReportQAError as exc:
        return (history + [{"role": "user", "content": _esc(text)},
                           {"role": "assistant", "content": _esc(str(exc))}],
                render_hits(None, lang_ui), "")
    shown = _esc(text) if question == text else f"{_esc(text)} <small>({_esc(question)})</small>"
    history += [{"role": "user", "content": shown},
                {"role": "assistant", "content": render_answer(ans, chunks_by_id, lang_ui)}]
    return history, render_hits(ans, lang_ui), ""


def build_app(assistant: Assistant):
    """The Gradio Blocks app (not launched)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    import gradio as gr

    chunks_by_id = {c.chunk_id: c for c in assistant.retriever.chunks}
    examples = example_questions(assistant.retriever.chunks, assistant.glossary)
    en = next((q for q in examples if q.isascii()), "What was the revenue in 2022?")
    zh = next((q for q in examples if not q.isascii()), "2022年营业收入是多少？")

    def hint(labels: dict) -> str:
        return labels["placeholder"].format(en=en, zh=zh)

    reports = sorted({c.doc_id for c in assistant.retriever.chunks})
    years = sorted({str(c.year) for c in assistant.retriever.chunks if c.year})
    lab = LABELS["中文"]
    with gr.Blocks(title="reportqa", analytics_enabled=False) as app:
        title = gr.Markdown(f"## {lab['title']}")
        with gr.Row():
            lang_ui = gr.Radio(list(LABELS), value="中文", label=lab["lang"], elem_id="lang")
            report = gr.Dropdown([(lab["all"], ALL), *reports], value=ALL, label=lab["report"],
                                 elem_id="report")
            year = gr.Dropdown([(lab["all"], ALL), *years], value=ALL, label=lab["year"],
                               elem_id="year")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(elem_id="chat", height=520, sanitize_html=True)
                with gr.Row():
                    box = gr.Textbox(placeholder=hint(lab), show_label=False, scale=5,
                                     elem_id="question", max_lines=4)
                    send = gr.Button(lab["ask"], variant="primary", scale=1, elem_id="send")
                if examples:
                    gr.Examples(examples, inputs=[box], label=lab["examples"])
            with gr.Column(scale=2):
                side = gr.HTML(render_hits(None, "中文"), elem_id="passages")

        def turn(message, history, lang, rep, yr):
            return respond(assistant, message, history, lang, rep, yr, chunks_by_id)

        io = ([box, chat, lang_ui, report, year], [chat, side, box])
        send.click(turn, *io, api_name="turn", concurrency_limit=4, concurrency_id="ask")
        box.submit(turn, *io, api_visibility="private", concurrency_limit=4,
                   concurrency_id="ask")

        def relabel(lang):
            lb = LABELS[lang]
            return (gr.update(value=f"## {lb['title']}"), gr.update(label=lb["lang"]),
                    gr.update(label=lb["report"], choices=[(lb["all"], ALL), *reports]),
                    gr.update(label=lb["year"], choices=[(lb["all"], ALL), *years]),
                    gr.update(placeholder=hint(lb)), gr.update(value=lb["ask"]),
                    gr.update(value=render_hits(None, lang)))

        lang_ui.change(relabel, [lang_ui], [title, lang_ui, report, year, box, send, side],
                       api_visibility="private")
    app.queue(default_concurrency_limit=4, max_size=64)
    return app


def serve(assistant: Assistant, *, host: str = "127.0.0.1", port: int = 7860,
          auth: tuple[str, str] | None = None, ready=None):
    """Launch the page and block; ``ready(url)`` is called once it is up."""
    import gradio as gr

    app = build_app(assistant)
    theme = gr.themes.Default(font=["system-ui", "sans-serif"],
                              font_mono=["ui-monospace", "monospace"])
    app.launch(server_name=host, server_port=port, share=False, auth=auth,
               prevent_thread_lock=True, show_error=False, footer_links=[], theme=theme,
               css=CSS, allowed_paths=[], ssr_mode=False, mcp_server=False, quiet=True,
               enable_monitoring=False, pwa=False)
    if ready:
        ready(f"http://{host}:{port}")
    app.block_thread()
