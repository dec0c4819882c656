"""Rules that make answers hold on new wordings and new reports: each checked on a plan and
a few passages (no index), or on a lexicon built from a handful of dictionary entries."""

from __future__ import annotations

from assistant.confidence import FEATURES, gives
from assistant.extract import is_header, score_candidates
from assistant.figures import find_figures
from assistant.plan import Plan, Term
from assistant.query import analyse
from indexer.lexicon import Lexicon, build_lexicon, gloss_keys
from indexer.records import Chunk, Hit


def _hit(text: str, *, section: str = "第二节 主要财务指标", rank: int = 1, unit: str = "") -> Hit:
    c = Chunk(f"r:{rank:04d}", "r", "某公司2016年年度报告", 2016, section, 0, len(text), text, text,
              unit=unit)
    return Hit(rank, 1.0, c)


def _plan(question: str, terms: tuple[Term, ...], **kw) -> Plan:
    q = analyse(question)
    base = dict(question=question, lang=q.lang, years=q.years, kind=q.kind, units=q.units,
                numbers=q.numbers, terms=terms, constraints=(), counted=(),
                bm25_terms=tuple(z for t in terms for z in t.zh), dense_text=question,
                bm25_share=1.0)
    return Plan(**(base | kw))


def _best(plan: Plan, hits: list[Hit]):
    fitting = [c for c in score_candidates(plan, hits) if c.fits and c.span]
    return fitting[0] if fitting else None


NET_PROFIT = Term("net profit", ("净利润",), 10.0, "glossary")


def test_a_year_is_not_answered_from_a_quarter_column():
    quarters = _hit("\t第一季度\t第二季度\t第三季度\t第四季度\n"
                    "净利润\t204,119,690.72\t648,050,934.35\t485,764,103.19\t9,135,548.23", rank=1)
    year = _hit("\t2016年\t2015年\n净利润\t1,347,070,276.49\t1,790,384,596.17", rank=2)
    best = _best(_plan("What was the net profit in 2016?", (NET_PROFIT,)), [quarters, year])
    assert best.span.startswith("1,347,070,276.49")
    # asked for by name, the quarter's column answers
    asked = _plan("What was the net profit in the fourth quarter?",
                  (NET_PROFIT, Term("fourth quarter", ("第四季度",), 8.0, "glossary")))
    assert _best(asked, [quarters, year]).span.startswith("9,135,548.23")


def test_a_count_or_amount_is_never_a_percentage_cell():
    row = _hit("\t股东大会\t投资者参与比例\n2015年度股东大会\t年度股东大会\t72.87%")
    shareholders = Term("shareholders", ("股东",), 5.0, "cc-cedict")
    best = _best(_plan("How many shareholders did the company have?", (shareholders,)), [row])
    assert best is None or "72.87" not in best.span
    assert analyse("How many shareholders did the company have?").units[0] == "户"


def test_a_first_row_holding_figures_is_no_header():
    assert not is_header(["母公司在职员工的数量（人）", "118"])
    assert is_header(["项目", "2016年", "2015年", "本年比上年增减"])
    staff = _hit("母公司在职员工的数量（人）\t118\n主要子公司在职员工的数量（人）\t5,215\n"
                 "在职员工的数量合计（人）\t5,333", section="五、公司员工情况")
    plan = _plan("How many employees did the parent company have?",
                 (Term("employees", ("员工",), 4.0, "glossary"),
                  Term("parent company", ("母公司",), 7.0, "glossary")))
    assert _best(plan, [staff]).span.startswith("118")


def test_a_deputy_is_not_the_role_asked_for():
    vice = _hit("姓名\t职务\t任职状态\n谷碧泉\t副董事长\t现任", rank=1, section="董事和高级管理人员")
    chair = _hit("姓名\t职务\t任职状态\n熊佩锦\t董事长\t现任", rank=2, section="董事和高级管理人员")
    plan = _plan("谁是董事长？", (Term("董事长", ("董事长",), 8.0, "question"),))
    by_text = {c.unit.text: c.coverage for c in score_candidates(plan, [vice, chair])}
    assert by_text["熊佩锦\t董事长\t现任"] > 0
    assert by_text["谷碧泉\t副董事长\t现任"] == 0  # 董事长 only inside 副董事长
    deputy = _plan("谁是副董事长？", (Term("副董事长", ("副董事长",), 8.0, "question"),))
    assert [c.coverage for c in score_candidates(deputy, [vice])][0] > 0


