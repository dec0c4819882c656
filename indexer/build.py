"""Build or update an index from a corpus folder.

Only reports whose bytes changed (sha256), that are new, or whose chunker or
model settings changed are chunked and embedded again; the others keep their
chunks and vectors from the previous index.  With nothing to do, the index
is left untouched and no model is loaded.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import store
from .chunk import DEFAULT_SIZE
from .corpus import MAX_MB
from .embed import is_bundled, load_embedder
from .errors import BadIndexError
from .lexicon import VERSION as LEXICON_VERSION
from .manifest import Manifest, Model
from .parallel import chunk_reports
from .progress import progress_bar
from .reading import read_corpus
from .records import Chunk, Report

CHUNKER = "heading-v8"
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


@dataclass
class _Plan:
    """What the new index holds, and which of its chunks need vectors."""

    chunks: list[Chunk] = field(default_factory=list)
    terms: list[list[str]] = field(default_factory=list)
    kept: dict[int, np.ndarray] = field(default_factory=dict)  # first row -> vectors kept
    to_embed: list[int] = field(default_factory=list)


def _model_id(model: str | None) -> str:
    from .convert import BUNDLED_MODEL

    return BUNDLED_MODEL if is_bundled(model) else str(model)


def build_index(corpus: Path, index_dir: Path, *, model: str | None = None,
                chunk_size: int = DEFAULT_SIZE, engine: str = "st", rebuild: bool = False,
                progress: bool = True, log=print, embedder=None,
                max_mb: float = MAX_MB, workers: int | None = None, watch=None,
                vector_store: str | None = None, ray: str | None = None) -> BuildResult:
    """Index every report in ``corpus`` into ``index_dir`` (see module docstring).

    Read the corpus, plan what changed, embed what is new, write the index.
    ``workers`` processes read files and PDF pages and chunk reports (default: one per
    core); ``watch(stage, done, total)`` is told the pages read and the chunks embedded
    as they go.  ``vector_store``
    (``milvus://HOST:PORT/COLLECTION`` or a Milvus Lite file; ``"local"`` to stop using
    one) also serves the vectors from Milvus; by default an index keeps the store it had.
    ``ray`` (a cluster address, or "local") reads, chunks and embeds on Ray (``ray_build.py``)."""
    common = dict(model=model, chunk_size=chunk_size, engine=engine, rebuild=rebuild,
                  progress=progress, log=log, max_mb=max_mb, workers=workers, watch=watch,
                  vector_store=vector_store)
    if ray is None:
        return _build(corpus, index_dir, embedder=embedder, **common)
    from .ray_build import RayEmbedder, ray_chunk, ray_extract, ray_session

    n = max(1, workers or os.cpu_count() or 1)
    with ray_session(ray, n, log):
        return _build(corpus, index_dir, **common,
                      embedder=embedder or RayEmbedder(model, engine=engine, workers=n,
                                                       model_id=_model_id(model)),
                      extract=lambda paths, meta, mb: ray_extract(paths, meta, mb, n),
                      chunker=lambda reports, size: ray_chunk(reports, size, n))


def _build(corpus: Path, index_dir: Path, *, model, chunk_size, engine, rebuild, progress, log,
           embedder, max_mb, workers, watch, vector_store, extract=None,
           chunker=None) -> BuildResult:
    t0 = time.perf_counter()
    result = BuildResult()
    model_id = embedder.model_id if embedder is not None else _model_id(model)
    settings = {"chunker": CHUNKER, "size": chunk_size, "reader": READER}
    old = None if rebuild else _previous(index_dir, model_id, settings, log)
    n_workers = max(1, workers or os.cpu_count() or 1)
    reports = read_corpus(corpus, old, result, max_mb=max_mb, progress=progress, log=log,
                          workers=n_workers, watch=watch, extract=extract)
    result.reports = len(reports)
    store_entry = _store_entry(vector_store, old)
    old_store = _where(old.manifest.get("vector_store", {})) if old else {}
    plan = _plan(reports, old, chunk_size, result, force=store_entry != old_store,
                 chunker=chunker or (lambda rs, size: chunk_reports(rs, size, n_workers)))
    if plan is None:
        result.unchanged = True
        result.chunks = len(old.chunks)
    else:
        vectors, used = _embed(plan, old, embedder or model, engine, progress, log, result, watch)
        sources = _sources(reports, plan.chunks, old.manifest.get("sources", {}) if old else {})
        if watch is not None:
            watch("Writing the index", 0, 0)
        if store_entry:
            from .milvus_store import parse_store, write_vectors

            previous = (old.chunks, old.vectors) if old is not None and store_entry == old_store else None
            holds = write_vectors(parse_store(store_entry["uri"]), vectors, plan.chunks, used.id,
                                  log=log, previous=previous)
            store_entry = store_entry | {"holds": holds}
        _write(index_dir, Manifest(used, settings, sources, str(Path(corpus).resolve()), store_entry),
               plan, vectors, reports)
        result.chunks = len(plan.chunks)
    result.seconds = time.perf_counter() - t0
    return result


def _store_entry(vector_store: str | None, old) -> dict:
    """The manifest's vector_store entry: as asked, else the previous index's."""
    if vector_store == "local":
        return {}
    if vector_store:
        from .milvus_store import parse_store

        return parse_store(vector_store).to_dict()
    return _where(old.manifest.get("vector_store", {})) if old else {}


def _where(entry: dict) -> dict:
    """A manifest's vector_store entry without what it held: where the vectors go."""
    return {k: v for k, v in entry.items() if k != "holds"}


