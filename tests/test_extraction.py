"""Steps proposed from a narrative (journeys/extraction.py), and the bench's targets on the
labelled narratives (bench/step_narratives.json), so a rule that breaks them fails here."""

import importlib.util
from pathlib import Path

import pytest

from journeys.demo import load_scenarios
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
        ("Vijf minuten met een robotstem gepraat.", "phone_menu", 5, 0),
        ("Een account aanmaken, dat kostte vijf minuten.", "create_account", 5, 0),
        ("Ik moest mijn klantnummer twee keer opgeven.", "repeat_info", 0, 1),
        ("Daarna moest ik mijn gegevens nog twee keer invullen.", "repeat_info", 0, 2),
        ("They asked for my order number three times.", "repeat_info", 0, 2),
        ("Ik ben van het kastje naar de muur gestuurd.", "channel_switch", 0, 0),
        ("Got bounced between departments all morning.", "transfer", 0, 0),
        ("They kept passing me around.", "transfer", 0, 0),
        ("I was passed from one dept to another.", "transfer", 0, 0),
        ("Got put through to the wrong dept.", "transfer", 0, 0),
        ("Mijn claim werd automatisch afgewezen.", "automated_decision", 0, 0),
        ("Het voorschot is berekend op basis van uw verbruiksprofiel.", "automated_decision", 0, 0),
        ("Based on our records, you are not eligible.", "automated_decision", 0, 0),
        ("Ik kreeg alleen een standaardbericht.", "automated_decision", 0, 0),
        ("Got an auto-acknowledgement the same day.", "automated_decision", 0, 0),
        ("Ik kreeg alleen een automatische ontvangstbevestiging.", "automated_decision", 0, 0),
        ("Ze beloofden terug te bellen. Nooit gebeurd.", "broken_promise", 0, 0),
        ("Mijn zaak is gesloten zonder oplossing.", "closed_unresolved", 0, 0),
        ("My complaint got closed after a week.", "closed_unresolved", 0, 0),
        ("The case has been closed.", "closed_unresolved", 0, 0),
        ("Every ticket I open gets closed as 'pending'.", "closed_unresolved", 0, 0),
        ("Ze sloten mijn klacht na een dag.", "closed_unresolved", 0, 0),
        ("Ze hebben het ticket gewoon dichtgegooid.", "closed_unresolved", 0, 0),
        ("They marked my ticket as solved.", "closed_unresolved", 0, 0),
        ("De melding is op 'opgelost' gezet.", "closed_unresolved", 0, 0),
        ("The status was set to 'resolved' overnight.", "closed_unresolved", 0, 0),
        ("Ik heb een klacht ingediend bij de Geschillencommissie.", "escalated", 0, 0),
        ("Ik heb een klacht ingediend bij de gemeente.", "escalated", 0, 0),
        ("Toen dienden we een klacht in bij de woningcorporatie.", "escalated", 0, 0),
        ("I lodged a complaint with the airline.", "escalated", 0, 0),
        ("Vorige week de Ombudsdienst ingeschakeld.", "escalated", 0, 0),
        ("Ik ben in beroep gegaan.", "escalated", 0, 0),
        ("Ik heb mijn rechtsbijstandverzekering ingeschakeld.", "escalated", 0, 0),
        ("Ik ben naar de kantonrechter gestapt.", "escalated", 0, 0),
        ("Sent them a letter before action.", "escalated", 0, 0),
        ("I made a Section 75 claim with my credit card provider.", "escalated", 0, 0),
        ("Ik heb een klacht via het formulier ingediend.", "fill_form", 0, 0),
    ],
)
def test_one_phrase_one_step(text, kind, minutes, repeats):
    [step] = extract(text)
    assert (step.kind, step.minutes, step.repeats) == (kind, minutes, repeats)


@pytest.mark.parametrize(
    "text",
    [
        "Er was geen medewerker te bereiken en niets opgelost.",
        # Forum English without the apostrophe.
        "I didnt get a human.",
        "It still isnt resolved.",
        "Apparently itll be refunded.",
    ],
)
def test_a_negated_person_or_solution_is_not_a_step(text):
    assert [s.kind for s in extract(text)] == []


def test_told_to_use_another_channel_happens_on_the_old_one_and_the_story_moves_on():
    text = "Aan de telefoon zeiden ze dat ik moest mailen. Na een week nog geen antwoord."
    assert [(s.kind, s.channel) for s in extract(text)] == [
        ("channel_switch", "phone"),
        ("broken_promise", "email"),
    ]


def test_a_queue_at_the_desk_is_a_hold_in_person():
    text = "Bij de balie een uur in de wachtrij gestaan, toen kreeg ik een medewerker."
    assert [(s.kind, s.channel, s.minutes) for s in extract(text)] == [
        ("hold", "in_person", 60),
        ("human", "in_person", 0),
    ]


def test_proposals_use_only_real_kinds_and_channels_and_a_text_without_steps_gives_none():
    bench = _bench()
    for narrative in bench.load_narratives() + bench.load_narratives("held_out"):
        for step in extract(narrative["text"]):
            assert step.kind in StepKind.values
            assert step.channel in Channel.values
    assert extract("Mooi weer vandaag.") == []


def test_the_tuning_part_holds_its_floors_and_the_held_out_part_stays_frozen_apart():
    bench = _bench()
    tuning, held_out = bench.load_narratives(), bench.load_narratives("held_out")
    assert len(tuning) + len(held_out) >= 400
    assert len(held_out) * 4 >= len(tuning) + len(held_out), "at least a quarter held out"
    everything = tuning + held_out
    assert sum(n["lang"] == "nl" for n in everything) * 3 >= len(everything) * 2
    # The classifier learns from the words each tuning step quotes (bench/train_step_classifier.py).
    unquoted = [
        n["id"]
        for n in tuning
        for step in n["steps"]
        if not step.get("evidence") or step["evidence"] not in n["text"]
    ]
    assert unquoted == []
    # A count, never the texts: a failure here must not print the frozen part.
    shared = {n["text"] for n in tuning} & {n["text"] for n in held_out}
    assert len(shared) == 0, f"{len(shared)} narratives are in both parts"
    figures = bench.score(tuning)
    # Floors on the part the rules are written against, so a rule that breaks them fails here;
    # the targets are read on the held-out part by the bench, not held here. (The part
    # grew on 2026-12-07 by narratives labelled more densely; the floors were set on it then, and
    # recall's raised from 65 % to 68 % once the rules of that night reached 69 %, then to 72 %
    # and precision's to 87 % once the next night's reached 74 % and 88 %.)
    assert figures.kind_precision >= 0.87
    assert figures.kind_recall >= 0.72
    assert figures.numbers >= 0.95


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Vijf keer doorgeschakeld vanmiddag.", ["transfer"] * 5),
        ("We were cut off three times.", ["disconnected"] * 3),
        (
            "Ik heb drie keer gebeld en stond steeds een half uur in de wacht.",
            ["hold"] * 3,
        ),
        ("Zes keer in de wacht gezet tijdens hetzelfde gesprek.", ["hold"] * 6),
        ("Mijn aanvraag is drie keer afgewezen door het systeem.", ["automated_decision"] * 3),
        ("Ik heb twee keer gebeld en beide keren werd ik doorverbonden.", ["transfer"] * 2),
        ("Ik heb drie medewerkers gesproken.", ["human"] * 3),
        ("I spoke to four different agents.", ["human"] * 4),
        ("Two no-shows from the installer so far.", ["broken_promise"] * 2),
        ("The engineer didn't show up, twice.", ["broken_promise"] * 2),
        # The count reaches its verb past the thing promised, however long its name.
        ("Er is mij twee keer een reparatiedatum toegezegd.", ["broken_promise"] * 2),
        ("Ik ben doorgeschakeld naar drie verschillende afdelingen.", ["transfer"] * 3),
        # Each answer after the first contradicts one before it.
        ("Over de opzegging kreeg ik twee verschillende data.", ["contradiction"]),
        ("The helpdesk gave me four different explanations.", ["contradiction"] * 3),
        ("They passed me around five departments.", ["transfer"] * 5),
        ("Passed between 3 depts.", ["transfer"] * 3),
        ("De monteur is al drie keer langs geweest.", ["human"] * 3),
        ("The engineer came out twice.", ["human"] * 2),
        # Calls counted, with nothing else told of them: someone answered each one.
        ("Ik heb in die periode zes keer gebeld.", ["human"] * 6),
        ("I have telephoned twice about it.", ["human"] * 2),
        ("Gisteren voor de vierde keer gebeld over de storing.", ["human"]),
        ("Ik heb drie keer gebeld. De eerste keer werd ik doorverbonden.", ["transfer"]),
        # A call told by the words of its answer: someone answered, unless a menu or a queue
        # said them.
        ("Opgebeld: 'daar weten wij niets van'.", ["human"]),
        ("Rang them again, 'your order is on its way'.", ["human"]),
        ("Gebeld: 'U bent nummer 12 in de wachtrij'.", ["hold"]),
        ("Rang the helpline, 'press 2 for billing'.", ["phone_menu"]),
        # A count before the verb: all that follows it in its clause, each time in turn.
        ("Twee keer werd ik na het keuzemenu eruit gegooid.", ["phone_menu", "disconnected"] * 2),
        (
            "Ik heb gebeld en drie keer kwam ik in een wachtrij die na tien minuten werd afgebroken.",
            ["hold", "disconnected"] * 3,
        ),
    ],
)
def test_a_count_makes_that_many_steps_of_any_kind(text, kinds):
    steps = extract(text)
    assert [step.kind for step in steps] == kinds
    assert all(step.repeats == 0 for step in steps)