def test_a_table_row_reads_its_heading():
    donations = _hit("对外捐赠\t5,938,382.30\t12,069,075.00", section="54. 营业外支出", rank=2)
    total = _hit("营业外支出\t27,190,398.52\t29,611,288.71", section="分部信息", rank=1)
    plan = _plan("How much was recorded as external donations under non-operating expenses?",
                 (Term("external donations", ("对外捐赠",), 15.0, "glossary"),
                  Term("non-operating expenses", ("营业外支出",), 17.0, "glossary")))
    assert _best(plan, [donations, total]).span.startswith("5,938,382.30")


def test_a_booked_figure_takes_the_unit_stated_above_its_table():
    line = _hit("Volta River Authority 1,751,953,813.92 未支付原材料款", section="应付账款",
                unit="人民币元")
    plan = _plan("应付Volta River Authority的金额是多少元？",
                 (Term("应付", ("应付",), 3.0, "question"),
                  Term("authority", ("authority",), 5.0, "question")))
    assert _best(plan, [line]).span == "1,751,953,813.92 元"


def test_the_parent_company_statements_are_named_without_parent():
    parent = _hit("取得借款收到的现金\t3,286,750,000.00\t2,756,580,000.00", section="公司现金流量表",
                  rank=3)
    group = _hit("取得借款收到的现金\t9,000,000,000.00\t8,000,000,000.00", section="合并现金流量表")
    plan = _plan("2016年母公司现金流量表中，取得借款收到的现金是多少元？",
                 (Term("母公司", ("母公司",), 8.0, "question"),
                  Term("取得借款", ("取得借款",), 8.0, "question"),
                  Term("现金", ("现金",), 3.0, "question")))
    assert _best(plan, [group, parent]).span.startswith("3,286,750,000.00")


def test_the_unit_asked_for_decides_the_kind():
    assert analyse("2016年本公司按30%出资比例向天然气公司增资的金额是多少元？").kind == "amount"
    assert analyse("公司2016年度的内部控制审计费是多少？").kind == "amount"
    assert analyse("2022年能源消费量是多少？").kind == "count"
    assert analyse("How much electricity did the company generate?").kind == "count"  # not "rate"
    assert analyse("By the end of 2021, how many service systems did it build?").kind == "count"
    assert analyse("On which day of the week does it hold afternoon tea?").kind == "text"
    assert analyse("Does the report cover the Beijing office?").kind == "yesno"
    assert analyse("What was the total balance of asset impairment provisions?").kind == "amount"
    assert analyse("What was the budget for the eastern plant project?").kind == "amount"
    assert analyse("给核心人员做培训的外部讲师叫什么名字？").kind == "person"
    assert analyse("这个项目的名字是什么？").kind == "text"


def test_small_chinese_counts_with_more_measure_words():
    assert [f.value for f in find_figures("“公平、透明、全面、高效”四项原则")] == [4.0]
    assert [f.value for f in find_figures("从五大服务体系出发")] == [5.0]
    assert find_figures("一个重要的里程碑") == []


