"""Shared fixtures: the real corpus indexed once per test session with the real model."""

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


@pytest.fixture(scope="session")
def index_dir(corpus_dir, tmp_path_factory) -> Path:
    from indexer.build import build_index

    d = tmp_path_factory.mktemp("index")
    build_index(corpus_dir, d, progress=False, log=lambda *a: None)
    return d


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
