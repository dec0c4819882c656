"""Pick the sentence or table row that answers a question, and the answer span in it.

Candidates are the sentences and table rows of the retrieved passages.  Each
is scored by how much of the question's (IDF-weighted) terms it holds, by
whether it holds a figure of the kind asked for (number, percentage, date),
by the rank of its passage and by the year the question names.  No model is
run here; the passage ranking already carries the embedding similarity.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.clean import clean
from indexer.headings import is_headline
from indexer.records import Hit
from indexer.table_header import names_columns
from indexer.terms import normalize
from indexer.wrapped_rows import row_cells

from .figures import Figure, find_figures, plain
from .names import person_names
from .plan import PERSON_NOUNS, Plan
from .query import MAGNITUDE, MEASURE_UNITS
from .sentences import Unit, split_units

_CLAUSE = re.compile(r"[，。；、,;:：]")
# which contact is asked: a phone number, an e-mail address or a web address
_CONTACT_ASKED = (
    (re.compile(r"电话|热线|(?i:phone|hotline|\bcall\b)"),
     re.compile(r"(?<!\d)(?:\+?86[- ]?)?(?:\d{3,4}-\d{7,8}|\d{3,4}-\d{4}\s?\d{4}|400-?\d{3}-?\d{4}|"
                r"1\d{10}|95\d{3})(?!\d)")),
    (re.compile(r"邮箱|邮件|(?i:e-?mail)"), re.compile(r"[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    (re.compile(r"网址|网站|(?i:website|web address|\burl\b)"),
     re.compile(r"https?://[A-Za-z0-9./?=&_%#:~+-]+|www\.[A-Za-z0-9./?=&_%#:~+-]+")),
)
_CONTACT = re.compile("|".join(p.pattern for _, p in _CONTACT_ASKED))


def _contact(text: str, question: str) -> re.Match | None:
    """The contact in ``text`` of the kind the question asks (客服电话: the phone, not the mailbox)."""
    for asked, pattern in _CONTACT_ASKED:
        if asked.search(question):
            return pattern.search(text)
    return _CONTACT.search(text)


_CAUSE = re.compile(r"由于|因为|因此|原因|导致|鉴于|所以|为了")
# How a candidate sentence or row is scored: its coverage of the question's weighted terms
# (0..1) plus these.  Set by hand on the dev split of eval/gold.jsonl (the held-out and fresh
# splits were written later and never used to set them); eval/results shows their effect.
TYPE_BONUS = 0.35  # it holds a figure (or name) of the kind asked for
RANK_BONUS = 0.25  # divided by the passage's retrieval rank: the retriever's vote
YEAR_BONUS = 0.15  # it, its table header or its report names the year asked about
LABEL_SHARE = 0.3  # a row whose first cell names question terms, times their share
PHRASE_SHARE = 0.2  # question words that stand together in it, times their share
PARENT_PENALTY = 0.2  # a row of the parent company's own statements, the group's not asked for
_ASKS_PARENT = re.compile(r"母公司|(?i:\bparent\b)")
YEAR_LEAD = 60  # characters before a sentence, in its line, that may date it (2020年初，…。公司…)
VERDICT_BONUS = 0.1  # a yes/no question: a sentence that states yes or no before one that does not
HEADLINE_BONUS = 0.25  # a row of the headline figures (主要会计数据): the figure the report stands by
SPECIFIC_SHARE = 0.05  # its renderings of a term as long as the longest (年度股东大会, not 股东大会)
LENGTH_PENALTY = 0.1  # per e-fold of length past LONG_SENTENCE characters
LONG_SENTENCE = 120
NEAR_SHARE = 0.3  # weight of terms found only in the heading or the sentence before
ROW_TITLE_SHARE = 0.7  # weight of terms a table row's section heading names (realdev, dev2)
REASON_BONUS = 0.3  # a "why" question prefers a sentence that gives a cause
_NEGATION = ("未", "没有", "无", "不存在", "零", "不涉及", "不包括", "不包含", "不含", "不在", "并非")
_COUNTED = "位名个家件场次所项人期批条户“”\"'《》 "  # measure words and quotes after a count


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    unit: Unit
    score: float
    coverage: float
    span: str | None
    figure: Figure | None
    header: list[str] | None = None
    misses: tuple[str, ...] = ()  # what the question asks that this sentence lacks
    missing: float = 0.0  # share of the heaviest question term in neither it, its header nor section

    @property
    def fits(self) -> bool:
        """Does it satisfy every constraint of the question (place, year, thing counted, unit)?"""
        return not self.misses

    @property
    def start(self) -> int:
        return self.hit.chunk.start + self.unit.start

    @property
    def end(self) -> int:
        return self.hit.chunk.start + self.unit.end


def _cells(row: str) -> list[str]:
    return [plain(clean(c)) for c in row_cells(row)]


def _header(hit: Hit, unit: Unit, units: list[Unit]) -> list[str] | None:
    """The header row of the table a row belongs to."""
    if not unit.row:
        return None
    rows = [u for u in units if u.row and u.start <= unit.start]
    # a table in two blocks names its columns again (2016年 … / 2016年末 …): the nearest
    # row above of as many cells naming dated columns, once a row of figures came between
    width = len(_cells(unit.text))
    for i in range(len(rows) - 2, 0, -1):
        cells = _cells(rows[i].text)
        if len(cells) == width and len({c for c in cells if c}) >= 2 and names_columns(cells) and \
                any(_A_YEAR.search(c) for c in cells[1:]) and \
                any(_VALUE.fullmatch(c) for c in _cells(rows[i - 1].text)[1:]):
            return cells
    if hit.chunk.header:
        cells = _cells(hit.chunk.header)
    else:
        cells = _cells((rows[0] if rows else unit).text)
    return cells if is_header(cells) else None


_YEARISH = re.compile(r"(?:19|20)\d{2}(?:\s*年(?:度|末|初)?)?|(?:19|20)\d{2}[-/.]\d{1,2}(?:[-/.]\d{1,2})?")


def is_header(cells: list[str]) -> bool:
    """Can this first row be a header?  Not when it holds a figure other than a year:
    ``母公司在职员工的数量（人） | 118`` is a row of a key-value table.  Nor when it is a
    numbered item (``1.公司是否通过环境管理体系认证 | 否``) or answers yes or no."""
    if cells and (_ITEM.match(cells[0]) or any(_VERDICT_CELL.fullmatch(c) for c in cells[1:])):
        return False
    if len(cells) == 2 and _FIELD.search(cells[0]) and cells[1].strip() and not _COLUMN_TITLE.search(cells[1]):
        return False  # 会计师事务所名称 | 安永华明: a field and its value (客户名称 | 销售额（元） names columns)
    return not any(_VALUE.fullmatch(c) and not _YEARISH.fullmatch(c) for c in cells[1:] if c)


_COLUMN_TITLE = re.compile(r"(?:名称|姓名|金额|额|数|数量|比例|率|日期|时间|职务|职位|机构|单位|类型|事件|情况|"
                           r"说明|项目|内容|地址|代码|[（(](?:元|万元|亿元|%|人|股|千瓦时|吨)[)）])\s*$")
_FIELD = re.compile(r"(?:名称|姓名|全称|简称|代码|地址|网址|电话|邮箱|日期)(?:[（(][^）)]*[)）])?$")
_ITEM = re.compile(r"\s*(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、)")
_VERDICT_CELL = re.compile(r"\s*(?:是|否|有|无|√|×)\s*")


EXCESS_SHARE, MAX_EXCESS = 0.01, 10  # per character of the row label the question did not ask for
EXACT_LABEL_BONUS = 0.2  # the row is named by exactly what was asked: 营业收入（元）, not 其他业务收入
_LABEL_TAIL = re.compile(r"[（(][^（()）]*[)）]$|[:：]$|^[加减其中]+[:：]")


def _unasked(label: str, groups: list[tuple[str, ...]]) -> int:
    """Chinese characters of the row label that no question term accounts for (its unit and
    合计 aside): 母公司在职员工的数量 says more than was asked, 在职员工的数量合计 less."""
    core = _LABEL_TAIL.sub("", _LABEL_TAIL.sub("", label)).removesuffix("合计").removesuffix("总计")
    for g in groups:
        for t in sorted(g, key=len, reverse=True):
            if len(t) > 1 and t in core:
                core = core.replace(t, "")
                break
    return len("".join(_CJK_RUN.findall(core)))


def _label_is_asked(label: str, groups: list[tuple[str, ...]]) -> bool:
    """Is the row label made of the question's terms and nothing else (its unit, a
    "合计" or "其中：" aside)?  ``'营业收入（元）'`` for 营业收入 -> True."""
    core = _LABEL_TAIL.sub("", _LABEL_TAIL.sub("", label)).removesuffix("合计").removesuffix("总计")
    if not core:
        return False
    for g in sorted(groups, key=lambda g: -max(len(t) for t in g)):
        for t in sorted(g, key=len, reverse=True):
            if len(t) > 1 and t in core:
                core = core.replace(t, "", 1)
                break
    return not core


def _wanted(kind: str, fig: Figure, years: set[int], named: tuple[float, ...] = (),
            day: bool = False) -> bool:
    """Is ``fig`` the kind of figure asked for?  A figure the question names itself
    ("How much was raised on 99 Giving Day?") is not its answer.  When the ``day`` is asked
    (哪天, what date), a year alone does not answer."""
    if kind == "percentage":
        return fig.kind == "percentage" and fig.value not in named
    if kind == "date":
        return fig.kind == "date" and (not day or bool(_DAY_PART.search(fig.text)))
    if kind in ("count", "amount"):
        if fig.kind != "number" or fig.value in named:
            return False
        return not (fig.value in years and "." not in fig.text)
    return False


# the day is asked (哪天召开, on what date), not the year
ASKS_DAY = re.compile(r"哪天|哪一天|几月几[日号]|日期|具体时间|(?i:\b(?:what|which|exact) (?:date|day)\b)")
_DAY_PART = re.compile(r"\d\s*月|(?:19|20)\d\d[-/.]\d")
_DATE_CELL = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
                        r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}")


_CONTENTS_LINE = re.compile(r"^\s*(?:[-•]\s*)?(?:\d{1,3}\s+[^\d\t]{2,30}|[^\d\t]{2,30}?[\t ]+\d{1,3})\s*$")


# an index of the report's contents (GRI内容索引: "403-9 工伤 | 心系员工") points to answers
_INDEX_HEADING = re.compile(r"(?:索引|对照表|^\s*目录)\s*$|(?i:\bindex)\s*$")
_ASKS_INDEX = re.compile(r"GRI|SASB|TCFD|索引|章节|对照|(?i:\bchapter|\bsection|\bindex\b|\bdisclosure)")


def is_contents(text: str) -> bool:
    """A table of contents ("展望未来  78" lines): navigation, not an answer."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    hits = sum(bool(_CONTENTS_LINE.match(ln)) for ln in lines)
    return hits >= 4 and hits >= 0.6 * len(lines)


