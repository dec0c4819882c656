"""Work spread over the cores of one machine: report files read, and reports chunked,
by a pool of processes.

A long PDF is not sent whole to one process: its pages are shared out instead
(``pdf.extract_pdf``).  Every other changed file is read by the pool, one file
per task, and every changed report is chunked by the pool, one report per task.
Workers are started by a fork server on Linux (a clean process, so forking is
safe even from a web server's thread with a model loaded), else spawned.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from .errors import CorpusError, ReportQAError
from .records import Chunk, Report

LONG_PDF_PAGES = 40  # a PDF this long has its pages read in parallel, not the file in one task


@contextmanager
def process_pool(workers: int, **kwargs):
    """A pool of ``workers`` processes; a worker that dies gives a clear error."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["indexer.corpus", "indexer.chunk", "indexer.terms"])
    try:
        with ProcessPoolExecutor(workers, mp_context=context, **kwargs) as pool:
            yield pool
    except BrokenProcessPool as exc:
        raise ReportQAError(f"a worker process died while indexing ({exc}); out of memory? "
                            "Try again with --workers 1") from None


def read_one(path: str, meta: dict | None, max_mb: float) -> tuple[Report | CorpusError, list[str]]:
    """One file read: the report (or the error that names it) and the reader's warnings."""
    from .corpus import read_report

    warnings: list[str] = []
    try:
        return read_report(Path(path), meta, max_mb=max_mb, warn=warnings.append), warnings
    except CorpusError as exc:
        return exc, warnings


def _read_task(task: tuple) -> tuple[Report | CorpusError, list[str]]:
    return read_one(*task)


def read_files(paths: list[Path], meta: dict, max_mb: float, workers: int, *,
               on_file=lambda n: None) -> dict[Path, tuple[Report | CorpusError, list[str]]]:
    """``{path: (Report or CorpusError, warnings)}`` for ``paths`` read by ``workers``
    processes, a file per task; ``on_file(1)`` is called as each file is done."""
    tasks = [(str(p), meta.get(p.name), max_mb) for p in paths]
    out = {}
    with process_pool(max(1, min(workers, len(tasks)))) as pool:
        for path, got in zip(paths, pool.map(_read_task, tasks), strict=True):
            out[path] = got
            on_file(1)
    return out


def chunk_one(report: Report, size: int) -> tuple[list[Chunk], list[list[str]]]:
    """A report's chunks, and the search terms of each."""
    from .chunk import chunk_report
    from .terms import terms

    chunks = chunk_report(report, size=size)
    return chunks, [terms(c.search_text) for c in chunks]


def _chunk_task(task: tuple[Report, int]) -> tuple[list[Chunk], list[list[str]]]:
    return chunk_one(*task)


def chunk_reports(reports: list[Report], size: int, workers: int = 1
                  ) -> list[tuple[list[Chunk], list[list[str]]]]:
    """The chunks of each report, and the search terms of each chunk, in order; by
    ``workers`` processes when there are several reports."""
    if workers <= 1 or len(reports) < 2:
        return [chunk_one(r, size) for r in reports]
    with process_pool(min(workers, len(reports))) as pool:
        return list(pool.map(_chunk_task, [(r, size) for r in reports]))
