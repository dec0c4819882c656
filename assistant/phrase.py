"""Word the answer for a person, in the asker's language.

Chinese questions get Chinese; English questions get English framing around
the Chinese evidence, with Chinese magnitudes converted (17.805亿元 -> RMB
1.7805 billion).  The evidence itself is always quoted verbatim.
"""

from __future__ import annotations

import re

from .figures import has_figure, plain, to_english
from .glossary import Glossary


def source_name(meta: dict, lang: str, year: int | None, title: str) -> str:
    if lang == "en":
        if meta.get("title_en"):
            return meta["title_en"].replace(" report", "").strip() + " report" \
                if "report" in meta["title_en"] else meta["title_en"]
        return f"the {year} report ({title})" if year else f"the report {title}"
    return f"《{title}》"


def short_section(section: str) -> str:
    """The path below the chapter: ``'科技赋能 › 智能风控 › 贷款申请流程'`` -> ``'智能风控 › 贷款申请流程'``."""
    parts = section.split(" › ") if section else []
    return " › ".join(parts[1:] if len(parts) > 1 else parts)


_GENERIC_UNITS = ("人", "名", "位", "个", "家", "件", "项", "条", "户", "起", "宗", "例")


def english_span(span: str, glossary: Glossary, plan=None) -> str:
    """``'超600个欺诈团伙'`` -> ``'more than 600 fraud rings'``; with the question's plan,
    ``'706人'`` asked as "how many full-time employees" -> ``'706 full-time employees'``."""
    noun = ""
    asked = {z: t.text for t in (plan.terms if plan else ()) for z in t.zh}
    digits = [i for i, ch in enumerate(span) if ch.isdigit() or ch in "一二两三四五六七八九十"]
    for i in range(digits[-1] + 1 if digits else len(span), len(span)):
        tail = span[i:]
        en = asked.get(tail) or glossary.to_english(tail)
        if en:
            span, noun = span[:i], en if en.endswith("s") or tail in asked else en + "s"
            break
    if not noun and plan is not None and plan.counted and span.rstrip().endswith(_GENERIC_UNITS):
        span, noun = span.rstrip()[:-1], " ".join(t.text for t in plan.counted)
    text = to_english(span) if span else span
    return f"{text} {noun}".strip()


def found_text(lang: str, parts: list[tuple[str, str, str, int]], glossary: Glossary,
               note: str = "", *, plan=None) -> str:
    """``parts``: (span or sentence, source name, section, citation number).

    English: the figure in English with what it counts, the Chinese figure in
    brackets, then where it comes from; never a dump of table cells."""
    if lang == "en":
        bits = []
        for span, src, sec, n in parts:
            head = span.partition(" (")[0]
            compact = re.sub(r"(?<=\d) (?=[\u4e00-\u9fff])", "", head)
            shown = english_span(compact, glossary, plan) if has_figure(head) else head
            if shown != compact and re.search(r"[\u4e00-\u9fff]", head):
                shown = f"{shown} ({plain(head)})"
            when = f" in {plan.years[0]}" if plan is not None and len(plan.years) == 1 else ""
            bits.append(f"{shown}{when} — according to {src} ({sec}) [{n}].")
        return " ".join(bits) + (f" {note}" if note else "")
    bits = [f"根据{src}（{sec}）：{plain(span)} [{n}]。" for span, src, sec, n in parts]
    return "".join(bits) + note


def years_note(lang: str, years: list[int]) -> str:
    """`` The indexed reports cover 2021, 2022.`` (after a question about another year)."""
    ys = ", ".join(str(y) for y in years)
    return f" The indexed reports cover {ys}." if lang == "en" else f"已索引的报告覆盖年份：{ys}。"


def confidence_words(confidence: float, lang: str) -> str:
    """``0.9`` -> ``'high'``; below the calibrated line, ``'check the passage'``."""
    from .confidence import HIGH

    if lang == "en":
        return "high" if confidence >= HIGH else "check the passage"
    return "高" if confidence >= HIGH else "请核对原文"


def unsure_text(lang: str) -> str:
    """A sentence was found, but too little of the question holds in it to give its figure."""
    if lang == "en":
        return ("No answer I can stand behind: the closest passage may not answer this "
                "question. Check the passages listed below.")
    return "没有足够把握给出答案：最接近的段落未必回答了这个问题，请查看下列段落。"


def not_found_text(lang: str) -> str:
    if lang == "en":
        return ("The reports do not say this: no passage answers the question. "
                "The closest passages are listed below.")
    return "报告中未找到该问题的答案。以下是最接近的段落。"
