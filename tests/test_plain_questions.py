"""Rules found on questions in a new user's words (eval/gold-dev4.jsonl, gold-annual-dev4.jsonl):
yes or no read from what a sentence or row states, the day when a day is asked, units of
measure that a table in 元 cannot hold.  Each is checked on a plan and a few passages."""

from __future__ import annotations

from test_generalise import _best, _hit, _plan

from assistant.extract import is_header, score_candidates, states_verdict, yes_no
from assistant.plan import Term
from assistant.query import analyse
from indexer.lexicon import chinese_function_words


def test_yes_or_no_is_what_the_row_or_sentence_states():
    # the answer after the 是否 item most like the question, in a row or glued by a PDF
    glued = "上市公司及其子公司是否属于环境保护部门公布的重点排污单位否是否发布社会责任报告是"
    assert yes_no(glued, "公司是否属于重点排污单位？") is False
    assert yes_no(glued, "公司是否发布社会责任报告？") is True
    assert yes_no("1.公司是否通过环境管理体系认证（ISO14001）\t否", "是否通过ISO14001认证") is False
    # a ticked box decides, whatever else the line says
    assert yes_no("是否存在非经营性资金占用 □是 √否") is False
    assert yes_no("√适用 □不适用") is True
    assert yes_no("2022年，本公司未发生任何工伤事件。") is False
    assert yes_no("公司已通过ISO14001认证。") is True
    assert states_verdict("本公司未发生任何工伤事件。") and not states_verdict("我们采取了一系列措施。")


def test_a_numbered_item_or_a_yes_no_row_is_no_header():
    assert not is_header(["1.公司是否通过环境管理体系认证（ISO14001）", "否"])
    assert not is_header(["（1）是否发布社会责任报告", "是"])
    assert is_header(["项目", "本期", "上期"])


def test_a_yes_no_question_is_answered_by_a_statement_not_an_index_or_a_list_opener():
    index = _hit("指标\t对应章节\n403-9 工伤\t心系员工 打造暖心企业", section="附录 › GRI内容索引")
    opener = _hit("为了保护员工安全，我们采取了一系列措施：", section="员工 › 健康与安全", rank=2)
    stated = _hit("截至2022年12月31日，本公司未发生任何工伤事件。", section="员工 › 健康与安全", rank=3)
    injury = Term("工伤", ("工伤",), 5.0, "question")
    plan = _plan("2022年公司有员工工伤吗？", (injury,))
    assert plan.kind == "yesno"
    fitting = [c for c in score_candidates(plan, [index, opener, stated]) if c.fits]
    assert fitting[0].unit.text.startswith("截至2022年")
    # asked about the index itself, the index answers
    asked = _plan("GRI 403-9 工伤对应哪个章节？", (injury,))
    assert any("心系员工" in c.unit.text for c in score_candidates(asked, [index]))


def test_an_english_question_opening_with_an_auxiliary_is_yes_or_no():
    assert analyse("Was any customer personal data leaked in 2021?").kind == "yesno"
    assert analyse("Did the company pay a dividend?").kind == "yesno"
    assert analyse("Was the dividend paid in cash or shares, and when?").kind != "yesno"


def test_a_question_opening_with_who_asks_for_a_person_even_with_a_when_after():
    assert analyse("Who became Party secretary when the branch was upgraded?").kind == "person"
    assert analyse("When did the new chairman take office?").kind == "date"


def test_a_day_asked_is_not_answered_by_a_year():
    row = _hit("会议届次\t会议类型\t投资者参与比例\t召开日期\t披露日期\n"
               "2015年度股东大会\t年度股东大会\t72.87%\t2016年05月26日\t2016年05月27日",
               section="第九节 公司治理 › 三、报告期内召开的年度股东大会和临时股东大会的有关情况")
    sentence = _hit("2015年度股东大会审议通过了利润分配方案。", rank=2)
    meeting = Term("股东大会", ("股东大会",), 8.0, "question")
    best = _best(_plan("公司2015年度股东大会是哪天召开的？", (meeting,)), [row, sentence])
    assert best.span == "2016年05月26日"


def test_units_of_measure_are_asked_and_a_table_in_yuan_holds_none():
    assert analyse("How much electricity did the company generate in 2016?").units[0] == "千瓦时"
    assert analyse("How much water was used in 2022?").units[0] == "吨"
    assert analyse("2016年公司发电量是多少？").units[0] == "千瓦时"
    assert analyse("What was the total pay of the directors?").kind == "amount"
    electricity = Term("electricity", ("电力", "电量"), 10.0, "cc-cedict")
    money = _hit("客户名称\t金额\t比例\n江苏省电力公司\t137,861,281.94\t4.94", unit="元")
    plan = _plan("How much electricity did the company generate in 2016?", (electricity,))
    assert _best(plan, [money]) is None
    output = _hit("项目\t单位\t2016年\t2015年\n发电量\t亿千瓦时\t253.62\t232.08", rank=2)
    assert _best(plan, [money, output]).span.startswith("253.62")


