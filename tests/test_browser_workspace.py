"""End-to-end in headless Chromium: add a real report PDF in the page, ask, see the printed page.

The server runs on copies of the bundled corpus and index (the test changes
them).  Uploads ``../shared/benchmarks/real-reports/szenergy_2016_csr.pdf``,
asks a question while it is being indexed (answered from the old index), waits
for the job, asks about the new report, opens the citation's page image and
checks the box drawn on it, then removes the report and checks the reports
panel and the report filter.  Prints the timings it measured.  The HTTP cases
(upload limit, file routes) run against the same server.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from serving import BOTS, ask_in_page, start, stop

CHROMIUM = os.environ.get("REPORTQA_CHROMIUM", "/usr/bin/chromium")
CSR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "real-reports" / "szenergy_2016_csr.pdf"
DOCS = Path(__file__).resolve().parents[1] / "docs"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CSR.exists(), reason="../shared/benchmarks/real-reports is not here")]


@pytest.fixture(scope="module")
def workspace_server(corpus_dir, index_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("workspace")
    shutil.copytree(corpus_dir, work / "corpus")
    shutil.copytree(index_dir, work / "index")
    url, port, proc = start(["--index", str(work / "index"), "--corpus", str(work / "corpus"),
                             "--max-upload-mb", "5"])
    yield url, work
    stop(proc)


def _ask(page, text: str) -> tuple[str, float]:
    took = ask_in_page(page, text)
    return page.locator(BOTS).last.inner_text(), took


def _report_options(page) -> str:
    page.locator("#report input").click()
    page.wait_for_selector("[role=listbox]", timeout=5000)
    text = page.locator("[role=listbox]").inner_text()
    page.keyboard.press("Escape")
    return text


def _box_pixels(png: bytes) -> int:
    """Pixels of the quote box's colour in the page image."""
    import numpy as np
    from PIL import Image

    from assistant.page_image import QUOTE_COLOUR

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    return int((np.abs(img - np.array(QUOTE_COLOUR)).max(axis=2) < 40).sum())


def test_upload_ask_see_the_page_and_remove(workspace_server):
    from playwright import sync_api as playwright

    url, work = workspace_server
    timings = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(url)
        page.wait_for_selector("#question textarea")
        assert "深圳能源" not in page.locator("#reports").inner_text()

        t0 = time.perf_counter()
        page.locator("#upload input[type=file]").set_input_files(str(CSR))
        page.wait_for_selector("#job [data-state=running]", timeout=30000)
        seen = {page.locator("#job").inner_text()}
        text, timings["question while indexing"] = _ask(page, "How many fraud rings were identified?")
        assert "600" in text, text  # answered from the index in use
        assert page.locator("#job [data-state=running]").count() == 1  # the job was still running
        while not page.locator("#job [data-state=done]").count():
            assert not page.locator("#job [data-state=failed]").count(), page.locator("#job").inner_text()
            assert time.perf_counter() - t0 < 300, "indexing took over 5 minutes"
            seen.add(page.locator("#job").inner_text())
            time.sleep(0.3)
        page.wait_for_function("() => document.querySelector('#reports').innerText.includes('深圳能源')",
                               timeout=10000)
        timings["upload to answerable"] = time.perf_counter() - t0
        assert any("Reading szenergy_2016_csr.pdf" in s for s in seen), seen
        assert any("Embedding" in s and "ETA" in s for s in seen), seen
        assert (work / "corpus" / "szenergy_2016_csr.pdf").exists()
        assert "深圳能源" in _report_options(page)

        text, _ = _ask(page, "深圳能源的垃圾日处理能力达到多少？")
        assert "7,050" in text and "第4页" in text, text
        last = page.locator(BOTS).last
        last.locator("details summary").first.click()
        assert "7,050" in last.locator("mark.rq-fig").first.inner_text()
        t1 = time.perf_counter()
        page.locator("#cite-pick label").first.click()
        page.wait_for_selector("#page-image img", timeout=20000)
        timings["page image shown"] = time.perf_counter() - t1
        src = page.locator("#page-image img").get_attribute("src")
        png = page.request.get(src).body()
        assert _box_pixels(png) > 500  # the quote is boxed
        shots = DOCS if os.environ.get("REPORTQA_UPDATE_DOCS") == "1" else work
        page.screenshot(path=str(shots / "screenshot-workspace.png"), full_page=True)

        page.locator("#remove-pick input").click()
        page.locator("[role=listbox] [role=option]", has_text="深圳能源").first.click()
        page.click("#remove")
        page.wait_for_function(
            "() => !document.querySelector('#reports').innerText.includes('深圳能源')", timeout=120000)
        assert "深圳能源" not in _report_options(page)
        assert (work / "corpus" / ".removed" / "szenergy_2016_csr.pdf").exists()
        browser.close()
    print("\n" + "\n".join(f"{k}: {v:.2f} s" for k, v in timings.items()))


def test_upload_limits_and_file_routes_over_http(workspace_server):
    import httpx

    url, work = workspace_server
    over = httpx.post(url + "/gradio_api/upload", files={
        "files": ("big.pdf", io.BytesIO(b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)), "application/pdf")})
    assert over.status_code == 413, over.text
    for path in (work / "corpus" / "reports.json", work / "index" / "manifest.json", Path("/etc/passwd"),
                 "../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd"):
        r = httpx.get(f"{url}/gradio_api/file={path}")
        assert r.status_code in (403, 404), (path, r.status_code)
        assert "root:x:0:0" not in r.text