def test_the_words_of_a_count_are_shown_with_each_step_it_made():
    text = "Ik heb drie keer gebeld en stond steeds een half uur in de wacht."
    assert {(s.minutes, s.words(text)) for s in extract(text)} == {(30, "half uur in de wacht")}


def test_a_closing_told_verb_last_is_the_heaviest_step():
    [step] = extract("Uiteindelijk werd mijn klacht zonder uitleg gesloten.")
    assert step.kind == "closed_unresolved"


def test_a_decimal_point_ends_no_sentence():
    # One sentence: the charge and "anyway" belong together.
    assert [s.kind for s in extract("They charged me £11.99 anyway.")] == ["contradiction"]


@pytest.mark.parametrize(
    "text",
    [
        "I didn't get a human, and they'd call me back. Nobody did.",
        "I'm going to complain to the ombudsman if this isn't sorted.",
        "I'll take this to the Ombudsman.",
    ],
)
def test_a_typographic_apostrophe_reads_as_a_plain_one(text):
    curly = text.replace("'", "’")
    assert _steps(curly) == [(*step[:4], step[4].replace("'", "’")) for step in _steps(text)]


def test_a_negation_does_not_reach_into_the_next_sentence():
    text = "De klacht werd zonder uitleg gesloten. Daarna kreeg ik een medewerker aan de lijn."
    assert [s.kind for s in extract(text)] == ["closed_unresolved", "human"]


@pytest.mark.parametrize(
    "text",
    [
        "Ik ga een klacht indienen bij de ombudsman als dit zo doorgaat.",
        "I'm going to complain to the ombudsman if this isn't sorted by Friday.",
        "Naar de Geschillencommissie stappen voor 80 euro?",
        "Next step is the Energy Ombudsman.",
        "De volgende stap is de rechter.",
        "Ik ben van plan een klacht in te dienen bij de Geschillencommissie.",
        "We're considering a complaint to the regulator.",
        "Ik vraag me af of een klacht bij de Geschillencommissie zin heeft.",
        "I wonder if I should complain to the ombudsman.",
        "Een klacht bij de ombudsman gaat het worden.",
        "Ik dreigde dat we naar de Geschillencommissie gaan.",
        "The letter says I can appeal to the Ombudsman after eight weeks.",
        "I'll cancel as soon as I can log in again.",
        "Zodra ik kan inloggen zeg ik het op.",
    ],
)
def test_a_plan_a_threat_or_a_question_is_no_step(text):
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "De chat van de verzekeraar is een bot die steeds hetzelfde zegt.",
            "steeds hetzelfde zegt",
        ),
        ("De chatbot kon niks, dus ik ben gaan bellen.", "kon niks"),
        ("De assistent-bot vraagt me voor de vierde keer mijn postcode.", "voor de vierde keer"),
        ("The energy company's chatbot is completely useless.", "is completely useless"),
        ("The bot couldn't help and just linked me to the same FAQ.", "couldn't help"),
    ],
)
def test_a_chatbot_told_to_go_nowhere_is_a_loop_not_just_a_bot(text, words):
    steps = extract(text)
    assert [(s.kind, s.channel) for s in steps] == [("chatbot_loop", "chatbot")]
    assert steps[0].words(text) == words


def test_a_word_typed_to_a_chatbot_is_not_a_person_reached():
    text = "In de chat typte ik tien keer 'medewerker' maar de bot gaf steeds hetzelfde lijstje."
    assert [(s.kind, s.channel) for s in extract(text)] == [("chatbot_loop", "chatbot")]
    # What came again after the typing is not the typing again.
    assert "repeat_info" not in [s.kind for s in extract("Ik typte 'mens' en kreeg weer het menu.")]


@pytest.mark.parametrize(
    "text",
    [
        "Ik typte 'de factuur klopt niet' en de bot gaf me de FAQ.",
        "De assistent snapt 'mijn pas is geblokkeerd' niet.",
        "I typed 'my refund was rejected' and it showed me the FAQ.",
    ],
)
def test_words_the_teller_typed_are_no_step_of_their_own(text):
    kinds = [s.kind for s in extract(text)]
    assert not {"contradiction", "automated_decision"} & set(kinds), kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "De dame aan de lijn vertelde dat de monteur dinsdag zou komen. Niemand gekomen.",
            ["human", "broken_promise"],
        ),
        (
            "The guy at the desk said it would be fixed by Friday. It wasn't.",
            ["human", "broken_promise"],
        ),
        (
            "Ik belde en de medewerker zei dat het kon. Daarna bleek het toch niet te kunnen.",
            ["human", "contradiction"],
        ),
    ],
)
def test_a_person_only_implied_and_a_promise_or_contradiction_told_as_a_story(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


def test_a_verb_in_a_form_no_phrase_lists_is_read_by_its_lemma():
    text = "De medewerker verbrak de verbinding."
    assert [(s.kind, s.words(text)) for s in extract(text)] == [
        ("human", "De medewerker"),
        ("disconnected", "verbrak"),
    ]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Tweeënvijftig minuten in de wacht.", 52),
        ("Tweeenvijftig minuten in de wacht gestaan.", 52),
        ("Fifty two minutes on hold.", 52),
        ("Forty-five minutes on hold again.", 45),
        ("45m on hold again.", 45),
    ],
)
def test_a_number_written_as_words_counts_whole(text, minutes):
    [step] = extract(text)
    assert (step.kind, step.minutes) == ("hold", minutes)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Dat aangetekend verzonden.", "fill_form"),
        ("Posted on their Facebook page about it.", "fill_form"),
        ("Verhuizing vier weken van tevoren doorgegeven via Mijn Ziggo.", "fill_form"),
        ("Put in a Delay Repay claim on their website.", "fill_form"),
        ("Sent the garage the invoice by post.", "fill_form"),
        ("Opened a complaint with the energy company.", "fill_form"),
        ("Filled it on Monday, as they asked.", "fill_form"),
        ("I filed a complaint with the ombudsman.", "escalated"),
        ("Reopened the case on their website.", "fill_form"),
        ("Booked an appointment online for the Tuesday.", "fill_form"),
        ("Een melding gedaan over de lekkage.", "fill_form"),
        ("Restitutie aangevraagd voor de geannuleerde reis.", "fill_form"),
        ("3 keer mijn BSN opgegeven.", "repeat_info"),
        ("4x mn ordernummer gegeven.", "repeat_info"),
    ],
)
def test_a_letter_a_post_or_information_given_a_number_of_times(text, kind):
    assert [step.kind for step in extract(text)] == [kind]