def test_a_column_header_states_the_unit_of_its_cells():
    sales = Term("sales", ("销售额",), 8.0, "cc-cedict")
    grid = Term("Guangdong Power Grid", ("广东电网公司",), 12.0, "glossary")
    row = _hit("序号\t客户名称\t销售额（元）\t占年度销售总额比例\n1\t广东电网公司\t8,338,471,245.50\t73.67%")
    best = _best(_plan("How much were the sales to Guangdong Power Grid?", (sales, grid)), [row])
    assert best.span == "8,338,471,245.50 元"


def test_chinese_function_words_come_from_jiebas_tags():
    words = set(chinese_function_words())
    assert {"因为", "关于", "其中"} <= words
    assert not {"员工", "工伤", "罚款"} & words


def test_a_row_naming_the_company_but_not_the_measure_asked_does_not_answer():
    capital = _hit("被投资单位\t期初余额\t本期增加\t期末余额\n深能售电公司\t--\t100,000,000.00\t100,000,000.00",
                   section="第十一节 财务报告 › 长期股权投资")
    company = Term("深能售电", ("深能售电",), 9.0, "question")
    profit = Term("净利润", ("净利润",), 6.0, "question")
    assert _best(_plan("深能售电公司2016年实现净利润多少？", (company, profit)), [capital]) is None
    # the measure in the row's header answers
    profits = _hit("公司名称\t注册资本\t净利润\n深能售电公司\t100,000,000.00\t12,345,678.90")
    assert _best(_plan("深能售电公司2016年实现净利润多少？", (company, profit)), [profits]).span.startswith(
        "12,345,678.90")


def test_who_holds_a_firms_role_asks_for_the_firm_and_its_name_field_answers():
    assert analyse("Who is the company's auditor for 2016?").kind == "text"
    assert analyse("公司最大的客户是谁？").kind == "text"
    assert analyse("公司第一大供应商是哪家？").kind == "text"
    assert analyse("Who is the chairman?").kind == "person"
    assert not is_header(["境内会计师事务所名称", "安永华明"])
    firm = _hit("境内会计师事务所名称\t安永华明\n境内会计师事务所报酬（万元）\t158\n"
                "境内会计师事务所注册会计师姓名\t廖文佳、朱婷", section="第五节 重要事项 › 九、聘任会计师事务所情况")
    auditor = Term("auditor", ("会计师事务所",), 20.0, "glossary")
    best = [c for c in score_candidates(_plan("Who is the company's auditor?", (auditor,)), [firm]) if c.fits]
    assert "安永华明" in best[0].unit.text
    ranking = _hit("序号\t供应商名称\t采购额（元）\n2\t神华销售集团有限公司\t830,725,437.58\n"
                   "1\t广东大鹏液化天然气有限公司\t962,003,351.92")
    supplier = Term("供应商", ("供应商",), 7.0, "question")
    best = [c for c in score_candidates(_plan("公司第一大供应商是哪家？", (supplier,)), [ranking]) if c.fits]
    assert "广东大鹏" in best[0].unit.text


def test_how_much_of_a_substance_in_chinese_may_be_tonnes():
    gas = Term("温室气体", ("温室气体",), 8.0, "question")
    car = Term("公务车", ("公务车",), 8.0, "question")
    rows = _hit("指标\t2022年\t2021年\t单位\n范围一温室气体排放（公务车汽油）\t13.83\t19.95\t吨二氧化碳")
    plan = _plan("2022年公务车烧汽油排放了多少温室气体？", (gas, car), counted=(gas,))
    assert _best(plan, [rows]).span.startswith("13.83")
    # English marks a count: how many meetings is not answered in hours
    hours = _hit("指标\t2022年\n董事会会议培训时长\t12.80\t小时")
    meetings = Term("board meetings", ("董事会会议",), 8.0, "glossary")
    english = _plan("How many board meetings were held in 2022?", (meetings,), counted=(meetings,))
    assert _best(english, [hours]) is None


def test_a_planned_or_cumulative_figure_does_not_answer_for_what_was_done_in_the_year():
    money = Term("poverty alleviation", ("扶贫",), 10.0, "glossary")
    planned = _hit("公司制定了精准扶贫实施方案，计划投入帮扶资金 1,135 万元，实施茶油生产。")
    done = _hit("2016年，公司精准扶贫投入资金 185.89 万元。", rank=2)
    plan = _plan("How much money did the company put into targeted poverty alleviation in 2016?", (money,))
    assert _best(plan, [planned, done]).span.startswith("185.89")
    asked = _plan("How much does the company plan to put into poverty alleviation?", (money,))
    assert _best(asked, [planned]).span.startswith("1,135")
    deals = Term("促成交易", ("促成交易",), 8.0, "question")
    since = _hit("截至2022年末，我们累计促成小微企业客户交易约70.5亿元人民币。")
    year = _hit("2022年度嘉银金科促成交易金额达555亿元人民币。", rank=2)
    assert _best(_plan("2022年嘉银金科促成的交易总额是多少？", (deals,)), [since, year]).span.startswith("555")
    # within the year, 累计 adds up the year's own
    tests = Term("核酸检测", ("核酸检测",), 8.0, "question")
    assert _best(_plan("2022年完成了多少人次核酸检测？", (tests,)),
                 [_hit("2022年，累计完成核酸检测24,000+人次。")]).span.startswith("24,000")


