"""Word the answer for a person, in the asker's language.

Chinese questions get Chinese; English questions get English framing around
the Chinese evidence, with Chinese magnitudes converted (17.805亿元 -> RMB
1.7805 billion).  The evidence itself is always quoted verbatim.
"""

from __future__ import annotations

import re

from .figures import plain, to_english
from .glossary import Glossary


def source_name(meta: dict, lang: str, year: int | None, title: str) -> str:
    if lang == "en":
        if meta.get("title_en"):
            return meta["title_en"].replace(" report", "").strip() + " report" \
                if "report" in meta["title_en"] else meta["title_en"]
        return f"the {year} report ({title})" if year else f"the report {title}"
    return f"《{title}》"


def short_section(section: str) -> str:
    return section.split(" › ")[-1] if section else ""


def english_span(span: str, glossary: Glossary) -> str:
    """``'超600个欺诈团伙'`` -> ``'more than 600 fraud rings'``."""
    m = re.match(r"^(.*?)([\u4e00-\u9fff]{2,})$", span)
    noun = ""
    if m and re.search(r"\d", m.group(1)):
        en = glossary.to_english(m.group(2))
        if en:
            span, noun = m.group(1), en if en.endswith("s") else en + "s"
    text = to_english(span) if span else span
    return f"{text} {noun}".strip()


def found_text(lang: str, parts: list[tuple[str, str, str, int]], glossary: Glossary,
               note: str = "") -> str:
    """``parts``: (span or sentence, source name, section, citation number)."""
    if lang == "en":
        bits = []
        for span, src, sec, n in parts:
            shown = english_span(span, glossary) if re.search(r"\d", span) else span
            if shown != span and re.search(r"[\u4e00-\u9fff]", span):
                shown = f"{shown} ({plain(span)})"
            bits.append(f"According to {src} ({sec}): {shown} [{n}].")
        return " ".join(bits) + (f" {note}" if note else "")
    bits = [f"根据{src}（{sec}）：{plain(span)} [{n}]。" for span, src, sec, n in parts]
    return "".join(bits) + note


def not_found_text(lang: str, question: str) -> str:
    if lang == "en":
        return ("The reports do not say this: no passage answers the question. "
                "The closest passages are listed below.")
    return "报告中未找到该问题的答案。以下是最接近的段落。"
