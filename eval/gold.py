"""Read and check a gold Q&A file (JSON Lines)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import InputError

DEFAULT_GOLD = Path(__file__).with_name("gold.jsonl")


@dataclass(frozen=True)
class GoldItem:
    id: str
    lang: str
    question: str
    answers: list[str]
    evidence: str | None
    doc_id: str | None
    type: str
    split: str = "dev"  # "heldout": written after the tuning; first run in eval/results/heldout-first
    page: int | None = None  # PDF reports: the 1-based page that holds the evidence

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


def norm(text: str) -> str:
    """Whitespace and markdown bold removed: how evidence is matched."""
    return re.sub(r"\s+", "", text.replace("**", ""))


def load_gold(path: Path = DEFAULT_GOLD) -> list[GoldItem]:
    items, seen = [], set()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read gold file {path}: {exc.strerror}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            # also the short form of ../shared/benchmarks/real-reports: q, answer, page
            answers = list(d.get("answers", d.get("answer")) or [])
            kind = d.get("type") or ("number" if answers else "unanswerable")
            item = GoldItem(d["id"], d["lang"], d.get("question", d.get("q")), answers,
                            d.get("evidence"), d.get("doc_id"), kind,
                            d.get("split", "dev"), d.get("page"))
            if not isinstance(item.question, str) or not item.question.strip():
                raise ValueError("no question")
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n} is not a valid gold record ({exc})") from exc
        if item.id in seen:
            raise InputError(f"{path}:{n}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items