def test_glosses_split_at_semicolons_and_words_reach_their_stems():
    keys = dict(gloss_keys("to hold a reception; to offer hospitality; to entertain (guests)"))
    assert ("entertain",) in keys and ("offer", "hospitality") in keys
    entries = [("美元", ["American dollar", "US dollar"], "Mei3 yuan2"),
               ("直接", ["direct", "immediate"], "zhi2 jie1"),
               ("无偿", ["free; no charge"], "wu2 chang2"),
               ("负荷", ["load", "to charge"], "fu4 he4"),
               ("通道", ["passage"], "tong1 dao4"), ("通道", ["Tongdao county"], "Tong1 dao4"),
               ("加纳", ["Ghana"], "Jia1 na4")]
    texts = ["美元借款", "直接持股", "无偿划转", "负荷率", "通道", "加纳"]
    data = build_lexicon({zh: 1 for zh, _, _ in entries}, texts, lambda s: [s], entries=entries)
    lex = Lexicon(data)
    assert [z for z, _, _ in lex.lookup(("us", "dollar"))] == ["美元"]
    # a two-word gloss answers to its head word too, ranked below the whole gloss
    assert [(z, w < lex.lookup(("us", "dollar"))[0][1]) for z, w, _ in lex.lookup(("dollar",))] == [("美元", True)]
    assert [z for z, _, _ in lex.lookup(("directly",))][:1] == ["直接"]  # a derivation
    assert "无偿" not in [z for z, _, _ in lex.lookup(("charge",))]
    assert "加纳" in lex.names and "通道" not in lex.names  # a county that is also a word


def test_unsure_answers_are_withheld():
    sure = [1.0, 1.0, 2.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.5]
    unsure = [1.0, 0.2, 0.6, 0.0, 1.0, 1.0, 1.0, 0.2, 1.0, 0.5, 0.4, 0.0]
    assert len(sure) == len(FEATURES)
    assert gives(sure) and not gives(unsure)


def test_a_close_rival_with_another_figure_narrows_the_lead():
    from assistant.confidence import MARGIN_CAP, margin

    rows = _hit("员工总数\t5,333\n在职员工\t5,215\n母公司员工\t118", rank=1)
    staff = _plan("How many employees?", (Term("employees", ("员工",), 5.0, "cc-cedict"),))
    cands = [c for c in score_candidates(staff, [rows]) if c.span]
    assert len({c.span for c in cands}) == 3
    assert margin(cands[0], cands) == min(MARGIN_CAP, cands[0].score - cands[1].score) < MARGIN_CAP
    assert margin(cands[0], cands[:1]) == MARGIN_CAP  # no rival: a clear lead
    # a sentence answer (what, yes or no) is as clear as its lead over another sentence
    text = _hit("公司制定了精益运营战略。\n公司制定了ESG中长期战略规划。", rank=1)
    what = _plan("公司制定了什么战略？", (Term("战略", ("战略",), 5.0, "question"),))
    sentences = score_candidates(what, [text])
    assert sentences[0].span is None and margin(sentences[0], sentences) < MARGIN_CAP


SURNAMES = frozenset("房熊王李谷严向")


def test_a_name_before_a_title_is_taken_whole():
    from assistant.names import person_names

    assert person_names("分别为房向东先生、熊佩锦先生、王平洋先生", SURNAMES) == ("房向东", "熊佩锦", "王平洋")
    assert person_names("董事长严定贵先生表示", SURNAMES) == ("严定贵",)
    assert person_names("总经理李平先生", SURNAMES) == ("李平",)
    with_and = SURNAMES | {"和", "向"}  # surnames that are also function words
    assert person_names("严定贵先生和李平女士", with_and) == ("严定贵", "李平")
    assert person_names("向李平先生致谢", with_and) == ("李平",)


def test_a_name_nearby_does_not_answer_for_a_sentence_about_someone_else():
    bios = _hit("熊佩锦，男，1965年出生，研究生学历。\n谷碧泉，男，1957年出生，大专学历。", rank=1)
    xiong = Term("Xiong Peijin", ("熊佩锦",), 9.0, "name")
    plan = _plan("In what year was Xiong Peijin born?", (Term("born", ("出生",), 5.0, "cc-cedict"),),
                 constraints=(xiong,))
    fitting = [c for c in score_candidates(plan, [bios], surnames=SURNAMES) if c.fits]
    assert [c.unit.text[:3] for c in fitting] == ["熊佩锦"]


def test_a_column_is_named_by_a_run_of_the_question():
    table = _hit("\t年初\t年末\t持股比例(%)\t本年现金红利\n"
                 "甲公司\t92,348,970.13\t92,348,970.13\t4.00\t48,678,711.77", unit="人民币元")
    plan = _plan("2016年从甲公司获得的现金红利是多少元？",
                 (Term("甲公司", ("甲公司",), 6.0, "question"), Term("现金", ("现金",), 5.0, "question"),
                  Term("红利", ("红利",), 5.0, "question")))
    assert _best(plan, [table]).span.startswith("48,678,711.77")


