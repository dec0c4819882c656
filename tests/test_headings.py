from pathlib import Path

import pytest

from indexer.chunk import chunk_report
from indexer.corpus import read_report
from indexer.headings import find_headings

ROOT = Path(__file__).resolve().parents[1] / "corpus"


def _paths(name):
    report = read_report(ROOT / name)
    return {c.section for c in chunk_report(report)}


@pytest.mark.parametrize("name,path", [
    ("jiayin-esg-2021.zh.txt", "科技赋能 助力金融可及 › 智能风控"),
    ("jiayin-esg-2021.zh.txt", "以人为本 成就员工梦想 › 培训与发展"),
    ("jiayin-esg-2021.zh.txt", "关于嘉银金科 › 公司治理"),
    ("jiayin-esg-2021.zh.txt", "环保节能 绿色低碳发展 › 绿色运营"),
    ("jiayin-esg-2021.zh.txt", "董事长致辞"),
    ("jiayin-esg-2022.zh.txt", "科技赋能 助推普惠金融 › 智能风控"),
    ("jiayin-esg-2022.zh.txt", "低碳运营 践行绿色责任 › 节能减排"),
    ("jiayin-esg-2022.zh.txt", "心系员工 打造暖心企业 › 员工关爱"),
    ("jiayin-esg-2022.zh.txt", "热心公益 播撒梦想种子 › 青少年心理健康"),
    ("jiayin-esg-2022.zh.txt", "附录 › GRI内容索引"),
])
def test_known_sections_have_their_heading_path(name, path):
    paths = _paths(name)
    assert any(p == path or p.startswith(path + " › ") for p in paths), sorted(paths)[:20]


def test_chapter_levels_from_a_toc_without_bullets():
    text = ("公司年度报告\n\n目录\n\n关于本报告\t1\n第一章 公司概况\t3\n业务介绍\t4\n\n"
            "第二章 环境\t9\n能源\t10\n\n关于本报告\n\n本报告介绍公司情况，内容较长，足以构成一个段落。\n\n"
            "第一章 公司概况\n\n业务介绍\n\n我们的业务覆盖多个城市，服务了大量客户，持续增长。\n\n"
            "第二章 环境\n\n能源\n\n2023年，公司外购电力为100兆瓦时，比上年下降了百分之五。\n")
    heads = [(h.level, h.title) for h in find_headings(text)]
    assert heads == [(1, "关于本报告"), (1, "第一章 公司概况"), (2, "业务介绍"),
                     (1, "第二章 环境"), (2, "能源")]


def test_markdown_headings_are_used_when_present():
    text = "# 报告\n\n## 环境\n\n用电100兆瓦时。\n\n### 用水\n\n用水20吨。\n"
    assert [(h.level, h.title) for h in find_headings(text)] == [
        (1, "报告"), (2, "环境"), (3, "用水")]


def test_no_toc_falls_back_to_line_shape():
    text = ("序言\n\n这是一段足够长的正文内容，用于说明没有目录时的小标题识别效果，应该是正文。\n\n"
            "尾声\n\n另一段足够长的正文内容，同样用于说明小标题识别，应当被识别为正文。\n")
    assert [h.title for h in find_headings(text)] == ["序言", "尾声"]
