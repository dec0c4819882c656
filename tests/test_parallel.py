"""Every core on one machine: files read and reports chunked by a pool of processes give the
index a single process gives, with the same warnings for files that cannot be used."""

from __future__ import annotations

import shutil

import numpy as np

from eval.pdfmaker import make_pdf
from indexer import store
from indexer.build import build_index
from indexer.parallel import chunk_reports, read_files


def _corpus(small_corpus, d):
    shutil.copytree(small_corpus, d)
    text = (d / "jiayin-esg-2021.zh.txt").read_text(encoding="utf-8")
    make_pdf(text, d / "other-2022.pdf", title="某公司2022年环境、社会及治理报告")
    (d / "bytes-2023.txt").write_bytes("某公司2023年报告\n\n一、员工\n\n员工共 321 名。\xff\n".encode() + b"\xff")
    (d / "broken-2023.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    return d


def test_a_pool_of_workers_builds_the_index_one_process_builds(small_corpus, tmp_path):
    corpus = _corpus(small_corpus, tmp_path / "corpus")
    logs, built, stages = {}, {}, {}
    for n in (1, 2):
        logs[n], stages[n] = [], set()
        r = build_index(corpus, tmp_path / f"index-{n}", workers=n, progress=False, log=logs[n].append,
                        watch=lambda stage, done, total, seen=stages[n]: seen.add(stage))
        assert r.skipped == ["broken-2023.pdf"], logs[n]
        built[n] = store.read_index(tmp_path / f"index-{n}")
    assert "Reading 4 files" in stages[2] and "Reading 4 files" not in stages[1]  # the pool ran
    assert logs[1] == logs[2]
    assert any("invalid UTF-8" in m for m in logs[2]) and any("broken-2023.pdf" in m for m in logs[2])
    one, two = built[1], built[2]
    assert len(one.chunks) > 20 and {c.doc_id for c in one.chunks} >= {"other-2022", "bytes-2023"}
    assert [c.to_dict() for c in one.chunks] == [c.to_dict() for c in two.chunks]
    assert one.terms == two.terms and one.reports == two.reports
    a, b = (x.vectors.reconstruct_n(0, x.vectors.ntotal) for x in (one, two))
    assert a.shape == b.shape and float(np.abs(a - b).max()) <= 1e-5


def test_the_pool_reads_files_and_chunks_reports_in_order(small_corpus, tmp_path):
    corpus = _corpus(small_corpus, tmp_path / "corpus")
    paths = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".pdf"))
    read = read_files(paths, {}, 50, 2)
    assert list(read) == paths
    assert isinstance(read[corpus / "broken-2023.pdf"][0], Exception)
    assert [w for w in read[corpus / "bytes-2023.txt"][1] if "invalid UTF-8" in w]
    reports = [r for r, _ in read.values() if not isinstance(r, Exception)]
    pooled, serial = chunk_reports(reports, 600, 2), chunk_reports(reports, 600, 1)
    assert [[c.to_dict() for c in cs] for cs, _ in pooled] == [[c.to_dict() for c in cs] for cs, _ in serial]
    assert [ts for _, ts in pooled] == [ts for _, ts in serial]
    assert [cs[0].doc_id for cs, _ in pooled] == [r.doc_id for r in reports]