def test_what_was_not_done_in_between_is_no_step():
    assert extract("Ik heb niet gebeld en niet gemaild, ik wacht het af.") == []


def test_people_in_a_queue_are_not_that_many_conversations():
    assert len(extract("Aan de balie stond een rij van zeker 200 mensen.")) <= 1


def test_since_an_hour_of_the_day_is_no_duration():
    text = "Gebeld: 'uw auto staat al sinds twaalf uur klaar'."
    assert [(s.kind, s.minutes) for s in extract(text)] == [("human", 0)]


def test_a_metre_is_not_a_minute():
    assert extract("De winkel is 35m verderop, daar kreeg ik een medewerker.")[0].minutes == 0


def test_thirty_plus_minutes_is_thirty_minutes():
    [step] = extract("Weer 30+ minuten in de wacht gestaan.")
    assert (step.kind, step.minutes) == ("hold", 30)
    [step] = extract("Na 30+ minuten wachten hing ik op.")
    assert (step.kind, step.minutes) == ("hold", 30)


@pytest.mark.parametrize(
    ("text", "cut_off"),
    [
        ("Ik hing op na een half uur.", False),
        ("Na twintig minuten hing ik maar op.", False),
        ("Na twintig minuten hing hij op.", True),
        ("She put the phone down on me mid sentence.", True),
        ("I put the phone down and gave up.", False),
    ],
)
def test_hanging_up_oneself_is_not_being_cut_off(text, cut_off):
    assert ("disconnected" in [s.kind for s in extract(text)]) is cut_off


def test_one_automated_decision_mentioned_twice_is_one_step():
    text = (
        "Mijn aanvraag is automatisch afgewezen. Een week later kreeg ik nog een brief met "
        "dezelfde automatische afwijzing."
    )
    assert [s.kind for s in extract(text)] == ["automated_decision"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("My claim was rejected automatically. Rejected again.", ["automated_decision"] * 2),
        ("Mijn ticket werd gesloten. Het ticket is weer gesloten.", ["closed_unresolved"] * 2),
        ("De aanvraag werd automatisch afgewezen. Opnieuw afgewezen!", ["automated_decision"] * 2),
    ],
)
def test_a_decision_or_a_closing_told_again_in_its_own_sentence_is_another_step(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Midden in het gesprek werd de verbinding verbroken. Drie keer!", ["disconnected"] * 3),
        ("The line went dead on me. Twice.", ["disconnected"] * 2),
    ],
)
def test_a_sentence_that_is_only_a_count_counts_the_step_before_it(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("Ik vroeg de medewerkster hoe lang het nog ging duren.", True),
        ("I asked the operator why my meter reading was gone.", True),
        ("Ik vroeg om een leidinggevende en hing toen maar op.", False),
        ("I asked to speak to a supervisor and got nowhere.", False),
        ("Toen ik om een medewerker vroeg, ging de muziek weer aan.", False),
        ("De medewerker vroeg me mijn klantnummer.", True),
        ("I had to type my personal details on the site.", False),
    ],
)
def test_asking_someone_reaches_them_and_asking_for_someone_does_not(text, human):
    assert ("human" in [s.kind for s in extract(text)]) is human


