"""A question analysed once: the plan that retrieval, extraction and abstention read.

``Planner.plan("How many full-time employees did the company have in 2021?")`` ->
``Plan(lang='en', years=(2021,), kind='count', units=('人', '名', '人次'),
terms=(Term('full-time', ('全职',), …, 'cc-cedict'), Term('employees', ('员工', …), …)), …)``.

English words reach Chinese through, in order: the hand glossary (domain
overrides such as fraud rings -> 欺诈团伙), the index's lexicon (pairs the
reports print, then CC-CEDICT), and two adjacent words composed when their
Chinese combination occurs in the reports (hazardous + waste -> 危险废物).
The plan says where each rendering came from, how much of the question the
index's vocabulary covers (the weight BM25 gets in the fusion), and which
terms an answer must hold (places, organisations, the thing counted).
It does not look at passages; that is ``extract``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from indexer.lexicon import WORD, Lexicon, syllables
from indexer.terms import STOPWORDS, Terms

from .glossary import Glossary
from .query import FIGURE_KINDS, MAGNITUDE, MEASURE_UNITS, analyse

# How far BM25 may trust a rendering, by source: the hand glossary and the
# reports' own pairs are exact; a dictionary gloss may be another sense.
TRUST = {"question": 1.0, "name": 1.0, "glossary": 1.0, "report": 0.8, "composed": 0.7,
         "cc-cedict": 0.5, "calendar": 1.0}
# An English question reaches BM25 only through renderings; a Latin word that also occurs
# in the Chinese text (a name, an acronym) is weaker evidence than a Chinese term.
TRUST_EN = dict(TRUST, question=0.5, name=0.5, **{"cc-cedict": 0.1})  # measured on Tatoeba, gold dev
# renderings told to the dense model, and how many of each term's (dictionary glosses are
# too often another sense: measured on the gold, dev2 and annual-report dev sets)
DENSE_RENDERINGS = {"glossary": 9, "report": 9, "composed": 1}
UNMATCHED_SHARE = 0.15  # weight of an English word with no rendering, as a share of unseen IDF
LENGTH_BONUS = 0.3  # longer Chinese terms are more specific: weight * (1 + 0.3 * (len - 1))
_EN_QUESTION_WORDS = frozenset(
    "how many much what which who whom whose when where why was were is are do does did has have "
    "had be been being can could will would should shall may might must there here number "
    "amount give tell list name please old".split())
_LIGHT_VERBS = frozenset("be do have go get give take keep put see seem become".split())  # went, took
_YEARISH_EN = re.compile(r"(?:19|20)\d\d")
# the measures searched for: the units a question may ask, less money and time (in every table)
_MEASURE_SEARCHED = frozenset(MEASURE_UNITS) - {"万元", "亿元", "元", "小时", "天", "年", "月"}
_SHARE_OF = frozenset("share proportion percentage portion fraction percent".split())
_COUNTED_EN = re.compile(r"\bhow many ((?:[\w'-]+ ){0,3}?[\w'-]+?)(?= (?:were|was|did|does|do|has|"
                         r"have|had|are|is|in|at|for|of|by|to|from|during|on)\b|\?|$)")
_SPEND_ON = re.compile(r"(?i)\b(?P<verb>spen[dt]|spending|invest(?:ed|s|ing)?)\s+(?:on|in)\s+(?:the\s+|its\s+)?"
                       r"(?P<what>[a-z&-]+(?:\s+(?:and\s+)?[a-z&-]+){0,3}?)(?=\s+(?:in|during|for|at|by|over)\b|"
                       r"\s*[?.,;]|\s*$)")


def _as_spending(m: re.Match) -> str:
    """"spend on X" -> "X spending"; "invest(ed) in X" -> "X investment"."""
    noun = "investment" if m.group("verb").lower().startswith("invest") else "spending"
    return f"{m.group('what')} {noun}"


# words by which a Chinese question names the reporting company itself: no term (公司 in 母公司)
SELF_ZH = frozenset("公司 本公司 集团 本集团 我司 我们".split())
# how a Chinese table names a count ("how many shareholders": 股东总数); searched for, not required
COUNT_WORDS = ("总数", "数量", "人数")
_HOW_MANY = re.compile(r"(?i)\bhow many\b|\bnumber of\b")
_COUNTED_ZH = re.compile(r"(?:多少|几)(?:名|位|个|家|件|次|场|项|所|条|户|批|期|人次|起|宗|例)?"
                         r"([\u4e00-\u9fff]{2,8})")
# words after 多少 that name the measure, not a thing counted
_NO_NOUN_ZH = re.compile(r"比例|比重|占比|百分比|股(?![东权价息利本市民])")
_PLURAL = re.compile(r"(?<!s|u|i)s$")  # employees; not gas, bus, analysis
_NOT_PLURAL = frozenset("gas news sales series species means".split())
_COMPOUND_UNIT = frozenset("man person working work business calendar".split())  # man hours
_UNIT_WORDS = frozenset("times time hours days years months weeks tonnes tons people persons km "
                        "kilometres kilometers percent yuan rmb liters litres kwh mwh kilograms kg "
                        "metres meters cubic square".split())
PERSON_NOUNS = ("员", "人", "者", "生", "工", "师", "民", "户", "客", "staff", "people",
                "employees", "users", "customers", "members", "volunteers", "students", "teachers",
                "children", "workers", "persons", "participants", "directors", "shareholders",
                "women", "men", "beneficiaries", "employee", "person")
_REASON = re.compile(r"(?i)\bwhy\b|\bfor what reason\b|为什么|为何|原因|什么原因")
_WORD_ANYCASE = re.compile(WORD.pattern, re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+")
# the legal form after a company's name (Shenzhen Mawan Power Co., Ltd.): no part of what to match
_CORPORATE = frozenset("co ltd inc corp plc llc limited".split())
_CALENDAR = frozenset("january february march april may june july august september october "
                      "november december monday tuesday wednesday thursday friday saturday sunday "
                      "i".split())
_MONTHS = {m: n for n, m in enumerate("january february march april may june july august september "
                                      "october november december".split(), 1)}
_METRIC_ZH = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:的)?(?:最高|最低|平均|总共|合计|总计|一共|共)?"
                        r"(?:是|为|有|达到|达)(?:多少|几)")  # …是多少: a measure, not a verb (评出了几位)
# words that only say what is asked: 几次 几家 哪天 哪所 多长 多久 谁 叫 名字 大概
_ASKING_ZH = re.compile(r"[几哪][\u4e00-\u9fff]{0,2}|多[长久大远高]|多少\w{0,2}|谁|叫|名字|称号?|大概|大约|"
                        r"[做给搞办拿到来去]")
_HOW_MUCH_ZH = re.compile(r"(?<![许众诸更很较])多[大少长久高远]")  # not 许多高管
_YES_NO_ZH = ("有没有", "有无", "是否", "是不是")
# function characters jieba glues onto a neighbouring word (年嘉银, 中女性, 税是); not 上/下,
# which begin words of their own (上限, 下降)
_GLUE_HEAD = frozenset("年中是有的了在和与及或对为以于也都而并其被把")
_GLUE_TAIL = frozenset("是有的了中吗呢吧啊")
# a place that begins an organisation's name (淮安中能环光伏电力有限公司) names no place to check
_ORG_TAIL = re.compile(r"(?:(?![的在和与及或对为是有地])[\u4e00-\u9fffA-Za-z]){0,12}?"
                       r"(?:有限公司|公司|集团|银行|电厂|电站|大学|学院|医院|协会|基金会)")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z&'.-]*[A-Za-z]")


@dataclass(frozen=True)
class Term:
    """A content term of the question: as asked, its Chinese renderings (any of
    them counts), its weight and where the renderings came from."""

    text: str
    zh: tuple[str, ...]
    weight: float
    source: str  # question | glossary | report | cc-cedict | composed | calendar | unmatched | name


@dataclass(frozen=True)
class Plan:
    question: str
    lang: str  # zh | en
    years: tuple[int, ...]
    kind: str  # count | amount | percentage | date | person | yesno | text
    units: tuple[str, ...]  # measure words the answer should carry
    numbers: tuple[float, ...]  # figures the question names itself (never its answer)
    terms: tuple[Term, ...]
    constraints: tuple[Term, ...]  # places, organisations, names: the evidence must hold each
    counted: tuple[Term, ...]  # "how many X": the evidence must hold X (Chinese: one of these)
    bm25_terms: tuple[str, ...]
    dense_text: str
    bm25_share: float  # 0..1: how much of the question BM25 can match (its fusion weight)
    phrases: tuple[str, ...] = field(default=())  # adjacent words that may appear verbatim
    reason: bool = False  # why / 为什么: the answer is a cause
    report_year: int | None = None  # the question names a report: "in the 2022 report"

    @property
    def wants_figure(self) -> bool:
        return self.kind in FIGURE_KINDS

    def weights(self) -> dict[tuple[str, ...], float]:
        """Term groups (alternative renderings) and their weights, for coverage."""
        out: dict[tuple[str, ...], float] = {}
        terms = self.terms + self.constraints
        whole = [t.text for t in terms if t.source == "question"]
        for t in terms:
            key = t.zh or (t.text.lower(),)
            if t.source == "question":  # 现金 金流 流量 现金流 inside 现金流量: one concept, once
                longest = max((w for w in whole if t.text in w), key=len)
                if longest != t.text:
                    continue
                key = (t.text,) + tuple(w for w in whole if w != t.text and w in t.text)
            out[key] = max(out.get(key, 0.0), t.weight)
        return out

    def to_dict(self) -> dict:
        return asdict(self)


# characters that, put before a word, make it another thing: 副董事长 is not 董事长, 非流动 not 流动
_CHANGES_MEANING = frozenset("副非不无未前原代准")


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of an English word by part of speech: ``{'VERB': ('generate',)}``."""
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