_VALUE = re.compile(r"[-+]?[\d,.]+%?|[(（][\d,.]+[)）]")
_NOTE_COLUMN = re.compile(r"^附注|^注释|^note", re.IGNORECASE)  # "附注五 52": a note number
_NOTE_NUMBER = re.compile(r"\d{1,3}")  # 66 beside 2,752,824,818.28: the statement's note number
_CHANGE_COLUMN = re.compile(r"增减|变动|同比|增长|下降|change|increase|decrease|grow", re.IGNORECASE)
# a column of part of a year (第一季度, 1-6月, 上半年, Q3): asked for by name, or not at all
_PART_PERIOD = re.compile(r"季度|半年|\d{1,2}\s*[-－—至~]\s*\d{1,2}\s*月|\d{1,2}月份|(?<![A-Za-z])(?:Q[1-4]|"
                          r"H[12])(?![A-Za-z0-9])|quarter|half[- ]year|interim", re.IGNORECASE)
_RATE_LABEL = re.compile(r"率|比例|比重|占比")  # a row of rates may print them without "%"
_THIS_PERIOD = re.compile(r"本期|本年|期末|年末|本报告期|报告期末|current", re.IGNORECASE)
_LAST_PERIOD = re.compile(r"上期|上年|期初|年初|上年同期|previous|prior", re.IGNORECASE)


_A_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def _column_year(head: str, report_year: int | None) -> int | None:
    """The year a column header speaks of: "2016年末" -> 2016; "上年同期" -> the year before."""
    m = _A_YEAR.search(head)
    if m:
        return int(m.group(0))
    if report_year and _LAST_PERIOD.search(head):
        return report_year - 1
    if report_year and _THIS_PERIOD.search(head):
        return report_year
    return None


def states_year(c: Candidate, years: set[int]) -> bool:
    """Does the sentence, or the header of the row's table, name one of ``years``?"""
    if any(str(y) in c.unit.text for y in years):
        return True
    return bool(c.header) and any(_column_year(h, c.hit.chunk.year) in years for h in c.header)


_UNIT_COLUMNS = {"岁": ("年龄",)}  # how old: the age column of a table of people


def _named_column(header: list[str] | None, plan: Plan) -> int:
    """The column whose header the question names (第三季度, 董事会秘书), or -1."""
    if not header:
        return -1
    question = normalize(plan.question)
    named = [z for t in plan.terms for z in t.zh] + [c for u in plan.units for c in _UNIT_COLUMNS.get(u, ())]
    asked = question + "|" + "|".join(named)
    terms = [z for z in named if len(z) >= 2]
    best, pick = 0, -1
    for i, head in enumerate(header):
        h = normalize(head)
        if not i or len(h) < 2 or re.fullmatch(r"[\d年月日末初度.\-/]+", h) or header.count(head) > 1:
            continue  # two 金额 columns (2016, 2015): the year decides
        if h in asked:
            return i
        # a column named by a question term within it (年折旧率 for "depreciation rate"), or
        # by a run of the question's words (本年现金红利 for 获得的现金红利)
        got = max([len(z) for z in terms if z in h] + [_shared_run(h, question)])
        if got > best:
            best, pick = got, i
        elif got and got == best:
            pick = -2  # two columns name it: not one of them
    return pick if pick > 0 and best >= 3 else -1


def _shared_run(head: str, text: str) -> int:
    """The length of the longest run of Chinese characters of ``head`` found in ``text``."""
    best = 0
    for run in _CJK_RUN.findall(head):  # a shared run never crosses a non-Chinese character
        for i in range(len(run)):
            k = best + 1
            while i + k <= len(run) and run[i : i + k] in text:
                best, k = k, k + 1
    return best


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _row_span(cells: list[str], header: list[str] | None, plan: Plan,
              report_year: int | None = None) -> tuple[str | None, int]:
    """The value cell for the year asked (else the report's own year, else the first
    value), and its index.  Note-number and change columns are passed over."""
    booked = sum(bool(_CENTS.fullmatch(c)) for c in cells[1:])
    idx = [i for i, c in enumerate(cells) if i > 0 and _VALUE.fullmatch(c)
           and not (header and i < len(header) and _NOTE_COLUMN.search(header[i]))
           and not (booked >= 2 and _NOTE_NUMBER.fullmatch(c))]
    if plan.kind in ("count", "amount"):  # how many shareholders: not 72.87%
        idx = [i for i in idx if not cells[i].endswith("%")]
    elif plan.kind == "percentage" and not _RATE_LABEL.search(cells[0]):
        idx = [i for i in idx if cells[i].endswith("%") or (
            header and i < len(header) and _percent_column(header[i], plan))]
    elif plan.kind == "date":  # in what year: a year's cell (1959年), not an age or a salary
        day = bool(ASKS_DAY.search(plan.question))  # on what day: a date's cell (2016年05月26日)
        idx = [i for i, c in enumerate(cells) if i > 0 and (_DATE_CELL.fullmatch(c) or (
            not day and _YEARISH.fullmatch(c)))]
    if header and not _PART_PERIOD.search(plan.question):  # a year's figure, not a quarter's
        idx = [i for i in idx if not (i < len(header) and _PART_PERIOD.search(header[i]))]
    if not idx:
        return None, -1
    paired = _paired_value(cells, idx, plan)
    if paired >= 0:
        return cells[paired], paired
    if header and not _CHANGE_COLUMN.search(plan.question):
        idx = [i for i in idx if not (i < len(header) and _CHANGE_COLUMN.search(header[i]))] or idx
    pick = idx[0]
    named = _named_column(header, plan)
    if named in idx:
        return cells[named], named
    if header:
        wanted = list(plan.years) or ([report_year] if report_year else [])
        for year in wanted:
            match = [i for i in idx if i < len(header) and _column_year(header[i], report_year) == year]
            if match:
                pick = match[0]
                break
    return cells[pick], pick


PAIRED_PAIRS, PAIRED_LEAD = 3, 2  # a label named by 3 character pairs, 2 more net than the next


def _paired_value(cells: list[str], idx: list[int], plan: Plan) -> int:
    """In a row of label, value, label, value (报告期末普通股股东总数 | 136,767 | 前上一月末普通股
    股东总数 | 132,083), the figure after the label the question names best; -1 for a row of
    one label with figures."""
    labels = [i for i, c in enumerate(cells) if c and not _VALUE.fullmatch(c) and _CJK_RUN.search(c)
              and not _UNIT_ONLY.fullmatch(c) and c not in _MEASURES]
    valued = [a for a, b in zip(labels, labels[1:] + [len(cells)])
              if any(a < i < b for i in idx)]
    if len(valued) < 2:
        return -1
    labels = valued
    asked = normalize(plan.question) + "|" + "|".join(z for t in plan.terms for z in t.zh)
    fit = {i: _bigram_fit(normalize(cells[i]), asked) for i in labels}
    ranked = sorted(labels, key=lambda i: (-(fit[i][0] - fit[i][1]), i))
    best, second = ranked[0], ranked[1]
    lead = (fit[best][0] - fit[best][1]) - (fit[second][0] - fit[second][1])
    if fit[best][0] < PAIRED_PAIRS or lead < PAIRED_LEAD:
        return -1  # no label the question clearly names
    after = [i for i in idx if i > best and not any(best < j < i for j in labels)]
    return after[0] if after else -1