@pytest.mark.parametrize(
    "text",
    [
        "Een dag later belde een manager van de klantenservice.",
        "De buschauffeur vertelde me dat de lijn niet meer reed.",
        "Gisteren werd ik dan toch teruggebeld.",
        "A supervisor rang me back within the hour.",
        "De ene zegt ja, later hoorde ik van een andere dat het nee was.",
        "Bij de club zeggen ze dat het in orde is.",
        "Meisje aan de lijn zegt dat het morgen komt.",
        "The engineer told me the fault is in the exchange.",
        "Via Instagram gemeld, ze reageerden met 'wat vervelend voor je'.",
        "Rang at nine, 20 mins hold, told it was being looked at.",
        "Ik zei tegen de medewerker dat het niet klopte.",
        "After a week of auto-replies, finally a real reply.",
        # Forum style, without an article.
        "Popped into the branch, lad at the desk said the system was down.",
        "Volgende dag weer gebeld, andere medewerker zegt dat het al geregeld is.",
        "Operator told me to wait for a letter.",
    ],
)
def test_a_person_named_by_role_or_by_a_call_back_is_reached(text):
    assert "human" in [s.kind for s in extract(text)]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Ik kreeg een aardige medewerker die het zou uitzoeken. Een week later kreeg ik een "
            "collega die nergens van wist.",
            2,
        ),
        ("The first agent promised a refund. Rang again, a different agent took my details.", 2),
        ("De medewerker zei dat het goed kwam. Die medewerker had het ook genoteerd.", 1),
        ("The agent was friendly. She said it was being looked at.", 1),
    ],
)
def test_another_person_later_is_another_step_and_the_same_one_told_again_is_not(text, people):
    assert [s.kind for s in extract(text)].count("human") == people


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # The speaker is part of what they said as a step of its own.
        ("Aan de telefoon zeiden ze dat ik het via de app moest doen.", ["channel_switch"]),
        ("They said someone would call me back the same day.", ["broken_promise"]),
        # Not of a step told elsewhere in the sentence.
        (
            "Dat kon niet online, dus ik belde en kreeg te horen dat de storing bekend was.",
            ["channel_switch", "human"],
        ),
        (
            "Apparently that needs a phone call, so I rang and was told the system was down.",
            ["channel_switch", "human"],
        ),
        ("Ze zeiden dat mijn brief niet was aangekomen.", ["contradiction"]),
    ],
)
def test_a_speaker_is_part_only_of_the_words_they_said(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


def test_a_call_back_only_promised_is_no_person():
    assert "human" not in [s.kind for s in extract("Ze zouden me morgen terugbellen.")]


@pytest.mark.parametrize(
    "text",
    [
        "Het adres wijzigen kon niet online, dus moest ik toch bellen.",
        "Apparently closing the account requires a phone call.",
        "After all that they said we'd have to write in.",
        "The refund couldn't be arranged over the phone.",
        "Ze zeiden dat ik dat via het ouderportaal moest melden.",
        "They said I must come in to the branch with my passport.",
        "The website says you should go to the service desk for that.",
        "They replied I should ring the helpline instead.",
        "De webwinkel antwoordde dat ik de fabrikant moest bellen.",
        "Refunds are only by post these days.",
        "The bank says only in branch.",
        "Wijzigingen zijn alleen via de app mogelijk.",
        "I was told to go online.",
        "Mij werd verteld dat ik moest bellen.",
    ],
)
def test_a_channel_refused_is_being_told_to_use_another(text):
    assert [s.kind for s in extract(text)][:1] == ["channel_switch"]


@pytest.mark.parametrize(
    "text",
    [
        "Volgens de helpdesk zou de storing binnen een dag verholpen zijn.",
        "Hij beweerde dat mijn abonnement meteen stopgezet zou worden.",
        "My account would be credited by Monday, or so they claimed.",
        # Without the apostrophe: a promise, not a solution.
        "The rep said itd be sorted by friday.",
        "Manager said theyd ring me back.",
    ],
)
def test_a_promise_told_in_the_conditional_is_a_broken_promise(text):
    assert "broken_promise" in [s.kind for s in extract(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Eerst kreeg ik te horen dat het toestel vervangen werd, daarna dat dat niet kon.",
        "At first they said the warranty covered it, then the next agent said it didn't.",
    ],
)
def test_a_first_answer_and_a_later_one_told_in_one_sentence_are_a_contradiction(text):
    assert [s.kind for s in extract(text)][-1] == "contradiction"


def test_a_system_that_is_down_decided_nothing():
    text = "I rang twice and both times was told the system was down."
    assert "automated_decision" not in [s.kind for s in extract(text)]


@pytest.mark.parametrize(
    ("text", "repeats"),
    [
        ("De chatbot vroeg 4x mijn postcode.", 3),
        ("Toen vroeg de collega opnieuw naar mijn polisnummer.", 1),
        ("The chatbot asked me again for my order number.", 1),
        ("They asked for all my details again.", 1),
        ("The bot asked me for my account number three times.", 2),
    ],
)
def test_information_asked_for_again_is_information_given_again(text, repeats):
    [repeat] = [s for s in extract(text) if s.kind == "repeat_info"]
    assert repeat.repeats == repeats


@pytest.mark.parametrize(
    ("text", "repeats"),
    [
        ("Na vijf pogingen is het me gelukt om de foto te uploaden.", 4),
        ("After 6 tries I gave up and went to the office.", 5),
        ("Bij de derde poging werkte het wel.", 2),
    ],
)
def test_tries_are_the_same_done_again(text, repeats):
    [repeat] = [s for s in extract(text) if s.kind == "repeat_info"]
    assert repeat.repeats == repeats


@pytest.mark.parametrize(
    "text",
    [
        "Ik vroeg opnieuw naar mijn dossiernummer.",
        "Toen vroeg ik weer om mijn klantnummer.",
        "I asked again for my case number.",
    ],
)
def test_the_teller_asking_again_gives_nothing_again(text):
    assert "repeat_info" not in [s.kind for s in extract(text)]


@pytest.mark.parametrize(
    "text",
    [
        "I rang again and was told to wait.",
        "Ik belde weer en kreeg weer te horen dat ik moest wachten.",
        "Rang again, told to wait for a letter.",
    ],
)
def test_being_told_again_is_no_telling_again(text):
    assert "repeat_info" not in [s.kind for s in extract(text)]


def test_a_person_who_asks_for_the_information_again_stays_a_step():
    told = "Een medewerkster liet me mijn adres opnieuw opgeven."
    assert [s.kind for s in extract(told)] == ["human", "repeat_info"]
    given_to = "Ik moest mijn klantnummer opnieuw geven aan de volgende medewerker."
    assert [s.kind for s in extract(given_to)] == ["repeat_info"]


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "Na veertig minuten wachtmuziek ben ik zelf maar opgehangen.",
            [("hold", 40, 0)],
        ),
        (
            "Ik werd doorverbonden en daar hing ze zomaar op.",
            [("transfer", 0, 0), ("disconnected", 0, 0)],
        ),
        (
            "Het duurde drie kwartier voordat er iemand opnam.",
            [("hold", 45, 0), ("human", 0, 0)],
        ),
        ("Een uur en vijf minuten in de wacht gestaan.", [("hold", 65, 0)]),
        (
            "Ik heb de verhuurder al drie keer gemaild.",
            [("fill_form", 0, 0), ("repeat_info", 0, 2)],
        ),
        (
            "Ik heb de bonnetjes drie keer opgestuurd.",
            [("upload_documents", 0, 0), ("repeat_info", 0, 2)],
        ),
        (
            "Het is al de derde keer dat ik mijn meterstand moet doorgeven.",
            [("repeat_info", 0, 2)],
        ),
        ("De reparateur zou dinsdag langskomen. Er gebeurde niks.", [("broken_promise", 0, 0)]),
        ("Het chatgesprek werd zonder waarschuwing afgesloten.", [("disconnected", 0, 0)]),
        ("Maar op de website staat dat retourneren gratis is.", [("contradiction", 0, 0)]),
        ("In de bevestiging stond ineens een andere datum.", [("contradiction", 0, 0)]),
        ("Mijn twee brieven aan de directie bleven onbeantwoord.", [("broken_promise", 0, 0)]),
        ("Ik kreeg drie verschillende antwoorden.", [("contradiction", 0, 0)] * 2),
        ("Maandag: niks.", [("broken_promise", 0, 0)]),
        ("Ik belde op maandag. Niks.", [("broken_promise", 0, 0)]),
        # Nothing came, told by when; "beter dan niks" is no step.
        ("Ik stuurde de meterstanden op en dan niks.", [("broken_promise", 0, 0)]),
        ("Na de beloofde week niets.", [("broken_promise", 0, 0)]),
        ("Vrijdag weer niks.", [("broken_promise", 0, 0)]),
        ("Beter dan niks, zeg ik maar.", []),
        ("Ik weet er niks van.", []),
        # Not known on their side; the teller not knowing is no step.
        ("Bij de tweede winkel wisten ze nergens van.", [("contradiction", 0, 0)]),
        (
            "Bij de bank wist men niet waar mijn aanvraag was.",
            [("human", 0, 0), ("contradiction", 0, 0)],
        ),
        ("Ik wist er helemaal niks van.", []),
        ("Ik weet niet waar het pakket is.", []),
        ("In februari werd er toch weer afgeschreven.", [("contradiction", 0, 0)]),
        # Charged again or still, after it was stopped; charged twice for one thing is not that.
        ("De maand erna werd de premie opnieuw afgeschreven.", [("contradiction", 0, 0)]),
        ("Het abonnement wordt nog steeds gefactureerd.", [("contradiction", 0, 0)]),
        ("Na de annulering werd er nog twee keer geïncasseerd.", [("contradiction", 0, 0)]),
        ("Three months on I am still being charged for the gym.", [("contradiction", 0, 0)]),
        ("De bank heeft weer dubbel afgeschreven.", []),
        ("De monteur kwam niet, ook niet na twee telefoontjes.", [("broken_promise", 0, 0)]),
        (
            "Uiteindelijk kwam de monteur, die het binnen een half uur had gerepareerd.",
            [("human", 30, 0), ("resolved", 0, 0)],
        ),
    ],
)
def test_dutch_told_in_other_forms_and_word_orders(text, steps):
    assert [(s.kind, s.minutes, s.repeats) for s in extract(text)] == steps


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A count is of the one step nearest to it, told before it first.
        (
            "I have written to the landlord on three occasions without any reply.",
            ["fill_form", "repeat_info", "broken_promise"],
        ),
        ("We moesten drie formulieren invullen voor één reparatie.", ["fill_form"] * 3),
        ("Asked twice for a callback. Both times nothing.", ["broken_promise"] * 2),
        ("Waited in all day, nothing.", ["broken_promise"]),
        ("Then nothing for two weeks.", ["broken_promise"]),
        # None of them came or called back; nobody was reached.
        ("Two plumbers were booked, but not one of them turned up.", ["broken_promise"]),
        ("None of them called me back.", ["broken_promise"]),
        ("Ik ben geen enkele keer teruggebeld.", ["broken_promise"]),
        # The promised day passed.
        ("The delivery date came and went.", ["broken_promise"]),
        ("De afgesproken datum verstreek zonder bericht.", ["broken_promise"]),
        # A promise is broken in the next sentence; one told sentences later is another.
        (
            "De monteur zou dinsdag komen. Niemand gekomen. Het is inmiddels januari. Sindsdien "
            "is me twee keer beloofd dat ik teruggebeld word.",
            ["broken_promise"] * 3,
        ),
        (
            "Levering zou op 3 mei zijn. 3 mei niks. Nieuwe datum 10 mei. Daarna heeft de "
            "klantenservice me twee keer beloofd dat ik teruggebeld zou worden.",
            ["broken_promise"] * 3,
        ),
        # What the record plainly shows; the next person's answer against the one before.
        ("Op mijn polisblad staat gewoon dat het gedekt is.", ["contradiction"]),
        ("In het portaal stond mijn betaling gewoon als voldaan.", ["contradiction"]),
        ("De machine staat gewoon stil.", []),
        ("De volgende medewerker zei dat het toch kon.", ["human", "contradiction"]),
        ("The next engineer said it was the wiring.", ["human", "contradiction"]),
        ("We hebben twee keer een account moeten aanmaken.", ["create_account"] * 2),
        # A rejection told on its own is the system's; beside a person it is theirs.
        ("Mijn verzoek om uitstel: afgewezen, zonder enige toelichting.", ["automated_decision"]),
        ("De medewerkster heeft mijn verzoek afgewezen.", ["human"]),
        # A payment or a contract stopped by the company; not the teller's own, nor a flight.
        ("De gemeente heeft mijn bijstand stopgezet.", ["automated_decision"]),
        ("The gym cancelled my membership without telling me.", ["automated_decision"]),
        ("I cancelled my subscription in March.", []),
        ("The agent stopped my direct debit.", ["human"]),
        ("Ryanair cancelled my flight.", []),
        ("Fourth attempt, finally got through.", ["human"]),
        ("In het filiaal kreeg ik na twintig minuten iemand.", ["hold", "human"]),
        ("Aan de balie van het gemeentehuis bleek alles in orde.", ["human"]),
        ("Opzeggen kan alleen aan de balie.", ["channel_switch"]),
        ("De kapotte meter werd binnen twee dagen vervangen.", ["resolved"]),
        ("My account was reinstated within a day.", ["resolved"]),
        # Done quickly, told by how it ended, or without a verb.
        ("Het omzetten lukte binnen een dag.", ["resolved"]),
        ("New card ready in five minutes.", ["resolved"]),
        ("Binnen een uur was mijn aansluiting weer actief.", ["resolved"]),
        ("Borg teruggeëist bij de verhuurder, binnen drie dagen terug.", ["resolved"]),
        ("Het zou binnen een week klaar zijn.", []),
        ("The bot handed me over to the billing team.", ["chatbot", "transfer"]),
        # After the tries, once.
        ("Na drie pogingen werd ik doorverbonden.", ["repeat_info", "transfer"]),
        # Put through with a split verb, in any tense.
        ("Hij verbindt me door naar de technische dienst.", ["transfer"]),
        ("Ze zetten je steeds door naar een ander nummer.", ["transfer"]),
        (
            "Ik werd doorverbonden met sales, die verbonden me terug met de receptie.",
            ["transfer", "transfer"],
        ),
        ("De meter wordt binnen twee dagen vervangen, zeggen ze.", []),
        ("De klantenservice zei: u krijgt het binnen een week terug.", []),
        # Documents and identity as people tell them.
        ("Ik heb een kopie van het contract gemaild.", ["upload_documents"]),
        ("They made me prove my identity with a selfie.", ["upload_documents", "log_in"]),
        # Sent elsewhere: another body, advice, a link, and again in the next clause.
        ("De bank verwees naar de notaris.", ["channel_switch"]),
        ("Ik kreeg het advies om een brief te schrijven.", ["channel_switch"]),
        ("Het antwoord was een link naar een formulier op hun site.", ["channel_switch"]),
        # Told verb-last, after whatever was said before it.
        (
            "De mevrouw legde me uitgebreid uit waarom het niet kon en dat ik de website moest "
            "gebruiken.",
            ["human", "channel_switch"],
        ),
        ("Uiteindelijk bleek dat we een formulier per post moesten aanvragen.", ["channel_switch"]),
        (
            "The garage told me to ring the dealer, and the dealer told me to ring the garage.",
            ["channel_switch", "channel_switch"],
        ),
        # The speaker before what they said; a person told by their order.
        (
            "Nu beweert een collega dat er nooit een afspraak is gemaakt.",
            ["human", "contradiction"],
        ),
        (
            "De eerste zei ja en de tweede zei precies het tegenovergestelde.",
            ["human", "contradiction"],
        ),
        # The person told to is part of the repetition; people counted are steps of their own.
        ("Ik moest het verhaal opnieuw vertellen aan de volgende medewerker.", ["repeat_info"]),
        (
            "Ik moest mijn verhaal opnieuw vertellen aan drie verschillende medewerkers.",
            ["repeat_info", "human", "human", "human"],
        ),
    ],
)
def test_more_forms_people_write(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        # A wait told by its length on a call, and a length that is something else's.
        ("Rang Outfox, 20 mins.", [("hold", 20)]),
        ("Gebeld: 1u10 wachten.", [("hold", 70)]),
        ("Telefonisch kreeg ik na 35 minuten iemand.", [("hold", 35), ("human", 0)]),
        ("Gebeld: eerst een keuzemenu van vier minuten.", [("phone_menu", 4)]),
        ("Ik belde om 9 uur.", []),
        # A length right before a queue or a line; "am waiting" is no minute of waiting.
        ("Bij het gemeentehuis: 40 minuten in de rij.", [("hold", 40)]),
        ("The pharmacy had a 25 min queue.", [("hold", 25)]),
        ("We waited 35m on hold.", [("hold", 35)]),
        ("I am waiting for an answer since two weeks.", []),
        # The person named before the wait on a call: the wait came first.
        ("Rang them, got a real person after about 5 mins.", [("hold", 5), ("human", 0)]),
        ("Ik belde en kreeg een medewerker na 20 minuten.", [("hold", 20), ("human", 0)]),
        ("Via de chat had ik een medewerker na 2 minuten.", [("human", 2)]),
        ("Called the council, after 25 min the lady said to wait.", [("hold", 25), ("human", 0)]),
        # A wait announced is the recorded message on a call, no time on hold; on a site nothing.
        ("Gebeld. Een stem: 'uw wachttijd is meer dan 40 minuten'.", [("phone_menu", 0)]),
        ("Ik belde, verwachte wachttijd 25 minuten.", [("phone_menu", 0)]),
        ("Rang the bank: the wait is over 45 minutes.", [("phone_menu", 0)]),
        ("The app said the waiting time was about two hours, so I gave up.", []),
        (
            "Ik belde en na een wachttijd van 40 minuten kreeg ik iemand.",
            [("hold", 40), ("human", 0)],
        ),
        # Cut off or put through after the wait: the wait came first.
        ("Rang them and got cut off after 40 mins on hold.", [("hold", 40), ("disconnected", 0)]),
        (
            "De verbinding werd verbroken na een uur in de wacht.",
            [("hold", 60), ("disconnected", 0)],
        ),
        ("They hung up on me after 20 mins on hold.", [("hold", 20), ("disconnected", 0)]),
        # Forum spelling: "thru".
        ("Rang, got thru to someone after 40mins.", [("hold", 40), ("human", 0)]),
        # The length told of the wait is the wait's, not the step's before it.
        ("Rang, got put through after 30 mins on hold.", [("hold", 30), ("transfer", 0)]),
        (
            "Ik werd twee keer doorverbonden en stond een uur in de wacht.",
            [("transfer", 0), ("transfer", 0), ("hold", 60)],
        ),
    ],
)
def test_a_wait_told_only_by_its_length(text, steps):
    assert [(s.kind, s.minutes) for s in extract(text)] == steps


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # Written to the company, in other words than a form.
        ("Emailed support about it.", ["fill_form"]),
        ("Raised a dispute in the app.", ["fill_form"]),
        ("Ik heb een review achtergelaten op Trustpilot.", ["fill_form"]),
        # Sent elsewhere, in other words.
        ("Sender says I must contact PostNL.", ["channel_switch"]),
        ("Refunds are online only.", ["channel_switch"]),
        ("De chat zegt ook: bel ons.", ["channel_switch"]),
        ("Rang the helpline, they say come into a branch.", ["channel_switch"]),
        ("Bij de bank zeggen ze: kom langs op het kantoor.", ["channel_switch"]),
        # A promise broken in other words, and one kept.
        ("Een ontvangstbevestiging bleef uit.", ["broken_promise"]),
        ("De installatiedatum is inmiddels vijfmaal verschoven.", ["broken_promise"] * 5),
        ("ABN AMRO belde me zelf terug zoals beloofd.", ["human"]),
        # Denied what the consumer sent; a decision that came by itself.
        ("Ze zeiden dat mijn brief niet was aangekomen.", ["contradiction"]),
        # Delivered, or done, by their word only.
        ("De vervoerder beweert dat het pakket is afgeleverd.", ["contradiction"]),
        ("Then a text came saying my order had been delivered.", ["contradiction"]),
        ("The courier claims it was delivered to a neighbour.", ["contradiction"]),
        ("Het is zogenaamd opgelost, maar de lekkage is er nog.", ["contradiction"]),
        ("My refund was supposedly sent last week.", ["contradiction"]),
        ("ING app blokkeerde mijn rekening.", ["automated_decision"]),
        # Information given again: sent again, tried again.
        ("Upload mislukt, 4x geprobeerd.", ["upload_documents", "repeat_info"]),
        ("Opnieuw ingediend, met dezelfde bijlagen.", ["repeat_info", "upload_documents"]),
        # Cut off in other words.
        ("The helpline plays a message and hangs up.", ["disconnected"]),
        ("Then the line closed at five and I was dropped.", ["disconnected"]),
        # Solved in other words.
        ("Ze stort het geld terug.", ["resolved"]),
        # A person told without an article or in the passive.
        ("Meneer zegt dat het goed komt.", ["human"]),
        ("Telefonisch werd mij verteld dat het geregeld was.", ["human", "resolved"]),
    ],
)
def test_steps_told_in_words_no_phrase_named_before(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Mijn buurman heeft vijf keer gebeld en werd drie keer afgekapt.", []),
        ("Onze bovenburen hebben twee keer het formulier opnieuw ingevuld.", []),
        ("A friend of mine says you get a real person fast if you shout at the menu.", []),
        ("My colleague was on hold for an hour, I got through in five minutes.", ["human"]),
        ("Mijn zus heeft voor mij gebeld en stond een uur in de wacht.", ["hold"]),
    ],
)
def test_someone_elses_story_is_not_the_tellers_steps(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Kon nergens een mens vinden.",
        "Geen enkel contact met een mens nodig gehad.",
        "Compensatie aangevraagd via hun formulier.",
        "The ticket was closed the same night as 'solved'.",
        "I would like to avoid the chatbot if possible.",
        "Het formulier kon alleen met DigiD, dat heeft ze niet.",
        "Our letting agent has ignored the damp for months.",
        "Geen persoonlijk antwoord gekregen.",
        "You can only cancel in person at the club.",
        "The site gives you no option to talk to an actual person.",
        "I said agent three times.",
        "The estate agent's listing showed a garden.",
    ],
)
def test_what_did_not_happen_is_no_step_of_its_kind(text):
    kinds = [s.kind for s in extract(text)]
    assert not {"human", "resolved", "chatbot", "log_in"} & set(kinds), kinds


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("Ik kreeg een aanmaning voor een rekening die ik al had voldaan.", False),
        ("Er kwam een herinnering voor een abonnement dat ik eerder had opgezegd.", False),
        ("De medewerker wilde mijn adres, dat ik al had doorgegeven.", True),
        ("Weer mijn gegevens gevraagd, die ze allang al hadden.", True),
    ],
)
def test_already_had_is_information_given_before_only_with_a_telling_verb(text, repeated):
    assert ("repeat_info" in [s.kind for s in extract(text)]) == repeated


