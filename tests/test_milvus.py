"""Vectors served by Milvus Lite: the same top 10 as exact FAISS, filters inside Milvus, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="pip install 'reportqa[scale]' for the Milvus tests")

from assistant.retrieve import Retriever  # noqa: E402
from indexer.build import build_index  # noqa: E402
from indexer.errors import BadIndexError  # noqa: E402
from indexer.milvus_store import MilvusVectors, parse_store, write_vectors  # noqa: E402

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold.jsonl"


@pytest.fixture(scope="module")
def milvus_index(corpus_dir, index_dir, retriever, tmp_path_factory):
    work = tmp_path_factory.mktemp("milvus")
    shutil.copytree(index_dir, work / "index")
    r = build_index(corpus_dir, work / "index", vector_store=str(work / "vectors.db"),
                    embedder=retriever.embedder, progress=False, log=lambda *a: None)
    assert r.embedded_chunks == 0  # the vectors already built are sent, not embedded again
    return work


def test_milvus_top10_matches_exact_faiss_with_filters(milvus_index, retriever):
    served = Retriever.open(milvus_index / "index", embedder=retriever.embedder, log=lambda *a: None)
    assert served.milvus is not None and retriever.milvus is None
    questions = [json.loads(line)["question"] for line in GOLD.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    overlaps, filtered = [], 0
    for i, q in enumerate(questions):
        text = served.plan(q).dense_text
        year, doc = [(None, None), (2022, None), (None, "jiayin-esg-2021")][i % 3]
        exact = retriever.dense_scored(text, 10, retriever._mask(year, doc))
        got = served.dense_scored(text, 10, None, year=year, doc_id=doc)
        assert len(got) == len(exact) == 10
        assert all(served.chunks[row].year == year for row, _ in got if year)
        assert all(served.chunks[row].doc_id == doc for row, _ in got if doc)
        filtered += year is not None or doc is not None
        overlaps.append(len({r for r, _ in got} & {r for r, _ in exact}) / 10)
    mean = sum(overlaps) / len(overlaps)
    print(f"\nMilvus Lite vs exact FAISS, top 10 over {len(questions)} gold questions "
          f"({filtered} filtered by year or report): overlap {mean:.3f}")
    assert mean >= 0.99


def test_same_answers_through_milvus(milvus_index, assistant, retriever):
    from assistant.answer import Assistant

    served = Assistant(Retriever.open(milvus_index / "index", embedder=retriever.embedder,
                                      log=lambda *a: None))
    for q in ("How many fraud rings were identified?", "2022年外购电力是多少？"):
        assert served.ask(q).answer == assistant.ask(q).answer


def test_wrong_model_missing_collection_and_no_server_are_clear(milvus_index, retriever, tmp_path):
    import numpy as np

    other = parse_store(str(tmp_path / "other.db"))
    vecs = np.eye(3, 384, dtype=np.float32)
    write_vectors(other, vecs, retriever.chunks[:3], "some-other-model", log=lambda *a: None)
    with pytest.raises(BadIndexError, match="another model .*--rebuild --store"):
        MilvusVectors(other, retriever.manifest["model"]["id"], 3)
    with pytest.raises(BadIndexError, match="no collection 'nope'"):
        MilvusVectors(parse_store(str(tmp_path / "other.db") + "#nope"), "m", 3)
    with pytest.raises(BadIndexError, match="cannot reach Milvus at milvus://127.0.0.1:1/x"):
        MilvusVectors(parse_store("milvus://127.0.0.1:1/x"), "m", 3)


def test_a_build_upserts_only_what_changed(small_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus, corpus)
    store, index, said = str(tmp_path / "vectors.db"), tmp_path / "index", []
    first = build_index(corpus, index, vector_store=store, progress=False, log=said.append)
    n = first.chunks
    assert f"Wrote {n} of {n} vectors to Milvus" in said[-1]
    (corpus / "zz-extra-2023.txt").write_text(
        "某公司2023年社会责任报告\n\n一、员工\n\n公司共有员工 321 名，其中女性员工 150 名。\n", encoding="utf-8")
    added = build_index(corpus, index, progress=False, log=said.append)
    assert added.embedded_chunks >= 1 and added.chunks == n + added.embedded_chunks
    assert f"Wrote {added.embedded_chunks} of {added.chunks} vectors" in said[-1]
    served = Retriever.open(index, log=lambda *a: None)
    rows = served.dense_scored(served.plan("公司共有员工多少名？").dense_text, 3, None, doc_id="zz-extra-2023")
    assert rows and all(served.chunks[r].doc_id == "zz-extra-2023" for r, _ in rows)
    (corpus / "zz-extra-2023.txt").unlink()
    build_index(corpus, index, progress=False, log=said.append)
    assert f"Wrote 0 of {n} vectors" in said[-1]
    assert Retriever.open(index, log=lambda *a: None).milvus is not None  # the count checks out
    from pymilvus import MilvusClient

    from indexer.milvus_store import DEFAULT_COLLECTION, HOLDS_PROPERTY

    client = MilvusClient(store)  # as a write that did not finish leaves it
    client.alter_collection_properties(DEFAULT_COLLECTION, properties={HOLDS_PROPERTY: ""})
    client.close()
    with pytest.raises(BadIndexError, match="written from another index .*--rebuild --store"):
        Retriever.open(index, log=lambda *a: None)
    (corpus / "zz-extra-2023.txt").write_text("某公司2023年报告\n\n员工 321 名。\n", encoding="utf-8")
    again = build_index(corpus, index, progress=False, log=said.append)
    assert f"Wrote {again.chunks} of {again.chunks} vectors" in said[-1]
