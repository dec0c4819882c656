from assistant.followup import follow_up


def test_short_follow_ups_reuse_the_previous_question():
    assert follow_up("How many fraud rings were identified in 2021?", "And in 2022?") == \
        "How many fraud rings were identified in 2022?"
    assert follow_up("2021年外购电力是多少？", "那2022年呢？") == "2022年外购电力是多少？"
    assert follow_up("外购电力是多少？", "2022年呢") == "2022年外购电力是多少？"
    assert follow_up("What was the turnover rate?", "and 2021?") == "What was the turnover rate in 2021?"


def test_full_questions_are_left_alone():
    assert follow_up("2021年外购电力是多少？", "2022年员工流失率是多少？") == "2022年员工流失率是多少？"
    assert follow_up(None, "And in 2022?") == "And in 2022?"
    assert follow_up("x", "识别了多少个欺诈团伙") == "识别了多少个欺诈团伙"