@pytest.mark.parametrize(
    ("text", "promise"),
    [
        ("Inloggen ging niet, de verificatiecode kwam nooit binnen.", False),
        ("Tried to log in but the password reset link never arrived.", False),
        ("Ik heb om een nieuwe pincode gevraagd, die kwam niet.", False),
        ("De monteur kwam niet opdagen.", True),
        ("The refund never arrived.", True),
    ],
)
def test_a_code_that_never_came_is_no_promise_broken(text, promise):
    assert ("broken_promise" in [s.kind for s in extract(text)]) == promise


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Het aanvraagformulier bestond niet meer op de site.", False),
        ("Dat formulier is mij nooit toegestuurd.", False),
        ("The form was never received, they say.", False),
        ("No forms, no calls, the money was just back.", False),
        ("Het formulier ingevuld en verstuurd.", True),
        ("Filled in the form twice.", True),
    ],
)
def test_a_form_not_there_or_not_sent_is_not_filled_in(text, form):
    assert ("fill_form" in [s.kind for s in extract(text)]) == form


@pytest.mark.parametrize(
    ("text", "decided"),
    [
        ("I called about a blocked card.", False),
        ("The app froze twice while I was uploading.", False),
        ("Ik heb alles opgestuurd, maar de rekening is nog steeds geblokkeerd.", False),
        ("They want me to appeal the rejected claim in writing.", False),
        ("The bank froze my account without warning.", True),
        ("Got a rejection within a minute.", True),
    ],
)
def test_a_decision_named_as_a_state_or_an_app_that_hung_decided_nothing(text, decided):
    assert ("automated_decision" in [s.kind for s in extract(text)]) is decided