def _label_cells(cells: list[str]) -> list[str]:
    """The cells that name a row: those before its first figure (电力生产 | 生产量 | 亿千瓦时);
    in a row without figures, its first cell."""
    first = next((i for i, c in enumerate(cells) if i and _VALUE.fullmatch(c)), 1)
    return cells[:first]


def _bigram_fit(label: str, question: str) -> tuple[int, int]:
    """(pairs of characters of ``label`` the question has, pairs it has not)."""
    pairs = [label[i : i + 2] for i in range(len(label) - 1)]
    held = sum(p in question for p in pairs)
    return held, len(pairs) - held


_UNIT_CELL = re.compile(r"^[%‰]$|元|吨|时|米|升|克|人|名|次|个|家|件|天|岁|份|场|户|所|项|公里|度|"
                        r"^(?:kg|t|km|kwh|mwh|m2|m3|ml|l|%|tco2e?)$", re.IGNORECASE)


_UNIT_HEAD = re.compile(r"(?:计量|计算|金额|货币)?单位|[Uu]nits?")
_UNIT_ONLY = re.compile(r"(?:人民币)?(?:千|万|百万|亿)?(?:元|美元|港元)|万?吨|(?:万|亿)?千瓦时|兆瓦时|人次?|名|个|家|"
                        r"件|次|天|小时|户|所|项|场|份|岁|%")
_LABEL_UNIT = re.compile(r"[（(]([^（()）]{1,8})[)）]$")


_PERCENT_COLUMN = re.compile(r"%|％|比例|比率|占比")


def _percent_column(title: str, plan: Plan) -> bool:
    """Does a column hold the percentages asked (持股比例(%) | 73.41)?  A change column
    (本年比上年增减(%)) only when a change is asked."""
    return bool(_PERCENT_COLUMN.search(title)) and not (
        _CHANGE_COLUMN.search(title) and not _CHANGE_COLUMN.search(plan.question))


def _unit_col(cells: list[str], header: list[str] | None, col: int = -1) -> str:
    """The unit of a row: its unit column, the unit in its label ("营业收入（元）"), in
    the header of the column read (销售额（元）), the last cell when that is a measure;
    else ""."""
    if header:
        for i, h in enumerate(header):
            if _UNIT_HEAD.fullmatch(h) and i < len(cells):
                return cells[i]
    between = [c for c in cells[1:-1] if _UNIT_ONLY.fullmatch(c)]  # 资助贫困学生人数 | 人 | 29
    if between:
        return between[0]
    m = _LABEL_UNIT.search(cells[0]) if cells else None
    if m and _UNIT_CELL.search(m.group(1)) and not re.search(r"\d", m.group(1)):
        return m.group(1)
    m = _LABEL_UNIT.search(header[col]) if header and 0 < col < len(header) else None
    if m and _UNIT_CELL.search(m.group(1)) and not re.search(r"\d", m.group(1)):
        return m.group(1)
    last = cells[-1] if cells else ""
    if last and not re.search(r"\d", last) and _UNIT_CELL.search(last):
        return last
    return ""


def _following_terms(tail: str, matched: list[str]) -> str:
    """Question terms right after a figure: ``'欺诈团伙。'`` -> ``'欺诈团伙'`` (超600个欺诈团伙)."""
    out = ""
    while True:
        rest = tail[len(out) :]
        nxt = next((t for t in sorted(matched, key=len, reverse=True)
                    if len(t) > 1 and rest.startswith(t)), None)
        if not nxt or len(out) + len(nxt) > 12:
            return out
        out += nxt


def _merge(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Overlapping or touching term matches as one phrase (合规 + 小达人 -> 合规小达人),
    weighted by the sum of its terms, so a figure is measured against the whole phrase."""
    out: list[list] = []
    for s, e, w in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
            out[-1][2] += w
        else:
            out.append([s, e, w])
    return [tuple(x) for x in out]


def _respective(figs: list[Figure], text: str, matched: dict[str, float]) -> Figure | None:
    """``养老保险、失业保险…分别按工资的14%、1%缴存``: the figure in the place that the
    item the question names has in the list before 分别 (None when there is no such list,
    or it does not have as many items as there are figures)."""
    at = text.find("分别")
    run = [f for f in figs if f.start > at]
    if at < 0 or len(run) < 2:
        return None
    n = 1
    while n < len(run) and text[run[n - 1].end : run[n].start].strip() in ("、", "和", "及", "与"):
        n += 1
    if n < 2:
        return None
    start = 0
    for clause in reversed(re.split(r"(?<=[，。；,;:：])", text[:at])):
        start = text[:at].rfind(clause)
        marks = [start + i for i, ch in enumerate(clause) if ch == "、"]
        last = marks[-1] if marks else start - 1
        marks += [start + m.start() for m in re.finditer("[和及与]", clause) if start + m.start() > last][-1:]
        if marks:
            break
    else:
        return None
    if len(marks) != n - 1:  # 营业收入、净利润和总资产 for two figures: not a list of theirs
        return None
    slot_of = lambda p: sum(1 for m in marks if m < p)  # noqa: E731
    for term in sorted(matched, key=lambda t: -matched[t]):
        hits = [start + m.start() for m in re.finditer(re.escape(term), clause)] if len(term) > 1 else []
        slots = {slot_of(h) for h in hits}
        if len(slots) == 1:  # a term in one item only (not 保险 in 养老保险、失业保险)
            return run[slots.pop()]
    return None


def _nearest(figs: list[Figure], text: str, matched: dict[str, float],
             units: tuple[str, ...] = ()) -> Figure:
    """The figure that the question's weightiest terms lead up to (Chinese puts
    the measure before its value: 投诉解决率达92.87%), or the one in the item's place
    after 分别."""
    placed = _respective(find_figures(text), text, matched)  # counted among all the figures
    if placed is not None and any(f.start == placed.start for f in figs):
        return next(f for f in figs if f.start == placed.start)
    spans = _merge([(m.start(), m.end(), w) for t, w in matched.items() if len(t) > 1
                    for m in re.finditer(re.escape(t), text)])
    if not spans:
        return next((f for f in figs if units and f.unit in units), figs[0])

    def distance(f: Figure, s: int, e: int) -> float:
        if f.start >= e:  # 投诉解决率达92.87%: the measure, then its value
            gap = text[e : f.start]
            return len(gap) + (10 if _CLAUSE.search(gap) else 0)
        gap = text[f.end : s]  # 295件知识产权: the value, then what it counts
        if not gap.strip(_COUNTED):  # 8位“合规小达人”: nothing binds closer than this
            return 0
        return len(gap) + 2 if not _CLAUSE.search(gap) else 60

    def pull(f: Figure) -> float:
        fits = 3.0 if units and f.unit in units else 1.0  # 多少名员工 wants 70名, not 12,200毫升
        return fits * sum(w / (1 + distance(f, s, e)) for s, e, w in spans)

    return max(figs, key=pull)


_BOOKED = re.compile(r"\(?-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|-?\d+\.\d{2}")


_CENTS = re.compile(r"\(?-?\d{1,3}(?:,\d{3})+\.\d{2}\)?")


def _in_stated_unit(fig: Figure, stated: str, plan: Plan) -> bool:
    """A bare booked figure (1,751,953,813.92) in a table line that lost its cells, under
    a table whose unit is stated above it (单位：元); with no unit stated, an amount asked
    for is answered by a figure booked to the cent, without a unit."""
    if fig.unit:
        return False
    text = fig.text.strip()
    if stated:
        return bool(_BOOKED.fullmatch(text)) and unit_fits(plan, stated)
    return plan.kind == "amount" and bool(_CENTS.fullmatch(text))


def _labelled(text: str, fig: Figure, plan: Plan) -> bool:
    """A bare figure right after the thing counted: ``'累计注册用户 9,000万+'``."""
    if fig.unit or not plan.counted:
        return False
    before = text[: fig.start].rstrip(" \t\n:：*")
    return any(before.endswith(z) for t in plan.counted for z in t.zh)


_BIO = re.compile(r"^\s*([\u4e00-\u9fff·]{2,4})\s*[，,]\s*[男女]\s*[，,]")


def _bio_name(text: str, at: int, surnames: frozenset[str]) -> tuple[str, ...]:
    """The name a biography paragraph opens with ("姓名，男，…"), for a sentence inside it."""
    start = text.rfind("\n", 0, at) + 1
    m = _BIO.match(text[start:at + 1] if at >= start else "")
    return (m.group(1),) if m else ()


def _closest_name(people: tuple[str, ...], text: str, matched: dict[str, float]) -> str:
    """The name nearest to the question's weightiest terms in the sentence."""
    def distance(name: str) -> float:
        at = text.find(name)
        if at < 0:
            return 1e9
        return min((abs(m.start() - at) / w for t, w in matched.items() if len(t) > 1
                    for m in re.finditer(re.escape(t), text)), default=0.0)
    return min(people, key=distance)