def test_the_exchange_a_company_is_listed_on_is_not_its_name():
    from assistant.retrieve import _aliases

    aliases = _aliases([{"company": "嘉银金科 (Jiayin Group, NASDAQ: JFIN)", "company_en": "Jiayin"}])
    assert "jiayin" in aliases and "嘉银" in aliases
    assert "nasdaq" not in aliases and "jfin" not in aliases


def test_staff_turnover_is_a_rate_not_sales():
    assert analyse("What was the staff turnover rate in 2022?").units == ()
    assert analyse("What was the turnover in 2022?").units == ("元",)


def test_a_row_labelled_as_asked_is_read_wherever_its_table_ranks():
    from assistant.retrieve import labelled, row_label

    assert row_label("加：商誉（元）\t1") == "商誉" and row_label("1.营业收入\t2") == "营业收入"
    assert row_label("其中：研发费用\t3") == "研发费用"
    goodwill = Term("goodwill", ("商誉",), 8.0, "glossary")
    sheet = _hit("项目\t附注\t2016年\n商誉\t23\t2,046,237,695.29", rank=20)
    note = _hit("商誉的减值测试方法见附注。", rank=21)
    other = _hit("项目\t2016年\n商誉减值准备\t1,000.00", rank=22)
    top = [_hit("资产负债表日后事项", rank=i) for i in range(1, 9)]
    found = labelled(_plan("How much goodwill did the company have?", (goodwill,)), top + [note, other, sheet], skip=8)
    assert [c.chunk_id for c in found] == [sheet.chunk.chunk_id]


def test_a_rate_the_figures_rate_word_ends_with_is_the_rate_asked():
    rate = Term("interest rate", ("利率", "票面利率"), 15.0, "glossary")
    notes = Term("medium-term notes", ("中期票据",), 15.0, "glossary")
    note = _hit("注1：2015年中期票据于2015年11月30日发行，期限为5年，年利率为固定利率3.90%，每年固定付息。")
    share = _hit("于2016年12月31日，本集团约49%（2015年12月31日：44%）的计息借款按固定利率计息。", rank=2)
    plan = _plan("What is the interest rate on the company's 2015 medium-term notes?", (rate, notes))
    assert _best(plan, [note, share]).span.startswith("3.90%")
    zh = _plan("2015年中期票据的利率是多少？", (Term("中期票据", ("中期票据",), 9.0, "question"),
                                        Term("利率", ("利率",), 6.0, "question")))
    assert _best(zh, [note]).span.startswith("3.90%")


def test_an_ordinal_asked_must_be_the_one_stated():
    meetings = _hit("会议届次\t会议类型\t投资者参与比例\n2016年第一次临时股东大会\t临时股东大会\t72.86%\n"
                    "2016年第四次临时股东大会\t临时股东大会\t72.92%")
    egm = Term("extraordinary general meeting", ("临时股东大会",), 10.0, "glossary")
    fifth = _plan("What was the investor participation ratio at the fifth extraordinary general meeting of 2016?",
                  (egm,))
    assert _best(fifth, [meetings]) is None
    zh_egm = Term("临时股东大会", ("临时股东大会",), 10.0, "question")
    fourth = _plan("2016年第四次临时股东大会的投资者参与比例是多少？", (zh_egm,))
    assert _best(fourth, [meetings]).span == "72.92%"
    training = _hit("2022年12月9日，“心灵微笑”项目首场教师心理健康知识培训在贵州举行。")
    first = _plan("“心灵微笑”项目第一次给老师做培训是哪天？", (Term("心灵微笑", ("心灵微笑",), 9.0, "question"),))
    assert _best(first, [training]).span.startswith("2022年12月9日")


