"""What a report is, read from its own text when ``reports.json`` does not say.

The company (深圳能源集团股份有限公司) from the title or the first pages; its
English name from the line an annual report gives it (公司的外文名称 /
外文名称缩写, a field of the regulator's template); the kind of report from
its title; and an English title built from these ("Shenzhen Energy 2016
annual report").
"""

from __future__ import annotations

import re

_COMPANY = re.compile(r"[\u4e00-\u9fff（）()]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团公司)")
_EN_NAME = re.compile(r"(外文名称缩写|外文名称|英文名称|英文简称)[^\n\t:：]{0,8}[\t:：\s]+"
                      r"([A-Za-z][A-Za-z0-9&.,'’()\- ]{2,80})")
_KINDS = (
    (re.compile(r"半年度报告|半年报"), "interim report"),
    (re.compile(r"年度报告|年报"), "annual report"),
    (re.compile(r"社会责任"), "CSR report"),
    (re.compile(r"环境、?社会及?(?:公司)?管治|ESG", re.IGNORECASE), "ESG report"),
    (re.compile(r"可持续发展"), "sustainability report"),
)


def _english(name: str) -> str:
    name = name.strip(" .,")
    return name.title() if name.isupper() else name


def infer_about(title: str, text: str, year: int | None) -> dict:
    """``company``, ``company_en``, ``title_en`` (each "" when not found) and ``kind``."""
    head = text[:20000]
    m = _COMPANY.search(title) or _COMPANY.search(head)
    company = m.group(0) if m else ""
    names = {label: value for label, value in _EN_NAME.findall(head)}
    short = names.get("外文名称缩写") or names.get("英文简称")
    company_en = _english(short or names.get("外文名称") or names.get("英文名称") or "")
    kind = next((k for pattern, k in _KINDS if pattern.search(title)), "report")
    title_en = " ".join(x for x in (company_en, str(year) if year else "", kind) if x) if company_en else ""
    return {"company": company, "company_en": company_en, "title_en": title_en, "kind": kind}