# the parent company's own statements and their notes, as the audit template names them
_PARENT_STATEMENT = re.compile(r"(?<!合并)(?<!母)公司(?:资产负债表|利润表|现金流量表|(?:股东|所有者)权益变动表|"
                               r"财务报表主要项目注释)")
_DEPUTY = re.compile(r"副|(?i:\bvice\b|\bdeputy\b|\bassociate\b)")


def _holds(term: str, text: str, plain_title: bool) -> bool:
    """Is ``term`` in ``text``?  With ``plain_title``, not where 副 turns it into another
    role or thing (副董事长 is not 董事长, 副产品 not 产品)."""
    at = text.find(term)
    if at < 0 and len(term) >= SPLIT_TERM:  # 归属于上市公司股东的(扣除非经常性损益的)净利润
        return bool(_with_gap(term).search(text))
    if at < 0 or not plain_title or term.startswith("副"):
        return at >= 0
    while at >= 0:
        if at == 0 or text[at - 1] != "副":
            return True
        at = text.find(term, at + 1)
    return False


SPLIT_TERM = 8  # a rendering this long is also found split at 的 by a qualifier (the label
# that says no more than was asked still wins: see _unasked)
_GAP = 12  # characters of qualifier allowed between the parts


@lru_cache(maxsize=2048)
def _with_gap(term: str) -> re.Pattern:
    """``归属于上市公司股东的净利润`` -> a pattern that also finds it with a qualifier after
    的 (归属于上市公司股东的扣除非经常性损益的净利润); a term without 的 only as itself."""
    head, sep, tail = term.rpartition("的")
    if not sep or len(head) < 2 or len(tail) < 2:
        return re.compile(re.escape(term))
    return re.compile(re.escape(head + sep) + f"[^，。；\t\n]{{0,{_GAP}}}?" + re.escape(tail))


def score_candidates(plan: Plan, hits: list[Hit], *, surnames: frozenset[str] = frozenset(),
                     words: frozenset[str] = frozenset()) -> list[Candidate]:
    """All candidate sentences/rows of ``hits``, best first.

    Each group of alternative renderings of a question term is present in a
    sentence when any of them is; adjacent question words (范围二) add a bonus
    where they appear verbatim.  ``Candidate.misses`` lists the constraints
    of the plan that the sentence, its row header and its section leave unmet."""
    weights = plan.weights()
    phrases = plan.phrases
    plain_title = not _DEPUTY.search(plan.question)  # 董事长 asked: 副董事长 is someone else
    total = sum(weights.values()) or 1.0
    years = set(plan.years)
    day = plan.kind == "date" and bool(ASKS_DAY.search(plan.question))
    out: list[Candidate] = []
    for hit in hits:
        if is_contents(hit.chunk.text) or (_INDEX_HEADING.search(hit.chunk.section.split("›")[-1])
                                           and not _ASKS_INDEX.search(plan.question)):
            continue
        units = split_units(hit.chunk.text)
        section = normalize(hit.chunk.section)
        parent = bool(_PARENT_STATEMENT.search(section))
        if parent:  # 公司资产负债表: the parent company's own
            section += " 母公司"
        # the group's figures unless the parent's are asked for (both statements are in the report)
        parent_pen = PARENT_PENALTY if parent and not _ASKS_PARENT.search(plan.question) else 0.0
        chunk_text = normalize(hit.chunk.text)
        for k, u in enumerate(units):
            body = normalize("\t".join(row_cells(u.text)) if u.row else u.text)  # a wrapped label whole
            header = _header(hit, u, units)
            if u.row and header and _cells(u.text) == header:
                continue  # a table's header row names columns; it answers nothing
            value, col, cells = None, -1, []
            if u.row and plan.wants_figure:
                cells = _cells(u.text)
                if header and len(header) < len(cells):  # header row had an empty first cell
                    header = [""] * (len(cells) - len(header)) + header
                elif header and _A_YEAR.search(header[0]) and not _VALUE.fullmatch(cells[0]):
                    header = [""] + header  # a dated column name over row labels: it lost its empty cell
                value, col = _row_span(cells, header, plan, hit.chunk.year)
            # a row read in one column means what that column's header says, not what the
            # others do (占总资产比例 beside 固定资产's amount does not make it 总资产)
            header_read = [header[0], header[col]] if header and 0 < col < len(header) else header
            # a part listed after 其中 is a part of what the sentence's lead names (…装机容量784.8万
            # 千瓦，其中…；天然气发电227万千瓦): the lead is read with it
            lead = "" if u.row else normalize(_list_lead(hit.chunk.text, u))
            context = body + normalize(" ".join(header_read or [])) + lead
            held = {g: [t for t in g if _holds(t, context, plain_title)] for g in weights}
            groups = [g for g in weights if held[g]]
            matched = {t: weights[g] for g in groups for t in held[g]}
            cov_s = sum(weights[g] for g in groups) / total
            specific = SPECIFIC_SHARE * sum(weights[g] * max(map(len, held[g])) / max(map(len, g))
                                            for g in groups) / total
            # what the section heading or the sentence just before names ("99公益日"爱心筹款 /
            # 项目筹集善款374,620.72元) counts for less than the sentence itself
            before = normalize(units[k - 1].text) if k and not u.row else ""
            titled = [g for g in weights if g not in groups and any(t in section for t in g)]
            near = titled + [g for g in weights if g not in groups and g not in titled
                             and any(t in before for t in g)]
            cov_c = sum(weights[g] for g in near) / total
            missing = max((weights[g] for g in weights if g not in groups and g not in near
                           and not any(t in chunk_text for t in g)), default=0.0) / total
            # a table row means what its table's heading names (营业外支出 › 对外捐赠)
            cov_t = sum(weights[g] for g in titled) / total if u.row else 0.0
            coverage = min(1.0, cov_s + NEAR_SHARE * cov_c + (ROW_TITLE_SHARE - NEAR_SHARE) * cov_t)
            span, fig, type_ok, unfit = None, None, False, False
            if u.row and plan.wants_figure:
                unit = _unit_col(cells, header, col) if value is not None else ""
                if value is not None and not unit and hit.chunk.unit and plan.kind != "percentage":
                    # the unit stated above the table (单位：股) fits most of its rows, not
                    # all (股东总数 is in 户): it does not rule out a count, it is just not said
                    stated = hit.chunk.unit.removeprefix("人民币")
                    # but a table in 元 holds no kilowatt-hours or tonnes
                    unit = stated if unit_fits(plan, stated, row=True) or plan.kind != "count" \
                        or _measured(plan) else ""
                unfit = value is not None and not unit_fits(plan, unit, row=True)
                # kilowatt-hours or tonnes are stated somewhere in their table; a row of a
                # table that never names the measure asked holds something else (a share, 元)
                unfit = unfit or (value is not None and not unit and plan.kind == "count"
                                  and (_measured(plan) or "岁" in plan.units)  # an age: 年龄 | 67
                                  and not _states_measure(hit.chunk.text, plan))
                # figures there, none in a column that answers (quarters for a year, rates
                # for a count): the row is not then read as prose
                unfit = unfit or (value is None and any(_VALUE.fullmatch(c) for c in cells[1:]))
                if value is not None and not unfit:
                    type_ok = plan.kind != "percentage" or value.endswith("%") or "率" in cells[0] or (
                        bool(header) and 0 < col < len(header) and _percent_column(header[col], plan))
                    if type_ok:  # a percentage question is not answered by tonnes
                        span = value + (" " + unit if unit and not value.endswith((unit, "%")) else "")
            if unfit:
                type_ok = False  # a row whose value does not fit is not read as prose
            elif span is None and plan.kind == "contact":
                m = _contact(u.text, plan.question)
                span, type_ok = (m.group(0), True) if m else (None, False)
            elif span is None and plan.kind == "person" and u.row and (col := _named_column(header, plan)) > 0:
                # a table read down its columns: 姓名 | 邵崇 under 董事会秘书
                cells = _cells(u.text)
                people = person_names(cells[col], surnames, words) if col < len(cells) else ()
                span, type_ok = (people[0], True) if people else (None, False)
            elif span is None and plan.kind == "person" and groups:  # tag only relevant sentences
                people = person_names(u.text, surnames, words)
                nxt = next((v for v in units if v.start >= u.end), None)
                if not people and nxt is not None and len(nxt.text.strip()) <= 12:
                    people = person_names(nxt.text, surnames, words)  # a title line, then the signature
                if not people:  # a biography: "邵崇，男，1959年出生，…本公司董事会秘书。"
                    people = _bio_name(hit.chunk.text, u.start, surnames)
                span = _closest_name(people, u.text, matched) if people else None
            elif span is None:
                stated = hit.chunk.unit.removeprefix("人民币")
                figs = [f for f in find_figures(u.text) if _wanted(plan.kind, f, years, plan.numbers,
                                                                   day)
                        and (unit_fits(plan, f.unit) or _labelled(u.text, f, plan)
                             or _in_stated_unit(f, stated, plan))]
                serial = _SERIAL.match(u.text) if u.row else None  # 1 | 中国互联网金融协会 | 会员
                figs = [f for f in figs if not (serial and f.start < serial.end())]
                type_ok = bool(figs) if plan.wants_figure else True
                figs = _for_year(figs, u.text, years)
                if figs:
                    fig = _nearest(figs, u.text, matched, plan.units)
                    span = plain(fig.text) + _following_terms(u.text[fig.end :], matched)
                    if stated and _in_stated_unit(fig, stated, plan) and not unit_fits(plan, fig.unit):
                        span += " " + stated
            year_hit = bool(years) and (
                any(str(y) in u.text or (header and any(str(y) in h for h in header))
                    for y in years) or hit.chunk.year in years)
            length_pen = LENGTH_PENALTY * max(0.0, math.log(max(len(u.text), 1) / LONG_SENTENCE))
            label_bonus = 0.0
            if u.row:  # a row is about what its first cell names
                label = normalize(row_cells(u.text)[0])
                label_bonus = LABEL_SHARE * sum(weights[g] for g in groups
                                        if any(len(t) > 1 and t in label for t in g)) / total
                if _label_is_asked(label, groups):
                    label_bonus += EXACT_LABEL_BONUS
                label_bonus -= EXCESS_SHARE * min(_unasked(label, groups), MAX_EXCESS)
            phrase_bonus = PHRASE_SHARE * sum(p in context for p in phrases) / len(phrases) if phrases else 0
            if plan.reason and _CAUSE.search(u.text):  # why … ? -> 由于 … / 因为 …
                phrase_bonus += REASON_BONUS
            if u.row and span and is_headline(hit.chunk.section):
                label_bonus += HEADLINE_BONUS
            if u.row and plan.kind in ("text", "person"):
                label_bonus += _named_bonus(row_cells(u.text), plan)
            if plan.kind == "yesno" and states_verdict(u.text):
                phrase_bonus += VERDICT_BONUS  # 未发生任何泄露 says yes or no; 我们采取了措施 does not
            score = (coverage + (TYPE_BONUS if type_ok else 0.0) + RANK_BONUS / hit.rank
                     + (YEAR_BONUS if year_hit else 0.0) + label_bonus + phrase_bonus + specific
                     - length_pen - parent_pen)
            misses = check(plan, hit, u, header, context, span, surnames, fig)
            if u.row and plan.kind in ("text", "person") and _ranked_elsewhere(row_cells(u.text), plan):
                misses += ("rank",)  # 1 | 广东大鹏液化天然气有限公司 is no answer for the second
            out.append(Candidate(hit, u, score, coverage if type_ok else coverage * 0.5,
                                 span, fig, header, misses, missing))
    out.sort(key=lambda c: (-c.score, c.hit.rank, c.unit.start))
    return out


