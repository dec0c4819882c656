"""Split a passage into sentences and table rows, keeping offsets.

``split_units('甲。乙！\\nA\\t1')`` -> units '甲。' (0-2), '乙！' (2-4) and the row
'A\\t1' (5-8).  Offsets are relative to the string given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]+[”’」』)]*|$)")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    row: bool = False


def split_units(text: str) -> list[Unit]:
    out: list[Unit] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if "\t" in line:
            s = line_start + len(line) - len(line.lstrip())
            e = line_start + len(line.rstrip())
            out.append(Unit(s, e, text[s:e], row=True))
            continue
        for m in _END.finditer(line):
            piece = m.group(0)
            if not piece.strip():
                continue
            s = line_start + m.start() + len(piece) - len(piece.lstrip())
            e = line_start + m.start() + len(piece.rstrip())
            out.append(Unit(s, e, text[s:e]))
    return out