def test_second_read_cases_hold():
    # two-column headers stay headers; a field and its value is a row
    assert is_header(["客户名称", "销售额（元）"]) and is_header(["姓名", "职务"])
    # a verdict after punctuation, and the ticked box of the item asked
    assert yes_no("公司是否发生重大环境事件：否。", "重大环境事件") is False
    both = "是否存在控股股东占用资金 √是 □否；是否存在违规担保 □是 √否"
    assert yes_no(both, "是否存在控股股东占用资金") is True and yes_no(both, "是否存在违规担保") is False
    assert states_verdict("■有序推进节能工作") is False
    # polite requests are not yes/no; a firm's role only when it is what "who" asks for
    assert analyse("Can you tell me the total revenue for 2016?").kind == "amount"
    assert analyse("Who is the legal representative of the subsidiary?").kind == "person"
    assert analyse("子公司的总经理是谁？").kind == "person"
    # money asked about a substance is money
    assert analyse("How much electricity revenue did the company earn?").kind == "amount"
    # a plan word that governs no verb is no plan; a provision is a figure
    provision = Term("provisions", ("预计负债",), 9.0, "glossary")
    assert _best(_plan("What were the company's provisions?", (provision,)),
                 [_hit("本集团预计负债余额为1.2亿元。")]).span.startswith("1.2亿元")
    # a row names its measure by a synonym (报酬 for 薪酬)
    pay = Term("薪酬", ("薪酬",), 6.0, "question")
    rows = _hit("项目\t2016年\n董事、监事和高级管理人员报酬总额（万元）\t1,234.29")
    assert _best(_plan("2016年董事、监事和高级管理人员的薪酬是多少？", (pay,)), [rows]).span.startswith("1,234.29")
    # over the year, 累计 is the year's
    training = Term("安全培训", ("安全培训",), 9.0, "question")
    year = _hit("截至2022年12月31日，公司员工总数3,000人，全年累计开展安全培训120场。")
    assert _best(_plan("2022年开展了多少场安全培训？", (training,)), [year]).span.startswith("120")
    # a first chairman is not an ordinal of meetings; 首任 is first
    chairman = Term("chairman", ("董事长",), 9.0, "glossary")
    first = _plan("Who was the first chairman of the board?", (chairman,))
    assert first.kind == "person"
    assert [c for c in score_candidates(first, [_hit("张三为公司首任董事长。")]) if "ordinal" in c.misses] == []
    # tonnes answer for a substance, not for a count of cars
    cars = Term("公务车", ("公务车",), 8.0, "question")
    gas = _hit("指标\t2022年\t单位\n范围一温室气体排放（公务车汽油）\t13.83\t吨二氧化碳")
    assert _best(_plan("公司有多少公务车？", (cars,), counted=(cars,)), [gas]) is None


def test_by_a_year_asks_for_what_was_accumulated_up_to_it():
    blocked = Term("fraudulent borrowers", ("欺诈借款人",), 10.0, "glossary")
    since = _hit("截至2022年12月31日，嘉银金科智能风控集群累计识别并阻断欺诈借款人数超310万人。")
    plan = _plan("How many fraudulent borrowers had the risk control cluster blocked by 2022?", (blocked,))
    assert _best(plan, [since]).span.startswith("超310万")
    zh = _plan("到2022年底共阻断多少欺诈借款人？", (Term("欺诈借款人", ("欺诈借款人",), 10.0, "question"),))
    assert _best(zh, [since]) is not None


def test_a_range_is_the_answer_and_the_contact_asked_is_the_kind_asked():
    # 1至2个工作日: the range, not its upper end
    days = Term("内部投诉", ("内部投诉",), 9.0, "question")
    rule = _hit("员工的内部投诉要求在1至2个工作日内处理完毕。")
    assert _best(_plan("员工的内部投诉要求在几个工作日内处理完？", (days,)), [rule]).span.startswith("1至2个")
    # 客服电话 asks for the phone, not the mailbox quoted first
    phone = Term("客服", ("客服",), 9.0, "question")
    both = _hit("如有疑问，可通过邮箱(service@example.cn)或客服电话(400-062-7626)与我们联系。")
    assert _best(_plan("公司的客服电话是多少？", (phone,)), [both]).span == "400-062-7626"
    assert _best(_plan("公司的邮箱是什么？", (phone,)), [both]).span == "service@example.cn"


def test_plain_ratios_percent_columns_and_which_person():
    # an exchange rate or a current ratio is a plain number; 持股比例(%) holds percentages
    assert analyse("What USD to RMB exchange rate was used at year end?").kind == "count"
    assert analyse("2016年末流动比率是多少？").kind == "count"
    assert analyse("What was the asset-liability ratio?").kind == "percentage"
    held = Term("持股比例", ("持股比例",), 9.0, "question")
    table = _hit("子公司名称\t注册地\t持股比例（%）\n深圳某某电力有限公司\t深圳\t73.41")
    firm = Term("某某电力", ("某某电力",), 9.0, "question")
    assert _best(_plan("公司对某某电力的持股比例是多少？", (held, firm)), [table]).span.startswith("73.41")
    # "which CPAs", 哪位董事: a person; 哪些董事会专门委员会: not
    assert analyse("Which CPAs signed the audit report?").kind == "person"
    assert analyse("哪位董事年龄最大？").kind == "person"
    assert analyse("董事会有哪些专门委员会？").kind == "text"
    assert analyse("Which company is the largest customer?").kind == "text"


def test_a_measure_or_an_age_is_not_read_from_a_table_that_never_states_it():
    # how old: a table without 年龄 or 岁 holds no ages (16 meetings is not an age)
    director = Term("director", ("董事",), 9.0, "glossary")
    meetings = _hit("姓名\t职务\t应出席次数\n张三\t独立董事\t16")
    ages = _hit("姓名\t职务\t性别\t年龄\n张三\t独立董事\t男\t67", rank=2)
    plan = _plan("How old is independent director Zhang San?", (director,))
    assert _best(plan, [meetings]) is None
    assert _best(plan, [meetings, ages]).span.startswith("67")
    # cubic metres from a table that states no measure at all: none
    gas = Term("gas", ("燃气",), 9.0, "glossary")
    plain_row = _hit("项目\t本期\t上期\n惠州燃气（各方出资）\t54,536,261.06\t50,000,000.00")  # 方 is no m³
    assert _best(_plan("How much gas did Huizhou Gas supply in 2016?", (gas,)), [plain_row]) is None


