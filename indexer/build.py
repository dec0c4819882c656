"""Build or update an index from a corpus folder.

Only reports whose bytes changed (sha256), that are new, or whose chunker or
model settings changed are chunked and embedded again; the others keep their
chunks and vectors from the previous index.  With nothing to do, the index
is left untouched and no model is loaded.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import store
from .about import infer_about
from .chunk import DEFAULT_SIZE, chunk_report
from .corpus import MAX_MB, load_metadata, read_report, report_files
from .embed import is_bundled, load_embedder
from .errors import BadIndexError, CorpusError
from .lexicon import VERSION as LEXICON_VERSION
from .records import Report
from .terms import terms

CHUNKER = "heading-v2"
READER = "pdf-v2"  # bump when PDF/Word extraction changes: every such file is read again


@dataclass
class BuildResult:
    """What ``build_index`` did, for the closing message and for tests."""

    reports: int = 0
    chunks: int = 0
    embedded_reports: list[str] = field(default_factory=list)
    embedded_chunks: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: bool = False
    seconds: float = 0.0
    pages_read: int = 0  # PDF pages extracted in this run
    read_seconds: float = 0.0
    embed_seconds: float = 0.0


def _progress_bar(total: int, enabled: bool, unit: str = "chunk", desc: str = "Embedding"):
    """``(update, close)`` of a progress bar with rate and ETA on stderr (no-ops when disabled)."""
    if not enabled or total == 0:
        return lambda n=1: None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
    return bar.update, bar.close


def _read(path: Path, meta: dict | None, old_source: dict | None, old_reports: dict, *,
          max_mb: float, workers: int, progress: bool, log) -> Report:
    """A report file read (a PDF's pages by ``workers`` processes, with a progress bar);
    a file whose bytes are those of the previous index is not extracted again."""
    if old_source and old_source.get("doc_id") in old_reports:
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sha = None
        if sha == old_source.get("sha256") and not meta_changed(meta, old_reports[old_source["doc_id"]]):
            m = old_reports[old_source["doc_id"]]
            return Report(doc_id=m["doc_id"], path=str(path), title=m["title"], year=m["year"],
                          text="", sha256=sha, title_en=m.get("title_en", ""),
                          company=m.get("company", ""), company_en=m.get("company_en", ""),
                          period=m.get("period", ""), language=m.get("language", "zh-Hans"),
                          page_starts=tuple(m.get("page_starts", ())))
    on_page, close = lambda n: None, lambda: None
    if path.suffix.lower() == ".pdf":
        from .pdf import page_count

        on_page, close = _progress_bar(page_count(path), progress, "page", f"Reading {path.name}")
    try:
        return read_report(path, meta, max_mb=max_mb, warn=lambda m: log(f"Warning: {m}"),
                           workers=workers, on_page=on_page)
    finally:
        close()


def meta_changed(meta: dict | None, stored: dict) -> bool:
    """Does the reports.json entry give a value other than the stored one?"""
    return any(stored.get(k) != v for k, v in (meta or {}).items() if k in stored)


def _share_english_names(reports: list[Report]) -> list[Report]:
    """A report without an English company name takes the one another report of the
    same company gives (a CSR report from the annual report's 外文名称)."""
    names = {r.company: r.company_en for r in reports if r.company and r.company_en}
    out = []
    for r in reports:
        en = names.get(r.company, "") if not r.company_en else r.company_en
        if en and not r.title_en:
            kind = infer_about(r.title, "", r.year)
            r = replace(r, company_en=en,
                        title_en=" ".join(str(x) for x in (en, r.year, kind["kind"]) if x))
        out.append(r)
    return out


def _model_id(model: str | None) -> str:
    from .convert import BUNDLED_MODEL

    return BUNDLED_MODEL if is_bundled(model) else str(model)


def _save_extracted(index_dir: Path, reports) -> None:
    """Keep the text read from PDF/Word files, so citations can be checked against it."""
    for r in reports:
        if Path(r.path).suffix.lower() in (".pdf", ".docx") and r.text:
            out = Path(index_dir) / "extracted" / (Path(r.path).name + ".txt")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(r.text, encoding="utf-8")


def build_index(corpus: Path, index_dir: Path, *, model: str | None = None,
                chunk_size: int = DEFAULT_SIZE, engine: str = "st", rebuild: bool = False,
                progress: bool = True, log=print, embedder=None,
                max_mb: float = MAX_MB, workers: int | None = None) -> BuildResult:
    """Index every report in ``corpus`` into ``index_dir`` (see module docstring).

    ``workers`` processes read PDF pages (default: one per core)."""
    t0 = time.perf_counter()
    workers = max(1, workers or os.cpu_count() or 1)
    result = BuildResult()
    model_id = embedder.model_id if embedder is not None else _model_id(model)
    settings = {"chunker": CHUNKER, "size": chunk_size, "reader": READER}
    old, old_manifest = None, None
    if not rebuild and (Path(index_dir) / store.MANIFEST).exists():
        try:
            old_manifest = store.read_manifest(index_dir)
            if (old_manifest.get("model", {}).get("id") == model_id
                    and old_manifest.get("chunking") == settings):
                old = store.read_index(index_dir)
        except BadIndexError as exc:
            log(f"Warning: the existing index is not usable ({exc}); building from scratch.")
            old, old_manifest = None, None
    old_sources = old.manifest.get("sources", {}) if old else {}

    meta = load_metadata(corpus)
    reports, seen_sha = [], {}
    old_reports = old.reports if old else {}
    t_read = time.perf_counter()
    for path in report_files(corpus):
        try:
            report = _read(path, meta.get(path.name), old_sources.get(path.name), old_reports,
                           max_mb=max_mb, workers=workers, progress=progress, log=log)
            if report.text and path.suffix.lower() == ".pdf":
                result.pages_read += len(report.page_starts)
        except CorpusError as exc:
            log(f"Warning: skipped {path.name}: {exc}")
            result.skipped.append(path.name)
            continue
        if report.sha256 in seen_sha:
            log(f"Warning: skipped {path.name}: same content as {seen_sha[report.sha256]}")
            result.skipped.append(path.name)
            continue
        if any(r.doc_id == report.doc_id for r in reports):
            log(f"Warning: skipped {path.name}: doc_id {report.doc_id!r} is already used; "
                "give it another doc_id in reports.json")
            result.skipped.append(path.name)
            continue
        seen_sha[report.sha256] = path.name
        reports.append(report)
    if not reports:
        raise CorpusError(f"no readable reports (.txt, .md, .pdf, .docx) in {corpus}; add some and try again")
    result.read_seconds = time.perf_counter() - t_read
    reports = _share_english_names(reports)

    names = {Path(r.path).name for r in reports}
    result.removed = sorted(set(old_sources) - names)
    unchanged_docs = {
        r.doc_id for r in reports
        if old_sources.get(Path(r.path).name, {}).get("sha256") == r.sha256
        and old_sources[Path(r.path).name].get("doc_id") == r.doc_id
    }
    result.reports = len(reports)
    same_lexicon = old_manifest and old_manifest.get("lexicon", {}).get("version") == LEXICON_VERSION
    if old and same_lexicon and not result.removed and len(unchanged_docs) == len(reports):
        result.unchanged = True
        result.chunks = len(old.chunks)
        result.seconds = time.perf_counter() - t0
        return result

    new_chunks, new_terms, pieces = [], [], []
    to_embed: list[int] = []
    for r in reports:
        if r.doc_id in unchanged_docs:
            rows = [i for i, c in enumerate(old.chunks) if c.doc_id == r.doc_id]
            vec = old.vectors.reconstruct_batch(np.array(rows, dtype=np.int64)) if rows else None
            for i in rows:
                new_chunks.append(old.chunks[i])
                new_terms.append(old.terms[i])
            pieces.append(vec)
        else:
            cs = chunk_report(r, size=chunk_size)
            to_embed.extend(range(len(new_chunks), len(new_chunks) + len(cs)))
            new_chunks.extend(cs)
            new_terms.extend(terms(c.search_text) for c in cs)
            pieces.append(None)
            result.embedded_reports.append(r.doc_id)

    vectors = None
    if to_embed:
        emb = embedder or load_embedder(model, engine=engine, log=log)
        update, close = _progress_bar(len(to_embed), progress)
        t_embed = time.perf_counter()
        try:
            fresh = emb.passages([new_chunks[i].search_text for i in to_embed], progress=update)
        finally:
            close()
        result.embed_seconds = time.perf_counter() - t_embed
        dim = emb.dim
        label = emb.label
        vectors = np.zeros((len(new_chunks), dim), np.float32)
        vectors[to_embed] = fresh
    else:
        dim = int(old_manifest["model"]["dim"])
        label = old_manifest["model"]["label"]
        vectors = np.zeros((len(new_chunks), dim), np.float32)
    row = 0
    for r, vec in zip(reports, pieces):
        n = sum(1 for c in new_chunks if c.doc_id == r.doc_id)
        if vec is not None:
            vectors[row : row + n] = vec
        row += n

    manifest = {
        "model": {"id": model_id, "label": label, "dim": dim},
        "chunking": settings,
        "sources": {
            Path(r.path).name: {"sha256": r.sha256, "doc_id": r.doc_id, "year": r.year,
                                "title": r.title,
                                "chunks": sum(1 for c in new_chunks if c.doc_id == r.doc_id)}
            for r in reports
        },
    }
    report_meta = [{k: getattr(r, k) for k in ("doc_id", "title", "title_en", "company",
                                                "company_en", "year", "period", "language")}
                   | {"file": Path(r.path).name, "page_starts": list(r.page_starts),
                      "pages": len(r.page_starts)} for r in reports]
    _save_extracted(index_dir, reports)
    try:
        store.write_index(index_dir, manifest, new_chunks, new_terms, vectors, report_meta)
    except OSError as exc:
        store.discard_partial(index_dir)
        raise BadIndexError(
            f"cannot write the index in {index_dir}: {exc.strerror or exc}. The previous index "
            "is unchanged; free some space (or fix permissions) and run `reportqa index` again"
        ) from exc
    result.chunks = len(new_chunks)
    result.embedded_chunks = len(to_embed)
    result.seconds = time.perf_counter() - t0
    return result
