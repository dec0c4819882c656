"""What a question asks: its language, the years it names, the kind of answer.

``analyse("2022年员工培训覆盖率是多少？")`` ->
``Query(lang='zh', years=(2022,), kind='percentage', ...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.textparts import YEAR as _YEAR

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

_NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d.,]*\d)")

# (kind, Chinese cues, English cues); first match wins, so order matters.
_KINDS = [
    ("percentage", ("比例", "比率", "占比", "百分之", "覆盖率", "率", "降低了多少", "下降了多少",
                    "增长了多少", "增长率"),
     ("rate", "percentage", "percent", "proportion", "share of", "what share", "market share",
      "ratio", "by how much", "by what percentage", "what percentage", "margin", "return on",
      "yield")),
    ("contact", ("电话", "邮箱", "邮件地址", "网址", "网站", "热线"),
     ("phone", "telephone", "hotline", "email", "e-mail", "website", "web address", "url")),
    ("date", ("哪一年", "哪年", "何时", "什么时候", "哪一天", "哪天", "哪日", "几月几日", "日期", "年份", "哪个月",
              "哪一个月"),
     ("when", "what year", "which year", "what date")),
    ("yesno", ("是否", "有没有", "有无", "吗"),
     ("is there", "was there", "were there", "does ", "did ", "has ", "have ", "is it", "are there")),
    ("person", ("谁", "哪位", "是何人"), ("who ", "who's", "whom")),
    ("text", ("名字", "叫什么", "是什么", "哪些", "哪个"),
     ("what is the name", "which", "what is", "what are")),
    ("count", ("多少", "几", "数量", "总量", "金额", "规模"),
     ("how many", "how much", "number of", "what was", "what were", "amount", "total")),
]
# English cues match whole words: "generate" is not "rate"
_EN_CUES = {name: re.compile("|".join(rf"\b{re.escape(c.strip())}\b" for c in en)) for name, _, en in _KINDS}
FIGURE_KINDS = ("count", "amount", "percentage", "date")  # answered by a figure
_REPORT_YEAR = re.compile(r"(?i)(?<!\d)((?:19|20)\d\d)\s*(?:年)?(?:的|度)?\s*(?:ESG|CSR|年度|社会责任)?\s*报告"
                          r"|(?<!\d)((?:19|20)\d\d)\s+(?:(?:esg|csr|annual|sustainability|environmental|social|and|"
                         r"governance|corporate|responsibility)[ ,]+){0,5}report\b")
# "What was the programme called that …" asks a name; "the campaign called 99 Giving Day" names one
_CALLED = re.compile(r"\b(?:called|named|titled)\b(?!\s+[\"“'A-Z0-9])")
_WHAT_MONEY_DID = re.compile(r"\W*what\s+(?:[\w&'-]+\s+){1,4}?(?:did|does|do)\b")  # what net profit did X make
# a year inside a name in quotes ("2020特殊贡献奖", 《2021年报》) is no year asked about
_QUOTED = re.compile(r"“[^”]{0,40}”|《[^》]{0,40}》|「[^」]{0,40}」")


MEASURE_UNITS = ("兆瓦时", "千瓦时", "兆瓦", "千瓦", "吨标准煤", "吨二氧化碳", "吨", "公里", "毫升", "小时",
                 "立方米", "平方米", "万元", "亿元", "元", "千克", "公斤", "天", "年", "月")
MAGNITUDE = re.compile(r"^(?:万|亿|百万)(?=[\u4e00-\u9fff])")  # 亿千瓦时 is counted in 千瓦时
_ZH_UNIT = re.compile(r"(?:多少|几)(?:万|亿|百万)?(兆瓦时|千瓦时|兆瓦|千瓦|吨标准煤|"
                      r"吨二氧化碳|立方米|平方米|万元|亿元|名|位|人次|人|家|件|个|次|"
                      r"场|期|所|项|封|天|小时|吨|户|条|批|棵|斤|钱|元|份|公里|毫升|"
                      r"股(?![东权价息利本市民]))")  # 多少股股票: shares; not 多少股东
_NOT_MONEY = r"(?![- ](?:\w+[- ]){0,1}(?:revenues?|sales|fees?|costs?|investments?|expenses?|bills?|prices?|tariffs?|" \
             r"income|spending|expenditures?|subsid(?:y|ies)))"
_EN_UNITS = [
    (r"\bhow many (?:\w+ ){0,2}(?:people|employees|staff|persons|students|teachers|members|"
     r"volunteers|borrowers|users)\b", ("人", "名", "人次")),
    (r"\bhow many (?:\w+ ){0,2}(?:shareholders|stockholders|holders|households|accounts)\b",
     ("户", "名", "人", "个")),
    (r"\bhow many (?:\w+ ){0,2}(?:schools)\b", ("所",)),
    (r"\bhow many (?:\w+ ){0,2}(?:times|sessions|drills|trainings|events|activities|meetings)\b",
     ("次", "场", "届")),
    (r"\bhow many (?:\w+ ){0,2}(?:complaints|cases|incidents|accidents|disputes|lawsuits)\b",
     ("件", "起", "宗", "例", "次")),
    (r"\bhow many (?:\w+ ){0,2}(?:companies|suppliers|institutions|partners|organisations|"
     r"organizations)\b", ("家",)),
    (r"\bhow many (?:\w+ ){0,2}(?:patents|trademarks|items|copyrights)\b", ("件",)),
    (r"\bhow (?:many|far) (?:\w+ ){0,2}(?:kilometres|kilometers|km|miles)\b|\bhow far\b", ("公里",)),
    (r"\bhow (?:many|much) (?:\w+ ){0,2}(?:millilitres|milliliters|ml)\b|\bhow much blood\b",
     ("毫升",)),
    (r"\bhow many (?:\w+ ){0,2}(?:responses|questionnaires|copies|replies)\b", ("份",)),
    (r"\bhow many (?:\w+ ){0,2}hours\b", ("小时",)),
    (r"\bhow old\b", ("岁",)),
    (r"\bhow many (?:\w+ ){0,2}(?:tonnes|tons)\b", ("吨",)),
    (r"\bhow many (?:\w+ ){0,2}(?:liters|litres)\b", ("升",)),
    (r"\bhow many (?:\w+ ){0,2}(?:kwh|kilowatt-hours|kilowatt hours)\b", ("千瓦时",)),
    (r"\bhow many (?:\w+ ){0,2}(?:mwh|megawatt-hours|megawatt hours)\b", ("兆瓦时",)),
    (r"\bhow many (?:\w+ ){0,2}(?:kilograms|kg)\b", ("千克", "公斤")),
    (r"\bhow many cubic (?:metres|meters)\b", ("立方米",)),
    (r"\bhow many (?:\w+ ){0,2}days\b", ("天",)),
    # how much of a substance, unless money is asked about it (electricity revenue, water fees)
    (r"\bhow much (?:\w+ ){0,2}(?:electricity|electric power|energy)\b" + _NOT_MONEY, ("千瓦时", "兆瓦时", "度")),
    (r"\bhow much (?:\w+ ){0,2}(?:greenhouse gas(?:es)?|emissions?|carbon|co2)\b" + _NOT_MONEY,
     ("吨", "吨二氧化碳")),
    (r"\bhow much (?:\w+ ){0,2}(?:water|coal|waste|steel|cement)\b" + _NOT_MONEY, ("吨", "立方米")),
    (r"\bhow much (?:\w+ ){0,2}(?:natural gas|gas)\b" + _NOT_MONEY, ("立方米", "吨")),
    (r"\bhow many shares\b|\bin shares\b|\bnumber of shares\b", ("股",)),
    (r"\bshare capital\b|\btotal shares\b|\bshares outstanding\b|\boutstanding shares\b",
     ("元", "股")),
    (r"\bhow much (?:money|was (?:donated|raised|spent|paid|invested)|"
     r"did (?:[\w'-]+ ){1,6}(?:donate|raise|spend|pay|invest|earn|borrow|collect))"
     r"|\b(?:revenues?|profits?|donat\w*|raised|amount|assets|liabilities|equity|capital|cash|"
     r"expenses?|costs?|income|earnings|dividends?|sales|funds|borrowings|loans|receivables?|"
     r"payables?|reserves?|fees?|remuneration|salary|salaries|pay|wages?|taxes|turnover|spending|"
     r"expenditures?|investments?|prices?|tariffs?|provisions?|allowances?|budgets?|impairments?|"
     r"debts?|compensation|payments?|goodwill|deposits?|guarantees?|"
     r"subsid(?:y|ies)|grants?|premiums?|fair value|book value|capex)\b", ("元",)),
]


# ratios the reports print as plain numbers, not percentages
_PLAIN_RATIO_ZH = re.compile(r"汇率|流动比率|速动比率|保障倍数|市盈率|市净率")
_PLAIN_RATIO_EN = re.compile(r"\bexchange rates?\b|\b(?:current|quick|acid[- ]test|p/?e|p/?b) ratio\b|"
                             r"\binterest coverage\b|\bprice[- ]to[- ](?:earnings|book)\b")
# an intensity: a quantity per unit of revenue or output (用纸密度 0.04 吨/百万人民币营收)
_INTENSITY_EN = re.compile(r"\bper (?:(?:one |a )?(?:million|ten thousand|thousand|hundred million|unit of) )?"
                           r"(?:(?:yuan|rmb)(?: of)? )?(?:revenue|sales|output|yuan|rmb)\b|"
                           r"\b(?:carbon|emissions?|ghg|energy|water|paper|electricity|power) intensity\b")
# (研发强度 is a share of revenue, a percentage: not here)
_INTENSITY_ZH = re.compile(r"(?:每|单位)(?:百万|万|亿)?元?(?:营业?收入?|营收|产值|元)|"
                           r"(?:排放|能耗|用水|用纸|用电|碳)(?:密度|强度)")
INTENSITY_UNITS = ("/百万", "/万元", "/亿元", "/元", "/营收")
# the name of someone with a title or role: 外部讲师叫什么名字 / 董事会秘书的姓名
_NAME_OF_PERSON = re.compile(r"(?:讲师|老师|教师|教授|董事长|董事|监事|总经理|经理|总裁|主席|秘书|负责人|"
                             r"创始人|主任|代表|委员|会计师|律师|专家|嘉宾|员工)的?(?:叫什么名字|叫什么|名字|姓名)")
# what a Chinese question asks in money (元): 营业收入, 总资产, 研发费用, 现金流量净额 …
_ZH_MONEY = (r"金额|多少钱|收入|利润|资产|负债|权益|成本|(?<![消浪])费(?!率)|支出|现金|收益|税|薪酬|报酬|价格|分红|"
             r"红利|投资额|资金")


@dataclass(frozen=True)
class Query:
    text: str
    lang: str  # "zh" or "en"
    years: tuple[int, ...]
    kind: str  # count | amount | percentage | date | person | yesno | text
    units: tuple[str, ...] = ()  # measure words the answer should carry: 多少名 -> ("名", "人")
    numbers: tuple[float, ...] = ()  # figures the question itself names ("99公益日"), not years
    report_year: int | None = None  # "in the 2022 report" / 2022年报告: which report to read


# roles that firms hold: "who is the auditor" asks for a firm's name (not "who is the CEO of
# the subsidiary", nor "子公司的总经理是谁")
_ORG_ROLE = (r"(?:auditors?|accounting firm|audit firm|customers?|clients?|suppliers?|banks?|underwriters?|"
             r"sponsors?|lenders?|insurers?)")
_WHO_FIRM_EN = re.compile(r"\bwho(?:'s| is| was| are| were)\s+(?:the\s+)?(?:[\w-]+'s\s+)?"
                          r"(?:(?!of\b)[\w-]+\s+){0,2}?" + _ORG_ROLE + r"\b")
_WHO_FIRM_ZH = re.compile(r"(?:客户|供应商|会计师事务所|审计机构|银行|保荐机构|承销商)[\u4e00-\u9fff]{0,2}?"
                          r"(?:是谁|是哪|为哪|叫什么)")
# "Which CPAs signed …", 哪位董事: a person is asked, by a noun that names people
_WHICH_PERSON_EN = re.compile(r"\W*(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:directors?|supervisors?|executives?|"
                              r"managers?|cpas?|accountants?|chairman|chairwoman|chairperson|president|"
                              r"ceo|cfo|officers?|secretary|person|individual|shareholder who|lawyers?)\b"
                              r"(?!'s|’s|\s+(?:firm|firms|fee|fees|training|message|statement|letter|income|"
                              r"tax|pay|remuneration|meeting|meetings|office|report|committee)\b)")
_WHICH_PERSON_ZH = re.compile(r"哪(?:一|几)?(?:位|名|个|些)?(?:独立)?(?:董事|监事|高管|高级管理人员|会计师|注册会计师|"
                              r"经理|总经理|副总经理|律师)(?!会|事务所|费|的)")
_POLITE = re.compile(r"\W*(?:can|could|would|will)\s+you\b")
_STAFF_TURNOVER = re.compile(r"\b(?:staff|employee|employees|personnel|labou?r|workforce|talent)\s+turnover\b")
_AUXILIARY = re.compile(r"\W*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b")


def language(text: str) -> str:
    """``'zh'`` when the text has any Chinese character and not mostly Latin words."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 3 >= latin else ("en" if latin else "zh")


