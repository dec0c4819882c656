"""The server's live index: add and remove reports while it keeps answering.

A ``Workspace`` holds the current ``Assistant``.  Adding a report stores the
checked file in the corpus folder (``uploads.py``) and queues a re-index;
removing one moves its file to ``<corpus>/.removed/`` (never deleted) and
queues a re-index.  One job runs at a time, in a background thread, through
the same incremental ``build_index`` as ``reportqa index`` (only new files are
read and embedded, with the already loaded model).  While it runs, questions
are answered from the current index; when it is done, the new index is
opened, warmed up and swapped in with one assignment.  The job's stage,
counts and ETA are kept for the page to show; a file that cannot be indexed
is named with the reason and moved to ``<corpus>/.rejected/``.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.build import build_index
from indexer.corpus import report_files
from indexer.errors import InputError, ReportQAError

from .answer import Assistant
from .retrieve import Retriever
from .uploads import DEFAULT_LIMITS, Limits, store_upload


@dataclass(frozen=True)
class JobStatus:
    """What the indexing job is doing, for the page: stage, counts, ETA and messages."""

    state: str = "idle"  # idle | queued | running | done | failed
    stage: str = ""  # "Reading x.pdf", "Embedding", "Loading the new index"
    done: int = 0
    total: int = 0
    eta_s: float | None = None
    seconds: float = 0.0
    message: str = ""
    problems: tuple[str, ...] = ()  # "x.pdf: why it was not indexed"


@dataclass
class _Clock:
    started: float = field(default_factory=time.perf_counter)
    stage: str = ""
    stage_started: float = 0.0


def corpus_for(index_dir: Path, given: Path | None, manifest: dict) -> tuple[Path | None, str]:
    """The corpus folder that uploads go to, or None with the reason they are off.

    It must be the folder the index was built from: re-indexing another folder would drop
    every report that is not in it."""
    folder = Path(given) if given else (Path(manifest["corpus"]) if manifest.get("corpus") else None)
    if folder is None:
        return None, ("the index does not record its corpus folder; start the server with "
                      "--corpus DIR (the folder it was built from) to add reports in the page")
    if not folder.is_dir():
        return None, f"the corpus folder {folder} does not exist; start the server with --corpus DIR"
    missing = set(manifest.get("sources", {})) - {p.name for p in report_files(folder)}
    if missing:
        return None, (f"the corpus folder {folder} lacks {len(missing)} indexed file(s) "
                      f"({', '.join(sorted(missing)[:3])}); start the server with --corpus set "
                      "to the folder the index was built from")
    return folder, ""


class Workspace:
    """The current assistant, and the one background job that re-indexes the corpus."""

    def __init__(self, assistant: Assistant, *, corpus: Path | None = None,
                 limits: Limits = DEFAULT_LIMITS, read_only: bool = False, log=print):
        self.assistant = assistant
        self.index_dir = assistant.retriever.index_dir
        self.corpus, self.uploads_off = (
            (None, "the server was started with --read-only") if read_only
            else corpus_for(self.index_dir, corpus, assistant.retriever.manifest))
        self.limits = limits
        self.version = 0  # goes up each time a new index is swapped in
        self.status = JobStatus()
        self._log = log
        self._lock = threading.Lock()  # one upload or removal at a time
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="reportqa-index", daemon=True)
        self._thread.start()

    # -- what the page reads -------------------------------------------------
    def reports(self) -> list[dict]:
        """The indexed reports: doc_id, file, title, company, year, pages, chunks, added."""
        r = self.assistant.retriever
        rows = []
        for doc_id, src in sorted(r.reports.items()):
            meta = r.report_meta.get(doc_id, {})
            rows.append({"doc_id": doc_id, "file": src.get("file", ""),
                         "title": meta.get("title") or src.get("title", doc_id),
                         "company": meta.get("company", ""), "year": src.get("year"),
                         "pages": meta.get("pages") or 0, "chunks": src.get("chunks", 0),
                         "added": src.get("added", "")})
        return rows

    def source_file(self, doc_id: str) -> Path | None:
        """The report file behind ``doc_id`` in the corpus folder, if it is there."""
        name = self.assistant.retriever.reports.get(doc_id, {}).get("file")
        recorded = self.assistant.retriever.manifest.get("corpus")
        folder = self.corpus or (Path(recorded) if recorded else None)
        if not name or folder is None:
            return None
        path = folder / name
        return path if path.is_file() else None

    # -- changes -------------------------------------------------------------
    def add(self, uploaded: Path, shown: str) -> Path:
        """Check and store one uploaded file, then queue a re-index; InputError if refused."""
        if self.corpus is None:
            raise InputError(f"adding reports is off: {self.uploads_off}")
        with self._lock:
            stored = store_upload(uploaded, shown, self.corpus, self.limits)
        self._log(f"Stored {shown!r} as {stored.name}")
        return stored

    def remove(self, doc_id: str) -> str:
        """Move a report's file out of the corpus (to .removed/) and queue a re-index."""
        if self.corpus is None:
            raise InputError(f"removing reports is off: {self.uploads_off}")
        reports = self.assistant.retriever.reports
        if doc_id not in reports:
            raise InputError(f"there is no report {doc_id!r} in the index")
        if len(reports) == 1:
            raise InputError("this is the only report; add another before removing it")
        with self._lock:
            path = self.corpus / reports[doc_id]["file"]
            if path.exists():
                _move_aside(path, self.corpus / ".removed")
        return reports[doc_id]["file"]

    def reindex(self, uploaded: tuple[str, ...] = ()) -> None:
        """Queue one re-index of the corpus; ``uploaded`` names files to set aside if they fail."""
        if self.status.state not in ("running", "queued"):
            self.status = JobStatus("queued", message="waiting to start")
        self._jobs.put(tuple(uploaded))

    def wait(self, timeout: float = 600.0) -> JobStatus:
        """Block until no job is queued or running (for tests and the CLI)."""
        deadline = time.time() + timeout
        while (self.status.state in ("queued", "running") or not self._jobs.empty()) \
                and time.time() < deadline:
            time.sleep(0.1)
        return self.status

    # -- the job -------------------------------------------------------------
    def _run(self) -> None:
        while True:
            uploaded = set(self._jobs.get())
            while not self._jobs.empty():  # several changes queued: one re-index does them all
                uploaded |= set(self._jobs.get_nowait())
            self._index(uploaded)

    def _watch(self, clock: _Clock):
        def watch(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if stage != clock.stage:
                clock.stage, clock.stage_started = stage, now
            rate = done / (now - clock.stage_started) if done and now > clock.stage_started else 0
            eta = (total - done) / rate if rate else None
            self.status = JobStatus("running", stage, done, total, eta, now - clock.started)
        return watch

    def _index(self, uploaded: set[str]) -> None:
        clock = _Clock()
        problems: list[str] = []

        def log(msg: str) -> None:
            self._log(msg)
            if "skipped" in msg:
                problems.append(msg.split("skipped ", 1)[-1])

        self.status = JobStatus("running", "Reading the corpus", seconds=0.0)
        old = self.assistant
        try:
            result = build_index(self.corpus, self.index_dir, embedder=old.retriever.embedder,
                                 progress=False, log=log, watch=self._watch(clock))
            if not result.unchanged:
                self.status = replace(self.status, stage="Loading the new index", eta_s=None)
                new = Assistant(Retriever.open(self.index_dir, embedder=old.retriever.embedder,
                                               log=self._log))
                new.ask("warm-up")
                self.assistant = new  # the swap: questions from now on use the new index
                self.version += 1
            for name in result.skipped:
                if name in uploaded and (self.corpus / name).exists():
                    _move_aside(self.corpus / name, self.corpus / ".rejected")
            took = time.perf_counter() - clock.started
            self.status = JobStatus("done", "", result.chunks, result.chunks, None, took,
                                    f"{result.reports} reports, {result.chunks} passages; "
                                    f"{result.embedded_chunks} new passages embedded in {took:.1f} s",
                                    tuple(problems))
        except ReportQAError as exc:
            for name in uploaded:
                if (self.corpus / name).exists():
                    _move_aside(self.corpus / name, self.corpus / ".rejected")
            self.status = JobStatus("failed", "", 0, 0, None, time.perf_counter() - clock.started,
                                    str(exc), tuple(problems))
        except Exception as exc:  # noqa: BLE001 - the job must never kill the server
            self._log(f"Error: indexing failed: {exc!r}")
            self.status = JobStatus("failed", "", 0, 0, None, time.perf_counter() - clock.started,
                                    f"indexing failed ({type(exc).__name__}: {exc}); the current "
                                    "index is unchanged", tuple(problems))


def _move_aside(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` under a name not yet used there (nothing is deleted)."""
    folder.mkdir(exist_ok=True)
    target, n = folder / path.name, 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}-{n}{path.suffix}"
    path.replace(target)
    return target
