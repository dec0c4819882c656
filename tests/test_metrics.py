import math

import pytest

from eval.cmrc import exact, f1, segment
from eval.metrics import mrr_at, ndcg_at, percentile, recall_at


def test_recall_and_mrr_hand_computed():
    ranks = [1, 3, None, 6]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 5) == 0.5
    assert recall_at(ranks, 10) == 0.75
    assert mrr_at(ranks, 10) == pytest.approx((1 + 1 / 3 + 1 / 6) / 4)
    assert mrr_at(ranks, 5) == pytest.approx((1 + 1 / 3) / 4)
    assert recall_at([], 5) == 0.0


def test_ndcg_hand_computed():
    assert ndcg_at([[1, 0, 0]]) == 1.0
    assert ndcg_at([[0, 1, 0]]) == pytest.approx(1 / math.log2(3))
    assert ndcg_at([[0, 0, 0]]) == 0.0
    assert ndcg_at([[1, 0], [0, 1]]) == pytest.approx((1 + 1 / math.log2(3)) / 2)


def test_percentile_nearest_rank():
    assert percentile([4, 1, 3, 2], 50) == 2
    assert percentile([4, 1, 3, 2], 95) == 4
    assert percentile([], 50) == 0.0


def test_cmrc_official_normalisation():
    assert segment("ab中文12，C!") == ["ab", "中", "文", "12", "c"]
    assert exact("《战国无双3》", ["战国无双3"]) == 1.0
    assert f1("光荣和ω-force", ["光荣和ω-force"]) == 1.0
    # prediction 4 chars, gold 2 chars, 2 in common: P=0.5, R=1, F1=2/3
    assert f1("光荣公司", ["光荣"]) == pytest.approx(2 / 3)
    assert f1("无关", ["光荣"]) == 0.0
