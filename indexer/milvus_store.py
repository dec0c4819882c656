"""Passage vectors served by Milvus (a server, or Milvus Lite in a local file).

``reportqa index --store URI`` writes every passage vector to a Milvus
collection with ``row`` (the passage's row in the chunk store) as primary key
and ``doc_id``, ``year`` and ``kind`` as scalar fields, under an HNSW index;
the report and year filters then run inside Milvus, with no over-fetch.  The
chunk store, BM25 and a local copy of the vectors (which incremental builds
reuse) stay in the index folder.  The collection records the
embedding model (a collection property), so a collection built with another model is refused.

URIs: ``milvus://HOST:PORT/COLLECTION`` for a Milvus server, or a file path
(``vectors.db``, optionally ``vectors.db#COLLECTION``) for Milvus Lite.
Needs ``pip install 'reportqa[scale]'``.  A build upserts only the rows that
changed since the index the collection was written from (and deletes the rows
past the new end); a collection that does not hold exactly that index (another
model, or a write that did not finish: the fingerprint property tells) is
written anew.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import BadIndexError, ReportQAError

DEFAULT_COLLECTION = "reportqa"
HNSW = {"M": 16, "efConstruction": 200}
SEARCH_EF = 128
_BATCH = 2000
MODEL_PROPERTY = "reportqa.model"  # collection property: "<model id> <dimension>"
HOLDS_PROPERTY = "reportqa.holds"  # collection property: the fingerprint of the rows last written


@dataclass(frozen=True)
class StoreAddress:
    uri: str  # what pymilvus connects to: "http://host:port" or a Milvus Lite file
    collection: str
    shown: str  # as the user wrote it

    def to_dict(self) -> dict:
        return {"kind": "milvus", "uri": self.shown}


def parse_store(text: str) -> StoreAddress:
    """``'milvus://127.0.0.1:19530/reports'`` or ``'vectors.db#reports'`` -> a StoreAddress."""
    text = text.strip()
    if text.startswith("milvus://"):
        rest = text.removeprefix("milvus://")
        host, _, collection = rest.partition("/")
        if not host:
            raise ReportQAError(f"--store {text}: no host; use milvus://HOST:PORT/COLLECTION")
        return StoreAddress(f"http://{host}", collection or DEFAULT_COLLECTION, text)
    path, _, collection = text.partition("#")
    if not path:
        raise ReportQAError("--store needs milvus://HOST:PORT/COLLECTION or a Milvus Lite file path")
    return StoreAddress(str(Path(path).expanduser().resolve()), collection or DEFAULT_COLLECTION, text)


def _client(address: StoreAddress):
    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise ImportError("Milvus needs pymilvus and milvus-lite: pip install 'reportqa[scale]'") from None
    try:
        return MilvusClient(address.uri)
    except Exception as exc:  # noqa: BLE001 - pymilvus raises many kinds for a refused connection
        raise BadIndexError(f"cannot reach Milvus at {address.shown} ({exc}); start Milvus there "
                            "or pass another --store") from None


def _fields(i: int, vector: np.ndarray, chunk) -> dict:
    return {"row": i, "vec": vector.tolist(), "doc_id": chunk.doc_id,
            "year": chunk.year if chunk.year is not None else -1, "kind": chunk.kind}


def _create(client, address: StoreAddress, dim: int, model_id: str) -> None:
    """A new, empty collection for ``dim``-dimensional vectors of ``model_id``, under HNSW."""
    from pymilvus import DataType, MilvusClient

    if client.has_collection(address.collection):
        client.drop_collection(address.collection)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=512)
    schema.add_field("year", DataType.INT64)
    schema.add_field("kind", DataType.VARCHAR, max_length=32)
    index = client.prepare_index_params()
    index.add_index("vec", index_type="HNSW", metric_type="IP", params=dict(HNSW))
    client.create_collection(address.collection, schema=schema, index_params=index,
                             properties={MODEL_PROPERTY: f"{model_id} {dim}"})


def fingerprint(chunks, vectors: np.ndarray) -> str:
    """What a collection written from these rows holds, in a few bytes."""
    h = hashlib.sha256(np.ascontiguousarray(vectors, np.float32).tobytes())
    h.update("\n".join(f"{c.doc_id}|{c.year}|{c.kind}" for c in chunks).encode())
    return h.hexdigest()[:32]


def _holds(client, address: StoreAddress, model_id: str, dim: int, held: str) -> bool:
    """Was the collection last written, completely, with rows whose fingerprint is ``held``?"""
    if not client.has_collection(address.collection):
        return False
    props = client.describe_collection(address.collection).get("properties") or {}
    return str(props.get(MODEL_PROPERTY, "")) == f"{model_id} {dim}" and \
        str(props.get(HOLDS_PROPERTY, "")) == held


def _count(client, collection: str) -> int:
    got = client.query(collection, filter="", output_fields=["count(*)"], consistency_level="Strong")
    return int(got[0]["count(*)"])


def _changed(chunks, vectors: np.ndarray, old_chunks, old_vectors: np.ndarray) -> list[int]:
    """Rows whose vector or fields differ from the old ones, and rows past the old end."""
    m = min(len(chunks), len(old_chunks))
    differ = (vectors[:m] != old_vectors[:m]).any(axis=1)
    fields = lambda c: (c.doc_id, c.year, c.kind)  # noqa: E731
    return [i for i in range(m) if differ[i] or fields(chunks[i]) != fields(old_chunks[i])] + \
        list(range(m, len(chunks)))


def write_vectors(address: StoreAddress, vectors: np.ndarray, chunks, model_id: str, *,
                  log=print, previous=None) -> str:
    """Make the collection hold these vectors (row i = chunk i), under an HNSW index;
    returns their fingerprint, which the manifest keeps.

    ``previous`` is ``(chunks, vector index)`` of the index the collection was written
    from: when the collection still holds exactly that (its fingerprint, set once a write
    is complete), only the rows that differ are upserted and the rows past the end
    deleted; otherwise the collection is written anew."""
    client = _client(address)
    try:
        dim, n, c = int(vectors.shape[1]), len(chunks), address.collection
        rows: list[int] = list(range(n))
        held = ""
        if previous is not None:
            old_chunks, old_index = previous
            old_vectors = old_index.reconstruct_n(0, old_index.ntotal)
            held = fingerprint(old_chunks, old_vectors)
        if held and _holds(client, address, model_id, dim, held):
            rows = _changed(chunks, vectors, old_chunks, old_vectors)
            client.alter_collection_properties(c, properties={HOLDS_PROPERTY: ""})  # being written
            if len(old_chunks) > n:
                client.delete(c, filter=f"row >= {n}")
        else:
            _create(client, address, dim, model_id)
        for start in range(0, len(rows), _BATCH):
            client.upsert(c, [_fields(i, vectors[i], chunks[i]) for i in rows[start : start + _BATCH]])
        client.flush(c)
        holds = fingerprint(chunks, vectors)
        client.alter_collection_properties(c, properties={HOLDS_PROPERTY: holds})
        log(f"Wrote {len(rows)} of {n} vectors to Milvus ({address.shown}, collection {c})")
        return holds
    finally:
        client.close()


class MilvusVectors:
    """Dense search in a Milvus collection, filters applied inside Milvus."""

    def __init__(self, address: StoreAddress, model_id: str, count: int, holds: str = ""):
        self.address = address
        self._client = _client(address)
        c = address.collection
        if not self._client.has_collection(c):
            raise BadIndexError(f"Milvus at {address.shown} has no collection {c!r}; run "
                                f"`reportqa index --rebuild --store {address.shown}`")
        about = self._client.describe_collection(c)
        description = str((about.get("properties") or {}).get(MODEL_PROPERTY, ""))
        if description.rsplit(" ", 1)[0] != model_id:
            raise BadIndexError(f"the Milvus collection {c!r} was built with another model "
                                f"({description or 'unknown'}), not {model_id}; run "
                                f"`reportqa index --rebuild --store {address.shown}`")
        if holds and str((about.get("properties") or {}).get(HOLDS_PROPERTY, "")) != holds:
            raise BadIndexError(f"the Milvus collection {c!r} was written from another index (or "
                                "its last write did not finish); run "
                                f"`reportqa index --rebuild --store {address.shown}`")
        self._client.load_collection(c)
        stored = _count(self._client, c)
        if stored != count:
            raise BadIndexError(f"the Milvus collection {c!r} holds {stored} vectors, the index "
                                f"{count}; run `reportqa index --rebuild --store {address.shown}`")

    def search(self, vec: np.ndarray, depth: int, *, year: int | None = None,
               doc_id: str | None = None) -> list[tuple[int, float]]:
        """(row, inner product) of the ``depth`` nearest passages that pass the filters."""
        parts = []
        if year is not None:
            parts.append(f"year == {int(year)}")
        if doc_id is not None:
            parts.append(f"doc_id == {_quoted(doc_id)}")
        res = self._client.search(self.address.collection, [np.asarray(vec, np.float32).ravel().tolist()],
                                  limit=depth, filter=" and ".join(parts),
                                  search_params={"metric_type": "IP",
                                                 "params": {"ef": max(SEARCH_EF, depth)}},
                                  output_fields=["row"])
        return [(int(h["row"]), float(h["distance"])) for h in res[0]]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
