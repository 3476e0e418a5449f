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
def test_a_grouped_card_number_that_passes_luhn_is_found_and_hidden(text, number):
    # The finder alone (no spans) still knows it: a safety net should a recogniser regress.
    assert [(s.kind, s.text) for s in suspects(text)] == [(SUSPECT_CARD, number)]
    # The redaction hides these groupings itself, so there is nothing left to flag.
    assert number not in redact(text).text and "[kaartnummer]" in redact(text).text
    assert _found(text) == []


@pytest.mark.parametrize(
    "text, number",
    [
        ("Mijn pas 4111.1111.1111.1111 werd belast.", "4111.1111.1111.1111"),
        ("Mijn pas 41 11 11 11 11 11 11 11 werd belast.", "41 11 11 11 11 11 11 11"),
    ],
)
def test_a_card_number_grouped_in_a_way_the_redaction_misses_is_flagged(text, number):
    assert number in redact(text).text
    assert _found(text) == [(SUSPECT_CARD, number)]


def test_a_grouped_number_that_fails_luhn_is_not_flagged():
    assert _found("Mijn pas 4111 1111 1111 1112 werd belast.") == []
    assert _found("Mijn pas 4111.1111.1111.1112 werd belast.") == []


@pytest.mark.parametrize("number", ["111.222.333", "1112.22.333", "111 222 333"])
def test_a_grouped_nine_digit_number_that_passes_the_eleven_proof_is_found_and_hidden(number):
    for text in (f"Ze vroegen mijn BSN: {number} en toen nog eens.", f"Ze wilden {number} weten."):
        assert [(s.kind, s.text) for s in suspects(text)] == [(SUSPECT_BSN, number)]
        assert number not in redact(text).text and "[BSN]" in redact(text).text
        assert _found(text) == []


@pytest.mark.parametrize("number", ["1112 22 333", "11 12 22 333"])
def test_a_bsn_grouped_in_a_way_the_redaction_misses_is_flagged(number):
    text = f"Ze wilden {number} weten en toen nog eens."
    assert number in redact(text).text
    assert _found(text) == [(SUSPECT_BSN, number)]


def test_a_nine_digit_number_that_fails_the_eleven_proof_is_not_flagged():
    assert _found("Ze wilden 111.222.334 weten en toen nog eens.") == []


def test_an_amount_with_decimals_is_not_a_number_run():
    assert _found("Ik betaalde 111.222.333,50 euro, zeggen ze.") == []


# --- Names after the words that introduce one ---------------------------------------------------

_TITLE_AND_SELF_CUED = [
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
    ("Mijn naam is Jan Ik wacht al weken.", "Jan"),
    ("Ik ben Jan Jansen Ik wacht al weken.", "Jan Jansen"),
]


@pytest.mark.parametrize("text, name", _TITLE_AND_SELF_CUED)
def test_the_finder_alone_finds_a_capitalised_name_after_its_trigger(text, name):
    # No spans: the rule stays as a safety net behind the recognisers.
    assert [(s.kind, s.text) for s in suspects(text)] == [(SUSPECT_NAME, name)]


@pytest.mark.parametrize("text, name", _TITLE_AND_SELF_CUED)
def test_a_name_after_a_title_or_self_introduction_is_hidden_so_not_flagged(text, name):
    redacted = redact(text).text
    assert name not in redacted and "[naam]" in redacted
    assert _found(text) == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("Mevrouw O'Brien-Smit hing op.", "O'Brien-Smit"),
        ("Ik sprak met meneer D'Souza.", "D'Souza"),
    ],
)
def test_an_apostrophe_surname_after_a_title_is_hidden_so_not_flagged(text, name):
    assert redact(text).text.count("[naam]") == 1 and name not in redact(text).text
    assert _found(text) == []


