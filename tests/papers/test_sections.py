import pytest

from voice_app.papers.document import Section
from voice_app.papers.sections import (
    Part,
    speaking_seconds,
    split_section,
    split_sentences,
    split_text,
    word_count,
)


def sentences(count: int, words: int = 12) -> str:
    filler = " ".join(["word"] * (words - 3))
    return " ".join(f"Sentence {i} {filler} here." for i in range(count))


def test_short_section_is_one_part():
    assert split_section("Welcome", "Hello and welcome.") == [
        Part("Welcome", 1, 1, "Hello and welcome.")
    ]


def test_empty_section_has_no_parts():
    assert split_section("Nothing", "   ") == []


def test_long_section_splits_into_balanced_minute_parts():
    text = sentences(40)  # 480 words, a bit over three minutes
    parts = split_section("Budget", text)
    assert [(p.heading, p.part, p.parts) for p in parts] == [("Budget", i, 4) for i in range(1, 5)]
    assert all(100 <= word_count(p.text) <= 150 for p in parts)
    assert " ".join(p.text for p in parts) == text  # nothing lost, nothing repeated


def test_parts_end_at_sentence_ends():
    for part in split_text(sentences(30, words=17)):
        assert part.endswith("here.")
        assert part.startswith("Sentence")


def test_paragraph_breaks_are_preferred_and_kept():
    paragraphs = [sentences(6) for _ in range(10)]  # 72-word paragraphs
    parts = split_text("\n\n".join(paragraphs))
    assert len(parts) == 5
    assert all(part.count("\n\n") == 1 for part in parts)  # two whole paragraphs each
    assert "\n\n".join(parts) == "\n\n".join(paragraphs)


def test_a_few_stray_words_join_the_last_part():
    text = sentences(13, words=12) + " Thank you."
    parts = split_text(text)
    assert len(parts) == 1 or all(word_count(p) > 30 for p in parts)


def test_enormous_sentence_is_cut_at_commas_then_words():
    clauses = ", ".join(f"item {i} of the long list" for i in range(100))  # 600 words
    parts = split_text(clauses + ".")
    assert len(parts) == 4
    assert all(word_count(p) <= 150 for p in parts)
    assert all(p.endswith(",") for p in parts[:-1])
    no_commas = " ".join(["word"] * 1000)
    assert [word_count(p) for p in split_text(no_commas)] == [143] * 6 + [142]


def test_sentence_splitting_respects_abbreviations_and_quotes():
    text = 'Cllr. Smith met Dr. Jones at 5 p.m. on Monday. It rained! "Quoted." Next? e.g. this.'
    assert split_sentences(text) == [
        "Cllr. Smith met Dr. Jones at 5 p.m. on Monday.",
        "It rained!",
        '"Quoted."',
        "Next? e.g. this.",
    ]


def test_table_rows_keep_their_lines_when_split():
    rows = "\n".join(f"Row {i}. Service: Day centre number {i}. Cost: £{i}00." for i in range(40))
    parts = split_text(rows)
    assert len(parts) >= 2
    assert all(line.startswith("Row ") for part in parts for line in part.split("\n"))


@pytest.mark.parametrize("target", [60, 150, 300])
def test_target_is_a_parameter(target):
    parts = split_text(sentences(100), target_words=target)
    assert all(word_count(p) <= target * 1.25 for p in parts)


def test_speaking_seconds_at_normal_rate():
    assert speaking_seconds(" ".join(["word"] * 150)) == pytest.approx(60)


def test_split_sections_numbers_parts_per_section():
    from voice_app.papers.sections import split_sections

    parts = split_sections([Section("A", sentences(30)), Section("B", "Short.")])
    assert [(p.heading, p.part, p.parts) for p in parts][-1] == ("B", 1, 1)
    assert {p.parts for p in parts if p.heading == "A"} == {3}


def test_listening_parts_normalise_before_splitting():
    from voice_app.papers.document import Document
    from voice_app.papers.sections import listening_parts

    money = " ".join(["It costs £1,234,567.89 today."] * 20)  # 80 words written, 440 spoken
    document = Document("Budget", [Section("Cllr Report", money)], "txt")
    parts = listening_parts(document, {"today": "this year"})
    assert len(parts) == 3
    assert parts[0].heading == "Councillor Report"
    assert "one million two hundred and thirty-four thousand" in parts[0].text
    assert "this year" in parts[1].text and "£" not in parts[1].text
