"""``reportqa bench --scale``: the figures behind docs/SCALING.md.

1. Building an index of each corpus given (default: the real-report PDFs in
   ``../shared/benchmarks/real-reports``) from scratch: local ``--workers 1``
   and ``2``, then Ray with 1 and 2 workers (a local Ray started by the run).
   Each build runs in its own process, timed from the outside.
2. Serving vectors: Milvus Lite (HNSW, M=16) against exact FAISS on synthetic
   e5-like vectors (drawn like ``bench.py``'s scaling runs): insert and index
   time, p50 latency and recall@10 against the exact answer, with and without
   a scalar filter.
Writes ``scale.json`` in the output folder and prints a summary.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .bench import synthetic_vectors
from .datasets import benchmark_path
from .metrics import percentile


def _build(corpus: Path, args: list[str], log) -> dict:
    """Seconds for ``reportqa index --rebuild`` of ``corpus`` into a fresh folder, with ``args``."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "eval.commands", "index", "--corpus", str(corpus), "--index",
               str(Path(tmp) / "index"), "--rebuild", "--no-progress", *args]
        env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
        t = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - t
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {p.stderr[-2000:]}")
        lines = [ln for ln in p.stdout.splitlines() if ln.startswith(("Indexed", "Read", "Embedded"))]
    log(f"  index {' '.join(args):<22} {seconds:6.1f} s  | " + " | ".join(lines))
    return {"args": args, "seconds": round(seconds, 1), "summary": lines}


def build_figures(corpus: Path, log) -> dict:
    log(f"Building {corpus} from scratch (each in a fresh process):")
    runs = {name: _build(corpus, args, log) for name, args in (
        ("local_1", ["--workers", "1"]), ("local_2", ["--workers", "2"]),
        ("ray_1", ["--ray", "--workers", "1"]), ("ray_2", ["--ray", "--workers", "2"]))}
    runs["speedup_local"] = round(runs["local_1"]["seconds"] / runs["local_2"]["seconds"], 2)
    runs["speedup_ray"] = round(runs["ray_1"]["seconds"] / runs["ray_2"]["seconds"], 2)
    return runs


def milvus_figures(n: int, real: np.ndarray, log, queries: int = 100) -> dict:
    """Milvus Lite HNSW vs exact FAISS at ``n`` passages: latency and recall@10."""
    from pymilvus import DataType, MilvusClient

    from indexer.vectors import build_vector_index

    x = synthetic_vectors(n, real, 0)
    q = synthetic_vectors(queries, real, 99)
    years = np.arange(n) % 10 + 2015  # a filter that keeps a tenth
    exact, _ = build_vector_index(x, x.shape[1], kind="flat")
    truth, truth_f, lat_faiss = [], [], []
    for i in range(queries):
        t = time.perf_counter()
        _, ids = exact.search(q[i : i + 1], 10)
        lat_faiss.append((time.perf_counter() - t) * 1000)
        truth.append(set(ids[0].tolist()))
        s = x[years == 2020] @ q[i]
        truth_f.append(set(np.flatnonzero(years == 2020)[np.argsort(-s)[:10]].tolist()))
    tmp = tempfile.mkdtemp()
    try:
        client = MilvusClient(str(Path(tmp) / "bench.db"))
        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("row", DataType.INT64, is_primary=True)
        schema.add_field("vec", DataType.FLOAT_VECTOR, dim=x.shape[1])
        schema.add_field("year", DataType.INT64)
        index = client.prepare_index_params()
        index.add_index("vec", index_type="HNSW", metric_type="IP", params={"M": 16, "efConstruction": 200})
        t = time.perf_counter()
        client.create_collection("b", schema=schema, index_params=index)
        for s0 in range(0, n, 5000):
            client.insert("b", [{"row": i, "vec": x[i].tolist(), "year": int(years[i])}
                                for i in range(s0, min(n, s0 + 5000))])
        client.flush("b")
        client.load_collection("b")
        build_s = time.perf_counter() - t
        out = {"passages": n, "milvus_insert_index_s": round(build_s, 1),
               "faiss_exact_p50_ms": round(percentile(lat_faiss, 50), 2)}
        for name, flt, want in (("", "", truth), ("_filtered", "year == 2020", truth_f)):
            lat, hit = [], 0
            for i in range(queries):
                t = time.perf_counter()
                res = client.search("b", [q[i].tolist()], limit=10, filter=flt,
                                    search_params={"metric_type": "IP", "params": {"ef": 128}})
                lat.append((time.perf_counter() - t) * 1000)
                hit += len(want[i] & {int(h["row"]) for h in res[0]})
            out[f"milvus{name}_p50_ms"] = round(percentile(lat, 50), 2)
            out[f"milvus{name}_recall@10"] = round(hit / (10 * queries), 3)
        client.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"  {n:,} passages: FAISS exact {out['faiss_exact_p50_ms']} ms; Milvus Lite HNSW "
        f"{out['milvus_p50_ms']} ms (recall@10 {out['milvus_recall@10']}), with a year filter "
        f"{out['milvus_filtered_p50_ms']} ms (recall@10 {out['milvus_filtered_recall@10']}); "
        f"insert + index {out['milvus_insert_index_s']} s")
    return out


def run_scale(corpora: list[Path] | None, index_dir: Path, out: Path, *, passages: int = 100_000,
              skip_builds: bool = False, log=print) -> dict:
    """Builds of each corpus in ``corpora`` (default: the real-report PDFs), then Milvus."""
    from indexer.store import read_index

    result: dict = {"machine": {"cpus": os.cpu_count()}}
    if not skip_builds:
        paths = [benchmark_path("real-reports", c) for c in corpora or [None]]
        result["builds"] = {str(c.resolve()): build_figures(c, log) for c in paths}
    stored = read_index(index_dir, verify=False)
    real = stored.vectors.reconstruct_n(0, stored.vectors.ntotal)
    log("Serving vectors:")
    result["milvus"] = milvus_figures(passages, real, log)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return result
