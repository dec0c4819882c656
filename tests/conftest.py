"""Shared fixtures: the real corpus indexed once per test session with the real model.

Two tiers: everything (the README's test command and CI), and
``-m "not slow"`` for use while working: the tests that need the whole
bundled corpus indexed, a browser or a child process are marked ``slow``
here; the fast tier indexes a small slice of the bundled reports instead
(still the real model, chunker, FAISS and BM25).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for p in CORPUS.iterdir():
        if p.is_file():
            shutil.copy(p, d / p.name)
    return d


def _index(corpus: Path, d: Path) -> Path:
    from indexer.build import build_index

    build_index(corpus, d, progress=False, log=lambda *a: None)
    return d


@pytest.fixture(scope="session")
def index_dir(corpus_dir, tmp_path_factory) -> Path:
    return _index(corpus_dir, tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def retriever(index_dir):
    from assistant.retrieve import Retriever

    return Retriever.open(index_dir, log=lambda *a: None)


@pytest.fixture(scope="session")
def assistant(retriever):
    from assistant.answer import Assistant

    return Assistant(retriever)


@pytest.fixture(scope="session")
def sources() -> dict[str, str]:
    return {p.name.split(".")[0]: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")}


SLOW_FIXTURES = {"corpus_dir", "index_dir", "retriever", "assistant", "pdf_index"}

# The slice of each bundled report the fast tier indexes: (first line, last line, a phrase it must hold).
SMALL_SLICES = {
    "jiayin-esg-2021.zh.txt": [(1, 40, "关于本报告"), (440, 500, "欺诈团伙"), (690, 705, "全职员工706人")],
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """A few sections of a bundled report, with its metadata: indexed in seconds."""
    import json

    d = tmp_path_factory.mktemp("small-corpus")
    meta = json.loads((CORPUS / "reports.json").read_text(encoding="utf-8"))
    for name, slices in SMALL_SLICES.items():
        lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
        parts = []
        for first, last, phrase in slices:
            part = "\n".join(lines[first - 1:last])
            assert phrase in part, f"the slice {first}-{last} of {name} no longer holds {phrase!r}; update SMALL_SLICES"
            parts.append(part)
        (d / name).write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    (d / "reports.json").write_text(json.dumps({k: meta[k] for k in SMALL_SLICES}, ensure_ascii=False),
                                    encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def small_index(small_corpus, tmp_path_factory) -> Path:
    return _index(small_corpus, tmp_path_factory.mktemp("small-index"))


@pytest.fixture(scope="session")
def small_assistant(small_index):
    from assistant.answer import Assistant
    from assistant.retrieve import Retriever

    return Assistant(Retriever.open(small_index, log=lambda *a: None))