_MEASURES = frozenset("元 美元 人民币 吨 吨二氧化碳 兆瓦时 千瓦时 度 毫升 升 公里 斤 千克 公斤 小时 天 年 月 "
                      "万元 亿元 平方米 立方米".split())
_MONEY = ("元", "人民币", "美元")
_SUBSTANCE = re.compile(r"(?:气体|水|电|电量|油|煤|气|蒸汽|废物|废弃物|垃圾|排放|排放量|能源|燃料|纸|碳|物资)$")
_MASS = frozenset("吨 吨二氧化碳 千克 公斤 斤 升 毫升 立方米 千瓦时 兆瓦时 度".split())  # how much of a substance
_PEOPLE = {"人", "名", "位", "人次"}
_HEADS = {"人", "名", "位"}  # people as such; 人次 counts visits, tests, attendances
_PREFIX_UNITS = frozenset(u for u in MEASURE_UNITS if u not in ("天", "年", "月"))  # a longer unit extends these



# how a table may state a measure besides its Chinese unit (吨 as tCO2e, 千瓦时 as kWh)
_MEASURE_ALIASES = {"吨": ("tCO2", "tce", "t）", "t)"), "千瓦时": ("kWh", "KWh", "kwh"), "兆瓦时": ("MWh",),
                    "立方米": ("m³", "m3"), "小时": ("学时", "课时"), "岁": ("年龄",)}


def _states_measure(text: str, plan: Plan) -> bool:
    """Does a table's text name a unit the question asks for (one character units such as
    度 are left out: 度 is in 年度)?"""
    return any(x in text for u in plan.units for x in ((u,) if len(u) > 1 else ()) + _MEASURE_ALIASES.get(u, ()))


def _measured(plan: Plan) -> bool:
    """Does the question ask for a measure (千瓦时, 吨, 立方米), not a count of things?"""
    return bool(plan.units) and all(u in _MEASURES or u in MEASURE_UNITS for u in plan.units)


def unit_fits(plan: Plan, unit: str, *, row: bool = False) -> bool:
    """Can a figure with ``unit`` answer ``plan``?  How many people wants 人/名, not 小时;
    an amount wants 元.  A table row often states no unit: that is allowed there."""
    unit = unit.strip()
    if plan.kind == "amount":
        return any(m in unit for m in _MONEY) or (row and not unit) or unit in plan.units
    if plan.kind != "count":
        return True
    if plan.units:
        core = MAGNITUDE.sub("", unit)  # 万吨 is in 吨, 吨二氧化碳 too (not 人民币 in 人, 天然气 in 天)
        if unit in plan.units or any(u in unit for u in plan.units if len(u) > 1) or \
                any(core.startswith(u) for u in plan.units if u in _PREFIX_UNITS):
            return True
        return row and not unit
    # how many meetings: not 12.80 hours; but 多少温室气体 may ask for tonnes (Chinese does not
    # mark a mass noun as English does with "how much")
    return not plan.counted or unit not in _MEASURES or (
        plan.lang == "zh" and MAGNITUDE.sub("", unit) in _MASS and any(_SUBSTANCE.search(t.text) for t in plan.counted))


# a plan governing a verb (计划投入, 拟投资, 预计完成); not 预计负债, 激励计划向…, 虚拟电厂
_PLANNED = re.compile(r"(?:计划|(?<![虚模])拟|预计|预期)(?:将|于|在|再)?(?:投入|投资|新增|新建|建设|建成|完成|实现|"
                      r"达到|募集|使用|发行|采购|捐赠|支出|分配|派发|增加|减少|投产|开工|出资)|目标(?:为|是|达到)|力争|争取")
_ASKS_PLAN = re.compile(r"计划|拟|预计|预期|目标|力争|(?i:\b(?:plan(?:ned|s)?|targets?|expect(?:ed|s)?|"
                        r"budget(?:ed|s)?|aim(?:ed|s)?|goals?|forecasts?)\b)")
_ASKS_CUMULATIVE = re.compile(r"累计|总计|共计|一共|截至|截止|为止|以来|到(?:19|20)\d\d年?(?:底|末)|"
                              r"(?i:cumulative|so far|to date|in total|\bsince\b|by the end|\bby (?:19|20)\d\d|"
                              r"\bas (?:of|at)\b|\bup to\b|\buntil\b|altogether|all told|over the years)")
_SINCE = re.compile(r"截至|截止|以来")  # 截至2022年末…累计: since the start, not in the year
_IN_YEAR = re.compile(r"全年|本年|年内|报告期内|本报告期|年度内")
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n\t]")


