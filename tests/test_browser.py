"""End-to-end: the chat page in headless Chromium (Debian's /usr/bin/chromium).

Starts `reportqa serve` on a free port, asks an English and a Chinese question
by clicking "send", checks the answers, opens a citation and the highlighted
quote, checks that the page made no request to another host, and saves a
screenshot (to a temporary folder; to docs/ with REPORTQA_UPDATE_DOCS=1, so a
test run leaves the tree clean).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from serving import BOTS, free_port, start, stop
from serving import ask_in_page as _ask

CHROMIUM = os.environ.get("REPORTQA_CHROMIUM", "/usr/bin/chromium")
DOCS = Path(__file__).resolve().parents[1] / "docs"
pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshot and timings go: docs/ only when asked to update them."""
    return DOCS if os.environ.get("REPORTQA_UPDATE_DOCS") == "1" else tmp_path


@pytest.fixture(scope="module")
def server(index_dir):
    url, port, proc = start(["--index", str(index_dir)])
    yield url, port, proc
    stop(proc)


def test_serves_only_on_loopback_and_no_file_route(server):
    url, port, proc = server
    out = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True).stdout
    lines = [ln for ln in out.splitlines() if f":{port} " in ln]
    assert lines and all("127.0.0.1:" in ln for ln in lines), lines
    for path in ("/gradio_api/file=/etc/passwd", "/file=/etc/passwd",
                 "/gradio_api/file=../../../../etc/passwd", "/gradio_api/file=%2Fetc%2Fpasswd",
                 "/gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/static/../../../etc/passwd",
                 "/gradio_api/upload"):
        try:
            with urllib.request.urlopen(url + path, timeout=5) as r:
                body = r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace")
        assert "root:x:0:0" not in body, path


def test_chat_in_real_browser(server, shots):
    from playwright import sync_api as playwright

    assert Path(CHROMIUM).exists(), "install Debian's chromium (apt-get install chromium)"
    url, _, _ = server
    outside: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})

        def track(req):
            host = req.url.split("/")[2] if "://" in req.url else ""
            if req.url.startswith("http") and not host.startswith(("127.0.0.1", "localhost")):
                outside.append(req.url)

        page.on("request", track)
        page.goto(url)
        page.wait_for_selector("#question textarea")
        t_en = _ask(page, "How many fraud rings were identified?")
        last = page.locator(BOTS).last
        text = last.inner_text()
        assert "600" in text and "2021" in text, text
        last.locator("details summary").first.click()
        quote = last.locator("mark.rq-quote").first
        assert quote.is_visible()
        assert "欺诈团伙" in quote.inner_text()
        assert "600" in last.locator("mark.rq-fig").first.inner_text()
        t_zh = _ask(page, "2022年外购电力是多少？")
        text = page.locator(BOTS).last.inner_text()
        assert "424.95" in text, text
        side = page.locator("#passages").inner_text()
        assert "节能减排" in side
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / "screenshot.png"), full_page=True)
        page.locator("#lang").get_by_text("English").click()  # the label toggle
        page.wait_for_function(
            "() => document.querySelector('#send').innerText.trim() === 'Ask'", timeout=10000)
        assert "Retrieved passages" in page.locator("#passages").inner_text()
        browser.close()
    print(f"\nsend-to-answer: English {t_en:.2f} s, Chinese {t_zh:.2f} s")
    assert not outside, outside
    (shots / "browser-timings.txt").write_text(
        f"English question: {t_en:.2f} s\nChinese question: {t_zh:.2f} s\n")


def _client(url):
    from gradio_client import Client

    return Client(url, verbose=False)


QUESTIONS = ["How many fraud rings were identified?", "识别了多少个欺诈团伙", "2022年外购电力是多少？",
             "What was the complaint resolution rate in 2021?"]


def _answer_text(result) -> str:
    last = result[0][-1]
    content = last["content"] if isinstance(last, dict) else last
    if isinstance(content, list):  # Gradio 6 sends message parts
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def test_eight_web_clients_at_once(server):
    from concurrent.futures import ThreadPoolExecutor

    url, _, _ = server

    def ask(q):
        return _answer_text(_client(url).predict(q, [], "English", "*", "*", api_name="/turn"))

    alone = {q: ask(q) for q in QUESTIONS}
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(ask, QUESTIONS * 2))
    for q, text in zip(QUESTIONS * 2, together):
        assert text == alone[q]
    assert "600" in alone[QUESTIONS[0]]


def test_long_question_is_refused_politely_over_http(server):
    url, _, _ = server
    text = _answer_text(_client(url).predict("问" * 600, [], "English", "*", "*",
                                             api_name="/turn"))
    assert "too long" in text and "500" in text


def test_reindex_while_serving(server, index_dir, corpus_dir, tmp_path):
    """The server holds the index it loaded; rebuilding the files under it changes nothing."""
    import shutil

    from indexer.build import build_index

    url, _, proc = server
    before = _answer_text(_client(url).predict(QUESTIONS[0], [], "English", "*", "*",
                                               api_name="/turn"))
    extra = tmp_path / "corpus"
    shutil.copytree(corpus_dir, extra)
    (extra / "jiayin-esg-2021.zh.txt").write_text("被替换的报告 2021\n\n内容很短，没有欺诈团伙的数字。\n",
                                                   encoding="utf-8")
    work = tmp_path / "index"
    shutil.copytree(index_dir, work)
    build_index(extra, work, progress=False, log=lambda *a: None)
    after = _answer_text(_client(url).predict(QUESTIONS[0], [], "English", "*", "*",
                                              api_name="/turn"))
    assert proc.poll() is None and after == before


def test_auth_is_required_when_set(index_dir):
    port = free_port()
    env = dict(os.environ, REPORTQA_AUTH="alice:s3cret")
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--index", str(index_dir),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url + "/config", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.5)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "/config", timeout=5)
        assert err.value.code in (401, 403)
        from gradio_client import Client

        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            Client(url, verbose=False).predict("x", [], "English", "*", "*", api_name="/turn")
        ok = Client(url, auth=("alice", "s3cret"), verbose=False).predict(
            QUESTIONS[0], [], "English", "*", "*", api_name="/turn")
        assert "600" in _answer_text(ok)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
