"""What automatic redaction may have missed (`privacy.suspects`) and the preview's pieces
(`privacy.preview_segments`): pure functions, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import privacy
from journeys.privacy import (
    SUSPECT_BSN,
    SUSPECT_CARD,
    SUSPECT_NAME,
    Span,
    apply_redactions,
    bsn_ok,
    luhn_ok,
    preview_segments,
    redact,
    suspects,
)


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in suspects(text, redact(text).spans)]


# --- The checksums, both ways -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111111",
        "5555555555554444",
        "378282246310005",
        "4012888888881881",
        "6011000990139424",
    ],
)
def test_test_card_numbers_pass_luhn(number):
    assert luhn_ok(number)


@pytest.mark.parametrize("number", ["4111111111111112", "1234567812345678", "378282246310006"])
def test_a_changed_digit_fails_luhn(number):
    assert not luhn_ok(number)


@pytest.mark.parametrize("number", ["111222333", "123456782", "999999990"])
def test_valid_bsns_pass_the_eleven_proof(number):
    assert bsn_ok(number)


@pytest.mark.parametrize(
    "number", ["111222334", "123456789", "000000000", "12345678", "1234567820"]
)
def test_invalid_bsns_fail_the_eleven_proof(number):
    assert not bsn_ok(number)


# --- Numbers left readable ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("Mijn pas 4111 1111 1111 1111 werd twee keer belast.", "4111 1111 1111 1111"),
        ("Card 5555-5555-5555-4444 was charged twice.", "5555-5555-5555-4444"),
        ("Amex 3782 822463 10005 geweigerd.", "3782 822463 10005"),
    ],
)
def test_a_grouped_card_number_that_passes_luhn_is_flagged(text, number):
    # Without redaction first: a hyphenated run is already hidden as a reference number.
    assert [(s.kind, s.text) for s in suspects(text)] == [(SUSPECT_CARD, number)]


def test_a_grouped_number_that_fails_luhn_is_not_flagged():
    assert _found("Mijn pas 4111 1111 1111 1112 werd belast.") == []


@pytest.mark.parametrize("number", ["111.222.333", "1112.22.333", "111 222 333"])
def test_a_grouped_nine_digit_number_that_passes_the_eleven_proof_is_flagged(number):
    # After the keyword "BSN", whatever the redaction does not hide is flagged.
    after_keyword = f"Ze vroegen mijn BSN: {number} en toen nog eens."
    hidden = number not in redact(after_keyword).text
    assert hidden or _found(after_keyword) == [(SUSPECT_BSN, number)]
    assert _found(f"Ze wilden {number} weten en toen nog eens.") == [(SUSPECT_BSN, number)]


def test_a_nine_digit_number_that_fails_the_eleven_proof_is_not_flagged():
    assert _found("Ze wilden 111.222.334 weten en toen nog eens.") == []


def test_an_amount_with_decimals_is_not_a_number_run():
    assert _found("Ik betaalde 111.222.333,50 euro, zeggen ze.") == []


# --- Names after the words that introduce one ---------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Ik ben Jan Jansen en ik wacht al weken.", "Jan Jansen"),
        ("ik ben Sanne de Boer, klant sinds 2010.", "Sanne de Boer"),
        ("Mijn naam is Pieter van den Berg.", "Pieter van den Berg"),
        ("mijn naam is Fatima.", "Fatima"),
        ("Ik sprak met meneer Bakker.", "Bakker"),
        ("Ik sprak met meneer de Vries.", "de Vries"),
        ("Mevrouw Jansen beloofde terug te bellen.", "Jansen"),
        ("De medewerker Kees zei dat het zou lukken.", "Kees"),
        ("Een brief van dhr. J. Jansen.", "J. Jansen"),
        ("My name is Emma Smith and I called three times.", "Emma Smith"),
        ("Hi, I am John Williams, a customer.", "John Williams"),
        ("I'm Anna Kowalski.", "Anna Kowalski"),
        ("Mevrouw O'Brien-Smit hing op.", "O'Brien-Smit"),
        ("Mijn naam is Jan Ik wacht al weken.", "Jan"),
        ("Ik ben Jan Jansen Ik wacht al weken.", "Jan Jansen"),
    ],
)
def test_a_capitalised_name_after_its_trigger_is_flagged(text, name):
    assert _found(text) == [(SUSPECT_NAME, name)]


@pytest.mark.parametrize(
    "text",
    [
        "ik ben boos",
        "Ik ben boos en moe.",
        "Ik ben Boos.",  # one capitalised word after "ik ben" is not enough
        "I am Dutch and I live in Utrecht.",
        "meneer de directeur zei nee",
        "mevrouw van de klantenservice hing op",
        "De medewerker Klantenservice wist het niet.",
        "Ik ben op vakantie geweest, Jan Jansen niet.",  # the name is not after a trigger
        "Ik benader Jan Jansen niet meer.",  # "benader" is not "ben"
        "Ik ben Jan Ik wacht al weken.",  # one name word, then the next clause
        "Ik ben Op Vakantie geweest.",
    ],
)
def test_lowercase_words_and_names_without_a_trigger_are_not_flagged(text):
    assert _found(text) == []


def test_the_reason_names_the_trigger():
    (found,) = suspects("Ik sprak met Mevrouw  Jansen.")
    assert (found.reason, found.kind) == ("mevrouw", SUSPECT_NAME)
    (found,) = suspects("MIJN  NAAM  IS Kees.")
    assert found.reason == "mijn naam is"


# --- Nothing inside what is already hidden ------------------------------------------------------


def test_nothing_is_flagged_inside_an_automatic_redaction():
    text = "Mail naar mevrouw.jansen@example.nl of bel 06-12345678."
    assert suspects(text, redact(text).spans) == []


def test_nothing_is_flagged_inside_a_moderators_redaction():
    text = "Ik sprak met mevrouw Jansen. Daarna weer met mevrouw Jansen."
    spans = privacy.manual_spans(text, "Jansen")
    assert len(spans) == 2
    assert suspects(text, spans) == []
    assert len(suspects(text)) == 2


def test_a_name_partly_hidden_is_not_flagged_twice():
    text = "Ik ben Jan Jansen."
    spans = privacy.manual_spans(text, "Jansen")
    assert suspects(text, spans) == []


def test_positions_index_the_original_text():
    text = "Mail jan@example.nl, ik ben Jan Jansen, pas 4111 1111 1111 1111."
    for found in suspects(text, redact(text).spans):
        assert text[found.start : found.end] == found.text


# --- The preview's pieces -----------------------------------------------------------------------


def test_segments_join_to_exactly_the_published_text():
    text = "Ik ben Jan Jansen.\nMail jan@example.nl of bel 0612345678.\nPas 4111 1111 1111 1111"
    result = redact(text)
    flagged = suspects(text, result.spans)
    segments = preview_segments(text, result.spans, flagged)
    assert "".join(s.text for s in segments) == result.text == apply_redactions(text, result.spans)
    assert [s.span.placeholder for s in segments if s.span] == ["[e-mail]", "[telefoonnummer]"]
    assert [s.suspect.text for s in segments if s.suspect] == [
        "Jan Jansen",
        "4111 1111 1111 1111",
    ]


def test_a_story_with_nothing_to_hide_is_one_plain_segment():
    segments = preview_segments("Drie weken gewacht.", [], [])
    assert [(s.text, s.span, s.suspect) for s in segments] == [("Drie weken gewacht.", None, None)]


def test_overlapping_marks_are_refused():
    text = "Ik ben Jan Jansen."
    span = Span(privacy.MANUAL, "Jansen", 11, 17)
    with pytest.raises(ValueError, match="overlaps"):
        preview_segments(text, [span], suspects(text))


@given(st.text(alphabet="ab JKL.@0123456789\n-", max_size=120))
def test_segments_always_rebuild_the_redacted_text(text):
    result = redact(text)
    segments = preview_segments(text, result.spans, suspects(text, result.spans))
    assert "".join(s.text for s in segments) == result.text
