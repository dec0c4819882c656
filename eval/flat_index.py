"""An index of short documents, one chunk each, for the public benchmarks.

``build_flat(dir, {"p1": "第一段……"})`` indexes every document as a single
chunk (no chunking, one vector), skipping the work when an index of the same
documents is already there.  Used by CMRC 2018 and Tatoeba.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np

from indexer import store
from indexer.embed import load_embedder
from indexer.lexicon import VERSION as LEXICON_VERSION
from indexer.manifest import Manifest, Model
from indexer.records import Chunk
from indexer.terms import terms


def _digest(docs: dict[str, str]) -> str:
    h = hashlib.sha256()
    for k, v in docs.items():
        h.update(k.encode() + b"\0" + v.encode() + b"\0")
    return h.hexdigest()


def build_flat(index_dir: Path, docs: dict[str, str], *, kind: str, log=print) -> None:
    """Index ``docs`` (id -> text) into ``index_dir`` unless it already holds them."""
    digest = _digest(docs)
    try:
        m = store.read_manifest(index_dir)
        if (m.get("chunking", {}).get("documents") == digest
                and m.get("lexicon", {}).get("version") == LEXICON_VERSION):
            return
    except Exception:  # noqa: BLE001 - any unusable index is rebuilt
        pass
    emb = load_embedder(None, engine="st", log=log)
    chunks = [Chunk(i, i, i, None, "", 0, len(t), t, t) for i, t in docs.items()]
    t0 = time.perf_counter()
    vecs = emb.passages([c.search_text for c in chunks], batch_size=16)
    log(f"embedded {len(chunks)} {kind} documents in {time.perf_counter() - t0:.0f} s")
    manifest = Manifest(Model(emb.model_id, emb.label, emb.dim),
                        {"chunker": f"one-per-{kind}", "documents": digest})
    store.write_index(index_dir, manifest, chunks, [terms(c.search_text) for c in chunks],
                      np.asarray(vecs, np.float32), [])