def analyse(text: str) -> Query:
    lang = language(text)
    years = tuple(dict.fromkeys(int(y) for y in _YEAR.findall(_QUOTED.sub(" ", text))))
    low = text.lower()
    kind = "text"
    for name, zh, _en in _KINDS:
        if lang == "zh" and any(c in text for c in zh) or lang != "zh" and _EN_CUES[name].search(low):
            kind = name
            break
    if lang == "en" and re.match(r"\W*(?:who|whom|whose)\b", low) and kind == "date":
        kind = "person"  # "Who became secretary when the branch was upgraded?": the who decides
    if kind == "text" and (_WHICH_PERSON_EN.match(low) if lang == "en" else _WHICH_PERSON_ZH.search(text)):
        kind = "person"
    if kind == "person" and (_WHO_FIRM_EN.search(low) if lang == "en" else _WHO_FIRM_ZH.search(text)):
        kind = "text"  # who is the auditor / 最大的客户是谁: a firm's name, not a person's
    if lang == "zh" and kind == "count" and re.search(r"哪家|哪一家", text):
        kind = "text"
    if kind == "percentage" and (_PLAIN_RATIO_EN.search(low) if lang == "en" else _PLAIN_RATIO_ZH.search(text)) \
            and not re.search(r"百分|%|幅度|增长率|下降率|percent|by how much|\bchanges?\b", low):
        kind = "count"  # an exchange rate (6.9370) or a current ratio (1.05) is a plain number
    if lang == "en" and re.match(r"\W*what\b", low) and _CALLED.search(text):
        kind = "text"  # "What was the 2021 programme called?": a name, not a count
    if lang == "en" and "how old" in low:
        kind = "count"
    if lang == "en" and kind in ("date", "text") and re.match(
            r"\W*(?:about |roughly |approximately )?how (?:much|many)\b", low):
        kind = "count"  # "How much … when the pandemic broke out?": the how, not the when
    if lang == "zh" and kind == "text" and _NAME_OF_PERSON.search(text):  # 讲师叫什么名字
        kind = "person"
    wh = re.search(r"\b(how|what|which|who|whom|whose|when|where)\b", low)
    if lang == "en" and not wh and _AUXILIARY.match(low) and not _POLITE.match(low):
        kind = "yesno"  # "Was any customer data leaked?"; not "Can you tell me the revenue?"
    if lang == "en" and kind == "yesno" and wh:  # "Besides X, which university has …": not yes/no
        word = wh.group(1)
        kind = ("count" if word == "how" else "person" if word.startswith("who")
                else "date" if word == "when" else "text")
    units: tuple[str, ...] = ()
    if lang == "zh" and re.search(r"时长|时数|小时数", text):  # 人均培训时长: hours, not 6次
        units = ("小时",)
    elif lang == "zh" and re.search(r"电量(?:是|为|有)?多少(?!钱|元)", text):  # 发电量: 亿千瓦时, not 元
        units = ("千瓦时", "兆瓦时", "度")
    elif lang == "zh":
        m = _ZH_UNIT.search(text)
        if m:
            u = m.group(1)
            units = {"名": ("名", "人", "位"), "人": ("人", "名", "位"), "位": ("位", "名", "人"),
                     "钱": ("元",), "万元": ("元",), "亿元": ("元",), "次": ("次", "场"),
                     "场": ("场", "次")}.get(u, (u,))
    else:
        for pattern, us in _EN_UNITS:
            if re.search(pattern, low):
                units = us
                break
    if lang == "en" and kind == "text" and "元" in units and _WHAT_MONEY_DID.match(low) \
            and not re.search(r"\b(?:which|who|whom|name|called)\b", low):
        kind = "amount"  # "What net profit did X make?": a sum of money, not a text
    if lang == "zh" and kind == "percentage" and units:  # 按30%比例增资的金额是多少元: 元 decides
        kind = "count"
    if lang == "en" and units == ("元",) and _STAFF_TURNOVER.search(low):
        units = ()  # staff turnover is a rate of leaving, not sales
    if kind in ("count", "amount", "text") and (
            _INTENSITY_EN.search(low) if lang == "en" else _INTENSITY_ZH.search(text)):
        kind, units = "count", INTENSITY_UNITS  # per million yuan of revenue: 吨/百万人民币营收, not 元
    if kind == "count" and ("元" in units or (lang == "zh" and re.search(_ZH_MONEY, text))):
        kind = "amount"
    numbers = tuple(dict.fromkeys(
        float(n.replace(",", "")) for n in _NUMBER.findall(_YEAR.sub(" ", text))))
    m = _REPORT_YEAR.search(text)
    report_year = int(m.group(1) or m.group(2)) if m else None
    return Query(text, lang, years, kind, units, numbers, report_year)
