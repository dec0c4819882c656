"""Start `reportqa serve` in a child process on a free loopback port, for the browser tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], *, env=None, timeout: float = 180) -> tuple[str, int, subprocess.Popen]:
    """``(url, port, process)`` of a server that answers; its output is in ``process.stdout``."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", *args, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return url, port, proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("server exited: " + proc.stdout.read()) from None
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"server did not start in {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=20)


BOTS = "#chat [data-testid='bot']"


def ask_in_page(page, text: str) -> float:
    """Type a question in the chat page, click send, wait for the new answer; seconds taken."""
    before = page.locator(BOTS).count()
    page.fill("#question textarea", text)
    t0 = time.perf_counter()
    page.click("#send")
    page.wait_for_function(
        "n => { const b = document.querySelectorAll(\"#chat [data-testid='bot']\");"
        " return b.length > n && b[b.length - 1].innerText.trim().length > 10; }",
        arg=before, timeout=30000)
    return time.perf_counter() - t0
