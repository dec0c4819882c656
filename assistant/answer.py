"""``Assistant.ask``: retrieve, pick the answering sentence, cite it verbatim.

The answerer is extractive: the answer span is a figure or phrase copied
from a report sentence, and every citation is a quote with its character
offsets in the source file.  It abstains (``found=False``) when no sentence
holds enough of the question, or when the question names a year that no
report and no candidate sentence covers; and it withholds an answer the
confidence model finds more likely wrong than right (``confidence.gives``),
quoting that sentence first among the closest passages.
"""

from __future__ import annotations

from pathlib import Path

from indexer.chunk import page_span
from indexer.errors import InputError
from indexer.records import Hit
from indexer.wrapped_rows import row_cells

from .confidence import calibrated, features, gives, margin
from .extract import Candidate, score_candidates, states_year, yes_no
from .figures import plain
from .glossary import Glossary
from .phrase import found_text, not_found_text, short_section, source_name, unsure_text, years_note
from .records import Answer, Citation
from .retrieve import LABELLED_DEPTH, Retriever, labelled

MAX_QUESTION = 500  # characters kept from a question; the rest is cut with a note
FOUND_COVERAGE = 0.25  # share of the question's weighted terms the answer must hold
DECLINED_CAP = 0.49  # a declined answer's confidence stays below every "found" band
# another report states the same fact when its best sentence is nearly as good (dev split)
ALSO_COVERAGE = 0.85
ALSO_SCORE = 0.8
TOP_K = 8


def _verdict(sentence: str, plan) -> str:
    yes, lang = yes_no(sentence, plan.question), plan.lang
    return ("Yes" if yes else "No") if lang == "en" else ("是" if yes else "否")


CELL_CHARS = 40  # longer cells are shortened in the row summary (the citation has them whole)


