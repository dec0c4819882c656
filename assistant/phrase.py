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
    """The path below the chapter: ``'科技赋能 › 智能风控 › 贷款申请流程'`` -> ``'智能风控 › 贷款申请流程'``."""
    parts = section.split(" › ") if section else []
    return " › ".join(parts[1:] if len(parts) > 1 else parts)


def english_span(span: str, glossary: Glossary) -> str:
    """``'超600个欺诈团伙'`` -> ``'more than 600 fraud rings'``."""
    noun = ""
    digits = [i for i, ch in enumerate(span) if ch.isdigit()]
    for i in range(digits[-1] + 1 if digits else len(span), len(span)):
        en = glossary.to_english(span[i:])
        if en:
            span, noun = span[:i], en if en.endswith("s") else en + "s"
            break
    text = to_english(span) if span else span
    return f"{text} {noun}".strip()


def found_text(lang: str, parts: list[tuple[str, str, str, int]], glossary: Glossary,
               note: str = "") -> str:
    """``parts``: (span or sentence, source name, section, citation number)."""
    if lang == "en":
        bits = []
        for span, src, sec, n in parts:
            head, sep, rest = span.partition(" (")
            compact = re.sub(r"(?<=\d) (?=[\u4e00-\u9fff])", "", head)
            shown = english_span(compact, glossary) if re.search(r"\d", head) else head
            if shown != compact and re.search(r"[\u4e00-\u9fff]", head):
                shown = f"{shown} ({plain(head)})"
            bits.append(f"According to {src} ({sec}): {shown}{sep}{rest} [{n}].")
        return " ".join(bits) + (f" {note}" if note else "")
    bits = [f"根据{src}（{sec}）：{plain(span)} [{n}]。" for span, src, sec, n in parts]
    return "".join(bits) + note


def not_found_text(lang: str) -> str:
    if lang == "en":
        return ("The reports do not say this: no passage answers the question. "
                "The closest passages are listed below.")
    return "报告中未找到该问题的答案。以下是最接近的段落。"