@pytest.mark.parametrize(
    "text",
    [
        "De medewerker zei dat er niks in het systeem stond over mijn opzegging.",
        "Volgens de winkel staat er nergens een retour in mijn dossier.",
        "Aan de telefoon: 'er is geen klacht geregistreerd'.",
        "The agent said my payment isn't on their system.",
    ],
)
def test_records_that_deny_what_the_consumer_did_are_a_contradiction(text):
    kinds = [s.kind for s in extract(text)]
    assert "contradiction" in kinds and "automated_decision" not in kinds, kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # Done already, by their word; the teller saying it already is no answer of theirs.
        ("De klantenservice zegt dat het pakket al is opgehaald.", ["contradiction"]),
        ("The shop said the refund had already been processed.", ["contradiction"]),
        ("Ik zei al dat het niet werkte.", []),
        ("Ze zeiden al mijn gegevens te hebben.", ["human"]),
        # Never had, by their word; never had by the teller is a promise broken.
        ("The agent said they never got my letter.", ["human", "contradiction"]),
        ("Ze zeiden dat ze het formulier nooit hadden gekregen.", ["contradiction"]),
        ("I never got it.", ["broken_promise"]),
        # A promise told after one broken in the sentence before is another promise.
        (
            "De monteur kwam niet. Daarna werd een nieuwe afspraak toegezegd.",
            ["broken_promise"] * 2,
        ),
        ("Ze zouden dinsdag bellen. Niemand belde.", ["broken_promise"]),
        # An answer given before, called wrong; not a screen's error.
        (
            "Een andere medewerker zei dat ik verkeerde informatie had gekregen.",
            ["human", "contradiction"],
        ),
        ("Volgens de winkel heeft de helpdesk het verkeerd verteld.", ["contradiction"]),
        ("The website gave me wrong information.", ["contradiction"]),
        ("Then it said the file type was wrong.", []),
        # The answer denied outright; not the teller's no.
        ("De winkel zegt nee, dat hebben wij nooit gezegd.", ["contradiction"]),
        ("The bank says no, it was never paid back.", ["contradiction"]),
        ("Ik zei nee, het hoeft niet.", []),
        # Nobody came, told verb first or in the present; not arrived in any tense.
        ("Op de afgesproken dag kwam er weer niemand.", ["broken_promise"]),
        ("Elke dinsdag komt er niemand.", ["broken_promise"]),
        ("Every week nobody comes.", ["broken_promise"]),
        ("Een monteur die niet kwam opdagen.", ["broken_promise"]),
        ("The replacement card did not arrive.", ["broken_promise"]),
        ("My new meter still hasn't arrived.", ["broken_promise"]),
        ("Toen ik belde wist niemand ervan.", ["contradiction"]),
    ],
)
def test_a_promise_or_an_answer_told_as_a_story(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A form named in someone else's words is their word, not a form filled in.
        ("Ze zei dat het formulier zoek was.", ["human"]),
        ("The man on the phone said the form had expired.", ["human"]),
        ("I filled in the claim form and they said it was fine.", ["fill_form", "human"]),
        (
            "Ik heb het formulier ingevuld en de medewerker zei dat het goed was.",
            ["fill_form", "human"],
        ),
        # A log-in named in someone else's words is theirs; "op te zeggen" is cancelling.
        ("De adviseur zei dat ik via een link moest inloggen.", ["human"]),
        ("Om mijn abonnement op te zeggen moest ik inloggen met DigiD.", ["log_in"]),
        ("Om het op te zeggen moest ik een formulier invullen.", ["fill_form"]),
        # A form told by its filling alone.
        ("Ik heb alles netjes ingevuld.", ["fill_form"]),
        ("I filled everything in and pressed send.", ["fill_form"]),
        ("Ik had nog niet alles ingevuld.", []),
        # A document not sent, or only asked for, is no upload; what follows it is its own.
        ("Ik heb nooit een foto van de schade gestuurd.", []),
        ("Ze vroegen om een kopie van mijn paspoort.", []),
        ("Sent them the screenshot, no reply.", ["upload_documents", "broken_promise"]),
        # What is mine named right after the again, in any spelling of "mijn".
        ("Bij de volgende medewerker opnieuw mn bsn.", ["human", "repeat_info"]),
        ("Elke keer weer m'n postcode en huisnummer opgeven.", ["repeat_info"]),
        ("The new agent, and again my account number.", ["human", "repeat_info"]),
        # A log-in counted is that many log-ins, unless a repetition in its clause tells the times.
        ("Had to log in three times.", ["log_in"] * 3),
        ("I had to redo the selfie four times.", ["log_in", "repeat_info"]),
        ("Ik heb vier keer opnieuw ingelogd.", ["log_in", "repeat_info"]),
        # Proving who one is, on a screen; a screen redone in the next sentence is its repetition.
        ("Eerst moest ik mijn identiteit bevestigen met iDIN.", ["log_in"]),
        ("Ik moet me elke keer opnieuw identificeren met itsme.", ["log_in"]),
        (
            "The app froze during identity verification. I had to redo the selfie three times.",
            ["log_in", "repeat_info"],
        ),
        # Exchanged, undone or proven right is a solution; "gelijk" as "at once" is not.
        ("De rechter gaf me gelijk.", ["resolved"]),
        ("Ze ruilden hem zonder discussie om.", ["resolved"]),
        ("De bank draaide de boeking terug.", ["resolved"]),
        ("De winkel heeft het toestel niet omgeruild.", []),
        ("Ik kreeg gelijk een medewerker aan de lijn.", ["human"]),
        # Told again with the Dutch verb split around the again; giving up again is no telling.
        ("Toen gaf ik mijn gegevens opnieuw door.", ["repeat_info"]),
        ("Ik legde alles weer uit aan de volgende.", ["repeat_info"]),
        ("Ik gaf het weer op.", []),
        # A screen inside its count of times is the screen, then the times again; once more is
        # the repetition alone.
        ("Ik heb het formulier drie keer ingevuld.", ["fill_form", "repeat_info"]),
        ("Ik moest drie keer mijn pincode invoeren.", ["log_in", "repeat_info"]),
        ("Ik heb het formulier nog een keer ingevuld.", ["repeat_info"]),
        # A Dutch verb split around what it tells, in any tense.
        ("Daarna logde ik weer in.", ["log_in"]),
        ("Eerst loggen we in op de site, dan vullen we alles in.", ["log_in", "fill_form"]),
        ("Ik vul het in, krijg een bevestiging, en dan niets.", ["fill_form", "broken_promise"]),
        ("Ik vulde het in de app in.", ["fill_form"]),
        ("Toen maakte ik een account aan op de site.", ["create_account"]),
        # A form pointed to is not filled in.
        ("Ze mailden een link naar het formulier.", ["channel_switch"]),
        # A plural with its apostrophe, documents named as "stukken", sent "inclusief" them.
        ("Schade aan de auto, foto's erbij.", ["upload_documents"]),
        (
            "Ik stuurde mijn aanvraag op, inclusief de verklaring van de werkgever.",
            ["upload_documents"],
        ),
        (
            "Alle stukken zijn opgestuurd, toch geen reactie.",
            ["upload_documents", "broken_promise"],
        ),
        # Asked for anything again by someone else is information given again; not a person.
        ("The new agent asked me for the order date twice.", ["human", "repeat_info"]),
        ("De verzekeraar vroeg opnieuw om de factuur.", ["repeat_info"]),
        ("Asked for a manager 3x.", []),
        # An account named by its brand, and an e-mail address confirmed; a bank account is none.
        (
            "Had to set up a Mijn Vattenfall account and confirm my email.",
            ["create_account", "log_in"],
        ),
        ("They opened a bank account for me.", []),
        ("They confirmed the email was received.", []),
        ("De medewerker vroeg nogmaals naar mijn klantnummer.", ["repeat_info"]),
        ("Ik heb het contract nogmaals per post opgestuurd.", ["repeat_info"]),
        # A question quoted is someone else's, not the teller's; describing again is telling again.
        ("Ik kreeg weer dezelfde vraag: 'Heeft u de stekker er al uitgehaald?'", ["repeat_info"]),
        ("Moest ik mijn klacht nog eens omschrijven?", []),
        ("Had to describe the fault again.", ["repeat_info"]),
        # Asked again, told verb-last; the teller asking again is no repetition.
        ("Daarna een collega die opnieuw om de bon vraagt.", ["human", "repeat_info"]),
        ("Toen ik er opnieuw naar vroeg, kreeg ik geen antwoord.", ["broken_promise"]),
    ],
)
def test_screens_as_people_tell_them(text, kinds):
    assert [s.kind for s in extract(text)] == kinds


