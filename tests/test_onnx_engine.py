"""The default query engine (ONNX Runtime + the Python tokenizer) gives the model's vectors."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.convert import bundled_model_dir
from indexer.embed import STEmbedder, load_embedder
from indexer.errors import ModelError
from indexer.onnx_engine import OnnxEmbedder
from indexer.onnx_export import PIECES_DIR, prepare
from indexer.pieces import Pieces

QUESTIONS = ["How many fraud rings were identified?", "2022年员工培训覆盖率是多少？",
             "识别了多少个欺诈团伙", "What was the 2021 Scope 2 emission (tCO2e)?",
             "全角ＡＢＣ～  两个空格\t制表", "emoji 🙂 and café", ""]


@pytest.fixture(scope="module")
def hf_tokenizer():
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(bundled_model_dir() / "0_Transformer" / "tokenizer.json"))


@pytest.fixture(scope="module")
def pieces():
    return Pieces(prepare(bundled_model_dir()) / PIECES_DIR, max_tokens=10**9)


def test_pieces_match_tokenizer_json_on_every_chunk(retriever, hf_tokenizer, pieces):
    checked = 0
    for c in retriever.chunks:
        for text in ("passage: " + c.search_text, "query: " + c.text[:80]):
            assert pieces.encode(text) == hf_tokenizer.encode(text).ids, c.chunk_id
            checked += 1
    assert checked == 2 * len(retriever.chunks) > 100


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.text(alphabet="年度员工培训覆盖率 ab1２%．.,，\t\n～　－-", max_size=40))
def test_pieces_match_tokenizer_json_on_generated_text(hf_tokenizer, pieces, text):
    assert pieces.encode(text) == hf_tokenizer.encode(text).ids


def test_long_text_is_capped_with_end_marker():
    capped = Pieces(prepare(bundled_model_dir()) / PIECES_DIR, max_tokens=512)
    ids = capped.encode("营业收入增长。" * 400)
    assert len(ids) == 512 and ids[0] == capped.bos and ids[-1] == capped.eos


@pytest.mark.slow  # loads sentence-transformers as well
def test_query_vectors_equal_sentence_transformers():
    onnx = OnnxEmbedder(log=lambda *a: None)
    st_model = STEmbedder(log=lambda *a: None)
    cos = (onnx.queries(QUESTIONS) * st_model.queries(QUESTIONS)).sum(1)
    assert cos.min() >= 0.9999, cos
    passages = ["成功锁定超600个欺诈团伙", "员工培训覆盖率100%"]
    cos = (onnx.passages(passages) * st_model.passages(passages)).sum(1)
    assert cos.min() >= 0.9999, cos
    norms = np.linalg.norm(onnx.queries(QUESTIONS), axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)


def test_auto_engine_is_onnx_for_the_bundled_model():
    assert isinstance(load_embedder(None, log=lambda *a: None), OnnxEmbedder)
    with pytest.raises(ModelError, match="only the bundled model"):
        load_embedder("/some/other/model", engine="onnx")


def test_damaged_engine_files_give_a_clear_error(tmp_path, monkeypatch):
    """A broken cache says what to run instead of failing with a traceback."""
    import shutil

    src = bundled_model_dir()
    cache = tmp_path / "cache"
    target = cache / "models" / src.name
    shutil.copytree(src, target, ignore=shutil.ignore_patterns("model.safetensors"))
    (target / "0_Transformer" / "model.safetensors").symlink_to(
        src / "0_Transformer" / "model.safetensors")
    (target / "onnx" / "encoder.onnx").write_bytes(b"not a model")
    monkeypatch.setenv("REPORTQA_CACHE", str(cache))
    with pytest.raises(ModelError, match="reportqa model --force"):
        OnnxEmbedder(log=lambda *a: None)
    shutil.rmtree(target / "onnx" / PIECES_DIR)
    (target / "onnx" / "encoder.onnx").unlink()
    shutil.copy(src / "onnx" / "encoder.onnx", target / "onnx" / "encoder.onnx")
    with pytest.raises(ModelError, match="reportqa model --force"):
        OnnxEmbedder(log=lambda *a: None)
    assert Path(src / "onnx" / "encoder.onnx").stat().st_size > 10**7  # the real cache untouched