def test_spaced_column_names_name_the_column_asked_for():
    from indexer.chunk import chunk_report
    from indexer.records import Report

    text = ("# 固定资产\n\n使用寿命 预计净残值率 年折旧率\n\n房屋及建筑物\t15-40年\t3-10%\t2.25%-6.47%\n"
            "主干管及庭院管\t20年\t5%\t4.75%\n")
    chunk = chunk_report(Report("r", "r.txt", "某公司2016年年度报告", 2016, text, ""))[-1]
    plan = _plan("What annual depreciation rate applies to main pipelines?",
                 (Term("annual depreciation rate", ("年折旧率", "折旧率"), 9.0, "glossary"),
                  Term("main pipelines", ("主干管",), 8.0, "composed")), kind="percentage")
    assert _best(plan, [Hit(1, 1.0, chunk)]).span == "4.75%"


def test_a_unit_column_gives_the_rows_unit():
    table = _hit("指标\t计量单位\t数量/开展情况\n"
                 "其中： 4.1资助贫困学生投入金额\t万元\t4.1\n"
                 "4.2资助贫困学生人数\t人\t29", rank=1)
    students = Term("poor students", ("贫困学生",), 12.0, "glossary")
    plan = _plan("How many poor students were funded?", (students,), counted=(students,))
    assert _best(plan, [table]).span == "29 人"
    bare = _hit("资助贫困学生投入金额\t万元\t4.1\n资助贫困学生人数\t人\t29", rank=1)  # no header
    assert _best(plan, [bare]).span == "29 人"


def test_a_figure_measuring_another_rate_does_not_answer():
    leave = _hit("2022年，嘉银金科育儿假的返岗率为100%，申请率和留任率如下图所示：", rank=1)
    zh = _plan("2022年嘉银金科员工的育儿假申请率是多少？",
               (Term("育儿", ("育儿",), 6.0, "question"), Term("申请", ("申请",), 4.0, "question")))
    assert not [c for c in score_candidates(zh, [leave]) if c.fits and c.span]
    asked = _plan("2022年育儿假的返岗率是多少？", (Term("育儿", ("育儿",), 6.0, "question"),
                                             Term("返岗", ("返岗",), 4.0, "question")))
    assert _best(asked, [leave]).span == "100%"
    en = _plan("What was the complaint handling rate?", (Term("rate", ("比率", "率"), 3.0, "cc-cedict"),))
    assert _best(en, [_hit("报告期内，我们的投诉处理率达100%。")]).span == "100%"  # "rate" names none
    share = _plan("女性员工占比是多少？", (Term("女性", ("女性",), 6.0, "question"),))
    assert _best(share, [_hit("女性员工比率为45%。")]).span == "45%"  # 比率, and 占比 names no rate


def test_people_do_not_answer_how_many_of_a_thing():
    text = _hit("全校1,200多名师生通过线上线下的方式参加了公益课堂。", rank=1)
    classes = Term("classes", ("班级", "课"), 7.0, "cc-cedict")
    things = _plan("How many live online classes were delivered?", (classes,), counted=(classes,))
    assert not [c for c in score_candidates(things, [text]) if c.fits and c.span]
    borrowers = Term("borrowers", ("借款人",), 7.0, "cc-cedict")  # a person noun by its Chinese
    blocked = _hit("风控集群已累计阻断310名欺诈借款人。", rank=1)
    assert _best(_plan("How many fraudulent borrowers had the cluster blocked?", (borrowers,),
                       counted=(Term("cluster", ("集群",), 5.0, "cc-cedict"),)), [blocked]).span.startswith("310")
    people = Term("teachers", ("师生",), 7.0, "cc-cedict")
    assert _best(_plan("How many teachers and students took part?", (people,), counted=(people,)),
                 [text]).span.startswith("1,200")


