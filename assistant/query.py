"""What a question asks: its language, the years it names, the kind of answer.

``analyse("2022年员工培训覆盖率是多少？")`` ->
``Query(lang='zh', years=(2022,), kind='percentage', ...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")

# (kind, Chinese cues, English cues); first match wins, so order matters.
_KINDS = [
    ("percentage", ("比例", "比率", "占比", "百分之", "覆盖率", "率", "降低了多少", "下降了多少",
                    "增长了多少", "增长率"),
     ("rate", "percentage", "percent", "proportion", "share", "ratio", "by how much",
      "by what percentage", "what percentage")),
    ("date", ("哪一年", "哪年", "何时", "什么时候", "哪天", "日期", "年份", "哪个月"),
     ("when", "what year", "which year", "what date")),
    ("yesno", ("是否", "有没有", "有无", "吗"),
     ("is there", "was there", "were there", "does ", "did ", "has ", "have ", "is it", "are there")),
    ("name", ("谁", "哪位", "名字", "叫什么", "是什么", "哪些", "哪个"),
     ("who", "what is the name", "which", "what is", "what are")),
    ("number", ("多少", "几", "数量", "总量", "金额", "规模"),
     ("how many", "how much", "number of", "what was", "what were", "amount", "total")),
]


@dataclass(frozen=True)
class Query:
    text: str
    lang: str  # "zh" or "en"
    years: tuple[int, ...]
    kind: str  # number | percentage | date | name | yesno | other


def language(text: str) -> str:
    """``'zh'`` when the text has any Chinese character and not mostly Latin words."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 3 >= latin else ("en" if latin else "zh")


def analyse(text: str) -> Query:
    lang = language(text)
    years = tuple(dict.fromkeys(int(y) for y in _YEAR.findall(text)))
    low = text.lower()
    kind = "other"
    for name, zh, en in _KINDS:
        cues = zh if lang == "zh" else en
        if any(c in (text if lang == "zh" else low) for c in cues):
            kind = name
            break
    if lang == "en" and kind == "yesno" and low.startswith(("how", "what", "which", "who")):
        kind = "number" if low.startswith("how") else "other"
    return Query(text, lang, years, kind)
