"""The benchmark's measuring tools measure the child, not the parent."""

import sys

from eval.bench import _run


def test_peak_memory_is_the_childs_own():
    ballast = bytearray(400 * 1024 * 1024)  # a large parent must not show in the child
    ballast[::4096] = b"x" * len(ballast[::4096])
    code = "x = bytearray(150 * 1024 * 1024); x[::4096] = b'y' * len(x[::4096]); print('ok')"
    wall, mb, out = _run([sys.executable, "-c", code])
    assert out.strip() == "ok" and wall > 0
    assert 150 <= mb < 350, mb
    del ballast


def test_failed_child_is_reported():
    try:
        _run([sys.executable, "-c", "raise SystemExit(3)"])
    except RuntimeError as exc:
        assert "code 3" in str(exc)
    else:
        raise AssertionError("a failing child went unnoticed")