def test_a_table_dated_another_year_does_not_answer():
    other = Chunk("r:0002", "r", "某公司2016年年度报告", 2016, "应付职工薪酬", 0, 40,
                  "工资\t172,180,087.64\t827,830,909.28", "工资", kind="table",
                  header="2015年年初余额\t2015年本年增加", unit="人民币元")
    plan = _plan("2016年工资的本年增加额是多少元？", (Term("工资", ("工资",), 6.0, "question"),
                                                Term("增加", ("增加",), 3.0, "question")))
    assert [c.misses for c in score_candidates(plan, [Hit(1, 1.0, other)]) if c.span] == [("year",)]


def test_a_row_label_that_wrapped_onto_the_next_line_is_one_row():
    from assistant.sentences import split_units
    from indexer.wrapped_rows import row_cells

    table = ("\t2016年\t2015年\n营业收入（元）\t11,318,112,180.40\t11,129,982,964.74\n"
             "归属于上市公司股东的扣除非经常\t1,322,776,657.73\t1,729,349,356.47\n"
             "性损益的净利润（元）\t\t\n其他\t659,607,419.45\t702,780,419.56\n分地区\t\t")
    rows = [row_cells(u.text) for u in split_units(table) if u.row]
    assert ["归属于上市公司股东的扣除非经常性损益的净利润（元）", "1,322,776,657.73", "1,729,349,356.47"] in rows
    assert ["分地区"] in rows  # a part of the table after a short label stays its own line
    recurring = Term("recurring", ("扣除非经常性损益",), 9.0, "glossary")
    best = _best(_plan("2016年扣除非经常性损益的净利润是多少？", (NET_PROFIT, recurring)), [_hit(table)])
    assert best.span.startswith("1,322,776,657.73")


def test_a_note_number_beside_amounts_is_not_the_amount():
    row = _hit("项目\t附注\t本年金额\t上年金额\n经营活动产生的现金流量净额\t66\t2,752,824,818.28\t3,835,383,652.48")
    bare = _hit("经营活动产生的现金流量净额\t66\t2,752,824,818.28\t3,835,383,652.48", rank=2)
    cash = Term("net cash flow from operating activities", ("经营活动产生的现金流量净额",), 12.0, "glossary")
    plan = _plan("What was the net cash flow from operating activities in 2016?", (cash,))
    assert _best(plan, [bare]).span.startswith("2,752,824,818.28")  # no header names the note column
    assert _best(plan, [row]).span.startswith("2,752,824,818.28")


def test_a_row_of_label_value_pairs_gives_the_value_of_the_label_asked():
    grid = _hit("年度报告披露日\t年度报告披露日\t\t报告期末表决权\n"
                "报告期末普通\t136,767\t\t前上一月末普通\t\t132,083\t\t恢复的优先股股\t\t0\n"
                "股股东总数\t\t\t股股东总数\t\t\t\t东总数\t\t", unit="股")
    holders = Term("股东", ("股东",), 5.0, "question")
    total = Term("总数", ("总数",), 5.0, "question")
    asked = _plan("报告期末公司普通股股东总数是多少户？", (holders, total))
    assert _best(asked, [grid]).span == "136,767"  # in 户, not the 股 stated for the holdings
    before = _plan("年度报告披露日前上一月末普通股股东总数是多少？", (holders, total))
    assert _best(before, [grid]).span.startswith("132,083")
    holders_en = Term("ordinary shareholders", ("普通股股东",), 9.0, "glossary")
    period = Term("reporting period", ("报告期",), 6.0, "glossary")
    english = _plan("How many ordinary shareholders did the company have at the end of the reporting period?",
                    (holders_en, period))
    assert _best(english, [grid]).span == "136,767"  # the label matched through the renderings


