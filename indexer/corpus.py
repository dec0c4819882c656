"""Find the reports in a corpus folder (.txt, .md, .pdf, .docx) and read them.

Metadata comes from ``reports.json`` in the folder (keyed by file name) when
it has an entry for the file, and is otherwise inferred: the title from the
first substantial line, the year from the file name or the title.  Files
that cannot be read are reported by name and skipped; they never stop the
rest of the corpus from being indexed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .about import infer_about
from .errors import CorpusError
from .records import Report
from .textparts import YEAR as _YEAR

SUFFIXES = (".txt", ".md", ".pdf", ".docx")
METADATA_FILE = "reports.json"

_SKIP_NAMES = {"readme.md", "sources.md", "license.md", "changelog.md"}


def report_files(corpus: Path) -> list[Path]:
    """Report files in ``corpus`` (not recursive), sorted by name."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise CorpusError(
            f"corpus folder {corpus} does not exist; pass --corpus DIR or set REPORTQA_CORPUS")
    return sorted(
        p for p in corpus.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.name.lower() not in _SKIP_NAMES
        and not p.name.startswith(".")
    )


def load_metadata(corpus: Path) -> dict:
    path = Path(corpus) / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path} is not valid JSON ({exc}); fix or delete it") from exc
    if not isinstance(data, dict):
        raise CorpusError(f"{path} must hold an object keyed by file name")
    return data


def decode(raw: bytes, name: str, warn=None) -> str:
    """UTF-8 (with or without BOM), else GB18030; binary files are refused.

    A UTF-8 file with a few invalid bytes is read with U+FFFD in their place
    (and a warning), rather than misread as GB18030.
    """
    if b"\x00" in raw[:4096]:
        raise CorpusError(f"{name} looks binary (NUL bytes); save the report as UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(text) // 1000):
        if warn:
            warn(f"{name}: {bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD; "
                 "fix the file to index those characters")
        return text.removeprefix("\ufeff")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise CorpusError(
            f"{name} is neither UTF-8 nor GB18030; convert it to UTF-8 "
            "(e.g. iconv -f ENCODING -t UTF-8)") from None


def _infer_title(text: str, fallback: str) -> str:
    for line in text.splitlines()[:60]:
        s = line.strip().lstrip("#").strip()
        if 6 <= len(s) <= 60 and ("报告" in s or "report" in s.lower()):
            return s
    for line in text.splitlines()[:20]:
        s = line.strip().lstrip("#").strip()
        if 4 <= len(s) <= 60:
            return s
    return fallback


MAX_MB = 20


def read_report(path: Path, meta: dict | None = None, *, max_mb: float = MAX_MB,
                warn=None, workers: int = 1, on_page=lambda n: None) -> Report:
    """Read one report file; ``meta`` overrides what would be inferred.

    A PDF's pages are read by ``workers`` processes; ``on_page(n)`` counts them."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_mb * 2**20:
            raise CorpusError(
                f"{path.name} is {size / 2**20:.0f} MB, over the {max_mb:g} MB limit (embedding it "
                f"would take hours on a CPU); split it, or pass --max-file-mb {size // 2**20 + 1}")
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    page_starts: tuple[int, ...] = ()
    found_title = ""
    if path.suffix.lower() in (".pdf", ".docx"):
        from .pdf import extract_pdf
        from .word import extract_docx

        extracted = (extract_pdf(path, workers=workers, on_page=on_page)
                     if path.suffix.lower() == ".pdf" else extract_docx(path))
        text, page_starts = extracted.text, (extracted.page_starts
                                             if path.suffix.lower() == ".pdf" else ())
        found_title = extracted.title
    else:
        text = decode(raw, path.name, warn)
    if not text.strip():
        raise CorpusError(f"{path.name} is empty")
    meta = dict(meta or {})
    stem = path.name.split(".")[0]
    title = meta.get("title") or found_title or _infer_title(text, stem)
    year = meta.get("year")
    if year is None:
        m = _YEAR.search(title) or _YEAR.search(path.name)
        year = int(m.group(1)) if m else None
    about = infer_about(title, text, year)
    return Report(
        doc_id=meta.get("doc_id") or stem, path=str(path), title=title, year=year, text=text,
        sha256=hashlib.sha256(raw).hexdigest(), title_en=meta.get("title_en") or about["title_en"],
        company=meta.get("company") or about["company"],
        company_en=meta.get("company_en") or about["company_en"],
        period=meta.get("period", ""), language=meta.get("language", "zh-Hans"),
        page_starts=page_starts,
    )

