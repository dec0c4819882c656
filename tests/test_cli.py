import json
import subprocess
import sys


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_search_json(index_dir):
    r = run("search", "识别了多少个欺诈团伙", "--index", str(index_dir), "--json", "-k", "3")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["query"] == "识别了多少个欺诈团伙" and len(out["hits"]) == 3
    assert set(out["hits"][0]) == {"rank", "score", "chunk_id", "doc_id", "title", "year",
                                   "section", "text", "start", "end", "pages"}


def test_ask_stdin_json_lines(index_dir):
    r = run("ask", "-", "--index", str(index_dir),
            stdin="How many fraud rings were identified?\n\n2022年外购电力是多少？\n")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 2
    for d in lines:
        assert {"question", "lang", "answer", "answer_span", "found", "confidence",
                "citations", "hits"} <= set(d)
    assert lines[0]["lang"] == "en" and "600" in lines[0]["answer_span"]


def test_missing_index_is_a_clear_error(tmp_path):
    r = run("search", "x", "--index", str(tmp_path / "none"))
    assert r.returncode == 1
    assert r.stderr.startswith("Error: ") and "reportqa index" in r.stderr
    assert "Traceback" not in r.stderr


def test_empty_question_is_a_clear_error(index_dir):
    r = run("ask", "  ", "--index", str(index_dir))
    assert r.returncode == 1 and "empty" in r.stderr and "Traceback" not in r.stderr


def test_serving_beyond_loopback_needs_a_login_or_read_only(tmp_path):
    r = run("serve", "--host", "0.0.0.0", "--index", str(tmp_path / "none"))
    assert r.returncode == 2 and "--auth" in r.stderr and "--read-only" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("serve", "--max-upload-mb", "0", "--index", str(tmp_path / "none"))
    assert r.returncode == 2 and "positive" in r.stderr