def test_a_second_header_in_a_table_names_the_columns_below_it():
    table = _hit("\t2016年\t2015年\t本年比上年增减\n营业收入（元）\t11,318,112,180.40\t11,129,982,964.74\t1.69%\n"
                 "\t2016年末\t2015年末\t本年末比上年末增减\n总资产（元）\t60,862,186,184.77\t58,067,427,403.34\t4.81%",
                 rank=2)
    share = _hit("2016年末金额\t2016年末占总资产比例\t2015年末金额\n"
                 "固定资产\t20,376,154,282.03\t33.48%\t18,315,774,602.25", rank=1)
    assets = _plan("2016年末公司总资产是多少？", (Term("年末", ("年末",), 3.0, "question"),
                                             Term("总资产", ("总资产", "资产"), 8.0, "question")))
    assert _best(assets, [share, table]).span.startswith("60,862,186,184.77")


def test_a_count_in_hundred_millions_of_a_unit_wants_that_unit():
    q = analyse("2016年公司电力生产量是多少亿千瓦时？")
    assert q.units == ("千瓦时",)
    row = _hit("行业分类\t项目\t单位\t2016年\t2015年\n电力生产\t生产量\t亿千瓦时\t253.62\t232.08")
    output = Term("生产量", ("生产量", "产量"), 6.0, "question")
    plan = _plan("2016年公司电力生产量是多少亿千瓦时？", (output,), counted=(output,))
    assert _best(plan, [row]).span.startswith("253.62")
    assert analyse("How much did the company spend on research and development in 2016?").kind == "amount"


def test_the_longer_rendering_of_a_term_breaks_a_tie():
    rows = _hit("会议届次\t会议类型\t投资者参与比例\n2016年第一次临时\t临时股东大会\t72.86%\n"
                "2015年度股东大会\t年度股东大会\t72.87%")
    agm = Term("annual general meeting", ("股东大会", "年度股东大会"), 10.0, "glossary")
    ratio = Term("participation ratio", ("参与比例",), 8.0, "glossary")
    plan = _plan("What was the investor participation ratio at the annual general meeting?", (agm, ratio))
    assert _best(plan, [rows]).span == "72.87%"


def test_how_old_reads_the_age_column():
    row = _hit("姓名\t职务\t任职状态\t性别\t年龄\t期初持股数（股）\n谷碧泉\t副董事长\t现任\t男\t59\t0")
    vice = Term("vice chairman", ("副董事长",), 11.0, "glossary")
    assert _best(_plan("How old is the company's vice chairman?", (vice,)), [row]).span.startswith("59")


def test_a_list_of_figures_in_words_is_read_item_by_item():
    from assistant.sentences import split_units

    line = "女性董事比例 20% 员工培训覆盖率 39% 员工人均培训小时数 13.39小时 投资者沟通 310人次"
    assert [u.text for u in split_units(line)][1:3] == ["员工培训覆盖率 39%", "员工人均培训小时数 13.39小时"]
    hours = (Term("人均", ("人均",), 5.5, "question"), Term("时数", ("时数", "小时数"), 5.2, "question"))
    women = Term("女性", ("女性",), 4.5, "question")
    assert _best(_plan("员工人均培训时数是多少小时？", hours), [_hit(line)]).span.startswith("13.39")
    # 女性 belongs to the board's item, not to the hours: no answer for women
    assert _best(_plan("女性员工的人均培训时数是多少小时？", (women,) + hours), [_hit(line)]) is None


def test_a_change_does_not_answer_a_level():
    text = _hit("其中，我们全年温室气体排放降低34.79%，外购电力降低19.47%，耗水量降低52.79%。")
    power = Term("electricity", ("外购电力", "电力"), 12.0, "glossary")
    share = _plan("What share of the company's electricity was purchased power?", (power,))
    assert _best(share, [text]) is None
    drop = _plan("By how much did purchased electricity decrease?", (power,), kind="percentage")
    assert _best(drop, [text]).span == "19.47%"
    level = _hit("员工培训覆盖率提升至100%。")
    cover = _plan("员工培训覆盖率是多少？", (Term("覆盖率", ("覆盖率",), 6.0, "question"),))
    assert _best(cover, [level]).span == "100%"