_ZH_DIGITS = "一二三四五六七八九十"
_EN_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ORDINAL_ZH = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})(?=次|届|期|批|轮)")
_ORDINAL_EN = re.compile(r"\b(" + "|".join(_EN_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+(?:(?!of\b)[\w-]+\s+){0,2}?"
                         r"(?:meeting|session|phase|batch|round|tranche|issue|board|term)s?\b", re.IGNORECASE)


# 第一次 is also 首次, 首场, 首任 …
_FIRST = ("首次", "首场", "首届", "首期", "首批", "首轮", "首个", "首任", "首单", "首家", "首笔", "首位")


def _zh_number(n: int) -> str:
    if n <= 10:
        return _ZH_DIGITS[n - 1]
    return ("" if n < 20 else _ZH_DIGITS[n // 10 - 1]) + "十" + (_ZH_DIGITS[n % 10 - 1] if n % 10 else "")


@lru_cache(maxsize=256)
def _ordinals(question: str) -> tuple[tuple[str, ...], ...]:
    """The ordinals a question names (第五次, the fifth meeting), each as the ways a report
    writes it (第五, 第5)."""
    out = []
    for m in _ORDINAL_ZH.finditer(question):
        w = m.group(1)
        n = int(w) if w.isdigit() else next((k for k in range(1, 100) if _zh_number(k) == w), 0)
        out.append((f"第{w}",) + ((f"第{n}", f"第{_zh_number(n)}") if n else ()) + (_FIRST if n == 1 else ()))
    for m in _ORDINAL_EN.finditer(question):
        w = m.group(1).lower()
        n = _EN_ORDINALS.index(w) + 1 if w in _EN_ORDINALS else int(re.sub(r"\D", "", w))
        if 0 < n < 100:
            out.append((f"第{n}", f"第{_zh_number(n)}") + (_FIRST if n == 1 else ()))
    return tuple(out)


def _for_year(figs: list[Figure], text: str, years) -> list[Figure]:
    """The figures of the year asked, when a sentence gives several years' (占2016年度营业收入的
    73.67%（2015年度：66.49%）): a figure belongs to the last year named before it."""
    if not years or len({m.group(1) for m in _YEAR_NAMED.finditer(text)}) < 2:
        return figs
    asked = {str(y) for y in years}
    own = [f for f in figs if (named := list(_YEAR_NAMED.finditer(text[: f.start])))
           and named[-1].group(1) in asked and not _COMPARED.search(text, 0, named[-1].start())]
    return own or figs


_YEAR_NAMED = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*年")
_COMPARED = re.compile(r"(?:较|比|与|相比|同比)\s*$")  # 较2021年增加20亿元: 2021 is compared with


_SUM = re.compile(r"共计|合计|总计|一共|累计")
_YEARS_JOINED = re.compile(r"(?:19|20)\d\d\s*年?(?:度)?\s*(?:和|及|、|与|至|到|-|–)\s*(?:19|20)\d\d")


def _since_start(text: str, fig: Figure) -> bool:
    """Is the figure accumulated since the start (截至2022年末，我们累计促成…), not over a year
    (截至…，全年累计开展安全培训120场)?"""
    head = text[: fig.start]
    sentence = head[max(head.rfind("。"), head.rfind("；")) + 1 :]
    clause = _clause_before(text, fig)
    if _IN_YEAR.search(sentence):
        return False
    if "累计" in clause and (_SINCE.search(sentence) or re.search(r"已累计|累计已", clause)):
        return True  # 已累计服务的借款人超过1,110万人: everyone so far
    # 2016年和2019年分别捐资，共计600万元: a sum over the years named, not one year's
    return bool(_SUM.search(clause)) and bool(_YEARS_JOINED.search(sentence))


def _clause_before(text: str, fig: Figure) -> str:
    """The words of the clause before a figure: ``'计划投入帮扶资金 '`` of ``…，计划投入帮扶资金 1,135万元``."""
    head = text[: fig.start]
    ends = [m.end() for m in _CLAUSE_END.finditer(head)]
    return head[ends[-1] if ends else 0 :]


def _list_lead(text: str, u: Unit) -> str:
    """The lead of a 其中 list that ``u`` continues in the same sentence, else ""."""
    start = text.rfind("。", 0, u.start) + 1
    if start >= u.start:
        return ""
    at = text.rfind("其中", start, u.start)
    return text[start:at] if at >= 0 else ""


def _a_part_asked(plan: Plan, text: str, u: Unit, fig: Figure) -> bool:
    """Is the figure a whole (装机容量784.8万千瓦，其中…) while the question names one of the
    parts listed after 其中 (天然气发电), which the whole's own words do not name?"""
    at = u.text.find("其中", fig.end)
    if at < 0:
        return False
    whole = normalize(u.text[:at])
    end = text.find("。", u.start + at)
    listed = normalize(text[u.start + at : end if end >= 0 else len(text)])
    # the part's label right before its figure: 天然气发电227万千瓦 (not 股份 in a holder's name)
    return any(t.zh and not any(z in whole for z in t.zh)
               and any(re.search(re.escape(z) + r"[^，,；;。\d]{0,3}\d", listed) for z in t.zh)
               for t in plan.terms)


def check(plan: Plan, hit: Hit, u: Unit, header: list[str] | None, context: str,
          span: str | None, surnames: frozenset[str] = frozenset(),
          fig: Figure | None = None) -> tuple[str, ...]:
    """The constraints of ``plan`` that this sentence or row leaves unmet, by name."""
    misses = []
    if _another_rate(u.text, fig, plan) or _a_change(u.text, fig, plan):
        misses.append("metric")
    sex = "女" if _ASKS_WOMEN.search(plan.question) else "男" if _ASKS_MEN.search(plan.question) else ""
    if fig is not None and _PLANNED.search(_clause_before(u.text, fig)) and not _ASKS_PLAN.search(plan.question):
        misses.append("planned")  # 计划投入1,135万元 is no answer for what was put in
    elif fig is not None and _since_start(u.text, fig) and plan.years and not _ASKS_CUMULATIVE.search(plan.question) \
            and not _YEARS_JOINED.search(plan.question):  # in 2014-2017: the sum is asked
        misses.append("cumulative")  # 累计促成70.5亿元 is no answer for 2022's total
    if fig is not None and not u.row and _a_part_asked(plan, hit.chunk.text, u, fig):
        misses.append("part")  # the whole before 其中 is no answer for a part listed after it
    if fig is not None and plan.wants_figure and _negated(u.text, fig, plan):
        misses.append("negated")  # 23,834,164.03元不属于非经常性损益 is no non-recurring item
    ordinals = _ordinals(plan.question)
    if ordinals and any(not any(z in w for z in alts for w in (context, normalize(u.text))) for alts in ordinals):
        misses.append("ordinal")  # 2016年第一次临时股东大会 is no answer for the fifth
    if plan.kind == "yesno" and u.text.rstrip().endswith((":", "：")):
        misses.append("statement")  # 我们采取了一系列措施: introduces a list, says neither
    if sex and plan.wants_figure and sex not in context:
        misses.append("who")  # women's training hours are not everyone's
    if u.row and span and fig is None and plan.wants_figure and _unnamed_row(u.text, plan):
        misses.append("row")  # 电力销售's margin is no answer for 光伏发电's
    elif u.row and span and fig is None and plan.wants_figure and _unmeasured_row(
            context + normalize(hit.chunk.section.split("›")[-1]), plan):
        misses.append("metric")  # 深能售电公司's registered capital is no answer for its 净利润
    elif not u.row and fig is not None and plan.kind == "amount" and _unmeasured_row(
            context + normalize(hit.chunk.section.split("›")[-1]), plan, _STATED_HEADS):
        misses.append("metric")  # a tax refund's 19,033,249.61元 is no answer for a net profit
    if u.row and span and plan.wants_figure and _qualifies_only(normalize(row_cells(u.text)[0]), plan):
        misses.append("metric")  # 扣除非经常性损益的净利润 is a net profit, not the 非经常性损益 asked
    if fig is not None and plan.lang == "en" and fig.unit in _HEADS and plan.counted and \
            not _asks_people(plan):
        misses.append("counted:" + "/".join(t.text for t in plan.counted))  # 1,200多名 is no class
    if plan.constraints:  # a place or name may sit in the sentence before or after (…在新加坡。)
        near = normalize(hit.chunk.text[max(0, u.start - 80) : u.end + 80])
        where = context + near + normalize(hit.chunk.section) + normalize(hit.chunk.title)
    for c in plan.constraints:
        if fig is not None and not u.row and plan.kind in ("count", "amount", "percentage") and \
                _joined_with_another(u.text, fig, c.zh, plan):
            misses.append(f"name:{c.text}+")  # 惠州燃气和潮州燃气…供气量约9,784万立方米: both, not one
            continue
        if any(z.lower() in context for z in c.zh):
            continue
        # nearby, unless the name is a person's and this sentence is about someone else
        # (谷碧泉，男，1957年出生 after 熊佩锦's biography)
        if not any(z.lower() in where for z in c.zh) or _about_someone_else(
                u.text, hit.chunk.text, c.zh, surnames):
            misses.append(f"name:{c.text}")
    # a row counts what its label or header names; 独立董事 as one director's role is no count
    scope = normalize(" ".join(_label_cells(row_cells(u.text)) + (header or []))) if u.row else context
    present = [any(z in scope for z in t.zh) for t in plan.counted]
    if present and not any(present) and plan.units and set(plan.units) & _PEOPLE and span and \
            any(span.rstrip("+余多").endswith(p) for p in _PEOPLE) and \
            _anyone_counted(plan) and not _OTHER_PEOPLE.search(scope):
        present = [True]  # 多少员工参加 -> 近80人: people counted as people (not 新进员工298人 as customers)
    # English names one head noun; a Chinese noun phrase may be reworded, one word suffices
    if present and not (all(present) if plan.lang == "en" else any(present)):
        misses.append("counted:" + "/".join(t.text for t in plan.counted))
    elif plan.lang == "zh" and any(present) and fig is not None and not u.row and \
            _listed_for_another(u.text, fig, plan, context):
        misses.append("counted:" + "/".join(t.text for t in plan.counted))  # 新人培训14场 for 质检分享培训
    elif any(present) and fig is not None and not u.row and (part := _PART_OF.search(u.text, fig.end)) and \
            not any(z in normalize(u.text[: part.start()]) for t in plan.counted for z in t.zh):
        misses.append("counted:whole")  # 295件知识产权，其中包含商标: the figure counts the whole
    if plan.years:
        # the sentence, its header, or what comes before it in its line (2020年初，… 。公司上下踊跃捐款…)
        lead = "" if u.row else hit.chunk.text[max(0, u.start - YEAR_LEAD) : u.start].rpartition("\n")[2]
        said = any(str(y) in u.text + lead or (header and any(str(y) in h for h in header))
                   for y in plan.years)
        named = [h for h in header or [] if h.strip()]
        dated = bool(named) and all(_A_YEAR.search(h) for h in named)
        if not said and (hit.chunk.year not in plan.years or dated):
            misses.append("year")  # a table whose columns are all dated other years is theirs
    if plan.kind == "person" and not span:
        misses.append("person")
    return tuple(misses)


# a clause that says its figure is not what a term names: 不属于非经常性损益, 未计入成本
_DENIES = r"(?:不属于|不作为|不计入|未计入|并非|不是|不视为)"  # not 不含外包员工: a part left out


def _negated(text: str, fig: Figure, plan: Plan) -> bool:
    """Does the figure's clause deny it is what the question asks (…金额计人民币23,834,164.03元
    不属于非经常性损益)?  Not when the question asks for it so (不含物资折款 asked)."""
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, fig.start)), default=0)
    end = next((m.start() for m in _CLAUSE_END.finditer(text, fig.end)), len(text))
    clause, question = normalize(text[start:end]), normalize(plan.question)
    for z in {z for t in plan.terms for z in t.zh if len(z) > 1}:
        said = re.compile(_DENIES + re.escape(z))
        if said.search(clause) and not said.search(question):
            return True
    return False


