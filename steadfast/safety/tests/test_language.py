import pytest

from steadfast.safety.language import PHRASES, danger_phrases, has_danger, normalise


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "i keep thinking about killing myself",
        "I kil myself in my dreams",
        "Sometimes I think I'd be better off dead",
        "everyone would be better off without me",
        "I don't want to live anymore",
        "I dont want to be here any more",
        "I do not want to live",
        "I no longer want to be alive",
        "I\u2019m feeling suicidal tonight",
        "feeling sucidal again",
        "thinking about suicide",
        "I've been self-harming",
        "selfharm",
        "I want to hurt myself",
        "I have been cutting myself",
        "I wish I was dead",
        "I just wanna die",
        "I want to end it all",
        "planning to end my life",
        "I might take my own life",
        "I hope I don't wake up tomorrow",
        "There is nothing to live for",
        "Life isn't worth living",
        "I can't go on anymore",
        "I thought about taking an overdose",
        "I could hang myself",
        "KILL MYSELF",
        "kill\nmyself",
    ],
)
def test_danger_is_found_in_its_many_forms(text):
    assert has_danger(text), text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Had a good shift today. Tired but okay.",
        "This deadline is killing me",
        "I learned a new skill myself",  # "skill myself" is not "kill myself"
        "We finished suicide prevention training at the station",
        "Attended an overdose call on the night shift",
        "I'm dying to see my kids this weekend",
        "I'm not suicidal, just worn out",
        "I have never been suicidal",
        "I don't want to die, I want things to change",
        "I would never hurt myself",
        "I'm not really feeling suicidal",
        "I didn't want to wake up this morning, so tired",
    ],
)
def test_ordinary_writing_and_clear_negation_are_left_alone(text):
    assert not has_danger(text), text


def test_negation_only_clears_the_phrase_right_after_it():
    # The negated phrase is cleared; the other phrase still counts.
    assert danger_phrases("I'm not suicidal but I want to kill myself") == ["kill_myself"]
    # A negation that is not right before the phrase does not clear it.
    assert has_danger("I'm not sure whether I'm suicidal")
    # "Don't want to live" is its own phrase and never cleared as a negation.
    assert danger_phrases("I don't want to live") == ["dont_want_to_live"]


def test_found_phrases_are_keys_never_the_text():
    found = danger_phrases("I want to kill myself and I want to kill myself")
    assert found == ["kill_myself"]
    assert {key for key in found} <= {phrase.key for phrase in PHRASES}


def test_normalise_removes_apostrophes_and_punctuation():
    assert normalise("I DON\u2019T-want_to\u2026live") == " i dont want to live "


def test_phrase_keys_are_unique():
    keys = [phrase.key for phrase in PHRASES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "text",
    [
        "i wanna kil my self",  # texting spellings are written out before matching
        "thinkin bout endin it all",
        "Part of me wants to just not come home from the next job.",
        "It would be such a relief to just not exist anymore.",
        "They'd all be free if I wasn't here.",
        "I'm not going to kill myself today. Tomorrow I don't know.",
        "Haven't taken them yet. They're in my bag.",
    ],
)
def test_wider_wording_is_found(text):
    assert has_danger(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I hope I don't wake up late tomorrow.",
        "Cross my heart and hope to die, I didn't eat your yoghurt.",
        "No thoughts of hurting myself, just a really bad week.",
        "Collecting my nan's tablets from the pharmacy on the way home.",
        "Drinking more than I should after shifts, need to cut down.",
    ],
)
def test_wider_wording_leaves_look_alikes_alone(text):
    assert not has_danger(text), text
