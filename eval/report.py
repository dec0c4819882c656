"""Print and write evaluation results: a table, results.json, a Markdown report, a plot."""

from __future__ import annotations

import json
from pathlib import Path


def _f(x) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def table(result: dict) -> str:
    head = ("| group | n | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | accuracy | page right | cite prec | "
            "abst prec | abst rec | wrong/given | p50 ms | p95 ms |")
    lines = [head, "|" + "---|" * 15]
    for key, g in result["groups"].items():
        r = g["retrieval"] or {}
        lines.append("| " + " | ".join([key, str(g["n"])] + [_f(r.get(m)) for m in (
            "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")] + [_f(g.get(m)) for m in (
            "accuracy", "page_right", "citation_precision", "abstention_precision", "abstention_recall")]
            + [_f(g.get("wrong_share")) + f" ({g.get('answers_given', '–')})"]
            + [f"{g['latency_ms_p50']:.0f}", f"{g['latency_ms_p95']:.0f}"]) + " |")
    if result.get("calibration"):
        lines += ["", "| confidence | answers | right |", "|---|---|---|"]
        for b in result["calibration"]:
            lines.append(f"| {b['from']:.1f}–{b['to']:.1f} | {b['n']} | {_f(b['right'])} |")
    if "ablations" in result:
        lines += ["", "| retrieval | lang | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 |", "|" + "---|" * 7]
        for name, per in result["ablations"].items():
            for key, r in per.items():
                lines.append(f"| {name} | {key} | " + " | ".join(_f(r[m]) for m in (
                    "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")) + " |")
    return "\n".join(lines)


def write(result: dict, out: Path, *, title: str) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "results.json", out / "report.md"]
    (out / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    (out / "report.md").write_text(f"# {title}\n\n{table(result)}\n", encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return written
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for key, g in result["groups"].items():
        if key.startswith("lang:") and g["retrieval"]:
            r = g["retrieval"]
            ax.plot([1, 5, 10], [r["recall@1"], r["recall@5"], r["recall@10"]], marker="o",
                    label=key[5:])
    ax.set_xlabel("k")
    ax.set_ylabel("recall@k")
    ax.set_ylim(0, 1.02)
    ax.legend()
    ax.set_title("Retrieval recall@k by question language")
    fig.tight_layout()
    fig.savefig(out / "recall.png", dpi=110)
    written.append(out / "recall.png")
    return written
