from pathlib import Path

import pytest

from indexer.chunk import chunk_report
from indexer.clean import clean
from indexer.corpus import read_report
from indexer.records import Report

ROOT = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def chunks():
    out = []
    for p in sorted(ROOT.glob("*.txt")):
        r = read_report(p)
        out.append((r, chunk_report(r)))
    return out


def test_every_chunk_text_is_the_source_at_its_offsets(chunks):
    for report, cs in chunks:
        assert cs
        for c in cs:
            assert report.text[c.start : c.end] == c.text
            assert c.doc_id == report.doc_id and c.year == report.year


def test_search_text_is_cleaned_and_carries_the_heading_path(chunks):
    for _, cs in chunks:
        for c in cs:
            assert "**" not in c.search_text and "<li>" not in c.search_text
            assert c.search_text.startswith(c.section)


def test_table_rows_keep_the_header(chunks):
    r2022 = dict((r.doc_id, cs) for r, cs in chunks)["jiayin-esg-2022"]
    table = [c for c in r2022 if "外购电力\t424.95" in c.text]
    assert len(table) == 1 and table[0].kind == "table"
    assert "2022 | 2021 | 单位" in table[0].search_text


def test_long_paragraph_is_split_at_sentence_ends():
    sentence = "这是一个用于测试的句子，包含一些数字123和文字。"
    text = "标题\n\n" + sentence * 40 + "\n"
    r = Report(doc_id="t", path="t.txt", title="t", year=2023, text=text, sha256="x")
    cs = chunk_report(r, size=100)
    assert len(cs) > 5
    for c in cs:
        assert len(c.text) <= 100
        assert c.text.endswith("。")


def test_long_table_is_split_with_header_repeated():
    rows = "\n".join(f"项目{i}\t{i}.5\t吨" for i in range(80))
    text = "环境数据\n\n指标\t2023\t单位\n" + rows + "\n"
    r = Report(doc_id="t", path="t.txt", title="t", year=2023, text=text, sha256="x")
    cs = [c for c in chunk_report(r, size=120) if c.kind == "table"]
    assert len(cs) > 2
    for c in cs:
        assert "指标 | 2023 | 单位" in c.search_text


def test_clean():
    assert clean("超**600**个<ul><li>团伙</li></ul>^[1]") == "超600个 团伙"


def _table_headers(body: str) -> dict[str, str]:
    text = "# 一、表\n\n" + body
    r = Report(doc_id="t", path="t.txt", title="t", year=2016, text=text, sha256="")
    return {c.text.splitlines()[-1].split("\t")[0]: c.header for c in chunk_report(r) if c.kind == "table"}


def test_a_header_spread_over_lines_is_merged_column_by_column():
    body = ("\t\t任期起始\t期初持股\n"
            "姓名\t年龄\t日期\t数\n"
            "\t\t\t（股）\n"
            "熊佩锦\t51\t2016年06月13日\t0\n")
    assert _table_headers(body)["熊佩锦"] == "姓名\t年龄\t任期起始日期\t期初持股数（股）"


def test_spaced_column_names_above_a_table_are_its_header():
    body = "使用寿命 预计净残值率 年折旧率\n\n房屋及建筑物\t15-40年\t3-10%\t2.25%-6.47%\n主干管\t20年\t5%\t4.75%\n"
    assert _table_headers(body)["主干管"] == "使用寿命\t预计净残值率\t年折旧率"
    prose = "公司固定资产如下：房屋及建筑物与主干管。\n\n房屋及建筑物\t15-40年\t3-10%\t2.25%-6.47%\n"
    assert _table_headers(prose)["房屋及建筑物"] == "房屋及建筑物\t15-40年\t3-10%\t2.25%-6.47%"


def test_body_rows_without_figures_are_not_merged_into_the_header():
    names = "姓名\t职务\n熊佩锦\t董事长\n谷碧泉\t副董事长\n"
    assert _table_headers(names)["谷碧泉"] == "姓名\t职务"
    sheet = "项目\t附注\t2016年12月31日\n流动资产：\t\t\n货币资金\t1\t10,000.00\n"
    assert _table_headers(sheet)["货币资金"] == "项目\t附注\t2016年12月31日"
    # leading empty cells on full lines: a header and its first body row, not one header
    assert list(_table_headers("\t姓名\t职务\n\t熊佩锦\t董事长\n\t谷碧泉\t副董事长\n").values()) == ["姓名\t职务"]
    wrapped = "\t年初\t本年\t年末\n\t余额\t追加投资\t余额\n能源环保公司\t996.00\t140.00\t1,136.00\n"
    assert _table_headers(wrapped)["能源环保公司"] == "年初余额\t本年追加投资\t年末余额"  # figures follow
    sums = "\t期末余额\t期初余额\n流动资产：\t\t\n货币资金\t10.00\t9.00\n"
    assert _table_headers(sums)["货币资金"] == "期末余额\t期初余额"


def test_a_line_naming_a_period_dates_the_next_tables_columns():
    body = ("2016年\n\n\t年初余额\t本年增加\t年末余额\n工资\t210\t880\t232\n\n"
            "2015年（续）\n\n\t年初余额\t本年增加\t年末余额\n奖金\t172\t827\t210\n\n"
            "其他项目如下：\n\n\t2016年\t2015年\n津贴\t1\t2\n")
    headers = _table_headers(body)
    assert headers["工资"] == "2016年年初余额\t2016年本年增加\t2016年年末余额"
    assert headers["奖金"] == "2015年年初余额\t2015年本年增加\t2015年年末余额"
    assert headers["津贴"] == "2016年\t2015年"  # the period is used once; a header's own years stay


def test_a_row_label_that_wrapped_is_searched_for_whole():
    body = ("\t2016年\t2015年\n营业收入（元）\t11,318,112,180.40\t11,129,982,964.74\n"
            "归属于上市公司股东的扣除非经常\t1,322,776,657.73\t1,729,349,356.47\n"
            "性损益的净利润（元）\t\t\n其他\t659,607,419.45\t702,780,419.56\n分地区\t\t\n")
    text = "# 一、主要会计数据\n\n" + body
    r = Report(doc_id="t", path="t.txt", title="t", year=2016, text=text, sha256="")
    [table] = [c for c in chunk_report(r) if c.kind == "table"]
    assert "归属于上市公司股东的扣除非经常性损益的净利润（元） | 1,322,776,657.73" in table.search_text
    assert "\n分地区" in table.search_text  # a part of the table after a short label is its own line
    assert table.text == text[table.start : table.end] and "非经常\t1,322" in table.text


def test_a_header_whose_first_column_is_named_lower_down_is_merged():
    body = ("现金分红金额\t分红年度合并报表中\t占合并报表中归属于\t以其他方式现金分\t以其他方式现金分\n"
            "分红年度\t（含税）\t归属于上市公司普通\t上市公司普通股股东\t红的金额\t红的比例\n"
            "\t\t股股东的净利润\t的净利润的比率\t\t\n"
            "2016年\t594,673,739.55\t1,347,070,276.49\t44.15%\t\t\n")
    assert _table_headers(body)["2016年"] == (
        "分红年度\t现金分红金额（含税）\t分红年度合并报表中归属于上市公司普通股股东的净利润"
        "\t占合并报表中归属于上市公司普通股股东的净利润的比率\t以其他方式现金分红的金额\t以其他方式现金分红的比例")
