"""The evaluation harness on a hand-checked mini gold set over the real index."""

import json

from eval.gold import load_gold
from eval.report import table, write
from eval.run import evaluate

MINI = [
    {"id": "m1", "lang": "zh", "question": "识别了多少个欺诈团伙？", "answers": ["600"],
     "evidence": "成功锁定超**600**个欺诈团伙", "doc_id": "jiayin-esg-2021", "type": "number"},
    {"id": "m2", "lang": "en", "question": "How many fraud rings were identified?",
     "answers": ["600"], "evidence": "成功锁定超**600**个欺诈团伙", "doc_id": "jiayin-esg-2021",
     "type": "number"},
    # a deliberately wrong gold answer and an evidence string that no chunk holds:
    # this question must count as a retrieval miss and a wrong answer
    {"id": "m3", "lang": "zh", "question": "2022年外购电力是多少？", "answers": ["999.99"],
     "evidence": "这句话不在任何报告里", "doc_id": "jiayin-esg-2022", "type": "table"},
    {"id": "m4", "lang": "en", "question": "How many offices does Jiayin have on Mars?",
     "answers": [], "evidence": None, "doc_id": None, "type": "unanswerable"},
]


def test_metrics_on_mini_gold(assistant, tmp_path):
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in MINI), encoding="utf-8")
    result = evaluate(assistant, load_gold(path), compare=True)
    g = result["groups"]["all"]
    assert g["n"] == 4
    assert g["retrieval"]["n"] == 3
    assert g["retrieval"]["recall@1"] == 2 / 3  # m1, m2 at rank 1; m3 never
    assert g["retrieval"]["recall@10"] == 2 / 3
    assert g["accuracy"] == 2 / 3  # m3's gold answer is wrong on purpose
    assert g["abstention_recall"] == 1.0 and g["abstention_precision"] == 1.0
    assert result["groups"]["lang:en"]["n"] == 2
    assert set(result["ablations"]) == {"bm25", "dense", "hybrid", "bm25+glossary", "dense+glossary",
                                         "hybrid+glossary"}
    assert result["ablations"]["bm25"]["lang:en"]["recall@1"] == 0.0  # no Chinese terms
    written = write(result, tmp_path / "out", title="mini")
    assert (tmp_path / "out" / "results.json").exists() and (tmp_path / "out" / "report.md").exists()
    assert "| all | 4 |" in table(result)
    assert len(written) >= 2


def test_confidence_is_cross_validated_by_question_set():
    import numpy as np

    from eval.calibrate import cross_validated

    rng = np.random.default_rng(1)
    x = np.c_[np.ones(80), rng.normal(size=80)]
    groups = np.array(["a"] * 40 + ["b"] * 40)
    y = np.r_[(x[:40, 1] > 0), (x[40:, 1] < 0)].astype(float)  # the signal flips between the sets
    by_set = cross_validated(x, y, groups=groups)
    # scored by weights fitted on the other set, each set's answers are ranked the wrong way round
    for g in "ab":
        sel = groups == g
        assert np.corrcoef(by_set[sel], y[sel])[0, 1] < 0
    assert np.array_equal(cross_validated(x, y, groups=np.array(["a"] * 80)), cross_validated(x, y))
