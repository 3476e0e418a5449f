"""The "Reach a human" card of the company page and `reach_a_human` in the company API: the
company's published 12-month cells, all channels and per channel, in numbers a reader can check
by hand, with a marker and the rules on being reachable where most reporters never reached a
human."""

import json
from pathlib import Path

import jsonschema_rs
import pytest

from journeys import leaderboards, legal_sources
from journeys.models import Cell, Snapshot, channel_mask
from tests.factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory
from tests.test_public_pages import PUBLIC_MAX_QUERIES

QUOTE = legal_sources.BW_3_15D.parts[1]
# A company answer as journeys/openapi.json describes it (an OpenAPI 3.1 schema is JSON Schema
# 2020-12). tests/test_schemathesis.py rarely reaches a published company, so it is checked here.
SPEC = json.loads((Path(__file__).parent.parent / "journeys" / "openapi.json").read_text())
COMPANY_ANSWER = jsonschema_rs.Draft202012Validator(
    {"$ref": "#/components/schemas/Company", "components": SPEC["components"]}
)


def _journey(company, owner, channels, minutes=None):
    """A published journey that used `channels`; it reached a human after `minutes`, or never."""
    made = JourneyFactory(
        company=company,
        owner=owner,
        approved=True,
        score=50,
        channel_mask=channel_mask(channels),
        reached_human=minutes is not None,
        minutes_to_human=minutes,
    )
    for position, channel in enumerate(channels, start=1):
        StepFactory(journey=made, position=position, channel=channel)


@pytest.fixture
def planted(db):
    """Belbot: ten reporters by phone, five of them also through the chatbot. By phone only,
    three reached a human (after 5, 15 and 25 minutes); of the five who also used the chatbot,
    one (after 40). Two more used e-mail: under K = 5, so that channel is withheld.
    Mensbank: six reporters by live chat, three of whom reached a human (5, 15, 25 minutes)."""
    belbot = CompanyFactory(name='Bel<b>bot</b> & "Co"', sector="telecom")
    for minutes in (5, 15, 25, None, None):
        _journey(belbot, UserFactory(), ["phone"], minutes)
    for minutes in (40, None, None, None, None):
        _journey(belbot, UserFactory(), ["phone", "chatbot"], minutes)
    for _ in range(2):
        _journey(belbot, UserFactory(), ["phone", "email"])
    mensbank = CompanyFactory(name="Mensbank", sector="bank")
    for minutes in (5, 15, 25, None, None, None):
        _journey(mensbank, UserFactory(), ["live_chat"], minutes)
    leaderboards.recompute_full()
    return {"belbot": belbot, "mensbank": mensbank}


def _card(html: str) -> str:
    return html.split('id="reach-human"')[1].split("</section>")[0]


