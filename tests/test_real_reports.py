"""Real published reports (../shared/benchmarks/real-reports): structure, tables, answers.

The 2016 annual report (310 pages) and CSR report (20 pages) of 深圳能源, as
filed.  Skipped with a reason only where ../shared is absent; CI has it.
"""

from __future__ import annotations

import re
import shutil

import pytest

from eval.datasets import shared_dir
from eval.gold import load_gold
from eval.run import answer_hit

BASE = shared_dir()
REAL = BASE / "real-reports" if BASE else None
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    REAL is None or not (REAL / "szenergy_2016_annual.pdf").exists(),
    reason="../shared/benchmarks/real-reports is not here (CI has it)")]


@pytest.fixture(scope="module")
def annual():
    from indexer.pdf import extract_pdf

    return extract_pdf(REAL / "szenergy_2016_annual.pdf", workers=2)


def test_title_and_company_come_from_the_report(annual):
    from indexer.about import infer_about

    assert annual.title == "深圳能源集团股份有限公司2016年年度报告"
    assert len(annual.page_starts) == 310
    about = infer_about(annual.title, annual.text, 2016)
    assert about["company"] == "深圳能源集团股份有限公司"
    assert about["title_en"] == "Shenzhen Energy 2016 annual report"


def test_chapters_follow_the_template_and_no_marker_is_a_heading(annual):
    heads = re.findall(r"^(#+) (.+)$", annual.text, re.MULTILINE)
    chapters = [t for h, t in heads if h == "#" and t.startswith("第")]
    assert [c.split()[0] for c in chapters] == [
        f"第{n}节" for n in "一二三四五六七八九十"] + ["第十一节", "第十二节"]
    assert not [t for _, t in heads if "适用" in t or "\t" in t or t.startswith("中国注册会计师")]
    assert "## 六、主要会计数据和财务指标" in annual.text
    assert "# 合并利润表" in annual.text
    # a note's heading right under the chapter heading repeated with （续） atop its page
    notes = {t for h, t in heads if h == "####"}
    assert {"34. 应交税费", "53. 税金及附加", "61. 营业外支出"} <= notes


def test_tables_keep_their_columns_ruled_or_not(annual):
    # the headline table (ruled) and the income statement (laid out with spaces)
    assert "营业收入（元）\t11,318,112,180.40\t11,129,982,964.74\t1.69%\t12,506,042,318.05" in annual.text
    assert "营业收入\t52\t11,318,112,180.40\t11,129,982,964.74" in annual.text
    assert "单位：元" in annual.text


def test_page_starts_put_each_page_where_its_text_is(annual):
    starts = annual.page_starts
    page8 = annual.text[starts[7]:starts[8]]
    assert "主要会计数据和财务指标" in page8


@pytest.fixture(scope="module")
def csr_assistant(tmp_path_factory):
    from assistant.answer import Assistant
    from indexer.build import build_index

    d = tmp_path_factory.mktemp("csr")
    (d / "corpus").mkdir()
    shutil.copy(REAL / "szenergy_2016_csr.pdf", d / "corpus")
    build_index(d / "corpus", d / "index", progress=False, log=lambda *a: None, workers=2)
    return Assistant.open(d / "index", log=lambda *a: None)


def test_csr_examples_are_answered_with_their_page(csr_assistant):
    gold = load_gold(REAL / "szenergy_2016_csr.gold.jsonl")
    right, pages = 0, 0
    for g in gold:
        ans = csr_assistant.ask(g.question)
        if ans.found and answer_hit(g, ans.answer_span, ans.answer):
            right += 1
            pages += str(g.page) in ans.citations[0].pages.split("-")
    assert right >= 8, f"{right}/10 CSR example questions right"
    assert pages >= right - 2


def test_report_metadata_and_examples_come_from_the_pdf(csr_assistant):
    from assistant.examples import example_questions

    meta = csr_assistant.retriever.report_meta["szenergy_2016_csr"]
    assert meta["title"] == "深圳能源集团股份有限公司2016年度社会责任报告" and meta["year"] == 2016
    assert meta["company"] == "深圳能源集团股份有限公司" and meta["pages"] == 20
    asks = example_questions(csr_assistant.retriever.chunks, csr_assistant.glossary)
    assert asks and all("欺诈" not in q and "fraud" not in q for q in asks)
    assert sum(csr_assistant.ask(q).found for q in asks) >= len(asks) - 1