def test_a_row_answers_only_for_what_its_label_names():
    table = _hit("营业收入\t营业成本\t毛利率\n电力销售\t10,208,055,216.58\t7,566,607,035.87\t25.88%\n"
                 "合计\t11,318,112,180.40\t8,403,321,000.00\t25.75%")
    margin = Term("毛利率", ("毛利率",), 6.0, "question")
    solar = _plan("2016年光伏发电业务的毛利率是多少？", (Term("光伏", ("光伏",), 9.0, "question"), margin))
    rows = score_candidates(solar, [table])
    assert [c.misses for c in rows if c.span and c.unit.text.startswith("电力")] == [("row",)]
    power = _plan("2016年电力销售的毛利率是多少？", (Term("电力", ("电力",), 6.0, "question"), margin))
    assert _best(power, [table]).span == "25.88%"
    total = _plan("2016年公司的毛利率是多少？", (margin,))  # the total row answers for the table
    assert "row" not in [m for c in score_candidates(total, [table]) if "合计" in c.unit.text for m in c.misses]


def test_a_long_term_is_found_with_a_qualifier_inside_it():
    table = _hit("\t2016年\t2015年\n归属于上市公司股东的净利润（元）\t1,347,070,276.49\t1,790,384,596.17\n"
                 "归属于上市公司股东的扣除非经常\t1,322,776,657.73\t1,729,349,356.47\n性损益的净利润（元）\t\t")
    np_term = Term("net profit attributable to shareholders", ("归属于上市公司股东的净利润",), 12.0, "glossary")
    deduct = Term("non-recurring gains and losses", ("非经常性损益",), 9.0, "glossary")
    both = _plan("What was net profit attributable to shareholders after deducting non-recurring gains "
                 "and losses in 2016?", (np_term, deduct))
    assert _best(both, [table]).span.startswith("1,322,776,657.73")
    plain_np = _plan("What was net profit attributable to shareholders in 2016?", (np_term,))
    assert _best(plain_np, [table]).span.startswith("1,347,070,276.49")  # the row that says no more


def test_the_groups_statements_answer_unless_the_parents_are_asked_for():
    parent = Chunk("r:0001", "r", "某公司2016年年度报告", 2016, "公司现金流量表", 0, 60,
                   "投资活动产生的现金流量净额\t(1,643,513,840.07)\t(2,028,822,489.40)", "", kind="table")
    group = Chunk("r:0002", "r", "某公司2016年年度报告", 2016, "合并现金流量表", 0, 60,
                  "投资活动产生的现金流量净额\t-6,406,950,581.95\t-9,472,670,637.14", "", kind="table")
    hits = [Hit(1, 1.0, parent), Hit(3, 1.0, group)]
    cash = Term("net cash flow from investing activities", ("投资活动产生的现金流量净额",), 12.0, "glossary")
    assert _best(_plan("What was the net cash flow from investing activities in 2016?", (cash,)),
                 hits).span.startswith("-6,406,950,581.95")
    assert _best(_plan("What was the parent company's net cash flow from investing activities in 2016?",
                       (cash,)), hits).span.startswith("(1,643,513,840.07)")


def test_the_row_that_says_no_more_than_was_asked_answers():
    staff = _hit("母公司在职员工的数量（人）\t118\n主要子公司在职员工的数量（人）\t5,215\n"
                 "在职员工的数量合计（人）\t5,333")
    plan = _plan("How many employees did the company have at the end of 2016?",
                 (Term("employees", ("员工",), 6.0, "glossary"),))
    assert _best(plan, [staff]).span.startswith("5,333")


def test_units_asked_in_english_and_units_that_extend_them():
    from assistant.extract import unit_fits

    assert analyse("How many liters of gasoline did the vehicles consume in 2022?").units == ("升",)
    assert analyse("How much money did employees raise when the pandemic broke out in 2020?").kind == "amount"
    assert analyse("How much did the youth mental health fundraiser collect?").kind == "amount"
    tonnes = _plan("How many tonnes of CO2 came from purchased electricity?", ())
    assert unit_fits(tonnes, "吨二氧化碳", row=True) and unit_fits(tonnes, "万吨") and not unit_fits(tonnes, "升")
    row = _hit("\t2022\t2021\t单位\n范围二温室气体排放（外购电力）\t183.29\t239.06\t吨二氧化碳")
    power = Term("purchased electricity", ("外购电力",), 10.0, "glossary")
    assert _best(_plan("How many tonnes of CO2 came from purchased electricity in 2016?", (power,)),
                 [row]) is not None