def _verb_lemma(word: str) -> str:
    """``generated`` -> ``generate``; "" for a word lemminflect does not know as a verb."""
    found = _lemmas(word).get("VERB")
    return found[0] if found else ""


class Planner:
    """Builds plans for one index (its segmenter, vocabulary, lexicon and names)."""

    def __init__(self, segmenter: Terms, idf: dict[str, float], unseen_idf: float, *,
                 lexicon: Lexicon, glossary: Glossary, contains: Callable[[str], bool],
                 romanised: Callable[[str], tuple[str, ...]] = lambda name: (),
                 joined: Callable[[str, str], tuple[str, ...]] = lambda left, right: (),
                 aliases: frozenset[str] = frozenset()):
        self.segmenter = segmenter
        self.idf = idf
        self.unseen = unseen_idf
        self.lexicon = lexicon
        self.glossary = glossary
        self.contains = contains  # does this Chinese string occur in some passage?
        self.romanised = romanised  # Chinese strings of the reports read as this pinyin name
        self.joined = joined  # how the reports join two words with one character between
        self.aliases = frozenset(a.lower() for a in aliases)  # the reporting company itself

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unseen) * (1 + LENGTH_BONUS * (len(term) - 1))

    def plan(self, question: str, *, expand: bool = True) -> Plan:
        query = analyse(question)
        years = {str(y) for y in query.years}
        # 多大比例 / 多少: how much is asked, no term (jieba may cut 多大 into 多 and 大)
        seg = [t for t in self.segmenter(_HOW_MUCH_ZH.sub(" ", question)) if t not in years]
        if query.lang == "en":
            terms, constraints = self._english_terms(question, expand=expand, kind=query.kind)
            # Chinese typed inside an English question (director 黄钰昌) must be in the answer
            constraints += tuple(Term(z, (z,), self.weight(z), "name")
                                 for z in re.findall(r"[\u4e00-\u9fff]{2,}", question))
            counted = self._counted_en(question, terms)
        else:
            asking = [a for a in _YES_NO_ZH if a in question]  # 有没有: not 没有 as a term
            words = dict.fromkeys(w for w in (self._content_zh(t) for t in seg)
                                  if w and w not in query.units  # 多少人: 人 is the unit asked
                                  and not any(w in a for a in asking))
            terms = tuple(Term(t, (t,), self.weight(t), "question") for t in words
                          if not self._is_alias(t) and t not in SELF_ZH)
            constraints = self._chinese_names(question)
            counted = self._counted_zh(question, terms)
        units = query.units
        if not units and query.kind == "count" and any(t.text.endswith(PERSON_NOUNS) for t in counted):
            units = ("人", "名", "位", "人次")  # 多少员工参加: people, counted as people
        bm25_terms = self._bm25_terms(seg, terms + constraints, query.lang)
        if query.lang == "en" and _HOW_MANY.search(question):  # a table counts in 股东总数, 员工数量
            bm25_terms += [w for w in COUNT_WORDS if w in self.idf and w not in bm25_terms]
        # a measure asked (kilowatt-hours, tonnes) is searched for: the table that states it
        # (电力生产 | 亿千瓦时 | 253.62) holds the figure, whatever its row calls the thing
        bm25_terms += [m + u for u in units if u in _MEASURE_SEARCHED for m in ("", "万", "亿")
                       if m + u in self.idf and m + u not in bm25_terms]
        share = self._share(terms + constraints, TRUST if query.lang == "zh" else TRUST_EN)
        if query.lang == "zh":  # Chinese matches Chinese: half the question's weight is enough
            share = min(1.0, 2 * share)
        extra = [z for t in terms for z in t.zh[: DENSE_RENDERINGS.get(t.source, 0)]]
        dense_text = question + (" (" + "，".join(dict.fromkeys(extra)) + ")" if extra else "")
        phrases = tuple(a + b for a, b in zip(seg, seg[1:]) if a + b in question
                        and a not in SELF_ZH and b not in SELF_ZH) \
            if query.lang == "zh" else ()
        reason = bool(_REASON.search(question))
        # "2021 … as restated in the 2022 report": 2022 picks the report, 2021 the figure
        years = tuple(y for y in query.years if y != query.report_year) or query.years
        return Plan(question, query.lang, years, query.kind, units, query.numbers, terms, constraints,
                    counted, tuple(bm25_terms), dense_text, share, phrases, reason, query.report_year)

    def _content_zh(self, word: str) -> str:
        """A Chinese question word as a content term, or "" for a word that only asks (几次,
        哪家, 谁, 叫什么名字).  A word the reports never use loses the function characters
        jieba glued to it: 年嘉银 -> 嘉银, 税是 -> 税, 中女性 -> 女性."""
        if _ASKING_ZH.fullmatch(word) or word in self.lexicon.function_zh:
            return ""
        if word in self.idf and not (len(word) > 2 and word[0] in _GLUE_HEAD and word[1:] in self.idf):
            return word
        core = word
        while len(core) > 1 and core[0] in _GLUE_HEAD:
            core = core[1:]
        while len(core) > 1 and core[-1] in _GLUE_TAIL:
            core = core[:-1]
        return "" if core in STOPWORDS else core

    # --- English -----------------------------------------------------------------

    def _renderings(self, words: tuple[str, ...], expand: bool, compose: bool = True,
                    loose: bool = False) -> tuple[tuple[str, ...], str]:
        """Chinese renderings of English words and where they came from; ``loose``: a phrase
        as written in the question may reach a glossary entry by its lemmas."""
        if expand:
            zh = self.glossary.lookup(words) if loose else self.glossary.phrases.get(words)
            if zh:
                return tuple(zh), "glossary"
        found = self.lexicon.lookup(words)
        if found:
            return tuple(z for z, _, _ in found), found[0][2]
        if len(words) == 2 and compose:
            left, right = self.lexicon.lookup(words[:1]), self.lexicon.lookup(words[1:])
            combos = [a + b for a, _, _ in left for b, _, _ in right]
            hits = tuple(c for c in combos if self.contains(c))
            # an adjective and its noun as the reports join them with a character between
            # (new + suppliers -> 新增供应商); not a noun and a verb (staff + donate)
            if "ADJ" in _lemmas(words[0]) and "NOUN" in _lemmas(words[1]):
                hits += tuple(j for a, _, _ in left[:2] for b, _, _ in right[:2] if len(b) > 1
                              for j in self.joined(a, b)
                              if not any(ch in self.lexicon.function_zh or ch in _CHANGES_MEANING
                                         for ch in j[len(a):-len(b)]))
            if hits:
                return tuple(dict.fromkeys(hits))[:3], "composed"
        return (), ""

    def _english_terms(self, question: str, *, expand: bool,
                       kind: str = "") -> tuple[tuple[Term, ...], tuple[Term, ...]]:
        # "Shenzhen Energy's": the possessive is no part of the name; "R&D" is two letters apart
        question = re.sub(r"\bR\s*&\s*D\b", "research and development", question, flags=re.IGNORECASE)
        # "spend on X" is what a report calls "X spending" (研发投入): the noun phrase is looked up
        question = _SPEND_ON.sub(_as_spending, question)
        toks = [re.sub(r"['’]s$", "", m.group(0)) for m in _WORD_ANYCASE.finditer(question)]
        # a hyphenated word no entry spells is read as its parts: paper-use -> paper use
        toks = [p for t in toks for p in (self._hyphen_parts(t, expand) if "-" in t else [t])]
        words = [t.lower() for t in toks]
        names = self._name_spans(toks)
        terms: list[Term] = []
        constraints: list[Term] = []
        longest = max(self.lexicon.longest, self.glossary.longest if expand else 0, 4)
        i = 0
        while i < len(words):
            if i in names and not self._phrase_over(words, i, names[i], longest, expand):
                j = names[i]
                term = self._name_term(toks[i:j], expand)
                parts = [self._name_term([t], expand) for t in toks[i:j]] if not term.zh else []
                if len(parts) > 1 and all(p.zh for p in parts):
                    constraints.extend(parts)  # Putuo Guangcai -> 普陀(区)光彩(事业…)
                else:
                    constraints.append(term)
                i = j
                continue
            w = words[i]
            if w in _SHARE_OF and words[i + 1 : i + 2] == ["of"] and kind == "percentage" \
                    and not self._phrase_over(words, i, i + 2, longest, expand):
                i += 2  # "what share of loan volume": the percentage asked, not a word to find
                continue
            if w == "date" and kind == "date" and not self._phrase_over(words, i, i + 1, longest, expand):
                i += 1  # "on what date": the date asked
                continue
            month = _MONTHS.get(w) if w != "may" or toks[i] == "May" else None
            # a number the question names (scores between 40 and 60) is found as written, as in
            # Chinese; a year is the plan's, a number the reports never write is nothing to find
            number = w.isdigit() and (_YEARISH_EN.fullmatch(w) or w not in self.idf)
            if not month and (self._is_stop(w) or number or self._is_alias(w)):
                i += 1
                continue
            if month:  # December -> 12月: the reports write months as figures
                zh = f"{month}月"
                terms.append(Term(toks[i], (zh,), self.weight(zh), "calendar"))
                i += 1
                continue
            for n in range(min(longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                if n > 1 and any(k in names for k in range(i + 1, i + n)):
                    continue
                # a phrase ending in a function word only as a dictionary entry (parent company)
                zh, src = self._renderings(key, expand, compose=not (n > 1 and self._is_stop(key[-1])),
                                           loose=True)
                if zh:
                    terms.append(Term(" ".join(key), zh, max(self.weight(z) for z in zh), src))
                    i += n
                    break
            else:
                if w in self.idf:
                    terms.append(Term(w, (w,), self.weight(w), "question"))
                else:
                    terms.append(Term(w, (), UNMATCHED_SHARE * self.unseen, "unmatched"))
                i += 1
        return self._split_phrases(terms, expand), tuple(constraints)

    def _split_phrases(self, terms: list[Term], expand: bool) -> tuple[Term, ...]:
        """A verb and its object that the question holds apart are one entry: "how much
        electricity did the company generate" -> generate electricity (发电); "what taxes
        did it pay" -> pay taxes (纳税).  Only single words, looked up as "verb object"."""
        single = [k for k, t in enumerate(terms) if " " not in t.text and t.source not in ("calendar", "name")]
        for a in single:
            for b in single:
                if a == b or " " in terms[a].text:
                    continue
                verb, obj = terms[a].text.lower(), terms[b].text.lower()
                lemma = _verb_lemma(verb) if verb.isalpha() else ""
                if not lemma or (b == a + 1 and lemma == verb):
                    continue  # not a verb; or side by side as asked, looked up already
                if "NOUN" in _lemmas(verb) and lemma == verb and a != len(terms) - 1:
                    continue  # "each stock pay": a noun as asked, unless the question ends on it
                zh, src = self._renderings((lemma, obj), expand, compose=False)
                if zh:  # the verb is read as the phrase; the object stays a term of its own
                    terms[a] = Term(f"{lemma} {obj}", zh, max(self.weight(z) for z in zh), src)
        return tuple(terms)

    def _phrase_over(self, words: list[str], i: int, j: int, longest: int, expand: bool) -> bool:
        """Does a glossary phrase start with the name ``words[i:j]`` and go past it
        (US dollar -> 美元, not the United States)?"""
        return any(self._renderings(tuple(words[i : i + n]), expand, compose=False)[1] == "glossary"
                   for n in range(min(longest, len(words) - i), j - i, -1))

    def _hyphen_parts(self, word: str, expand: bool) -> list[str]:
        """``paper-use`` -> ``['paper', 'use']`` when no entry spells the whole word and every
        part is a content word with one, or a function word between two such parts
        (``usd-to-rmb``; not in-service: "in" says nothing on its own)."""
        parts = [p for p in word.split("-") if p]
        stop = [self._is_stop(p.lower()) for p in parts]
        if self._renderings((word.lower(),), expand)[0] or len(parts) < 2 or stop[0] or stop[-1] \
                or any(not s and not self._renderings((p.lower(),), expand)[0]
                       for p, s in zip(parts, stop, strict=True)):
            return [word]
        return parts

    def _name_spans(self, toks: list[str]) -> dict[int, int]:
        """Names in an English question, as ``{first word: one past the last}``: acronyms
        (MSCI) and runs of capitalised words that are not ordinary English (Huang
        Yuchang, Singapore; not March, not Giving Day: ordinary words are words of
        CC-CEDICT's glosses), the first word excepted."""
        spans: dict[int, int] = {}
        i = 1
        while i < len(toks):
            t = toks[i]
            if self._is_alias(t) or t.lower() in _CALENDAR or t.lower() in _CORPORATE:
                i += 1
                continue
            if _ACRONYM.fullmatch(t):
                spans[i] = i + 1
                i += 1
                continue
            # Li Ping: a surname and a given name in pinyin (not Ping An Insurance, a longer run)
            if self._pinyin_name(toks[i : i + 2]) and not (i + 2 < len(toks) and toks[i + 2][:1].isupper()):
                spans[i] = i + 2
                i += 2
                continue
            j = i
            while j < len(toks) and toks[j][:1].isupper() and toks[j][1:] == toks[j][1:].lower() \
                    and not self._is_alias(toks[j]) and toks[j].lower() not in _CALENDAR \
                    and toks[j].lower() not in _CORPORATE \
                    and toks[j].lower() not in self.lexicon.common:
                j += 1
            if j > i:
                spans[i] = j
            i = max(j, i + 1)
        return spans

    def _pinyin_name(self, toks: list[str]) -> bool:
        """Two capitalised words that read as a Chinese surname and a given name (Li Ping,
        Huang Yuchang), even when each is also an English word of CC-CEDICT's glosses."""
        if len(toks) < 2 or not all(t[:1].isupper() and t[1:].islower() for t in toks):
            return False
        sounds = self.lexicon.pinyin
        first = toks[0].lower()
        return first in sounds and any(ch in self.lexicon.surnames for ch in sounds[first]) and \
            bool(syllables(toks[1], sounds)) and len(syllables(toks[1], sounds)[0]) <= 2

    def _name_term(self, toks: list[str], expand: bool) -> Term:
        """A name's Chinese: a glossary or lexicon entry, the reports' own characters read
        as its pinyin (Huang Yuchang -> 黄钰昌), or the name itself if the reports use it."""
        text = " ".join(toks)
        key = tuple(t.lower() for t in toks)
        zh, src = self._renderings(key, expand)
        if not zh:
            zh, src = self.romanised(text), "pinyin"
        if all(k in self.idf for k in key):  # the reports use the name itself (MSCI, ESG)
            zh, src = zh + (" ".join(key),), src or "question"
        return Term(text, zh, self.unseen, "name" if src in ("question", "pinyin") else src)

    def _counted_en(self, question: str, terms: tuple[Term, ...]) -> tuple[Term, ...]:
        """The head noun of "how many X": ``how many board meetings were held`` -> meetings."""
        m = _COUNTED_EN.search(question.lower())
        if not m:
            return ()
        words = []
        for w in m.group(1).split():
            if words and (w.endswith(("ed", "ing")) or (_PLURAL.search(words[-1])
                                                         and words[-1] not in _NOT_PLURAL)):
                break  # a verb ends the noun phrase, and so does its plural head (employees took part)
            words.append(w)
        head = words[-1] if words else ""
        if words and words[0] in _UNIT_WORDS:  # how many times / liters of
            return ()
        if head in _UNIT_WORDS:  # how many volunteer hours: what the hours were spent on counts
            if len(words) < 2 or words[-2] in _COMPOUND_UNIT:
                return ()
            term = next((t for t in terms if words[-2] in t.text.split()), None)
            return (term,) if term is not None and term.zh else ()
        term = next((t for t in terms if head in t.text.split()), None)
        if term is None or term.text == head or not term.zh:
            return (term,) if term else ()  # a thing no word of the reports renders: unverifiable
        # "new suppliers": the reports may say 新增合作供应商, so the head noun's words count too
        zh, _ = self._renderings((head,), True)
        return (Term(term.text, tuple(dict.fromkeys(term.zh + zh)), term.weight, term.source),)

    # --- Chinese -----------------------------------------------------------------

    def _chinese_names(self, question: str) -> tuple[Term, ...]:
        """Proper nouns in a Chinese question (新加坡, 穆迪) and Latin names (MSCI)."""
        out, i = [], 0
        bounds, at = {0}, 0
        for w in self.segmenter.cut(question):  # a name is whole words: not 工体 in 员工体检
            at += len(w)
            bounds.add(at)
        while i < len(question):
            for n in range(min(8, len(question) - i), 1, -1):
                s = question[i : i + n]
                if s in self.lexicon.names and not self._is_alias(s) and i in bounds \
                        and i + n in bounds:
                    if not _ORG_TAIL.match(question, i + n):
                        out.append(Term(s, (s,), self.weight(s), "name"))
                    i += n
                    break
            else:
                i += 1
        for w in _LATIN_NAME.findall(question):
            if not self._is_alias(w.lower()):
                out.append(Term(w, (w.lower(),), self.unseen, "name"))
        return tuple(out)

    def _counted_zh(self, question: str, terms: tuple[Term, ...]) -> tuple[Term, ...]:
        """Terms of the noun after 多少/几 (多少名员工 -> 员工) that the reports use; a unit
        (多少兆瓦时) is not a noun, and a word the reports never use cannot be checked."""
        m = _METRIC_ZH.search(question)
        if m:  # 股价最高是多少: the measure asked for; one the reports never use -> no answer
            inside = [t for t in terms if len(t.text) > 1 and t.text in m.group(1)]
            if inside and not any(t.text in self.idf or self.contains(t.text) for t in inside):
                return (inside[-1],)
        m = _COUNTED_ZH.search(question)
        if not m or MAGNITUDE.sub("", m.group(1)).startswith(MEASURE_UNITS):
            return ()
        noun = m.group(1)
        if _NO_NOUN_ZH.match(noun):  # 多少比例的股份 asks a share; 多少股股票 counts in 股
            return ()
        inside = [t for t in terms if len(t.text) > 1 and t.text in noun]
        known = tuple(t for t in inside if t.text in self.idf)[:3]
        if inside and not known and not self.contains(inside[0].text):
            return (inside[0],)  # 多少股息: a thing the reports never mention cannot be counted
        return known

    # --- both ----------------------------------------------------------------

    def _is_stop(self, word: str) -> bool:
        """A function word: ours, the question words, scikit-learn's list, or a contraction
        of one (don't, i'll)."""
        if word in STOPWORDS or word in _EN_QUESTION_WORDS or word in self.lexicon.stopwords \
                or word in _CORPORATE:
            return True
        if word.isalpha() and word not in self.idf and _verb_lemma(word) in _LIGHT_VERBS:
            return True  # went, gave, took: a form of a function verb (go, give, take)
        base, _, tail = word.partition("'")
        return bool(tail) and (tail in ("t", "ll", "re", "ve", "m", "d", "s") and (
            base in self.lexicon.stopwords or base.endswith("n") or base in STOPWORDS))

    def _is_alias(self, word: str) -> bool:
        w = word.lower()
        return w in self.aliases or (w.endswith(("'s", "’s")) and w[:-2] in self.aliases)

    def _bm25_terms(self, seg: list[str], terms: tuple[Term, ...], lang: str) -> list[str]:
        if lang != "en":  # the company's own name stays: BM25 weighs it by its IDF
            return list(seg) + [
                z for t in terms if t.source == "name" for z in t.zh if z not in seg]
        out: list[str] = []
        for t in terms:
            for z in t.zh:
                out.extend(self.segmenter(z))
        return out

    def _share(self, terms: tuple[Term, ...], trust: dict[str, float]) -> float:
        """Share of the question's weight that BM25 can match, discounted by trust."""
        total = sum(t.weight for t in terms)
        if not total:
            return 0.0
        got = sum(t.weight * trust.get(t.source, 0.0) for t in terms
                  if t.zh and any(z in self.idf or self.contains(z) for z in t.zh))
        return min(1.0, got / total)
