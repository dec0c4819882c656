"""Figures in Chinese report text: find them, and say them in English.

``find_figures('投诉解决率达**92.87%**')`` -> one Figure('92.87%', kind='percentage').
``to_english('17.805亿元')`` -> ``'RMB 1.7805 billion'``;
``to_english('1,110万人')`` -> ``'11.1 million people'``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PREFIX = r"(?:超过|超|逾|将近|接近|近|约|不足|多于|少于)?"
_MAG = r"(?:\s?(?:亿|万|千))?"  # the PDF text of a report may put a space before it: "785 万千瓦"
_UNIT = (r"(?:\s?(?:元人民币|元|美元|人民币|吨二氧化碳|吨标准煤|吨|兆瓦时|千瓦时|兆瓦|千瓦|度|毫升|升|公里|斤|"
         r"千克|公斤|平方米|立方米|公顷|股|辆|艘|人次|人|名|位|户|"
         r"家|个|件|条|起|宗|例|届|"
         r"场|次|期|所|项|封|天|小时|年|月|批|座|个省|省|台|篇|款|份))?")
_SUFFIX = r"(?:\+|余|多|以上)?"
_FIG = re.compile(
    rf"(?P<pre>{_PREFIX})(?:\*\*)?(?P<low>(?<![\d.,])\d+(?:,\d{{3}})*(?:\.\d+)?\s*(?:至|到|~|～)\s*)?(?P<num>{_NUM})(?P<pct>\s*%)?(?:\*\*)?(?P<mag>{_MAG})"
    rf"(?P<suf1>\+|余|多)?(?P<unit>{_UNIT})(?P<suf>{_SUFFIX})(?:\*\*)?"
)
_DATE = re.compile(
    r"(?<![A-Za-z\d])(?:"
    r"(?:19|20)\d\d\s*[-–~至到]\s*(?:19|20)\d\d(?:\s*年)?"  # a span of years: 2021-2050
    r"|(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|(?:19|20)\d\d-\d\d(?:-\d\d)?(?!\d))"
)


@dataclass(frozen=True)
class Figure:
    text: str  # as in the source (may include ** marks)
    start: int  # offsets within the searched string
    end: int
    kind: str  # number | percentage | date
    value: float | None = None
    unit: str = ""  # 元, 人, 件 ... (with 亿/万 dropped): what the figure counts


def find_figures(text: str) -> list[Figure]:
    """Numbers with their unit, percentages and dates, left to right."""
    out: list[Figure] = []
    taken = [False] * (len(text) + 1)
    for m in _DATE.finditer(text):
        out.append(Figure(m.group(0), m.start(), m.end(), "date"))
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in _FIG.finditer(text):
        s = m.start("num") if not (m.group("pre") or m.group("low")) else m.start()  # 1至2个工作日
        if taken[m.start("num")]:
            continue
        first = m.start("low") if m.group("low") else m.start("num")  # a range: what precedes it
        before = text[first - 1] if first > 0 else ""
        if before.isdigit() or before == "[" or (before.isascii() and before.isalpha()):
            continue  # inside a number, a footnote mark [1] or a name like CFS2022
        if m.group("low") and before and before in ":：.":
            continue  # a time of day (9:00至18:00), not a range of figures
        if before in "前第" and (m.group("unit") or "").strip() in ("名", "位", "大", "个", "家"):
            continue  # 前10名股东, 第2名: a rank, not a count
        if before in "-–" and first > 1 and text[first - 2].isdigit():
            continue  # the second half of a code such as GRI 102-26
        if re.search(r"[A-Z]{2,}\s?$", text[max(0, first - 6) : first]):
            continue  # a standard's number: GRI 404, ISO 27001
        if re.match(r"[-–]\d", text[m.end("num") : m.end("num") + 2]) and not m.group("unit"):
            continue  # the first half of a code (GRI 401-2)
        kind = "percentage" if m.group("pct") else "number"
        end = m.end()
        while end > s and text[end - 1] == "*":
            end -= 1
        try:
            value = float(m.group("num").replace(",", ""))
        except ValueError:
            value = None
        named = (m.group("unit") or "").strip()
        unit = "元" if "元" in named else named
        out.append(Figure(text[s:end], s, end, kind, value, unit))
    for m in _CN_FIG.finditer(text):  # 完成年度消防演习一次, 两位独立董事
        if m.start() and text[m.start() - 1] in "第每逐单唯":
            continue  # 第一次 is an order, 每三年 a frequency, 单一 an adjective
        value = _cn_value(m.group("num"))
        if value == 1 and m.group("unit") in _ARTICLE:
            continue
        if value is not None:
            out.append(Figure(m.group(0), m.start(), m.end(), "number", value, m.group("unit")))
    return sorted(out, key=lambda f: f.start)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_FIG = re.compile(r"(?P<num>[一二两三四五六七八九十]{1,3})(?P<unit>次|场|期|位|名|家|件|所|届|轮|项|条|"
                     r"种|类|个|大(?=[\u4e00-\u9fff]{2}))(?![性体])")
_ARTICLE = ("个", "种", "类", "大", "条", "项")  # 一个, 一大批: an article, not a count of one


def _cn_value(num: str) -> float | None:
    """``'两'`` -> 2, ``'十二'`` -> 12, ``'三十'`` -> 30 (numbers below 100)."""
    if "十" not in num:
        return float(_CN_DIGITS[num]) if len(num) == 1 else None
    tens, _, ones = num.partition("十")
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return float((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def has_figure(text: str) -> bool:
    """Digits, or a small Chinese number with its measure word (一次, 两位)."""
    return bool(re.search(r"\d", text) or _CN_FIG.search(text))


def plain(text: str) -> str:
    return text.replace("**", "").strip()


_EN_PREFIX = {"超过": "more than", "超": "more than", "逾": "more than", "多于": "more than",
              "近": "nearly", "将近": "nearly", "接近": "nearly", "约": "about", "不足": "under",
              "少于": "under"}
_EN_UNIT = {"元": "", "元人民币": "", "人民币": "", "美元": "", "吨二氧化碳": "tonnes of CO2",
            "吨": "tonnes", "兆瓦时": "MWh", "千瓦时": "kWh", "度": "kWh", "升": "litres",
            "千瓦": "kW", "兆瓦": "MW", "股": "shares", "吨标准煤": "tonnes of standard coal",
            "平方米": "m²", "立方米": "m³", "公顷": "hectares", "辆": "vehicles", "艘": "vessels",
            "公里": "km", "毫升": "ml", "斤": "jin", "千克": "kg", "公斤": "kg", "人次": "person-times",
            "人": "people", "名": "people", "位": "people", "起": "cases", "宗": "cases",
            "例": "cases", "届": "sessions", "户": "households/businesses", "家": "",
            "个": "", "件": "", "条": "", "场": "sessions", "次": "times", "期": "issues",
            "所": "", "项": "items", "封": "letters", "天": "days", "小时": "hours", "年": "years",
            "月": "months", "批": "batches", "座": "", "个省": "provinces", "省": "provinces",
            "台": "units", "篇": "articles", "款": "products", "份": "copies"}


def _scale(value: float) -> str:
    """``1.7805e9`` -> ``'1.7805 billion'``; ``220000`` -> ``'220,000'``."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.6g} {word}"
    return f"{value:,.6g}" if value >= 1000 else f"{value:g}"