def test_a_sum_over_years_or_everyone_so_far_is_not_one_years_figure():
    donated = Term("捐", ("捐",), 6.0, "question")
    school = Term("商学院", ("商学院",), 9.0, "question")
    both = _hit("我们在2016年和2019年分别向某商学院进行2次捐资，共计600万元。")
    assert _best(_plan("2019年公司给某商学院捐了多少钱？", (school, donated)), [both]) is None
    assert _best(_plan("公司一共给某商学院捐了多少钱？", (school, donated)), [both]).span.startswith("600万元")
    served = Term("借款人", ("借款人",), 9.0, "question")
    so_far = _hit("2021年，公司营业收入达17.8亿元，已累计服务的借款人超过1,110万人。")
    assert _best(_plan("2021年公司服务了多少借款人？", (served,)), [so_far]) is None


def test_of_several_years_figures_in_a_sentence_the_year_asked_is_read():
    share = Term("营业收入", ("营业收入",), 9.0, "question")
    text = _hit("2016年本集团对某电网公司的收入占本集团2016年度营业收入的73.67%（2015年度：66.49%）。")
    assert _best(_plan("2015年某电网公司的收入占营业收入的比例是多少？", (share,)), [text]).span.startswith("66.49%")
    assert _best(_plan("2016年某电网公司的收入占营业收入的比例是多少？", (share,)), [text]).span.startswith("73.67%")


def test_which_day_asks_for_a_date():
    assert analyse("深圳能源是哪一天在深圳注册成立的？").kind == "date"
    assert analyse("会议在几月几日召开？").kind == "date"


def test_people_counted_as_people_only_when_the_sentence_names_no_one_else():
    customers = Term("customers", ("客户",), 6.0, "glossary")
    new = Term("new", ("新",), 6.0, "cc-cedict")
    staff = _hit("2022年，公司新进员工共计298人，具体构成如下：")
    assert _best(_plan("How many new customers did the company gain in 2022?", (new, customers),
                       counted=(customers,)), [staff]) is None
    employees = Term("employees", ("员工",), 6.0, "glossary")
    drive = Term("blood drive", ("献血",), 9.0, "glossary")
    took_part = _hit("2022年6月，近80人参加了献血活动。")
    assert _best(_plan("How many employees took part in the 2022 blood drive?", (drive, employees),
                       counted=(employees,)), [took_part]).span.startswith("近80人")


def test_second_read_of_session_ten_holds():
    from assistant.extract import _contact, _row_span, _since_start
    from assistant.figures import find_figures, to_english
    # a range is read whole, and in English with both ends; a time of day or a rank is no range
    assert [f.text for f in find_figures("3至5人")] == ["3至5人"] and to_english("1至2个") == "1–2"
    assert to_english("3,000至5,000万元") == "RMB 30 million–50 million"
    assert find_figures("前1至10名股东") == [] and "00至18" not in [f.text for f in find_figures("9:00至18:00")]
    assert [f.text for f in find_figures("营业收入：1,000元")] == ["1,000元"]
    # a change column is no share; a comparison year is not the figure's year
    plan = _plan("研发投入占营业收入的比例是多少？", ())
    assert _row_span(["研发投入金额（元）", "1,000,000", "800,000", "25.00"],
                     ["", "2022年", "2021年", "本年比上年增减(%)"], plan) == (None, -1)
    rise = Term("营业收入", ("营业收入",), 9.0, "question")
    text = _hit("2022年营业收入100亿元，较2021年增加20亿元。")
    assert _best(_plan("2022年营业收入是多少？", (rise,)), [text]).span.startswith("100亿元")
    # "共计" after two years only when the years are joined
    ok = "与2021年相比，2022年公司共计开展培训120场。"
    assert not _since_start(ok, find_figures(ok)[-1])
    # the contact kinds: "called" is no phone; Latin addresses end where Chinese starts
    assert _contact("联系邮箱ir@abc.com以及电话021-6888 8888", "邮箱是什么").group(0) == "ir@abc.com"
    assert _contact("热线95555，网址www.bank.com或微信", "What is the website called?").group(0) == "www.bank.com"
    # ratios asked as a change stay percentages; a CPA firm is no person
    assert analyse("人民币汇率贬值了百分之几？").kind == "percentage"
    assert analyse("Which CPA firm audited the company?").kind == "text"
    assert analyse("哪个会计师事务所负责审计？").kind == "text"


