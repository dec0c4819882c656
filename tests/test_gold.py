from collections import Counter
from pathlib import Path

from eval.gold import load_gold, norm

ROOT = Path(__file__).resolve().parents[1] / "corpus"


def test_gold_evidence_is_in_its_report_and_ids_are_unique():
    docs = {p.name.split(".")[0]: norm(p.read_text(encoding="utf-8")) for p in ROOT.glob("*.txt")}
    items = load_gold()
    assert len({g.id for g in items}) == len(items)
    for g in items:
        if g.answerable:
            assert norm(g.evidence) in docs[g.doc_id], g.id
    langs = Counter(g.lang for g in items)
    assert langs["en"] >= 0.4 * len(items) and langs["zh"] >= 0.4 * len(items)