def _previous(index_dir: Path, model_id: str, settings: dict, log):
    """The previous index when it was built with this model and these settings, else None."""
    if not (Path(index_dir) / store.MANIFEST).exists():
        return None
    try:
        m = store.read_manifest(index_dir)
        if m.get("model", {}).get("id") == model_id and m.get("chunking") == settings:
            return store.read_index(index_dir)
    except BadIndexError as exc:
        log(f"Warning: the existing index is not usable ({exc}); building from scratch.")
    return None


def _plan(reports: list[Report], old, chunk_size: int, result: BuildResult, *, chunker,
          force: bool = False) -> _Plan | None:
    """Old chunks and vectors for unchanged reports, new chunks for the rest; None when
    nothing changed at all (unless ``force``: the index is written again all the same).
    ``chunker(reports, size)`` gives each changed report's chunks and their terms."""
    old_sources = old.manifest.get("sources", {}) if old else {}
    result.removed = sorted(set(old_sources) - {Path(r.path).name for r in reports})
    unchanged = {r.doc_id for r in reports
                 if old_sources.get(Path(r.path).name, {}).get("sha256") == r.sha256
                 and old_sources[Path(r.path).name].get("doc_id") == r.doc_id}
    same_lexicon = old is not None and old.manifest.get("lexicon", {}).get("version") == LEXICON_VERSION
    if same_lexicon and not result.removed and len(unchanged) == len(reports) and not force:
        return None
    plan = _Plan()
    fresh = iter(chunker([r for r in reports if r.doc_id not in unchanged], chunk_size))
    for r in reports:
        if r.doc_id in unchanged:
            rows = [i for i, c in enumerate(old.chunks) if c.doc_id == r.doc_id]
            if rows:
                plan.kept[len(plan.chunks)] = old.vectors.reconstruct_batch(np.array(rows, dtype=np.int64))
            plan.chunks += [old.chunks[i] for i in rows]
            plan.terms += [old.terms[i] for i in rows]
        else:
            cs, ts = next(fresh)
            plan.to_embed += range(len(plan.chunks), len(plan.chunks) + len(cs))
            plan.chunks += cs
            plan.terms += ts
            result.embedded_reports.append(r.doc_id)
    return plan


def _embed(plan: _Plan, old, model, engine: str, progress: bool, log,
           result: BuildResult, watch=None) -> tuple[np.ndarray, Model]:
    """Vectors for every planned chunk: kept ones copied, new ones embedded with a progress bar.
    ``model`` is an embedder, or the model name to load one for."""
    if plan.to_embed:
        emb = model if hasattr(model, "passages") else load_embedder(model, engine=engine, log=log)
        update, close = progress_bar(len(plan.to_embed), progress, watch=watch)
        t = time.perf_counter()
        try:
            fresh = emb.passages([plan.chunks[i].search_text for i in plan.to_embed], progress=update)
        finally:
            close()
        result.embed_seconds = time.perf_counter() - t
        result.embedded_chunks = len(plan.to_embed)
        used = Model(emb.model_id, emb.label, emb.dim)
    else:
        used = Manifest.from_dict(old.manifest).model
    vectors = np.zeros((len(plan.chunks), used.dim), np.float32)
    if plan.to_embed:
        vectors[plan.to_embed] = fresh
    for row, vec in plan.kept.items():
        vectors[row : row + len(vec)] = vec
    return vectors, used


def _sources(reports: list[Report], chunks: list[Chunk], old_sources: dict) -> dict:
    """Per file: its bytes' sha256, doc_id, year, title, chunks, and when it was first indexed."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    return {Path(r.path).name: {"sha256": r.sha256, "doc_id": r.doc_id, "year": r.year,
                                "title": r.title,
                                "chunks": sum(1 for c in chunks if c.doc_id == r.doc_id),
                                "added": old_sources.get(Path(r.path).name, {}).get("added", now)}
            for r in reports}


def _save_extracted(index_dir: Path, reports) -> None:
    """Keep the text read from PDF/Word files, so citations can be checked against it."""
    for r in reports:
        if Path(r.path).suffix.lower() in (".pdf", ".docx") and r.text:
            out = Path(index_dir) / "extracted" / (Path(r.path).name + ".txt")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(r.text, encoding="utf-8")


def _write(index_dir: Path, manifest: Manifest, plan: _Plan, vectors: np.ndarray,
           reports: list[Report]) -> None:
    report_meta = [{k: getattr(r, k) for k in ("doc_id", "title", "title_en", "company",
                                                "company_en", "year", "period", "language")}
                   | {"file": Path(r.path).name, "page_starts": list(r.page_starts),
                      "pages": len(r.page_starts)} for r in reports]
    _save_extracted(index_dir, reports)
    try:
        store.write_index(index_dir, manifest, plan.chunks, plan.terms, vectors, report_meta)
    except OSError as exc:
        store.discard_partial(index_dir)
        raise BadIndexError(
            f"cannot write the index in {index_dir}: {exc.strerror or exc}. The previous index "
            "is unchanged; free some space (or fix permissions) and run `reportqa index` again"
        ) from exc
