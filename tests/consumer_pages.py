"""Every page a consumer uses, with the data that fills it: for the phone test's screenshots
(tests/test_browser_mobile.py) and the page-weight bench (bench/page_weight.py)."""

from django.urls import reverse

from journeys import letters, services
from journeys.models import Company

from .factories import CompanyFactory, JourneyFactory, UserFactory

STEPS = (
    ("create_account", "web_form", 10, 0),
    ("repeat_info", "web_form", 5, 3),
    ("chatbot_loop", "chatbot", 15, 0),
    ("hold", "phone", 40, 0),
    ("escalated", "letter", 0, 0),
)


def log_steps(journey, steps):
    """Each (kind, channel, minutes, repeats) logged on the journey's first day, as the step
    form would; returns the last step."""
    for kind, channel, minutes, repeats in steps:
        step = services.step_add(
            journey=journey,
            kind=kind,
            channel=channel,
            occurred_on=journey.started_on,
            minutes=minutes,
            repeats=repeats,
            note="Boekingsnummer vier keer ingevuld." if repeats else "",
        )
    return step


def consumer_pages(email: str = "mobiel@example.nl"):
    """A consumer with a logged journey (steps, a consented story, a letter) and an empty one;
    returns the consumer and {page name: URL}."""
    company = Company.objects.filter(name="AirlineGo").first() or CompanyFactory(
        name="AirlineGo", sector="travel"
    )
    consumer = UserFactory(email=email)
    journey = JourneyFactory(
        owner=consumer,
        company=company,
        goal="refund",
        status="unresolved",
        story="Ik sprak met Wubbe. Mijn boekingsnummer moest ik vier keer geven.",
        story_consent=True,
    )
    step = log_steps(journey, STEPS)
    empty = JourneyFactory(owner=consumer, company=company, goal="cancel_contract")
    letter = letters.letter_create(journey=journey, kind="complaint", language="nl")
    pk = journey.pk
    return consumer, {
        "journeys": reverse("journey_list"),
        "journey-new": reverse("journey_create"),
        "journey-empty": empty.get_absolute_url(),
        "journey": journey.get_absolute_url(),
        "journey-edit": reverse("journey_edit", args=[pk]),
        "step-edit": reverse("step_edit", args=[pk, step.pk]),
        "journey-delete": reverse("journey_delete", args=[pk]),
        "timeline": reverse("journey_timeline", args=[pk]),
        "handover": reverse("journey_handover", args=[pk]),
        "letter-new": reverse("letter_new", args=[pk]),
        "letter": letter.get_absolute_url(),
        "letter-print": reverse("letter_print", args=[pk, letter.pk]),
        "account-delete": reverse("account_delete"),
        "company-claim": reverse("company_claim", args=[company.slug]),
    }
