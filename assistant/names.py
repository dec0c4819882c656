"""People's names in a Chinese sentence, by jieba's part-of-speech tagger (``nr``).

``person_names('董事长严定贵先生表示')`` -> ``['严定贵']``.  The tagger loads
jieba's full dictionary (about a second), so it is loaded only when a
question asks who.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.dt


_TITLE = re.compile(r"先生|女士")
_FUNCTION = frozenset("pcudr")  # jieba tags of function words: preposition, conjunction, …


# what marks a word as a person's name: a title before it (董事长：高峰), 先生/女士 or a
# biography's sex after it (高峰，男，)
_TITLE_BEFORE = re.compile(r"(?:董事长|董事|监事|总经理|经理|总裁|秘书|总监|主任|主席|会长|行长|院长|教授|老师|"
                           r"负责人|代表|会计师|律师|委员)[：:]?\s*$")
_PERSON_AFTER = re.compile(r"\s*(?:先生|女士|[，,]\s*[男女])")


def _marked(text: str, start: int, end: int) -> bool:
    """Is the word at ``text[start:end]`` marked as a person by what stands around it?"""
    return bool(_TITLE_BEFORE.search(text[max(0, start - 8) : start]) or _PERSON_AFTER.match(text, end))


@lru_cache(maxsize=4096)
def person_names(text: str, surnames: frozenset[str] = frozenset(),
                 words: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Names tagged ``nr`` (two to four characters), left to right, without repeats;
    with ``surnames`` (CC-CEDICT's), only names that start with one, and a name
    before 先生/女士 is taken whole where the tagger cuts it (房 / 向东先生).  An
    ordinary word of ``words`` is no name, whatever the tagger says (面向师生), unless a
    title or 先生/女士 marks it as one (董事长：高峰)."""
    line = text.strip()
    if surnames and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", line) and line[0] in surnames \
            and _tagger().word_tag_tab.get(line) is None:
        return (line,)  # a signature line under a title: 董事长 / 严定贵
    found, starts, at = [], set(), 0
    for pair in _tagger().lcut(text):
        w, flag = pair.word, pair.flag
        if flag in ("nr", "nrfg", "nrt") and 2 <= len(w) <= 4 and (not surnames or w[0] in surnames) \
                and (w not in words or _marked(text, at, at + len(w))):
            found.append((at, w))
        if not (len(w) == 1 and flag[:1] in _FUNCTION):  # 和 / 向 / 于 start no name
            starts.add(at)
        at += len(w)
    if surnames:
        for m in _TITLE.finditer(text):
            for n in (3, 2):  # starting where a word starts, with a surname: 董事长|严定贵先生
                name, s = text[max(0, m.start() - n) : m.start()], m.start() - n
                if s in starts and re.fullmatch(r"[\u4e00-\u9fff]+", name) and name[0] in surnames:
                    found = [(a, w) for a, w in found if not s <= a < m.start()] + [(s, name)]
                    break
    out: list[str] = []
    for _, w in sorted(found):
        if w not in out:
            out.append(w)
    return tuple(out)


def warm() -> None:
    """Load the tagger now (a server does this before its first "who" question)."""
    _tagger()
