"""The full `reportqa` command: the assistant's commands plus eval and bench.

This module sits above both packages (indexer <- assistant <- eval), so the
assistant never imports the evaluation code.  Argument parsing and printing
only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.cli import add_common, build_parser, print_err, run
from indexer.errors import ReportQAError


def _save(result: dict, out: str | None) -> int:
    """Write ``results.json`` into ``out`` when asked."""
    if out:
        path = Path(out)
        path.mkdir(parents=True, exist_ok=True)
        (path / "results.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        print_err(f"wrote {path / 'results.json'}")
    return 0


def _print_modes(result: dict, modes, metrics) -> None:
    """A Markdown table: one row per retrieval mode, one column per metric."""
    print("| retrieval | " + " | ".join(metrics) + " |\n|" + "---|" * (len(metrics) + 1))
    for mode in modes:
        print(f"| {mode} | " + " | ".join(f"{result[mode][m]:.3f}" for m in metrics) + " |")


def _eval_cmrc(a) -> int:
    from eval.cmrc import run
    from indexer.store import default_index_dir

    index_dir = Path(a.index) if a.index else default_index_dir().parent / "cmrc2018"
    r = run(index_dir, data=a.data, limit=a.limit, log=print_err)
    if a.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        print(f"CMRC 2018 dev: {r['paragraphs']} paragraphs, {r['questions']} questions, "
              f"{r['seconds']:.0f} s")
        _print_modes(r, ("bm25", "dense", "hybrid"), ("recall@1", "recall@5", "mrr@10"))
        ans = r["answers"]
        print(f"answers: exact match {ans['exact_match']:.3f}, F1 {ans['f1']:.3f}, "
              f"ask p50 {ans['ask_ms_p50']:.0f} ms")
    return _save(r, a.out)


def _eval_tatoeba(a) -> int:
    from eval.tatoeba import MODES, run
    from indexer.store import default_index_dir

    index_dir = Path(a.index) if a.index else default_index_dir().parent / "tatoeba"
    r = run(index_dir, data=a.data, limit=a.limit, log=print_err)
    if a.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        print(f"Tatoeba cmn-eng: {r['queries']} English queries over {r['sentences']} Chinese "
              f"sentences, {r['seconds']:.0f} s")
        _print_modes(r, MODES, ("accuracy@1", "recall@5", "mrr@10"))
    return _save(r, a.out)


def _cmd_eval(a) -> int:
    from assistant.answer import Assistant
    from eval.gold import DEFAULT_GOLD, load_gold
    from eval.report import table, write
    from eval.run import evaluate

    if a.benchmark == "cmrc2018":
        return _eval_cmrc(a)
    if a.benchmark == "tatoeba":
        return _eval_tatoeba(a)
    if a.benchmark:
        raise ReportQAError(f"unknown benchmark {a.benchmark!r}; use cmrc2018 or tatoeba")
    items = load_gold(Path(a.gold) if a.gold else DEFAULT_GOLD)
    assistant = Assistant.open(a.index, log=print_err)
    result = evaluate(assistant, items, compare=a.compare)
    if a.json:
        print(json.dumps({k: v for k, v in result.items() if k != "rows"}, ensure_ascii=False))
    else:
        print(table(result))
    if a.out:
        for p in write(result, Path(a.out), title=f"reportqa evaluation ({len(items)} questions)"):
            print_err(f"wrote {p}")
    return 0


def _cmd_bench(a) -> int:
    from eval.bench import run

    if a.scale:
        from eval.scale_bench import run_scale
        from indexer.store import default_index_dir

        run_scale(a.scale_corpus, Path(a.index) if a.index else default_index_dir(), Path(a.out),
                  passages=a.passages, skip_builds=a.no_builds, log=print_err)
        print(f"Wrote {Path(a.out) / 'scale.json'}")
        return 0
    if a.page_images:
        from eval.page_bench import page_image_figures

        print(json.dumps(page_image_figures(Path(a.page_images), limit=a.limit), ensure_ascii=False))
        return 0

    sizes = [int(x) for x in a.sizes.split(",") if x.strip()] if a.sizes else []
    run(Path(a.corpus), Path(a.out), sizes=sizes, cold_runs=a.cold_runs, log=print_err)
    print(f"Wrote {Path(a.out) / 'bench.json'} and {Path(a.out) / 'scaling.png'}")
    return 0


def add_commands(sub) -> None:
    """Add ``eval`` and ``bench`` to the assistant's parser."""
    p = sub.add_parser("eval", help="evaluate retrieval and answers on a gold Q&A set")
    p.add_argument("benchmark", nargs="?", default=None,
                   help="a public benchmark instead of the gold set: cmrc2018 or tatoeba")
    p.add_argument("--data", default=None, metavar="PATH",
                   help="benchmark data (default: ../shared/benchmarks/cmrc2018/cmrc2018_dev.json "
                        "or ../shared/benchmarks/tatoeba-cmn-eng)")
    p.add_argument("--limit", type=int, default=None, help="benchmark: only the first N questions")
    p.add_argument("--gold", default=None, help="gold JSON Lines file (default: eval/gold.jsonl)")
    add_common(p)
    p.add_argument("--compare", action="store_true",
                   help="also run the retrieval ablations (bm25, dense, hybrid, hybrid+glossary)")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="write results.json, report.md and recall.png here")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("bench", help="measure build time, latency, cold start, memory, scaling")
    add_common(p, corpus=True)
    p.add_argument("--out", default="eval/results/bench", help="output folder")
    p.add_argument("--sizes", default="10000,100000,1000000",
                   help="synthetic corpus sizes for the scaling runs ('' to skip)")
    p.add_argument("--cold-runs", type=int, default=5, help="fresh `reportqa ask` runs to time")
    p.add_argument("--scale", action="store_true",
                   help="only the scale figures: local vs Ray builds (workers 1 and 2), Milvus Lite "
                        "vs FAISS (needs reportqa[scale])")
    p.add_argument("--scale-corpus", action="append", default=None, metavar="DIR",
                   help="--scale: a corpus to build, may be repeated (default "
                        "../shared/benchmarks/real-reports)")
    p.add_argument("--passages", type=int, default=100_000, help="--scale: vectors in Milvus")
    p.add_argument("--no-builds", action="store_true", help="--scale: skip the build timings")
    p.add_argument("--page-images", default=None, metavar="PDF",
                   help="only time the cited-page images of this PDF (every page, a quote boxed)")
    p.add_argument("--limit", type=int, default=None, help="--page-images: only the first N pages")
    p.set_defaults(func=_cmd_bench)



def main(argv: list[str] | None = None) -> int:
    parser, sub = build_parser()
    add_commands(sub)
    return run(parser, argv)


if __name__ == "__main__":
    sys.exit(main())
