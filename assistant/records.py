"""Answer records returned by ``Assistant.ask``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from indexer.records import Hit


@dataclass(frozen=True)
class Citation:
    """A verbatim quote: ``quote == source_text[start:end]`` of the report file."""

    n: int
    doc_id: str
    title: str
    year: int | None
    section: str
    chunk_id: str
    quote: str
    start: int
    end: int
    answer_span: str | None = None  # the answer (figure, name …) inside the quote, if any
    pages: str = ""  # PDF page(s) of the quote


@dataclass(frozen=True)
class Answer:
    question: str
    lang: str
    answer: str
    answer_span: str | None
    found: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    plan: object = None  # the question's Plan (assistant/plan.py)
    signals: tuple[float, ...] = ()  # what the confidence was computed from (assistant/confidence.py)

    def to_dict(self) -> dict:
        return {
            "question": self.question, "lang": self.lang, "answer": self.answer,
            "answer_span": self.answer_span, "found": self.found,
            "confidence": round(self.confidence, 3),
            "plan": _plan_summary(self.plan),
            "citations": [asdict(c) for c in self.citations],
            "hits": [h.to_dict() for h in self.hits], "notes": list(self.notes),
        }


def _plan_summary(plan) -> dict | None:
    """What the question was read as: its type, years, unit, and each term's Chinese and source."""
    if plan is None:
        return None
    return {"kind": plan.kind, "years": list(plan.years), "units": list(plan.units),
            "terms": [[t.text, list(t.zh), t.source] for t in plan.terms],
            "constraints": [[t.text, list(t.zh), t.source] for t in plan.constraints],
            "bm25_share": round(plan.bm25_share, 3)}