_ASKS_WOMEN = re.compile(r"女性|女员工|女职工|(?i:\b(?:women|woman|female|females)\b)")
_ASKS_MEN = re.compile(r"男性|男员工|男职工|(?i:\b(?:men|male|males)\b)")
# English nouns for anyone in the company's eyes: 近80人 may count them without naming them
_ANYONE = frozenset("people persons participants attendees staff employees workers members".split())
# people a sentence names: if it names them, they are who its 人 counts
_OTHER_PEOPLE = re.compile(r"客户|用户|借款人|学生|股东|董事|监事|老师|教师|居民|会员|投资者|供应商")


def _joined_with_another(text: str, fig: Figure, names: tuple[str, ...], plan: Plan) -> bool:
    """Is the name joined by 和/及/与/、 with another of its kind before the figure (惠州燃气和
    潮州燃气，…供气量约9,784万立方米: the same last words), so that the figure is theirs together?
    Not when the question names the other too, nor when 分别/各 or the name alone comes between
    the pair and the figure."""
    head = text[: fig.start]
    named = plan.question + "".join(o for c in plan.constraints for o in c.zh)
    for z in names:
        if len(z) < 2 or z not in head:
            continue
        e = re.escape(z)
        after = e + r"(?P<suf>[\u4e00-\u9fff]{2,4})(?:和|及|与|、)(?P<mate>[\u4e00-\u9fff]{1,4}?)(?P=suf)"
        before = r"(?P<mate>[\u4e00-\u9fff]{1,4}?)(?P<suf>[\u4e00-\u9fff]{2,4})(?:和|及|与|、)" + e + r"(?P=suf)"
        for m in (re.search(after, head), re.search(before, head)):
            if not m:
                continue
            between = head[m.end():]
            if re.search(r"分别|各", between) or z in between:
                continue
            mate = m.group("mate")
            tails = {mate[k:] for k in range(len(mate) - 1)}  # 向潮州 -> 向潮州, 潮州
            if not any(t in named for t in tails):
                return True
    return False


def _listed_for_another(text: str, fig: Figure, plan: Plan, context: str) -> bool:
    """In a list of figures in one unit (新人培训14场，在岗业务培训19场), each is labelled by its
    own item: is another item's label nearer the thing counted than this one's, or does the
    sentence never say a word of it (质检分享培训 asked: the list is of other trainings)?"""
    same = [f for f in find_figures(text) if f.unit == fig.unit]
    if len(same) < 2:
        return False

    def held(f: Figure) -> int:  # its item: from the last break before it to the next break or
        # figure (the noun may come first, 新人培训14场, or after, 8位“合规小达人”和7位…)
        start = max((m.end() for m in _LIST_SEP.finditer(text, 0, f.start)), default=0)
        stop = next((m.start() for m in _LIST_SEP.finditer(text, f.end)), len(text))
        stop = min([stop] + [g.start for g in same if g.start >= f.end])
        item = normalize(text[start:stop])
        return sum(any(z in item for z in t.zh) for t in plan.counted)

    mine = held(fig)
    if any(held(f) > mine for f in same if f.start != fig.start):
        return True
    return not all(any(z in context for z in t.zh) for t in plan.counted)


_LIST_SEP = re.compile(r"[，,；;、。：:\n\t]")


def _anyone_counted(plan: Plan) -> bool:
    """Does the question count people it may not name again (员工 -> 近80人)?  Chinese: any
    person noun; English: a word for anyone (not customers or shareholders)."""
    if plan.lang == "zh":
        return any(t.text.endswith(PERSON_NOUNS) for t in plan.counted)
    return any(t.text.lower() in _ANYONE for t in plan.counted)
_PART_OF = re.compile(r"其中|包括|包含")  # what follows names parts of the thing counted before
_TOTAL_ROW = re.compile(r"合计|总计|小计|总额|(?i:total)")


_SERIAL = re.compile(r"\s*\d{1,3}\t(?=[^\t]*[\u4e00-\u9fffA-Za-z])")  # a row's serial number (序号) before its words


def _unnamed_row(text: str, plan: Plan) -> bool:
    """Does the row's label name none of the question's terms?  A row answers for what its
    label names; only a year's row (2016年) or a total row answers for the table's subject."""
    cells = row_cells(text)
    label = normalize(" ".join(_label_cells(cells)))
    if _SERIAL.match(text):  # a serial number (序号 | 4 | 2021年4月 | 2020特殊贡献奖): the row's words name it
        label = normalize(" ".join(c for c in cells[1:] if not _VALUE.fullmatch(c)))
    if not label or _YEARISH.fullmatch(label) or _TOTAL_ROW.search(label):
        return False
    if any(f"{n:g}" in label for n in plan.numbers):  # above 60 -> the row 60分以上
        return False
    # a one-character word names a row that starts with it (水 -> 水资源使用量), not one holding it
    return not any(t.lower() in label if len(t) > 1 else (label.startswith(t) and all(len(x) == 1 for x in g))
                   for g in plan.weights() for t in g)


# the head of a noun naming a measure (净利润, 营业收入, 发电量, 毛利率, 担保余额)
# (not 金额, 数量, 余额: words for any figure, which a table's heading may leave unsaid)
_METRIC_HEAD = re.compile(r"(?:利润|收入|收益|资产|负债|权益|费用|成本|支出|投入|现金|股本|股息|红利|薪酬|报酬|价格|"
                          r"电价|产量|电量|排放量)$")
# measures a sentence's sum of money names when it is one (净利润13.47亿元), unlike expenses
# (捐赠, 工资, 营收 say 支出, 薪酬, 收入 in other words)
_STATED_HEADS = frozenset("利润 资产 负债 权益 股本".split())
# heads a row may say for the one asked (研发投入 / 研发费用, 薪酬 / 报酬); rates have their own check
_SAME_HEADS = (frozenset({"薪酬", "报酬"}), frozenset({"费用", "支出", "投入", "成本"}), frozenset({"股息", "红利"}),
               frozenset({"价格", "电价"}))


def _qualifies_only(label: str, plan: Plan) -> bool:
    """Does every asked term in a row label only qualify another measure after 的 (扣除非经常性
    损益的净利润 for 非经常性损益)?  The head after 的 is what the row measures."""
    asked = {z for t in plan.terms for z in t.zh if len(z) > 1}
    inside = [z for z in asked if z in label]
    if not inside:
        return False
    for z in inside:
        for m in re.finditer(re.escape(z), label):
            tail = _QUALIFIED.match(label, m.end())
            if not tail or any(tail.group("head") in a for a in asked):
                return False
    return True


# …的净利润: the measure a qualified term leads to (the head noun after 的, at the label's end)
_QUALIFIED = re.compile(r"后?的[\u4e00-\u9fff]{0,8}?(?P<head>" + _METRIC_HEAD.pattern.removesuffix("$") + r")"
                        r"(?:[（(][^）)]*[)）])?$")


