"""Work spread over the cores of one machine: report files read, and reports chunked,
by a pool of processes (forked where the system allows, so nothing is loaded twice).

A long PDF is not sent whole to one process: its pages are shared out instead
(``pdf.extract_pdf``).  Every other changed file is read by the pool, one file
per task, and every changed report is chunked by the pool, one report per task.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .errors import CorpusError
from .records import Chunk, Report

LONG_PDF_PAGES = 40  # a PDF this long has its pages read in parallel, not the file in one task


def process_pool(workers: int, **kwargs) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, forked where the system can fork."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), **kwargs)


def _read_one(task: tuple) -> tuple[str, Report | CorpusError, list[str]]:
    """One file read in a worker: the report (or the error that names it) and its warnings."""
    from .corpus import read_report

    path, meta, max_mb = task
    warnings: list[str] = []
    try:
        out: Report | CorpusError = read_report(Path(path), meta, max_mb=max_mb, warn=warnings.append)
    except CorpusError as exc:
        out = exc
    return path, out, warnings


def read_files(paths: list[Path], meta: dict, max_mb: float, workers: int, *,
               on_file=lambda n: None, log=print) -> dict[Path, Report | CorpusError]:
    """``{path: Report or CorpusError}`` for ``paths`` read by ``workers`` processes, a file per
    task; the readers' warnings are logged here, ``on_file(1)`` is called as each file is done."""
    tasks = [(str(p), meta.get(p.name), max_mb) for p in paths]
    with process_pool(max(1, min(workers, len(tasks)))) as pool:
        out = {}
        for path, report, warnings in pool.map(_read_one, tasks):
            for w in warnings:
                log(f"Warning: {w}")
            out[Path(path)] = report
            on_file(1)
    return out


def _chunk_one(task: tuple[Report, int]) -> tuple[list[Chunk], list[list[str]]]:
    from .chunk import chunk_report
    from .terms import terms

    report, size = task
    chunks = chunk_report(report, size=size)
    return chunks, [terms(c.search_text) for c in chunks]


def chunk_reports(reports: list[Report], size: int, workers: int = 1
                  ) -> list[tuple[list[Chunk], list[list[str]]]]:
    """The chunks of each report, and the search terms of each chunk, in order; by
    ``workers`` processes when there are several reports."""
    tasks = [(r, size) for r in reports]
    if workers <= 1 or len(tasks) < 2:
        return [_chunk_one(t) for t in tasks]
    from .terms import terms

    terms("年度报告")  # jieba's dictionary loaded once, here, and shared by the forked workers
    with process_pool(min(workers, len(tasks))) as pool:
        return list(pool.map(_chunk_one, tasks))