def to_english(fig_text: str) -> str:
    """English reading of one figure string, Chinese magnitudes converted."""
    t = plain(fig_text)
    cn = _CN_FIG.fullmatch(t)
    if cn and _cn_value(cn.group("num")) is not None:
        unit = _EN_UNIT.get(cn.group("unit"), "")
        return f"{_cn_value(cn.group('num')):g} {unit}".strip()
    m = _FIG.fullmatch(t)
    if not m:
        d = re.fullmatch(r"((?:19|20)\d\d)\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?", t)
        if d:
            parts = [d.group(1)] + [p for p in (d.group(2), d.group(3)) if p]
            return "-".join(p.zfill(2) if i else p for i, p in enumerate(parts))
        return t
    num = m.group("num")
    low = re.sub(r"\s*(?:至|到|~|～)\s*$", "", m.group("low") or "")
    mag = {"亿": 1e8, "万": 1e4, "千": 1e3}.get((m.group("mag") or "").strip(), 1)

    def read(n: str) -> str:
        value = float(n.replace(",", ""))
        return _scale(value * mag) if mag != 1 or value >= 1e6 else n

    body = num + "%" if m.group("pct") else read(num)
    if low:  # 1至2个工作日 -> 1–2
        body = f"{low if m.group('pct') else read(low)}–{body}"
    unit = (m.group("unit") or "").strip()
    words = []
    if m.group("pre") in _EN_PREFIX:
        words.append(_EN_PREFIX[m.group("pre")])
    money = unit in ("元", "元人民币", "人民币")
    words.append(("RMB " if money else "USD " if unit == "美元" else "") + body)
    if (m.group("suf") or m.group("suf1")) and m.group("pre") not in _EN_PREFIX:
        words.insert(0, "more than")
    if _EN_UNIT.get(unit):
        words.append(_EN_UNIT[unit])
    return " ".join(words)
