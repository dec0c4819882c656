"""Building the index on Ray: a local Ray head (127.0.0.1, 2 CPUs) gives the local build's index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

# Ray turns 127.0.0.1 into the machine's network address unless it is told this is a
# one-machine cluster (read when ray is imported); the driver must also use the token
# authentication that `ray start` turns on.
LOOPBACK = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "token",
            "RAY_USAGE_STATS_ENABLED": "0"}
os.environ.update(LOOPBACK)
pytest.importorskip("ray", reason="pip install 'reportqa[scale]' for the Ray tests")

from serving import free_port  # noqa: E402

from indexer import store  # noqa: E402
from indexer.build import build_index  # noqa: E402

RAY = str(Path(sys.executable).with_name("ray"))


@pytest.fixture(scope="module")
def ray_head():
    """A Ray head bound to 127.0.0.1 with 2 CPUs, stopped after the tests."""
    port = free_port()
    env = dict(os.environ)
    subprocess.run([RAY, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
                    "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats"],
                   check=True, env=env, capture_output=True, timeout=180)
    try:
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
        assert f"127.0.0.1]:{port} " in listening or f"127.0.0.1:{port} " in listening, listening
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([RAY, "stop", "--force"], env=env, capture_output=True, timeout=120)


def test_ray_build_equals_the_local_build_and_is_incremental(ray_head, corpus_dir, index_dir, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    out = tmp_path / "index"
    r = build_index(corpus, out, ray=ray_head, workers=2, progress=False, log=lambda *a: None)
    assert sorted(r.embedded_reports) == ["jiayin-esg-2021", "jiayin-esg-2022"]
    ray_built, local = store.read_index(out), store.read_index(index_dir)
    assert ray_built.manifest["model"] == local.manifest["model"]
    assert [c.to_dict() for c in ray_built.chunks] == [c.to_dict() for c in local.chunks]
    assert ray_built.terms == local.terms
    a = ray_built.vectors.reconstruct_n(0, ray_built.vectors.ntotal)
    b = local.vectors.reconstruct_n(0, local.vectors.ntotal)
    assert a.shape == b.shape and float(np.abs(a - b).max()) <= 1e-5

    (corpus / "extra-2023.txt").write_text("某公司 2023 年社会责任报告\n\n一、员工\n\n公司共有员工 321 名。\n",
                                            encoding="utf-8")
    again = build_index(corpus, out, ray=ray_head, workers=2, progress=False, log=lambda *a: None)
    assert again.embedded_reports == ["extra-2023"] and again.embedded_chunks < 5
    assert build_index(corpus, out, ray=ray_head, workers=2, progress=False,
                       log=lambda *a: None).unchanged
