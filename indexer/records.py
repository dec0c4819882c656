"""Small frozen records passed between the indexer and the assistant."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Report:
    """One source file of the corpus, decoded, with its metadata."""

    doc_id: str
    path: str
    title: str
    year: int | None
    text: str
    sha256: str
    title_en: str = ""
    company: str = ""
    company_en: str = ""
    period: str = ""
    language: str = "zh-Hans"
    page_starts: tuple[int, ...] = ()  # PDF: offset where each page begins in ``text``


@dataclass(frozen=True)
class Heading:
    """A heading line: its level (1 = chapter), title and character span."""

    level: int
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A passage: ``text`` is exactly ``source[start:end]``; ``search_text`` is
    the cleaned text (with its heading path) that is embedded and indexed."""

    chunk_id: str
    doc_id: str
    title: str
    year: int | None
    section: str
    start: int
    end: int
    text: str
    search_text: str
    kind: str = "text"
    pages: str = ""  # "33" or "33-34" for PDF reports, "" otherwise
    header: str = ""  # a table chunk: the header row of its table (cells tab-separated)
    unit: str = ""  # a table chunk: the unit its table states above it ("元", "万元", "人民币元")

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its rank and fused score."""

    rank: int
    score: float
    chunk: Chunk
    dense_rank: int | None = None
    bm25_rank: int | None = None

    def to_dict(self) -> dict:
        c = self.chunk
        return {
            "rank": self.rank, "score": round(self.score, 6), "chunk_id": c.chunk_id,
            "doc_id": c.doc_id, "title": c.title, "year": c.year, "section": c.section,
            "text": c.text, "start": c.start, "end": c.end, "pages": c.pages,
        }