def test_a_span_of_years_asked_is_answered_by_their_sum():
    invested = Term("节能减排", ("节能减排",), 9.0, "question")
    text = _hit("2014-2017年，公司燃煤电厂节能减排改造累计投入14.23亿元。")
    plan = _plan("How much was invested in energy-saving retrofits in 2014-2017?", (invested,))
    assert _best(plan, [text]).span.startswith("14.23")


def test_a_part_listed_after_qizhong_is_not_answered_by_the_whole():
    capacity = Term("装机容量", ("装机容量",), 9.0, "question")
    gas = Term("天然气发电", ("天然气发电",), 9.0, "question")
    text = _hit("截至报告期末，公司已投产控股装机容量784.8万千瓦，其中燃煤发电381万千瓦；"
                "天然气发电227万千瓦，主要在珠三角地区；水电72.5万千瓦。")
    assert _best(_plan("公司天然气发电的装机容量是多少万千瓦？", (capacity, gas)), [text]).span.startswith("227")
    assert _best(_plan("公司的装机容量是多少万千瓦？", (capacity,)), [text]).span.startswith("784.8")


def test_an_intensity_is_a_quantity_per_revenue_not_money():
    q = analyse("How much paper did the company use per million yuan of revenue in 2022?")
    assert q.kind == "count" and "/百万" in q.units
    assert analyse("2022年用纸密度是多少？").units == q.units
    assert analyse("研发强度是多少？").units == ()  # a share of revenue, not an intensity
    paper = Term("paper", ("用纸",), 9.0, "glossary")
    rows = _hit("指标\t2022年\t单位\n总用纸量\t2.89\t吨\n用纸密度\t0.09\t吨/百万人民币营收\n营业收入\t17.8\t亿元")
    best = _best(_plan("How much paper did the company use per million yuan of revenue in 2022?", (paper,)), [rows])
    assert best.span.startswith("0.09")


def test_a_word_inside_a_holders_name_after_qizhong_names_no_part():
    capital = Term("total share capital", ("总股本",), 9.0, "glossary")
    shares = Term("shares", ("股份",), 6.0, "cc-cedict")
    text = _hit("公司现有总股本为3,964,491,597股，其中某某国资委持有1,896,000,775股，某某电力股份有限公司持有"
                "991,741,659股。")
    best = _best(_plan("What was the company's total share capital, in shares?", (capital, shares)), [text])
    assert best.span.startswith("3,964,491,597")


def test_a_figure_its_clause_says_is_not_what_is_asked_is_no_answer():
    # 23,834,164.03元 不属于非经常性损益: not a non-recurring item, whatever else it is
    denied = _hit("本公司认为其本年合计摊销金额计人民币23,834,164.03元不属于非经常性损益，", rank=1)
    row = _hit("计入当期损益的政府补助\t36,460,886.64\t59,003,158.37", rank=2, unit="元")
    terms = (Term("非经常性损益", ("非经常性损益",), 8.0, "question"), Term("政府补助", ("政府补助",), 6.0, "question"))
    plan = _plan("2016年计入非经常性损益的政府补助有多少钱？", terms)
    assert "negated" in [c for c in score_candidates(plan, [denied]) if c.span][0].misses
    assert _best(plan, [denied, row]).span.startswith("36,460,886.64")
    # asked so, the clause answers
    asked = _plan("2016年不属于非经常性损益的摊销金额是多少元？", terms)
    assert "negated" not in [c for c in score_candidates(asked, [denied]) if c.span][0].misses


def test_how_many_shares_and_what_share_of_the_shares_name_no_thing_counted():
    assert analyse("公司持有国泰君安多少股股票？").units == ("股",)
    assert analyse("公司有多少股东？").units != ("股",)
    assert analyse("公司有多少股份？").units == ("股",)


def test_a_year_inside_a_quoted_name_is_no_year_asked():
    assert analyse("嘉银金科是什么时候拿到“2020特殊贡献奖”的？").years == ()
    assert analyse("2021年嘉银金科获得了哪些奖项？").years == (2021,)
    # the report named in English: its year is the report's, the other is asked
    q = analyse("Looking at the 2022 report's energy table, how much petrol was used in 2021?")
    assert q.report_year == 2022 and 2021 in q.years
    assert analyse("In 2021 when the report came out, how many staff were there?").report_year is None


def test_a_row_numbered_in_its_first_cell_is_named_by_its_words():
    # 序号 | 获奖时间 | 获奖主体 | 奖项: the row is the award's, not "4"'s
    table = _hit("序号\t获奖时间\t获奖主体\t奖项\t颁奖单位\n"
                 "4\t2021年4月\t嘉银金科\t2020特殊贡献奖\t上海现代服务业联合会\n"
                 "5\t2021年11月\t嘉银金科\t年度社会责任先锋案例\t某报社", section="附录 › 荣誉奖项")
    plan = _plan("嘉银金科是什么时候拿到“2020特殊贡献奖”的？", (Term("贡献奖", ("贡献奖",), 8.0, "question"),))
    best = _best(plan, [table])
    assert best.span.startswith("2021年4月") and not best.misses


