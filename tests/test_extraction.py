"""Steps proposed from a narrative (journeys/extraction.py), and the bench's targets on the
labelled narratives (bench/step_narratives.json), so a rule that breaks them fails here."""

import importlib.util
from pathlib import Path

import pytest

from journeys.extraction import extract
from journeys.models import Channel, StepKind

BENCH = Path(__file__).resolve().parent.parent / "bench/step_extraction.py"


def _bench():
    spec = importlib.util.spec_from_file_location("step_extraction", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _steps(text: str) -> list[tuple]:
    return [(s.kind, s.channel, s.minutes, s.repeats, s.words(text)) for s in extract(text)]


def test_the_airline_refund_in_dutch_reads_as_its_steps_with_their_words():
    text = (
        "Om mijn geld terug te krijgen moest ik eerst een account aanmaken en daarna inloggen. "
        "Ik heb mijn boekingsnummer vier keer moeten invullen. Toen heb ik met de chatbot "
        "gepraat, een kwartier. Daarna kreeg ik een medewerker in de chat, die het hele verhaal "
        "opnieuw wilde horen. Mijn aanvraag werd afgewezen door een automatische beoordeling."
    )
    assert _steps(text) == [
        ("create_account", "web_form", 0, 0, "account aanmaken"),
        ("log_in", "web_form", 0, 0, "inloggen"),
        ("repeat_info", "web_form", 0, 3, "boekingsnummer vier keer moeten invullen"),
        ("chatbot", "chatbot", 15, 0, "chatbot … een kwartier"),
        ("human", "live_chat", 0, 0, "een medewerker"),
        ("repeat_info", "live_chat", 0, 1, "opnieuw wilde horen"),
        ("automated_decision", "email", 0, 0, "automatische beoordeling"),
    ]


def test_phone_phrases_become_menu_hold_transfer_and_cut_off():
    text = (
        "Gebeld. Eerst een keuzemenu, daarna drie kwartier in de wacht. Ik werd doorverbonden "
        "naar de verkeerde afdeling en daar hing hij gewoon op."
    )
    assert [(kind, channel, minutes) for kind, channel, minutes, *_ in _steps(text)] == [
        ("phone_menu", "phone", 0),
        ("hold", "phone", 45),
        ("transfer", "phone", 0),
        ("disconnected", "phone", 0),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "minutes", "repeats"),
    [
        ("Een half uur in de wacht gestaan.", "hold", 30, 0),
        ("Na anderhalf uur wachten kreeg ik niemand.", "hold", 90, 0),
        ("I waited 25 min on hold.", "hold", 25, 0),
        ("Twee uur in de wacht, echt waar.", "hold", 120, 0),
        ("Tien minuten in het keuzemenu.", "phone_menu", 10, 0),
        ("Een account aanmaken, dat kostte vijf minuten.", "create_account", 5, 0),
        ("Ik moest mijn klantnummer twee keer opgeven.", "repeat_info", 0, 1),
        ("Daarna moest ik mijn gegevens nog twee keer invullen.", "repeat_info", 0, 2),
        ("They asked for my order number three times.", "repeat_info", 0, 2),
        ("Ik ben van het kastje naar de muur gestuurd.", "channel_switch", 0, 0),
        ("Mijn claim werd automatisch afgewezen.", "automated_decision", 0, 0),
        ("Ze beloofden terug te bellen. Nooit gebeurd.", "broken_promise", 0, 0),
        ("Mijn zaak is gesloten zonder oplossing.", "closed_unresolved", 0, 0),
        ("Ik heb een klacht ingediend bij de Geschillencommissie.", "escalated", 0, 0),
    ],
)
def test_one_phrase_one_step(text, kind, minutes, repeats):
    [step] = extract(text)
    assert (step.kind, step.minutes, step.repeats) == (kind, minutes, repeats)


def test_a_negated_person_or_solution_is_not_a_step():
    assert [s.kind for s in extract("Er was geen medewerker te bereiken en niets opgelost.")] == []


def test_told_to_use_another_channel_happens_on_the_old_one_and_the_story_moves_on():
    text = "Aan de telefoon zeiden ze dat ik moest mailen. Na een week nog geen antwoord."
    assert [(s.kind, s.channel) for s in extract(text)] == [
        ("channel_switch", "phone"),
        ("broken_promise", "email"),
    ]


def test_proposals_use_only_real_kinds_and_channels_and_a_text_without_steps_gives_none():
    bench = _bench()
    for narrative in bench.load_narratives():
        for step in extract(narrative["text"]):
            assert step.kind in StepKind.values
            assert step.channel in Channel.values
    assert extract("Mooi weer vandaag.") == []


def test_the_labelled_narratives_hold_the_targets():
    bench = _bench()
    narratives = bench.load_narratives()
    assert len(narratives) >= 60
    assert {narrative["lang"] for narrative in narratives} == {"nl", "en"}
    figures = bench.score(narratives)
    assert figures.kind_precision >= bench.TARGET
    assert figures.kind_recall >= bench.TARGET
    # Channels are counted only on steps of the right kind, so they sit a little lower.
    assert figures.channel_precision >= 0.80
    assert figures.channel_recall >= 0.80