def test_the_card_shows_the_shares_the_minutes_and_each_channel_by_its_label(
    client, planted, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        html = client.get(f"/companies/{planted['belbot'].slug}/").content.decode()
    card = _card(html)
    assert "Reach a human, last 12 months" in card
    # Ten voices (the two e-mail journeys are withheld): four reached a human.
    assert '<dd data-figure="reached_rate">40% <span class="meta">(10 reporters)' in card
    assert '<dd data-figure="no_human_rate">60%</dd>' in card
    assert '<dd data-figure="median_minutes_to_human">20</dd>' in card
    rows = card.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index('<th scope="row">Phone</th>') < rows.index('<th scope="row">Chatbot</th>')
    phone = rows.split('data-channel="phone">')[1].split("</tr>")[0]
    assert ">40%</td>" in phone and ">20</td>" in phone and ">10</td>" in phone
    chatbot = rows.split('data-channel="chatbot">')[1].split("</tr>")[0]
    assert ">20%</td>" in chatbot and ">40</td>" in chatbot and ">5</td>" in chatbot
    # E-mail was used by two reporters: no row, and the card says why.
    assert "E-mail" not in card and 'data-channel="email"' not in card
    assert "A channel used by fewer than 5 reporters is left out" in card


def test_most_never_reached_a_human_is_marked_in_words_with_the_law_quoted(client, planted):
    card = _card(client.get(f"/companies/{planted['belbot'].slug}/").content.decode())
    marker = card.split('data-marker="most-never-reached">')[1].split("</p>")[0]
    assert "Most reporters never reached a human." in marker
    assert "60% of their journeys with Bel&lt;b&gt;bot&lt;/b&gt; &amp; &quot;Co&quot;" in marker
    assert "<b>bot</b>" not in card
    assert "What the law asks" in card
    assert f'<blockquote lang="nl" cite="{legal_sources.BW_3_15D.source.url}">' in card
    assert QUOTE in card
    assert "Artikel 3:15d lid 1 BW" in card
    assert "It does not say that the contact must be with a human" in card


def test_half_never_reaching_a_human_is_not_most(client, planted):
    card = _card(client.get(f"/companies/{planted['mensbank'].slug}/").content.decode())
    assert '<dd data-figure="reached_rate">50% ' in card
    assert '<dd data-figure="median_minutes_to_human">15</dd>' in card
    assert '<th scope="row">Live chat</th>' in card and "live_chat</th>" not in card
    assert "data-marker" not in card
    assert "What the law asks" not in card and QUOTE not in card


def test_the_card_in_dutch(client, planted):
    client.cookies["django_language"] = "nl"
    card = _card(client.get(f"/companies/{planted['belbot'].slug}/").content.decode())
    assert "Een mens bereiken, afgelopen 12 maanden" in card
    assert "<dt>Een mens gesproken</dt>" in card
    assert '<dd data-figure="reached_rate">40% <span class="meta">(10 melders)' in card
    assert '<th scope="row">Telefoon</th>' in card
    assert "De meeste melders hebben nooit een mens gesproken." in card
    assert "60% van hun klantreizen met Bel&lt;b&gt;bot&lt;/b&gt;" in card
    assert "Wat de wet vraagt" in card and QUOTE in card
    assert "Een kanaal dat minder dan 5 melders gebruikten, blijft weg" in card


def test_a_snapshot_permalink_keeps_its_own_card(client, planted, django_assert_max_num_queries):
    mensbank = planted["mensbank"]
    before = Snapshot.objects.get(is_current=True)
    for _ in range(3):
        _journey(mensbank, UserFactory(), ["live_chat"])
    leaderboards.recompute_full()
    current = _card(client.get(f"/companies/{mensbank.slug}/").content.decode())
    assert '<dd data-figure="no_human_rate">67%</dd>' in current
    assert "data-marker" in current and QUOTE in current
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        html = client.get(f"/snapshots/{before.pk}/companies/{mensbank.slug}/").content.decode()
    frozen = _card(html)
    assert '<dd data-figure="no_human_rate">50%</dd>' in frozen
    assert "data-marker" not in frozen and QUOTE not in frozen


def test_a_company_under_k_has_no_card(client, planted):
    small = CompanyFactory(name="Kleintje")
    for _ in range(4):
        _journey(small, UserFactory(), ["phone"])
    leaderboards.recompute_full()
    html = client.get(f"/companies/{small.slug}/").content.decode()
    assert 'id="reach-human"' not in html
    assert client.get(f"/api/v1/companies/{small.slug}").json()["reach_a_human"] is None


def test_the_api_gives_the_same_figures_as_the_cells(client, planted):
    belbot = planted["belbot"]
    snapshot = Snapshot.objects.get(is_current=True)
    cells = {
        c.channel: c for c in Cell.objects.filter(snapshot=snapshot, company=belbot, period="12m")
    }
    assert set(cells) == {"", "phone", "chatbot"}
    answer = client.get(f"/api/v1/companies/{belbot.slug}").json()
    COMPANY_ANSWER.validate(answer)
    reach = answer["reach_a_human"]
    assert reach == {
        "reached_rate": 1 - cells[""].no_human_rate,
        "no_human_rate": cells[""].no_human_rate,
        "median_minutes_to_human": cells[""].median_minutes_to_human,
        "reporters": cells[""].reporters,
        "most_never": True,
        "channels": [
            {
                "channel": channel,
                "reached_rate": 1 - cells[channel].no_human_rate,
                "median_minutes_to_human": cells[channel].median_minutes_to_human,
                "reporters": cells[channel].reporters,
            }
            for channel in ("phone", "chatbot")
        ],
    }
    assert (reach["reached_rate"], reach["median_minutes_to_human"]) == (pytest.approx(0.4), 20)
    assert reach["channels"][1]["reached_rate"] == pytest.approx(0.2)
    mensbank = client.get(f"/api/v1/companies/{planted['mensbank'].slug}").json()
    assert mensbank["reach_a_human"]["most_never"] is False
    old = client.get(f"/api/v1/snapshots/{snapshot.pk}/companies/{belbot.slug}").json()
    assert old["reach_a_human"] == reach