def test_a_glossary_phrase_is_reached_by_its_lemmas_but_a_single_word_is_not():
    from assistant.glossary import Glossary

    g = Glossary.load()
    asked = ("pay", "to", "and", "on", "behalf", "of", "its", "employees")
    assert "支付给职工以及为职工支付的现金" in g.lookup(asked)
    assert g.lookup(("shares",)) == g.phrases.get(("shares",), ())  # one word: as written only
    assert g.lookup(("the", "employees")) == ()


def test_a_rows_serial_number_is_no_figure_of_it():
    table = _hit("序号\t协会名称\t职务\n1\t中国互联网金融协会\t会员\n2\t上海市金融信息行业协会\t副会长",
                 section="行业交流 › 行业协会")
    plan = _plan("How many industry associations was Jiayin a member of?",
                 (Term("industry associations", ("协会",), 5.0, "glossary"),
                  Term("member", ("会员",), 5.0, "glossary")))
    assert not [c for c in score_candidates(plan, [table]) if c.span in ("1", "2")]


def test_a_term_that_only_qualifies_a_rows_measure_is_not_what_the_row_measures():
    # 扣除非经常性损益的净利润 is a net profit: no answer for the non-recurring items themselves
    headline = _hit("项目\t2016年\t2015年\n"
                    "归属于上市公司股东的扣除非经常性损益的净利润\t1,322,776,657.73\t1,729,349,356.47",
                    section="第二节 › 主要会计数据和财务指标", unit="元")
    items = _hit("项目\t2016年金额\t2015年金额\n计入当期损益的政府补助\t36,460,886.64\t59,003,158.37\n"
                 "合计\t24,293,618.76\t61,035,239.70", section="第二节 › 非经常性损益项目及金额", rank=2, unit="元")
    nrgl = Term("non-recurring gains and losses", ("非经常性损益",), 20.0, "glossary")
    total = Term("total", ("合计", "总计"), 5.0, "glossary")
    plan = _plan("What was the total of non-recurring gains and losses in 2016?", (total, nrgl))
    best = _best(plan, [headline, items])
    assert best.span.startswith("24,293,618.76")
    # asked for the net profit after them, the headline row answers
    after = Term("net profit after non-recurring items", ("扣除非经常性损益的净利润",), 20.0, "glossary")
    best = _best(_plan("What was net profit after non-recurring items in 2016?", (after,)), [headline, items])
    assert best.span.startswith("1,322,776,657.73")


def test_a_one_character_word_names_a_row_that_starts_with_it():
    table = _hit("\t2022\t2021\t单位\n用水密度\t0.28\t1.08\t吨/百万人民币营收\n水资源使用量\t907.09\t1921.44\t吨\n"
                 "总用纸量\t2.89\t4.16\t吨", section="绿色运营")
    plan = _plan("2021年公司一共用了多少吨水？", (Term("水", ("水",), 4.5, "question"),))
    best = _best(plan, [table])
    assert best.span.startswith("1921.44") and not best.misses


def test_what_money_noun_asks_an_amount():
    assert analyse("What net profit did the Huizhou gas subsidiary make in 2015?").kind == "amount"
    assert analyse("What is the company's registered address?").kind == "text"


def test_in_a_list_of_figures_each_is_labelled_by_its_own_clause():
    listed = _hit("本报告期内，我们共开展新人培训14场，在岗业务培训19场，技能提升培训34场。", section="客户服务体系")
    terms = tuple(Term(z, (z,), 5.0, "question") for z in ("质检", "分享", "培训"))
    plan = _plan("报告期内客服团队开展了多少场质检分享培训？", terms, counted=terms)
    assert not [c for c in score_candidates(plan, [listed]) if c.fits and c.span]
    on_job = (Term("在岗", ("在岗",), 6.0, "question"),) + terms[2:]
    asked = _plan("报告期内开展了多少场在岗业务培训？", on_job, counted=on_job)
    assert _best(asked, [listed]).span.startswith("19")


def test_a_sum_of_money_for_another_measure_is_no_answer_for_a_net_profit():
    refund = _hit("于2015年12月31日，本集团子公司东莞樟洋公司收到退税款人民币19,033,249.61元。",
                  section="60. 营业外收入")
    stated = _hit("2015年，惠州燃气公司实现净利润3,762万元。", section="主要控股参股公司分析", rank=2)
    terms = (Term("net profit", ("净利润",), 6.0, "glossary"), Term("gas", ("燃气",), 6.0, "cc-cedict"))
    plan = _plan("What net profit did the gas subsidiary make in 2015?", terms)
    assert "metric" in [c for c in score_candidates(plan, [refund]) if c.span][0].misses
    assert _best(plan, [refund, stated]).span.startswith("3,762")


def test_what_a_thing_is_called_asks_a_name_and_not_the_case_is_no():
    assert analyse("What was the 2021 programme called that helped new managers?").kind == "text"
    assert analyse("What was the revenue in 2016?").kind == "amount"
    assert yes_no("气候变化也并非本公司面临的直接风险重要领域。") is False
    assert yes_no("我们每年开展客户满意度调查。") is True


