"""``reportqa index --ray [ADDRESS]``: the index built on Ray Data, locally or on a cluster.

The same pipeline as a local build, with its three heavy stages on Ray:
list files -> extract (a Ray Data ``map``, one file per task) -> chunk (a
``map``, one report per task) -> embed (``map_batches`` over an actor pool, the
model loaded once per actor) -> write.  Files whose bytes are unchanged are
not sent to Ray; planning and writing stay on the driver, through the same
code as a local build, so the index directory is the same format: the same
chunks, and vectors equal to a local build's within 1e-5 (each actor gets the
batches a local build would form, longest-alike texts together).  ``ray.init()`` starts a local Ray when
no address is given; with an address (``127.0.0.1:6379``, ``ray://…``) the
same code runs on that cluster, whose workers must have reportqa installed.
Needs ``pip install 'reportqa[scale]'``.
"""

from __future__ import annotations

import os
import pickle
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import ReportQAError

BATCH = 32  # texts per embedding call, as in a local build
_ENV = ("REPORTQA_CACHE", "XDG_CACHE_HOME", "HF_HOME", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ImportError("--ray needs Ray: pip install 'reportqa[scale]'") from None
    return ray


@contextmanager
def ray_session(address: str | None, workers: int, log=print):
    """Connect to the Ray cluster at ``address`` (or start a local one with ``workers`` CPUs)."""
    ray = _ray()
    env = {k: os.environ[k] for k in _ENV if k in os.environ}
    kwargs = dict(include_dashboard=False, log_to_driver=False, configure_logging=False,
                  runtime_env={"env_vars": env} if env else None)
    try:
        if address and address != "local":
            ray.init(address=address, **kwargs)
        else:
            ray.init(num_cpus=workers, **kwargs)
    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds for a bad address
        raise ReportQAError(f"cannot start or reach Ray at {address or 'a local instance'} ({exc}); "
                            "check the address (ray status) or omit it for a local Ray") from None
    log(f"Ray: {ray.cluster_resources().get('CPU', 0):g} CPUs")
    try:
        from ray.data import DataContext

        DataContext.get_current().enable_progress_bars = False
        yield ray
    finally:
        ray.shutdown()


def _extract_row(row: dict) -> dict:
    """One report file read on a Ray worker: the Report (or the error that names it) and
    the reader's warnings."""
    from .parallel import read_one

    got = read_one(row["path"], pickle.loads(row["meta"]), row["max_mb"])
    return {"path": row["path"], "report": pickle.dumps(got)}


def ray_extract(paths: list[Path], meta: dict, max_mb: float, workers: int) -> dict:
    """``{path: (Report or CorpusError, warnings)}`` for files read in parallel on Ray."""
    if not paths:
        return {}
    ray = _ray()
    rows = [{"path": str(p), "meta": pickle.dumps(meta.get(p.name)), "max_mb": max_mb} for p in paths]
    ds = ray.data.from_items(rows, override_num_blocks=len(rows)).map(
        _extract_row, compute=ray.data.TaskPoolStrategy(size=workers))
    return {Path(r["path"]): pickle.loads(r["report"]) for r in ds.take_all()}


def _chunk_row(row: dict) -> dict:
    """One report chunked on a Ray worker: its chunks and their search terms."""
    from .parallel import chunk_one

    return {"i": row["i"], "out": pickle.dumps(chunk_one(pickle.loads(row["report"]), row["size"]))}


def ray_chunk(reports: list, size: int, workers: int) -> list:
    """Each report's (chunks, terms), chunked in parallel on Ray, in order."""
    if not reports:
        return []
    ray = _ray()
    rows = [{"i": i, "report": pickle.dumps(r), "size": size} for i, r in enumerate(reports)]
    ds = ray.data.from_items(rows, override_num_blocks=len(rows)).map(
        _chunk_row, compute=ray.data.TaskPoolStrategy(size=workers))
    out = sorted(ds.take_all(), key=lambda r: r["i"])
    return [pickle.loads(r["out"]) for r in out]


class _EmbedActor:
    """A Ray Data actor: the model is loaded once, then embeds one prepared batch per row."""

    def __init__(self, model: str | None, engine: str):
        from .embed import load_embedder

        try:
            import torch

            torch.set_num_threads(1)  # one CPU per actor: the pool is the parallelism
        except ImportError:
            pass
        self.emb = load_embedder(model, engine=engine, log=lambda *a: None)

    def __call__(self, batch: dict) -> dict:
        vecs = [self.emb.passages(list(texts), batch_size=BATCH) for texts in batch["texts"]]
        return {"rows": batch["rows"], "vecs": [v.astype(np.float32) for v in vecs],
                "label": [self.emb.label] * len(vecs)}


class RayEmbedder:
    """An embedder whose ``passages`` runs on an actor pool of ``workers`` Ray actors."""

    def __init__(self, model: str | None, *, engine: str, workers: int, model_id: str):
        self.model, self.engine, self.workers = model, engine, workers
        self.model_id, self.label, self.dim = model_id, model_id, 0

    def passages(self, texts: list[str], *, batch_size: int = BATCH, progress=None) -> np.ndarray:
        ray = _ray()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        groups = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        ds = ray.data.from_items([{"rows": g, "texts": [texts[i] for i in g]} for g in groups],
                                 override_num_blocks=max(1, min(len(groups), 4 * self.workers)))
        ds = ds.map_batches(_EmbedActor, fn_constructor_kwargs={"model": self.model,
                                                                "engine": self.engine},
                            batch_size=1, compute=ray.data.ActorPoolStrategy(size=self.workers),
                            num_cpus=1)
        out = None
        for row in ds.iter_rows():
            vecs = np.asarray(row["vecs"], np.float32)
            if out is None:
                out = np.zeros((len(texts), vecs.shape[1]), np.float32)
                self.dim, self.label = vecs.shape[1], row["label"]
            out[np.asarray(row["rows"])] = vecs
            if progress:
                progress(len(row["rows"]))
        return out if out is not None else np.zeros((0, self.dim), np.float32)
