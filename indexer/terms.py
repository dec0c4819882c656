"""Search terms for BM25: jieba words for Chinese, lower-cased Latin words, numbers.

``'成功锁定超600个欺诈团伙'`` -> ``['成功', '锁定', '超', '600', '欺诈', '团伙']``
(jieba's search mode also adds the sub-words of long words).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .clean import clean

_NUMBER_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 对 为 以 于 中 上 下 也 都 而 并 其 这 那 个 年 有 被 把 "
    "吗 呢 吧 啊 多少 几 什么 哪些 哪个 哪 如何 怎么 怎样 是否 有没有 请问 一共 共 "
    "哪一年 哪年 一年 何时 什么时候 时候 多少钱 多少次 多少人 多少家 多少个 多少场 多少件 "
    "a an the of in on at to for by with from and or is are was were be been do does did "
    "how what which who whom when where why many much was has have had it its this that "
    "there their they as about into any some according report reports jiayin jiayin's "
    "company group its during per each year years end by".split()
)


class Terms:
    """A jieba segmenter: the full dictionary, or a small one written with an index.

    Loading jieba's full dictionary takes most of a second; an index keeps a
    dictionary of just its own vocabulary (with jieba's word frequencies), so
    a query is cut into the words the index can match, in milliseconds.
    """

    def __init__(self, dictionary: str | None = None):
        self.dictionary = dictionary
        self._tok = None

    def _tokenizer(self):
        if self._tok is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._tok = jieba.Tokenizer(self.dictionary) if self.dictionary else jieba.dt
            self._tok.initialize()
        return self._tok

    def __call__(self, text: str) -> list[str]:
        out = []
        for tok in self._tokenizer().lcut_for_search(normalize(text)):
            tok = tok.strip()
            if tok and _KEEP.search(tok) and tok not in STOPWORDS:
                out.append(tok)
        return out

    def cut(self, text: str) -> list[str]:
        """Plain jieba words of ``text`` (no sub-words, nothing dropped)."""
        return self._tokenizer().lcut(text)

    def dictionary_for(self, words) -> str:
        """jieba dictionary lines (``word freq``) for ``words`` that the full
        dictionary knows, plus every other Chinese word with a low frequency."""
        freq = self._tokenizer().FREQ
        lines = []
        for w in sorted(set(words)):
            if not w or any(c.isspace() for c in w):
                continue
            f = freq.get(w, 0)
            if f > 0:
                lines.append(f"{w} {f}")
            elif re.fullmatch(r"[\u4e00-\u9fff]{2,}", w):
                lines.append(f"{w} 3")
        return "\n".join(lines) + "\n"


_default = Terms()


def _t2s() -> dict[int, str]:
    """Traditional -> simplified characters, from CC-CEDICT (see indexer/lexicon.py)."""
    path = Path(__file__).with_name("t2s.json")
    return {ord(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


_T2S = _t2s()


@lru_cache(maxsize=1 << 16)  # the same sentences and headings are normalised on every question
def normalize(text: str) -> str:
    """NFKC (full-width to half-width), simplified characters (報告 -> 报告), lower case,
    no thousands separators (for matching only: the length may change)."""
    text = unicodedata.normalize("NFKC", clean(text)).translate(_T2S).lower()
    return _NUMBER_COMMA.sub("", text)


def terms(text: str) -> list[str]:
    """BM25 terms of ``text`` with jieba's full dictionary (stop words dropped)."""
    return _default(text)


def full_dictionary_terms() -> Terms:
    return _default