def test_a_listed_figure_may_name_what_it_counts_after_it():
    listed = _hit("线上答题、公平公正，最终产生8位“合规小达人”和7位优秀答题者。", section="合规管理")
    terms = tuple(Term(z, (z,), 5.0, "question") for z in ("合规", "达人"))
    best = _best(_plan("合规知识竞赛最后评出了几位合规小达人？", terms, counted=terms), [listed])
    assert best.span.startswith("8") and not best.misses


def test_the_second_reads_cases_stay_answered():
    # a reason or a policy is no amount; a campaign's name after "called" is no name asked
    assert analyse("What caused the decline in net profit in 2022?").kind != "amount"
    assert analyse("What is the company's dividend policy?").kind != "amount"
    assert analyse("What was the amount raised by the campaign called 99 Giving Day?").kind == "amount"
    assert analyse('How many trees were planted in the "2022 Green Week"?').years == (2022,)
    # a part left out (不含外包员工) does not deny the whole
    staff = _hit("截至报告期末，公司共有员工5,000人（不含外包员工）。", section="员工")
    plan = _plan("公司员工总数是多少？", (Term("员工", ("员工",), 5.0, "question"),))
    assert _best(plan, [staff]).span.startswith("5,000")
    # a list whose items all say the counted word: the one asked keeps its figure
    women = _hit("员工总数2,000人，其中男性1,200人，女性800人。", section="员工")
    terms = (Term("女性", ("女性",), 6.0, "question"), Term("员工", ("员工",), 3.0, "question"))
    assert _best(_plan("公司有多少名女性员工？", terms, counted=terms), [women]).span.startswith("800")


def test_a_title_keeps_a_name_that_is_also_a_word():
    from assistant.names import person_names

    words = frozenset({"高峰", "师生"})
    assert person_names("董事长：高峰", frozenset("高叶"), words) == ("高峰",)
    assert person_names("高峰，男，1960年出生", frozenset("高叶"), words) == ("高峰",)


def test_a_figure_for_two_named_together_is_no_answer_for_one():
    both = _hit("城市燃气方面，目前运营惠州燃气和潮州燃气，2016年供气量约9,784万立方米。", section="主要业务")
    gas = Term("gas", ("燃气",), 5.0, "cc-cedict")
    huizhou = Term("Huizhou", ("惠州",), 8.0, "name")
    plan = _plan("How many cubic metres of gas did Huizhou Gas supply in 2016?", (gas,), constraints=(huizhou,))
    assert not [c for c in score_candidates(plan, [both]) if c.fits and c.span]
    asked = _plan("How many cubic metres of gas did Huizhou and Chaozhou supply?", (gas,),
                  constraints=(Term("Huizhou", ("惠州",), 8.0, "name"), Term("Chaozhou", ("潮州",), 8.0, "name")))
    assert _best(asked, [both]) is not None


def test_a_place_in_a_ranking_is_read_from_the_numbered_row():
    from assistant.extract import asked_rank

    assert asked_rank("2016年前五大供应商中排名第二的是哪家公司？") == 2
    assert asked_rank("Who is the third largest shareholder?") == 3
    assert asked_rank("公司最大的客户是谁？") == 1
    assert asked_rank("2016年第一次临时股东大会哪天召开？") == 0
    assert asked_rank("第二季度收入是多少？") == 0
    table = _hit("序号\t供应商名称\t采购额（元）\t占年度采购总额比例\n"
                 "1\t广东大鹏液化天然气有限公司\t962,003,351.92\t7.84%\n"
                 "2\t神华销售集团有限公司华南销售分公司\t830,725,437.58\t6.77%", section="主要销售客户和主要供应商情况")
    plan = _plan("前五大供应商中排名第二的是哪家公司？", (Term("供应商", ("供应商",), 7.0, "question"),))
    fitting = [c for c in score_candidates(plan, [table]) if c.fits]
    assert "神华" in fitting[0].unit.text and not any("大鹏" in c.unit.text for c in fitting)


def test_a_ranking_is_asked_only_by_a_place_word_and_a_pair_is_read_before_its_figure():
    from assistant.extract import _joined_with_another, asked_rank
    from assistant.figures import find_figures

    assert asked_rank("公司聘请的第三方大数据服务商是哪家？") == 0
    assert asked_rank("股东大会第二项议案的名称是什么？") == 0
    assert asked_rank("第十二大股东是谁？") == 12 and asked_rank("前十名股东中第二名是谁？") == 2
    plan = _plan("How many cubic metres of gas did Huizhou Gas supply?", ())
    for text, joined in (("目前运营惠州燃气和潮州燃气，2016年供气量约9,784万立方米。", True),
                         ("惠州燃气和潮州燃气供气量分别为5,000万立方米和4,784万立方米。", False),
                         ("惠州燃气和潮州燃气完成改造，其中惠州燃气全年供气量5,000万立方米。", False)):
        fig = [f for f in find_figures(text) if "立方米" in f.unit][0]
        assert _joined_with_another(text, fig, ("惠州",), plan) is joined, text
