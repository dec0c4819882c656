"""Regulated-report structure without a PDF: the numbering ladder, unit lines, table cells, columns."""

from __future__ import annotations

import pytest

from assistant.extract import score_candidates
from indexer.ladder import ladder_level
from indexer.layout_rows import align, cells_of, is_row
from indexer.pdf_page import table_rows
from indexer.records import Chunk, Hit
from indexer.textparts import unit_of_line


@pytest.mark.parametrize(("line", "level"), [
    ("第二节 公司简介和主要财务指标", 1), ("六、主要会计数据和财务指标", 2), ("（三）公司面临的风险及对策", 3),
    ("2、收入与成本", 4), ("（1）营业收入构成", 5), ("合并资产负债表", 1), ("财务报表附注", 1),
    ("□ 适用 √ 不适用", None), ("情况说明□适用 √不适用", None), ("合并资产负债表（续）", None),
    ("第一节 重要提示、目录和释义 ........................ 6", None), ("1.69%", None),
    ("2016年，公司实现营业收入113.18亿元，同比增长1.69%。", None), ("中国注册会计师 李瑶", None),
    ("营业收入\t11,318,112,180.40", None), ("28. 重大会计判断和估计（续）", None),
])
def test_numbering_ladder(line, level):
    assert ladder_level(line) == level


@pytest.mark.parametrize(("line", "unit"), [
    ("单位：元", "元"), ("单位：元 币种：人民币", "人民币元"), ("金额单位：人民币万元", "人民币万元"),
    ("人民币元", "人民币元"), ("单位：万千瓦时", "万千瓦时"), ("单位是元，下同。", None), ("营业收入", None),
])
def test_unit_lines(line, unit):
    assert unit_of_line(line) == unit


def test_merged_and_wrapped_cells_are_folded():
    rows = [["项目", "2016年", None, "2015年"],
            ["非流动资产处置损益（包括已计提资产减", "-1,693,866.79", "", ""],
            [None, None, "-9,679,859.37", "22,182,687.11"],
            ["值准备的冲销部分）", "", "", ""]]
    assert table_rows(rows) == ["项目\t2016年\t2016年\t2015年",
                                "非流动资产处置损益（包括已计提资产减值准备的冲销部分）\t-1,693,866.79\t"
                                "-9,679,859.37\t22,182,687.11"]


def _chars(text_at: list[tuple[str, float]], size=10.0):
    return [{"text": ch, "x0": x + i * size, "x1": x + (i + 1) * size}
            for text, x in text_at for i, ch in enumerate(text)]


def test_rows_without_rules_are_split_at_gaps_and_aligned():
    row = cells_of(_chars([("营业收入", 50), ("52", 200), ("11,318.40", 300), ("11,129.74", 450)]), 10)
    head = cells_of(_chars([("附注五", 190), ("2016年", 310), ("2015年", 460)]), 10)
    prose = cells_of(_chars([("公司实现营业收入113.18亿元", 50)]), 10)
    assert [t for t, _, _ in row] == ["营业收入", "52", "11,318.40", "11,129.74"]
    assert is_row(row) and is_row(head) and not is_row(prose)
    assert align([head, row]) == ["\t附注五\t2016年\t2015年", "营业收入\t52\t11,318.40\t11,129.74"]


def _table(header: str, row: str, unit: str = "元", year: int = 2016) -> Hit:
    text = header + "\n" + row
    c = Chunk("r:0001", "r", "某公司2016年年度报告", year, "合并利润表", 0, len(text), text,
              "合并利润表\n" + text, kind="table", pages="85", header=header, unit=unit)
    return Hit(1, 1.0, c)


@pytest.mark.parametrize(("question", "value"), [
    ("2016年营业收入是多少？", "11,318,112,180.40 元"),
    ("2015年营业收入是多少？", "11,129,982,964.74 元"),
    ("营业收入是多少？", "11,318,112,180.40 元"),  # the report's own year
    ("What was the operating revenue in 2015?", "11,129,982,964.74 元"),
])
def test_the_column_is_the_year_asked_never_a_note_number(small_assistant, question, value):
    hit = _table("项目\t附注五\t本期发生额\t上期发生额\t本年比上年增减",
                 "营业收入\t52\t11,318,112,180.40\t11,129,982,964.74\t1.69%")
    best = score_candidates(small_assistant.retriever.plan(question), [hit])[0]
    assert best.span == value


def test_headline_figures_are_read_and_preferred_wherever_retrieval_ranks_them(tmp_path):
    """A long table of headline figures ranks low for any one of them; the answer still
    comes from it (主要会计数据和财务指标), with its page-true section."""
    import json

    from assistant.answer import Assistant
    from indexer.build import build_index
    from indexer.headings import is_headline

    assert is_headline("第二节 公司简介和主要财务指标 › 六、主要会计数据和财务指标")
    assert not is_headline("第二节 公司简介和主要财务指标 › 一、公司信息")
    rows = "\n".join(f"其他指标{i}（元）\t{i},000,000.00\t{i},100,000.00\t1.00%" for i in range(1, 12))
    segments = "\n\n".join(
        f"### （{i}）营业收入构成{i}\n\n营业收入\t金额\t占营业收入比重\n营业收入合计\t11,318,112,180.40\t100%\n"
        f"电力销售营业收入\t10,208,055,216.58\t90.19%\n营业收入按地区{i}\t9,345,031,746.14\t82.57%"
        for i in range(1, 10))
    text = ("某能源股份有限公司2016年年度报告\n\n# 第二节 公司简介和主要财务指标\n\n## 六、主要会计数据和财务指标\n\n"
            "\t2016年\t2015年\t本年比上年增减\n" + rows
            + "\n营业收入（元）\t11,318,112,180.40\t11,129,982,964.74\t1.69%\n"
            + "\n# 第四节 经营情况讨论与分析\n\n## 二、主营业务分析\n\n" + segments + "\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "annual.txt").write_text(text, encoding="utf-8")
    (corpus / "reports.json").write_text(json.dumps({"annual.txt": {"doc_id": "annual", "year": 2016,
                                                                    "title": "某能源2016年年度报告"}}))
    build_index(corpus, tmp_path / "index", progress=False, log=lambda *a: None, workers=1)
    ans = Assistant.open(tmp_path / "index", log=lambda *a: None).ask("2016年营业收入是多少？")
    assert ans.found and ans.answer_span.startswith("11,318,112,180.40")
    assert is_headline(ans.citations[0].section), ans.citations[0].section