@pytest.mark.parametrize(
    "text, name, cue",
    [
        ("Ik sprak met Wubbe over de zaak.", "Wubbe", "sprak met"),
        ("Daarna zei Sytske dat het geregeld was.", "Sytske", "zei"),
        ("Volgens Hessel was alles betaald.", "Hessel", "volgens"),
        ("I spoke to Wopke twice.", "Wopke", "spoke to"),
        ("It was fixed, said Durk, twice.", "Durk", "said"),
    ],
)
def test_an_unlisted_name_after_a_cue_companies_share_stays_readable_and_is_flagged(
    text, name, cue
):
    assert name in redact(text).text
    flagged = [s for s in suspects(text, redact(text).spans) if s.text == name]
    assert [(s.kind, s.reason) for s in flagged] == [(SUSPECT_NAME, cue)]


@pytest.mark.parametrize(
    "text, name",
    [("Ik sprak met Sjoerd over de zaak.", "Sjoerd"), ("Volgens Jildou klopte het.", "Jildou")],
)
def test_a_listed_first_name_after_a_shared_cue_is_hidden_so_not_flagged(text, name):
    assert name not in redact(text).text
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Volgens Klantenservice was het opgelost.",
        "Ik sprak met Ziggo over de storing.",
        "ik sprak met wubbe",  # no capital, no flag
        "Ik ben op vakantie geweest, Wubbe niet.",  # no cue before it
    ],
)
def test_a_department_or_a_word_without_a_shared_cue_is_not_flagged(text):
    assert _found(text) == []


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
    # The finder alone: after redaction the listed "Jan" would be hidden anyway.
    assert suspects(text) == []
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
    text = "Mail jan@example.nl, ik sprak met Wubbe, pas 4111.1111.1111.1111, nummer 1112 22 333."
    found = suspects(text, redact(text).spans)
    assert [s.kind for s in found] == [SUSPECT_NAME, SUSPECT_CARD, SUSPECT_BSN]
    for one in found:
        assert text[one.start : one.end] == one.text


# --- The preview's pieces -----------------------------------------------------------------------


def test_segments_join_to_exactly_the_published_text():
    text = (
        "Ik ben Jan Jansen.\nIk sprak met Wubbe.\nMail wubbe@example.nl of bel 0612345678."
        "\nPas 4111.1111.1111.1111"
    )
    result = redact(text)
    flagged = suspects(text, result.spans)
    segments = preview_segments(text, result.spans, flagged)
    assert "".join(s.text for s in segments) == result.text == apply_redactions(text, result.spans)
    assert [s.span.placeholder for s in segments if s.span] == [
        "[naam]",
        "[e-mail]",
        "[telefoonnummer]",
    ]
    assert [s.suspect.text for s in segments if s.suspect] == ["Wubbe", "4111.1111.1111.1111"]


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


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        # No town after it: not hidden (a number after a place may be many things), flagged.
        ("We zijn bij Esdoorn 14 geweest.", privacy.SUSPECT_ADDRESS, "Esdoorn 14"),
        # Written without its space: not hidden, flagged.
        ("Postcode LS14DT, number 7 should be enough.", privacy.SUSPECT_ADDRESS, "LS14DT"),
        ("De fiets QX12345678 werd niet gerepareerd.", privacy.SUSPECT_REFERENCE, "QX12345678"),
        # A Dutch postcode alone is kept (it covers a stretch of street), flagged.
        ("Mijn postcode is 6221 BT en het klopt niet.", privacy.SUSPECT_ADDRESS, "6221 BT"),
        ("postcode 4811xc, zei ik nog", privacy.SUSPECT_ADDRESS, "4811xc"),
        # A first name that is an everyday word, in lowercase: kept, flagged.
        ("ik ben rob en ik ben het zat", privacy.SUSPECT_NAME, "rob"),
    ],
)
def test_a_place_or_a_code_left_readable_is_flagged(text, kind, flagged):
    assert flagged in redact(text).text
    assert _found(text) == [(kind, flagged)]


@pytest.mark.parametrize(
    "text",
    [
        "Ik heb om 14 uur gebeld naar Ziggo 3 keer.",
        "Op Schiphol 3 uur gewacht.",
        "Ik vloog naar Malaga 2 weken later.",
        "Bij Jumbo 5 euro betaald.",
    ],
)
def test_times_amounts_and_counts_after_a_place_are_not_flagged(text):
    assert _found(text) == []
