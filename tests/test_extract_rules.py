"""Rules of answer extraction that are easy to get wrong, on small texts and the real index."""

from assistant.extract import _merge, _nearest, _respective, _wanted, is_contents, yes_no
from assistant.figures import find_figures
from assistant.query import analyse


def test_figures_named_in_the_question_are_not_answers():
    q = analyse("How much was raised during the 99 Giving Day in 2022?")
    assert q.numbers == (99.0,) and q.years == (2022,)
    figs = find_figures("“99公益日”期间筹得374,620.72元")
    assert [f.text for f in figs if _wanted(q.kind, f, set(q.years), q.numbers)] == ["374,620.72元"]


def test_table_of_contents_is_recognised_in_both_layouts():
    assert is_contents("普惠金融\t29\n科技创新\t31\n智能风控\t33\n信息安全与隐私保护\t35\n客户为先\t39")
    assert is_contents("- 55 培训与发展\n- 59 健康与安全\n- 62 员工关爱\n65 环保节能 绿色低碳发展\n- 67 碳中和目标")
    assert not is_contents("2022年，我们共开展2场网络攻防演练。\n开展信息安全审计\n2场")
    assert not is_contents("外购电力\t424.95\t兆瓦时\n用水量\t907.09\t吨")


def test_a_count_binds_to_the_noun_after_it():
    text = "最终产生8位“合规小达人”和7位优秀答题者。"
    figs = find_figures(text)
    assert _nearest(figs, text, {"合规": 3.0, "小达人": 7.0, "达人": 6.0}).text == "8位"
    assert _nearest(figs, text, {"优秀": 3.0, "答题者": 7.0}).text == "7位"
    # the measure, then its value, still works
    text = "外购电力降低19.47%，用水量降低52.79%"
    assert _nearest(find_figures(text), text, {"外购电力": 5.0, "降低": 1.0}).text == "19.47%"


def test_touching_matches_merge_into_one_weighted_phrase():
    assert _merge([(0, 2, 1.0), (2, 5, 2.0), (9, 11, 1.0)]) == [(0, 5, 3.0), (9, 11, 1.0)]


def test_exclusion_words_answer_no():
    assert yes_no("纸张消耗数据统计范围覆盖上海办公场所，不涉及重庆办公场所和北京办公场所。") is False
    assert yes_no("体检覆盖率达100%") is True


def test_question_units_prefer_the_right_measure():
    assert analyse("评出了几位合规小达人？").units == ("位", "名", "人")
    assert analyse("员工捐款共计多少元？").units == ("元",)


def test_real_index_count_question(assistant):
    a = assistant.ask("合规知识竞赛最后评出了几位合规小达人？")
    assert a.found and a.answer_span.startswith("8位")


def test_long_table_cells_are_shortened_around_the_answer():
    from assistant.answer import CELL_CHARS, _short_cell

    cell = "女性董事比例20% 员工培训覆盖率64.07% 员工人均培训小时数12.80小时 开展合规培训16次 投资者沟通433人次"
    short = _short_cell(cell, "433人次")
    assert "433人次" in short and short.startswith("…") and len(short) <= CELL_CHARS + 2
    assert _short_cell(cell, None) == cell[:CELL_CHARS] + "…"
    assert _short_cell("424.95", "424.95") == "424.95"


def test_respectively_gives_the_figure_in_the_named_items_place():
    text = ("本集团参加由政府机构设立的养老保险、失业保险计划，根据该等计划，本公司分别按员工基本工资的"
            "14%、1%每月向该等计划缴存费用。")
    figs = find_figures(text)
    assert _nearest(figs, text, {"养老保险": 5.0, "工资": 3.0}).text == "14%"
    assert _nearest(figs, text, {"失业保险": 5.0, "工资": 3.0}).text == "1%"
    text = "公司营业收入、净利润和总资产分别为100亿元、20亿元及300亿元。"
    assert _nearest(find_figures(text), text, {"净利润": 4.0}).text == "20亿元"
    text = "公司营业收入、净利润分别为100亿元、20亿元及300亿元。"  # three figures, two items
    assert _respective(find_figures(text), text, {"净利润": 4.0}) is None
    text = "营业收入、净利润和总资产分别为100亿元、20亿元"  # three items, two figures
    assert _respective(find_figures(text), text, {"总资产": 4.0}) is None
    # places are counted among all the figures, also those the question's kind leaves out
    text = "资产负债率、营业收入和净利润分别为45%、100亿元和20亿元"
    amounts = [f for f in find_figures(text) if not f.text.endswith("%")]
    assert _nearest(amounts, text, {"营业收入": 4.0}).text == "100亿元"
    # a term found in several items does not choose among them
    text = "养老保险、失业保险分别按14%、1%缴存。"
    assert _respective(find_figures(text), text, {"保险": 6.0, "失业保险": 5.0}).text == "1%"
