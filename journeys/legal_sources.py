"""The legal texts the company page quotes where most reporters never reached a human: each
quoted word for word as the named page reproduces it, with what it asks of whom, and nothing
more. frictionlog's figures say whether reporters reached a human; they do not say that a
company broke a rule, and no text here says a company must offer a human.

Art. 6:230m BW and the joint position of the AP and the ACM on chatbots in customer service
(October 2025) are not quoted: their wording could not be read verbatim at a source when this
was written, and a paraphrase is not a quote. Add them here only word for word, with their
page.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .routes import Source


@dataclass(frozen=True)
class Quote:
    citation: str  # the provision, as lawyers cite it (Dutch)
    parts: tuple[str, ...]  # its words, verbatim; consecutive parts are elided between ("…")
    source: Source  # the page the words were read from
    scope: Promise  # whom it binds and what it asks of them, in the reader's language


BW_3_15D = Quote(
    citation="Artikel 3:15d lid 1 BW",
    parts=(
        "Degene die een dienst van de informatiemaatschappij verleent, maakt de volgende "
        "gegevens gemakkelijk, rechtstreeks en permanent toegankelijk voor degenen die gebruik "
        "maken van deze dienst, in het bijzonder om informatie te verkrijgen of toegankelijk "
        "te maken:",
        "gegevens die een snel contact en een rechtstreekse en effectieve communicatie met hem "
        "mogelijk maken, met inbegrip van zijn elektronische postadres;",
    ),
    source=Source(
        "Sdu: Burgerlijk Wetboek Boek 3, artikel 15d (tekst van de regeling)",
        "https://www.sdu.nl/content/commentaar-op-burgerlijk-wetboek-boek-3-art-15d-vermogensrecht",
    ),
    scope=_(
        "Whom it binds: whoever provides an information society service (such as a website or "
        "web shop). What it asks: to make contact details easily, directly and permanently "
        "accessible that allow rapid contact and direct and effective communication, including "
        "an e-mail address. It does not say that the contact must be with a human, and these "
        "figures do not show that a company breaks it."
    ),
)

# Quoted on the company page with the marker that most reporters never reached a human.
REACH_A_HUMAN = (BW_3_15D,)
