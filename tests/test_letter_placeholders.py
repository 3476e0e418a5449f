"""The letter page names what a letter still leaves in [brackets] before it is printed or
downloaded (journeys/views/letters.py, letter_edit.html)."""

from django.urls import reverse

from journeys import letters

from .factories import JourneyFactory, StepFactory


def _letter(consumer, airline):
    journey = JourneyFactory(owner=consumer, company=airline, goal="refund")
    StepFactory(journey=journey, position=1, kind="hold", channel="phone")
    return letters.letter_create(journey=journey, kind="complaint", language="en")


def test_the_placeholders_left_in_a_letter_are_named_beside_print_and_download(
    consumer_client, consumer, airline
):
    letter = _letter(consumer, airline)
    letter.body = "Dear Sir,\nPay [amount] to [IBAN] now. [IBAN] again.\n[your name]"
    letter.save(update_fields=["body"])
    page = consumer_client.get(letter.get_absolute_url()).content.decode()
    notice = page[page.index('id="placeholders"') : page.index("</section>")]
    named = [part.split("</strong>")[0] for part in notice.split("<strong>")[1:]]
    assert set(named) >= {"[amount]", "[IBAN]", "[your name]"}
    assert named.count("[IBAN]") == 1
    # Print and download are offered only there, as writing them in by hand.
    pdf = reverse("letter_pdf", args=[letter.journey_id, letter.pk])
    assert page.count(f'href="{pdf}"') == 1 and f'href="{pdf}"' in notice
    assert "I will write them by hand" in notice


def test_a_filled_in_letter_prints_without_a_word(consumer_client, consumer, airline):
    letter = _letter(consumer, airline)
    for field in ("sender", "recipient", "subject", "body"):
        setattr(letter, field, "Filled in, nothing left.")
    letter.save()
    page = consumer_client.get(letter.get_absolute_url()).content.decode()
    assert 'id="placeholders"' not in page
    assert f'href="{reverse("letter_pdf", args=[letter.journey_id, letter.pk])}"' in page