@pytest.mark.parametrize(
    "text",
    [
        "Het stond gewoon niet in het systeem, zei de winkel.",
        "They said my booking isn't on the system.",
        "It's not on their system either.",
    ],
)
def test_what_is_in_the_system_was_not_decided_by_it(text):
    assert "automated_decision" not in [s.kind for s in extract(text)]


# Each journey of the columns (journeys/data/scenarios.json) as its consumer would tell it.
TOLD = {
    "webshop-headphones-bot": (
        "Mijn koptelefoon kraakte na twee weken. Tien minuten met de chatbot gepraat. Die vroeg "
        "drie keer dezelfde gegevens opnieuw, dat kostte nog vijf minuten. Daarna bleef de bot "
        "tien minuten rondjes draaien. Toen werd mijn zaak zonder uitleg gesloten. Per mail kreeg "
        "ik te horen dat het systeem mijn klantwaarde te laag vond."
    ),
    "airline-refund-cancelled-flight": (
        "Mijn vlucht werd geannuleerd. Om mijn geld terug te krijgen moest ik eerst een account "
        "aanmaken, tien minuten, en daarna inloggen, twee minuten. Ik heb mijn boekingsnummer vier "
        "keer moeten invullen. Toen een kwartier met de chatbot gepraat. Daarna kreeg ik twintig "
        "minuten een medewerker in de chat, die het hele verhaal opnieuw wilde horen. Daarna moest "
        "ik een formulier uploaden dat weer dezelfde vragen stelde. Per mail kreeg ik te horen dat "
        "mijn aanvraag was afgewezen door een automatische beoordeling, omdat de reis geannuleerd "
        "was: het tegenovergestelde van wat ik eerder hoorde. Aan de telefoon zei een computerstem dat ze geen vragen "
        "beantwoorden, en toen werd de verbinding verbroken."
    ),
    "bank-blocked-international-payment": (
        "Na een internationale betaling werd mijn rekening in de app automatisch geblokkeerd. "
        "Gebeld: eerst een keuzemenu van vier minuten, daarna 25 minuten in de wacht. Ik kreeg "
        "een medewerker aan de lijn. Die moest alles nog een keer horen en verbond me door. Daar "
        "zeiden ze dat ik een brief moest sturen."
    ),
    "washing-machine-outsourced-support": (
        "Gebeld over de wasmachine. Drie minuten in het keuzemenu, daarna 35 minuten in de wacht. "
        "De medewerker kon het niet beantwoorden en zette me twaalf minuten in de wacht. Daarna "
        "nog eens tien minuten in de wacht. Zijn antwoord paste niet bij mijn vraag, dat klopte "
        "niet. Toen hing hij op."
    ),
    "three-channels-three-answers": (
        "Gebeld over een fout op mijn rekening. Eerst het keuzemenu, daarna 18 minuten in de "
        "wacht. Een medewerker zei dat ik moest mailen. Ik heb een mail gestuurd en moest daarna "
        "alles opnieuw uitleggen. Het antwoord per mail was iets anders dan aan de telefoon. "
        "Toen zei de mail dat ik het via Twitter moest proberen. Op Twitter kreeg ik een ander "
        "verhaal. Ze zouden erop terugkomen, maar daarna niets meer."
    ),
    "password-reset-three-hours": (
        "Ik kon niet meer inloggen en moest mijn wachtwoord resetten. Daarvoor een formulier van "
        "een half uur. De verificatie van mijn identiteit mislukte, dus opnieuw beginnen. Ik heb "
        "mijn gegevens drie keer moeten invullen. Daarna bleef de chatbot veertig minuten "
        "rondjes draaien. Nog een formulier. Na drie uur kreeg ik een mail dat het opgelost was."
    ),
    "tax-office-queue": (
        "Gebeld met de belastingtelefoon. Vijf minuten keuzemenu, drie kwartier in de wacht. "
        "De medewerker verbond me door naar de verkeerde afdeling, twintig minuten in de wacht. "
        "Daar kreeg ik eindelijk een medewerker, en die heeft het opgelost."
    ),
    "pillar-to-post": (
        "Tien minuten met de chatbot gepraat. Hij begreep me niet en bleef rondjes draaien. Toen gebeld: keuzemenu, 22 minuten "
        "in de wacht. De medewerker zette me door naar een andere afdeling, die zette me weer "
        "door. Ik heb mijn verhaal drie keer moeten doen. Ze beloofden binnen 48 uur terug te "
        "bellen, dat is nooit gebeurd. Nu heb ik een formele klacht per aangetekende brief "
        "gestuurd."
    ),
    "good-service-three-rings": (
        "Binnen drie keer overgaan had ik een medewerker aan de telefoon die het meteen heeft "
        "opgelost."
    ),
}


