"""The numbering ladder of Chinese reports: 第N节 → 一、 → （一） → 1、 → （1）.

The statements of the audited financial report (合并资产负债表, 财务报表附注 …)
stand at the top rung too; a "（续）" line continues a table and is no heading.

Listed companies' annual reports follow the regulator's template, whose
headings are numbered this way; most ESG reports number at least their
chapters.  ``ladder_level('六、主要会计数据和财务指标')`` -> 2.  A line that
reads as a sentence, a table row, a contents entry (dot leaders) or an
"□适用 √不适用" marker is never a heading.
"""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十百零〇"
RUNGS = (
    (1, re.compile(rf"^第[{_CN}\d]{{1,4}}[节章篇]\s*\S")),
    (2, re.compile(rf"^[{_CN}]{{1,3}}\s*[、．]\s*\S")),
    (3, re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[)）]\s*\S")),
    (4, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?![\d.]))\s*\D")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[)）]\s*\S")),
)
# "□适用 √不适用", "□ 是 √ 否": the template's check boxes
MARKER = re.compile(r"[□☐■√☑✓✔]\s*(?:适用|不适用|是|否)")
_LEADERS = re.compile(r"\.{4,}|…{2,}|·{4,}")
_SENTENCE_END = ("。", "；", ";", "，", ",", "：", ":", "、")
_CONTINUED = re.compile(r"[（(]续[)）]$")  # "合并资产负债表（续）": the same table goes on
# the statements and parts of an audited financial report (China Accounting Standards)
_STATEMENT = re.compile(r"^(?:(?:合并|母公司|公司)?(?:资产负债表|利润表|现金流量表|(?:股东|所有者)权益变动表)"
                        r"|财务报表附注|审计报告|补充资料)$")
_AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")
MAX_LEN = 60


def ladder_level(line: str) -> int | None:
    """The ladder rung (1 = chapter) of a heading line, or None for any other line."""
    s = line.strip()
    if not s or len(s) > MAX_LEN or "\t" in s or s.endswith(_SENTENCE_END):
        return None
    if MARKER.search(s) or _LEADERS.search(s) or _AMOUNT.search(s) or _CONTINUED.search(s):
        return None
    if _STATEMENT.match(s):
        return 1
    for level, pattern in RUNGS:
        if pattern.match(s):
            return level
    return None


def is_marker(line: str) -> bool:
    """An "□适用 √不适用" line: a form answer, not prose to join with its neighbours."""
    return bool(MARKER.search(line))


def is_continued(line: str) -> bool:
    """A heading repeated with "（续）" where its section goes on over a page."""
    return bool(_CONTINUED.search(line.strip()))
