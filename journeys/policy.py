"""The short published content policy: the grounds a moderator may give for removing, hiding
or restricting a story or a reply. `/transparantie/` publishes this table as it is; every
statement of reasons names one of its grounds and links to it; the transparency figures count
decisions by it."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Ground:
    code: str
    label: Promise
    rule: Promise


GROUNDS = (
    Ground(
        "personal_data",
        _("Contains personal details we cannot remove"),
        _(
            "We publish no one's name, address, number or other personal details. We hide what "
            "we can; a story that cannot be told without them is not published."
        ),
    ),
    Ground(
        "offensive",
        _("Offensive or defamatory language"),
        _(
            "Describe what happened, not what people are. Insults, threats and accusations of "
            "crimes against named or recognisable people are not published."
        ),
    ),
    Ground(
        "not_customer_service",
        _("Not about a customer-service experience"),
        _(
            "frictionlog is about contact with a company's customer service: what it took to "
            "get an answer. Reviews of products and opinions on prices are not."
        ),
    ),
    Ground(
        "implausible",
        _("Steps, dates or minutes do not add up"),
        _(
            "The figures count what a journey's steps say. Steps whose dates, minutes or order "
            "cannot have happened are not counted."
        ),
    ),
    Ground(
        "duplicate",
        _("Duplicate of another journey"),
        _("One experience counts once: a second report of the same journey is not published."),
    ),
    Ground(
        "wrong_company",
        _("Wrong or unknown company"),
        _(
            "A journey counts for the company it happened with. One about a company we cannot "
            "identify waits until the company is chosen."
        ),
    ),
    Ground(
        "harmful",
        _("Harmful or illegal"),
        _(
            "Content that breaks the law or harms someone is not published. A story a company "
            "reports as such is hidden at once, before anyone has judged it, until a moderator "
            "decides."
        ),
    ),
    Ground(
        "spam",
        _("Spam or advertising"),
        _("Advertising, links to sell something and text without a journey are removed."),
    ),
    Ground(
        "other",
        _("Other reason (explained below)"),
        _(
            "Anything else that makes publishing wrong, such as a court order; the moderator "
            "always explains it in their own words."
        ),
    ),
)
BY_CODE = {ground.code: ground for ground in GROUNDS}

# How long after a decision its author may appeal (the DSA asks for at least six months).
APPEAL_MONTHS = 6