# 境内会计师事务所名称 | 安永华明 answers for a firm; 姓名 | 廖文佳、朱婷 for a person
_NAME_FIELD = {"text": re.compile(r"(?:名称|全称)(?:[（(][^）)]*[)）])?$"),
               "person": re.compile(r"姓名(?:[（(][^）)]*[)）])?$")}
_ASKS_FIRST = re.compile(r"最大|第一大|第一名|(?i:\blargest\b|\bbiggest\b|\btop\b(?! (?:five|ten|\d)))")
NAME_BONUS = 0.3  # who / which firm: the row that holds a name, or the first of a ranking


def _named_bonus(cells: list[str], plan: Plan) -> float:
    """A row of a key-value table whose label is a name field answers "who" and "which";
    the row numbered as the place asked answers for it (公司最大的客户 -> 1 | 广东电网公司)."""
    if len(cells) < 2:
        return 0.0
    if _NAME_FIELD[plan.kind].search(cells[0]):
        return NAME_BONUS
    rank = asked_rank(plan.question)
    return NAME_BONUS if rank and cells[0].strip() == str(rank) else 0.0


_ZH_RANK_NUM = r"[一二三四五六七八九十]{1,3}|\d{1,2}"
# 第三大股东, 第二名, 排名第二: the place asked (not 第三方, 第二次, 第一季度, 第二阶段)
_RANK_ZH = re.compile(rf"(?:排名|排第|位列)第?({_ZH_RANK_NUM})|第({_ZH_RANK_NUM})(?:大|名|位)(?!次)")
_RANK_EN = re.compile(r"(?i)\b(" + "|".join(_EN_ORDINALS[:10]) + r"|\d{1,2}(?:st|nd|rd|th))[ -](?:largest|biggest|"
                      r"highest|most|top)\b")


@lru_cache(maxsize=256)
def asked_rank(question: str) -> int:
    """The place in a ranking a question asks for (第三大股东 -> 3, second largest -> 2, the
    largest -> 1), 0 for none."""
    m = _RANK_EN.search(question)
    if m:
        word = m.group(1).lower()
        return _EN_ORDINALS.index(word) + 1 if word in _EN_ORDINALS else int(re.sub(r"\D", "", word))
    m = _RANK_ZH.search(question)
    if m:
        n = m.group(1) or m.group(2)
        return int(n) if n.isdigit() else next((k for k in range(1, 100) if _zh_number(k) == n), 0)
    return 1 if _ASKS_FIRST.search(question) else 0


def _ranked_elsewhere(cells: list[str], plan: Plan) -> bool:
    """A row numbered in a ranking (序号 | 名称) at a place other than the one asked."""
    rank = asked_rank(plan.question)
    first = cells[0].strip() if cells else ""
    return rank > 1 and len(cells) > 1 and first.isdigit() and len(first) <= 2 and int(first) != rank


def _unmeasured_row(context: str, plan: Plan, only: frozenset[str] | None = None) -> bool:
    """Does a row (with its header and table heading) name none of the measures the question
    asks for?  深能售电公司 | 100,000,000.00 names the company, not its 净利润.  ``only``:
    the heads considered (a sentence may name an expense by many words, a profit by few)."""
    heads = {m.group(0) for t in plan.terms for z in t.zh if (m := _METRIC_HEAD.search(z))}
    if only is not None:
        heads &= only
    same = {w for group in _SAME_HEADS if group & heads for w in group}
    return bool(heads) and not any(h in context for h in heads | same)  # 净利润 asked: a row of 利润


# the rate a figure measures, named right before it: 返岗率为100%
_RATE_BEFORE = re.compile(r"([\u4e00-\u9fff]{2})率(?:\^?注?[\d\[\]]*|\*+)?"
                          r"(?:为|达到?|是|约|高达|提升至|提高至|降至|降低至)?\s*[：:]?\s*$")
_ANY_RATE = ("率", "比率", "比例", "百分比")  # "rate" itself names no rate in particular


def _asks_people(plan: Plan) -> bool:
    """Does "how many …" count people?  A word of the four after it names them (employees),
    or renders as a person noun (borrowers -> 借款人)."""
    m = re.search(r"\bhow many((?:\s+[\w'’-]+){1,4})", plan.question.lower())
    if not m:
        return True
    words = m.group(1).split()
    return any(w.endswith(PERSON_NOUNS) for w in words) or any(
        z.endswith(PERSON_NOUNS) for t in plan.terms if set(t.text.split()) & set(words) for z in t.zh)


def _another_rate(text: str, fig: Figure | None, plan: Plan) -> bool:
    """Does the figure measure a rate other than the one asked (育儿假的返岗率为100% for
    申请率)?  For an English question, only when it names a rate the lexicon renders."""
    if fig is None or plan.kind != "percentage":
        return False
    m = _RATE_BEFORE.search(text[: fig.start])
    if not m:
        return False
    stem = m.group(1)
    if stem.endswith("比"):  # 比率 names no rate in particular (女性员工比率为45%)
        return False
    rate = stem + "率"  # 固定利率 is the 利率 asked: the rate word asked ends the figure's
    rates = [z for t in plan.terms for z in t.zh if z.endswith("率") and z not in _ANY_RATE]
    if plan.lang == "zh":
        question = normalize(plan.question)
        # a 占比 question names no rate
        return "率" in question and stem not in question and not any(rate.endswith(z) for z in rates)
    return bool(rates) and not any(stem in z or rate.endswith(z) for z in rates)


# a percentage that measures a change (外购电力降低19.47%), not a level (提升至100%)
_CHANGE_BEFORE = re.compile(r"(?:降低|下降|减少|增长|增加|提高|提升|上升|下滑|回落|增幅|降幅|减幅)了?"
                            r"(?:约|近|超过?)?\s*$")
_ASKS_CHANGE = re.compile(r"增|减|降|升|涨|跌|幅|变|同比|较上年|比上年|(?i:\b(?:increas\w*|decreas\w*|grow\w*|grew|"
                          r"rise|rises|rising|risen|rose|fall\w*|fell|drop\w*|declin\w*|reduc\w*|cut|cuts|"
                          r"chang\w*|up|down|year-on-year|yoy|compared|lower|higher|more|less|improv\w*)\b)")


def _a_change(text: str, fig: Figure | None, plan: Plan) -> bool:
    """Is the percentage a change (降低19.47%) while the question asks for a level?"""
    if fig is None or plan.kind != "percentage" or _ASKS_CHANGE.search(plan.question):
        return False
    return bool(_CHANGE_BEFORE.search(text[: fig.start]))


def _about_someone_else(text: str, passage: str, names: tuple[str, ...],
                        surnames: frozenset[str]) -> bool:
    """Is one of ``names`` a person in ``passage``, while ``text`` names another person?"""
    if not any(z in person_names(normalize(passage), surnames) for z in names):
        return False
    people = person_names(normalize(row_cells(text)[0]), surnames)
    return bool(people) and not any(z in p or p in z for p in people for z in names)


_TICKED = re.compile(r"[√☑✓]\s*(不适用|适用|是|否|有|无)")
_VERDICT = re.compile(r"(?:是|否|有|无|√|×)$")
_YES = ("是", "有", "适用", "√")


def _item_verdict(item: str) -> bool | None:
    """The answer a 是否 item states: its ticked box (□是 √否), else the 是/否 it ends with."""
    ticked = _TICKED.findall(item)
    if ticked:
        return ticked[0] in _YES
    return item[-1] in _YES if _VERDICT.search(item) else None


def _verdict_items(text: str) -> list[str]:
    """What follows each ``是否`` of a sentence or row (cells joined, end punctuation off):
    ``'…是否属于重点排污单位\t否。'`` -> ``['属于重点排污单位否']``."""
    return [p.strip().rstrip("。；;，,.！!？? ") for p in plain(text).replace("\t", "").split("是否")[1:]]


def states_verdict(text: str) -> bool:
    """Does the sentence or row say yes or no in so many words (a negation, a ticked box,
    the answer after a ``是否`` item)?"""
    return bool(_TICKED.search(text)) or any(n in text for n in _NEGATION) or any(
        _VERDICT.search(p) for p in _verdict_items(text))


def yes_no(text: str, question: str = "") -> bool:
    """The verdict a sentence or a table row states: the ticked box (□是 √否), the answer
    after the ``是否`` item most like the question (``…是否属于重点排污单位 | 否``), else
    True unless it states a negation (``'未发生任何泄露'`` -> False)."""
    ticked = _TICKED.findall(text)
    if len(ticked) == 1:
        return ticked[0] in _YES
    verdicts = [(len(set(p) & set(question)), _item_verdict(p)) for p in _verdict_items(text)]
    verdicts = [v for v in verdicts if v[1] is not None]
    if verdicts:
        return max(verdicts, key=lambda v: v[0])[1]
    return not any(n in text for n in _NEGATION)