@pytest.mark.parametrize("scenario", load_scenarios(), ids=lambda scenario: scenario["key"])
def test_each_journey_of_the_columns_told_in_words_gives_its_steps_in_order(scenario):
    steps = extract(TOLD[scenario["key"]])
    assert [(s.kind, s.channel) for s in steps] == [
        (step["kind"], step["channel"]) for step in scenario["steps"]
    ]


def test_the_stored_model_is_plain_arrays_for_real_kinds_and_fills_only_gaps():
    from journeys import step_classifier

    model = step_classifier._stored()
    kinds = model["kinds"]
    assert kinds and set(kinds) <= set(step_classifier.KINDS)
    assert model["weights"].shape == (len(kinds), len(model["vectorizer"].vocabulary_))
    assert len(model["intercepts"]) == len(model["cutoffs"]) == len(kinds)
    # Where the rules read a channel switch, the speaker is part of it: the model adds no person.
    text = "Aan de telefoon zeiden ze dat ik moest mailen."
    assert [s.kind for s in extract(text)] == ["channel_switch"]


@pytest.mark.parametrize(
    "text", ["Ik vulde alles opnieuw in.", "Daarna voerden we de code nog een keer in."]
)
def test_typed_again_with_the_verb_split_is_a_repetition_on_a_screen(text):
    assert [(s.kind, s.channel) for s in extract(text)] == [("repeat_info", Channel.WEB_FORM)]


@pytest.mark.parametrize(
    ("text", "repeats"),
    [
        ("Ik heb het drie keer verteld, en twee keer gebeld.", 2),
        # A count before what had to be done, in the infinitive.
        ("Ik moest het drie keer uitleggen.", 2),
        ("Mijn declaratie heb ik twee keer moeten indienen.", 1),
        ("Voor de derde keer mijn adres doorgegeven, de vorige twee keer kwijt.", 2),
    ],
)
def test_a_count_in_the_words_of_a_repetition_is_its_own(text, repeats):
    [repeat] = [s for s in extract(text) if s.kind == "repeat_info"]
    assert repeat.repeats == repeats


@pytest.mark.parametrize(
    "text",
    ["I made a bank transfer last week.", "They froze my own transfer to my savings account."],
)
def test_money_sent_is_no_call_put_through(text):
    assert "transfer" not in [s.kind for s in extract(text)]
