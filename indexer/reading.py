"""Read the reports of a corpus folder for indexing: every file, or what is left of it.

A file whose bytes are those of the previous index is not read again (its
chunks and vectors are kept); changed files are read by a pool of processes,
a file per task, and a long PDF's pages by several processes, with a progress
bar; a file that cannot be used is skipped with a warning that names it, and
so are duplicates and clashing doc_ids.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import replace
from pathlib import Path

from .about import infer_about
from .corpus import load_metadata, read_report, report_files
from .errors import CorpusError
from .progress import progress_bar
from .records import Report


def _reused(path: Path, meta: dict | None, old_source: dict | None, old_reports: dict) -> Report | None:
    """The previous index's record of a file whose bytes and metadata are unchanged, else None."""
    if not (old_source and old_source.get("doc_id") in old_reports):
        return None
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    m = old_reports[old_source["doc_id"]]
    if sha != old_source.get("sha256") or meta_changed(meta, m):
        return None
    return Report(doc_id=m["doc_id"], path=str(path), title=m["title"], year=m["year"],
                  text="", sha256=sha, title_en=m.get("title_en", ""),
                  company=m.get("company", ""), company_en=m.get("company_en", ""),
                  period=m.get("period", ""), language=m.get("language", "zh-Hans"),
                  page_starts=tuple(m.get("page_starts", ())))


def _read(path: Path, meta: dict | None, *, max_mb: float, workers: int, progress: bool, log,
          watch=None) -> Report:
    """A changed report file read (a PDF's pages by ``workers`` processes, with a progress bar)."""
    on_page, close = lambda n: None, lambda: None
    if path.suffix.lower() == ".pdf":
        from .pdf import page_count

        on_page, close = progress_bar(page_count(path), progress, "page", f"Reading {path.name}",
                                       watch)
    try:
        return read_report(path, meta, max_mb=max_mb, warn=lambda m: log(f"Warning: {m}"),
                           workers=workers, on_page=on_page)
    finally:
        close()


def _read_in_pool(paths: list[Path], meta: dict, max_mb: float, workers: int, progress: bool,
                  watch) -> dict:
    """The changed files other than long PDFs, read by a pool of processes, a file per
    task (a long PDF is left to ``_read``, which shares its pages out instead):
    ``{path: (Report or CorpusError, warnings)}``."""
    from .parallel import read_files

    short = [p for p in paths if not _long_pdf(p, max_mb)]
    if len(short) < 2:
        return {}
    on_file, close = progress_bar(len(short), progress, "file", f"Reading {len(short)} files", watch)
    try:
        return read_files(short, meta, max_mb, workers, on_file=on_file)
    finally:
        close()


def _long_pdf(path: Path, max_mb: float) -> bool:
    """A PDF of at least LONG_PDF_PAGES pages (one over the size limit is not opened)."""
    from .parallel import LONG_PDF_PAGES
    from .pdf import page_count

    try:
        if path.suffix.lower() != ".pdf" or path.stat().st_size > max_mb * 2**20:
            return False
    except OSError:
        return False
    return page_count(path) >= LONG_PDF_PAGES


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


def read_corpus(corpus: Path, old, result, *, max_mb: float, workers: int, progress: bool,
                log, watch=None, extract=None) -> list[Report]:
    """The usable reports of ``corpus``; ``old`` is the previous index (or None).
    Pages read, skipped files and the time taken are noted in ``result``; ``watch``
    (see ``progress_bar``) follows the pages read.  ``extract(paths, meta, max_mb)``, when
    given, reads the changed files all at once (on Ray: ``ray_build.ray_extract``) and
    returns ``{path: (Report or CorpusError, warnings)}``."""
    old_sources = old.manifest.get("sources", {}) if old else {}
    old_reports = old.reports if old else {}
    meta = load_metadata(corpus)
    reports, seen_sha = [], {}
    t_read = time.perf_counter()
    files = report_files(corpus)
    kept = {p: _reused(p, meta.get(p.name), old_sources.get(p.name), old_reports) for p in files}
    changed = [p for p in files if kept[p] is None]
    bulk: dict = {}  # path -> (Report or CorpusError, warnings), read all at once
    if extract is not None:
        bulk = extract(changed, meta, max_mb)
    elif workers > 1:
        bulk = _read_in_pool(changed, meta, max_mb, workers, progress, watch)
    for path in files:
        try:
            if kept[path] is not None:
                report = kept[path]
            elif path in bulk:
                report, warnings = bulk[path]
                for w in warnings:
                    log(f"Warning: {w}")
                if isinstance(report, CorpusError):
                    raise report
            else:
                report = _read(path, meta.get(path.name), max_mb=max_mb, workers=workers,
                               progress=progress, log=log, watch=watch)
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
        raise CorpusError(f"no readable reports (.txt, .md, .pdf, .docx) in {corpus}; "
                          "add some and try again")
    result.read_seconds = time.perf_counter() - t_read
    return _share_english_names(reports)
