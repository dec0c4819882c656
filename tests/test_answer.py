import pytest

from assistant.figures import to_english
from eval.gold import load_gold


@pytest.mark.parametrize("question,lang", [
    ("How many fraud rings were identified?", "en"), ("识别了多少个欺诈团伙", "zh")])
def test_fraud_rings(assistant, question, lang):
    a = assistant.ask(question)
    assert a.found and a.lang == lang and "600" in a.answer_span
    c = a.citations[0]
    assert c.year == 2021 and "智能风控" in c.section
    if lang == "en":
        assert a.answer.startswith("more than 600 fraud rings") and "according to" in a.answer


def test_every_citation_of_the_gold_set_is_verbatim(assistant, sources):
    for g in load_gold():
        a = assistant.ask(g.question)
        for c in a.citations:
            assert sources[c.doc_id][c.start : c.end] == c.quote, (g.id, c)


def test_table_row_answers_with_column_headers(assistant):
    a = assistant.ask("2022年外购电力是多少？")
    assert a.found and a.answer_span.startswith("424.95")
    assert "2021 = 527.69" in a.answer


def test_unanswerable_questions_abstain(assistant):
    for q in ["What was Jiayin's revenue in 2025?", "嘉银金科在火星上有多少个数据中心？"]:
        a = assistant.ask(q)
        assert not a.found and a.answer_span is None and a.citations


def test_question_without_year_answered_by_both_reports(assistant):
    a = assistant.ask("中层以上女性管理人员比率是多少？")
    assert a.found
    assert [c.year for c in a.citations] == [2022, 2021]
    assert "34.20%" in a.answer and "31%" in a.answer


@pytest.mark.parametrize("fig,english", [
    ("17.805亿元", "RMB 1.7805 billion"), ("1,110万", "11.1 million"), ("22万", "220,000"),
    ("92.87%", "92.87%"), ("超**600**个", "more than 600")])
def test_magnitudes_in_english(fig, english):
    assert to_english(fig) == english


def test_long_question_is_cut_with_a_note(assistant):
    a = assistant.ask("欺诈团伙" * 1000)
    assert any("cut" in n for n in a.notes)