def _short_cell(cell: str, span: str | None) -> str:
    """A long cell cut to ``CELL_CHARS``, around the answer when it holds it."""
    if len(cell) <= CELL_CHARS:
        return cell
    at = cell.find(span) if span else -1
    if at < 0:
        return cell[:CELL_CHARS] + "…"
    start = max(0, min(at - CELL_CHARS // 2, len(cell) - CELL_CHARS))
    return ("…" if start else "") + cell[start : start + CELL_CHARS] + (
        "…" if start + CELL_CHARS < len(cell) else "")


def _row_summary(c: Candidate) -> str:
    """``'外购电力: 2022 = 424.95, 2021 = 527.69, 单位 = 兆瓦时'``; long cells shortened."""
    cells = [plain(x) for x in row_cells(c.unit.text)]
    header = c.header or []
    span = plain(c.span) if c.span else None
    pairs = [f"{h} = {_short_cell(v, span)}" for h, v in zip(header[1:], cells[1:]) if h and v]
    return f"{_short_cell(cells[0], span)}: " + ", ".join(pairs)


class Assistant:
    """Question answering over one index; build once, ask many times."""

    def __init__(self, retriever: Retriever):
        self.retriever = retriever
        self.glossary: Glossary = retriever.glossary
        self._meta = retriever.reports

    @classmethod
    def open(cls, index_dir: Path | None = None, **kwargs) -> Assistant:
        return cls(Retriever.open(index_dir, **kwargs))

    def _cite(self, n: int, c: Candidate) -> Citation:
        ch = c.hit.chunk
        return Citation(n, ch.doc_id, ch.title, ch.year, ch.section, ch.chunk_id,
                        c.unit.text, c.start, c.end, c.span, self._pages(ch, c.start, c.end))

    def _pages(self, chunk, start: int, end: int) -> str:
        """The page(s) of the quoted sentence or row itself, not of its whole chunk."""
        starts = self.retriever.report_meta.get(chunk.doc_id, {}).get("page_starts")
        return page_span(tuple(starts), start, end) if starts else chunk.pages

    def _source(self, c: Candidate, lang: str) -> str:
        ch = c.hit.chunk
        return source_name(self._meta.get(ch.doc_id, {}) | self._report_meta(ch.doc_id), lang,
                           ch.year, ch.title)

    def _report_meta(self, doc_id: str) -> dict:
        """The report's stored metadata (title_en, company_en …), empty values left out."""
        return {k: v for k, v in self.retriever.report_meta.get(doc_id, {}).items() if v}

    def ask(self, question: str, *, year: int | None = None, doc_id: str | None = None,
            k: int = TOP_K, withhold: bool = True) -> Answer:
        """Answer ``question`` from the reports; see the module docstring."""
        notes = []
        question = "".join(ch for ch in str(question or "") if ch.isprintable() or ch in "\n\t")
        question = question.encode("utf-8", "replace").decode("utf-8").strip()
        if not question:
            raise InputError("the question is empty; type a question, e.g. 识别了多少个欺诈团伙？")
        if len(question) > MAX_QUESTION:
            question = question[:MAX_QUESTION]
            notes.append(f"question cut to its first {MAX_QUESTION} characters")
        plan = self.retriever.plan(question)
        if year is None and doc_id is None and plan.report_year in self.retriever.years:
            year = plan.report_year  # "in the 2022 report": read that report only
        figure = plan.kind in ("amount", "percentage", "count")
        deep = self.retriever.search(plan, k=max(k, LABELLED_DEPTH) if figure else k, year=year, doc_id=doc_id)
        hits = deep[:k]
        passages = hits
        if figure:  # headline tables, and rows labelled as asked further down, are read too
            seen = {h.chunk.chunk_id for h in hits}
            docs = {h.chunk.doc_id for h in hits}  # the reports retrieval found: theirs only
            more = [c for c in self.retriever.headline(docs, year=year, doc_id=doc_id) if c.chunk_id not in seen]
            seen |= {c.chunk_id for c in more}
            more += [c for c in labelled(plan, deep, skip=k) if c.chunk_id not in seen]
            passages = hits + [Hit(len(hits) + i, 0.0, c) for i, c in enumerate(more, 1)]
        lexicon = self.retriever.lexicon
        cands = score_candidates(plan, passages, surnames=lexicon.surnames, words=lexicon.words)
        fitting = [c for c in cands if c.fits]
        needs_span = plan.wants_figure or plan.kind in ("contact", "person")
        if needs_span:  # a figure (or phone, or name) question is answered by one
            fitting = [c for c in fitting if c.span] or fitting
        best = fitting[0] if fitting else None
        found = best is not None and best.coverage >= FOUND_COVERAGE
        if found and needs_span and best.span is None:
            found = False
        years_named = set(plan.years) | ({year} if year else set())
        covered = set(self.retriever.years)
        if found and years_named and not (years_named & covered):
            found = states_year(best, years_named)
        signals = tuple(features(best, plan, lead=margin(best, fitting))) if found else ()
        unsure = found and withhold and not gives(signals)
        if unsure or not found:
            cites = self._closest([best] + cands if unsure else cands)  # the unsure one first
            near = best or (cands[0] if cands else None)
            text = unsure_text(plan.lang) if unsure else not_found_text(plan.lang)
            if years_named and not (years_named & covered) and covered:
                text += years_note(plan.lang, sorted(covered))
            sure = min(calibrated(signals), near.coverage) if unsure else (near.coverage if near else 0.0)
            return Answer(question, plan.lang, text, None, False, round(min(sure, DECLINED_CAP), 3),
                          cites, hits, notes, plan=plan, signals=signals)

        chosen = [best] + self._also(best, fitting, plan, years_named)
        chosen.sort(key=lambda c: -(c.hit.chunk.year or 0))
        cites = [self._cite(i, c) for i, c in enumerate(chosen, 1)]
        parts = []
        for cite, c in zip(cites, chosen):
            shown = c.span or plain(c.unit.text)
            if c.unit.row and c.header and plan.lang != "en":
                shown += f" ({_row_summary(c)})"
            if plan.kind == "yesno":
                shown = _verdict(c.unit.text, plan) + " — " + plain(c.unit.text)
            where = short_section(c.hit.chunk.section)
            if cite.pages:
                where = f"p. {cite.pages}, {where}" if plan.lang == "en" else f"第{cite.pages}页，{where}"
            parts.append((shown, self._source(c, plan.lang), where, cite.n))
        note = ""
        if len(chosen) > 1 and len({c.span for c in chosen}) > 1:
            note = ("The reports give different figures; both are cited, newest report first."
                    if plan.lang == "en" else "两份报告的数字不同，均已列出（新报告在前）。")
        text = found_text(plan.lang, parts, self.glossary, note, plan=plan)
        span = _verdict(best.unit.text, plan) if plan.kind == "yesno" else best.span
        return Answer(question, plan.lang, text, span, True, round(calibrated(signals), 3), cites,
                      hits, notes, plan=plan, signals=signals)

    def _also(self, best: Candidate, cands: list[Candidate], plan, years: set[int]) -> list[Candidate]:
        """The same fact stated by another report (another year, or a restatement)."""
        others = [c for c in cands if c.hit.chunk.doc_id != best.hit.chunk.doc_id
                  and c.span and c.coverage >= max(FOUND_COVERAGE, ALSO_COVERAGE * best.coverage)
                  and c.score >= ALSO_SCORE * best.score]
        if not others:
            return []
        other = others[0]
        if years and not any(str(y) in other.unit.text or (other.header and any(
                str(y) in h for h in other.header)) for y in years):
            return []
        return [other]

    def _closest(self, cands: list[Candidate], n: int = 3) -> list[Citation]:
        out, seen = [], set()
        for c in cands:
            if c.hit.chunk.chunk_id in seen:
                continue
            seen.add(c.hit.chunk.chunk_id)
            out.append(self._cite(len(out) + 1, c))
            if len(out) == n:
                break
        return out
