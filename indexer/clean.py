"""Clean report text for embedding and search: markdown bold, HTML, footnote marks.

Cleaning never touches the source: chunks keep offsets into the original
file, and only their ``search_text`` is cleaned.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,300}>")
_BOLD = re.compile(r"\*\*|__")
_FOOTNOTE = re.compile(r"\^\{?(\[\d+\])+\}?|\^\[\d+\]")
_SPACES = re.compile(r"[ \u3000]{2,}")


def clean(text: str) -> str:
    """``'超**600**个<br/>团伙^[1]'`` -> ``'超600个 团伙'``."""
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub(" ", text)
    text = _BOLD.sub("", text)
    text = text.replace("\t", " | ")
    return _SPACES.sub(" ", text).strip()