def test_person_times_count_things_done_and_a_number_asked_names_its_row():
    tests = Term("tests", ("检测", "测试"), 6.0, "cc-cedict")
    done = _hit("2016年，累计完成核酸检测24,000+人次。")
    assert _best(_plan("How many tests were performed in 2016?", (tests,), counted=(tests,)),
                 [done]).span.startswith("24,000+")
    bands = _hit("评分段\t交易金额\t占比\n60分以上\t14,990\t68.4%\n60分以下\t6,925\t31.6%")
    share = _plan("What percentage of loan volume came from borrowers scoring above 60?",
                  (Term("loan", ("交易金额", "借款"), 6.0, "glossary"),))
    assert _best(share, [bands]).span == "68.4%"


def test_a_year_question_is_not_answered_by_an_age_and_a_paragraph_dates_its_sentences():
    people = _hit("姓名\t职务\t性别\t年龄\t薪酬（万元）\n熊佩锦\t董事长\t男\t51\t32.33", unit="万元")
    bio = _hit("熊佩锦，男，1965 年出生，中共党员。", rank=2)
    born = _plan("In what year was the chairman born?", (Term("chairman", ("董事长", "熊佩锦"), 9.0, "glossary"),
                                                           Term("born", ("出生",), 5.0, "cc-cedict")))
    assert _best(born, [people, bio]).span.startswith("1965")
    story = _hit("2020年初，武汉爆发疫情。公司上下踊跃捐款，筹得来自598名员工共计86,419.20元的善款。")
    raised = _plan("How much money did employees raise in 2020?", (Term("捐款", ("捐款", "善款"), 6.0, "glossary"),))
    assert _best(raised, [story]).span.startswith("86,419.20")


def test_a_figure_for_everyone_does_not_answer_for_women():
    line = _hit("员工人均培训小时数 13.39小时，女性员工人均培训小时数 14.20小时。")
    hours = Term("training hours", ("培训小时数",), 8.0, "glossary")
    women = _plan("How many training hours did female employees receive on average?", (hours,))
    assert _best(women, [line]).span.startswith("14.20")
    alone = _hit("员工人均培训小时数 13.39小时。")
    assert _best(women, [alone]) is None
    assert _best(_plan("How many training hours did employees receive on average?", (hours,)), [alone])


def test_how_much_keeps_a_percentage_and_a_unit_extends_only_units_of_measure():
    from assistant.extract import unit_fits

    assert analyse("How many percent of employees are women?").kind == "percentage"
    assert analyse("How much did the proportion of women directors increase?").kind == "percentage"
    people = _plan("How many employees did the company have?", ())
    assert not unit_fits(people, "人民币元", row=True) and unit_fits(people, "人", row=True)
    gas = _plan("2016年天然气销售量是多少天？", ())
    assert not unit_fits(gas, "天然气")


def test_a_text_row_of_a_key_value_table_is_no_header_for_the_rows_below():
    from assistant.extract import _header
    from assistant.sentences import split_units

    table = "股票简称\t深圳能源\t股票代码\t000027\n股票上市证券交易所\t深圳证券交易所\n公司的法定代表人\t熊佩锦"
    hit = _hit(table)
    units = split_units(table)
    assert _header(hit, units[-1], units) is None


def test_a_count_of_a_whole_does_not_answer_for_one_of_its_parts():
    text = _hit("截至2016年12月31日，我们拥有295件知识产权，其中包含商标、软件著作权、专利、域名。")
    marks = Term("trademarks", ("商标",), 6.0, "glossary")
    plan = _plan("How many trademarks did the company hold?", (marks,), counted=(marks,))
    assert _best(plan, [text]) is None
    ip = Term("intellectual property", ("知识产权",), 8.0, "glossary")
    assert _best(_plan("How many items of intellectual property did the company hold?", (ip,), counted=(ip,)),
                 [text]).span.startswith("295")
