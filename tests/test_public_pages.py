import datetime
import re

import pytest
from django.utils import timezone

from journeys import leaderboards, pagecache
from journeys.demo import seed
from journeys.models import Journey, Reply
from tests.factories import CompanyFactory, JourneyFactory, StepFactory, UserFactory
from tests.leaderboard_data import build_companies
from tests.test_health import closed_port

PUBLIC_MAX_QUERIES = 6


@pytest.fixture
def published(db):
    """Two telecom companies and one bank, five reporters each; one telecom story."""
    owners = [UserFactory() for _ in range(5)]
    made = {}
    for name, sector, base in [
        ("Beltel", "telecom", 20),
        ("Kwaadnet", "telecom", 80),
        ("Spaarbank", "bank", 50),
    ]:
        company = CompanyFactory(name=name, sector=sector)
        for i, owner in enumerate(owners):
            journey = JourneyFactory(
                company=company,
                owner=owner,
                score=base + i,
                repetitions=3 * (i % 2),
                approved=True,
                started_on=timezone.localdate() - datetime.timedelta(days=40),
            )
            StepFactory(journey=journey, position=1, channel="chatbot" if i else "phone")
        made[name] = company
    JourneyFactory(
        company=made["Kwaadnet"],
        owner=owners[0],
        score=90,
        approved=True,
        story_consent=True,
        story="Call me on 0612345678, jan@example.nl",
        story_redacted="Call me on [telefoonnummer], [e-mail] <script>x</script>",
    )
    leaderboards.recompute_full()
    return made


def _board_order(html: str) -> list[str]:
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    return sorted(
        (name for name in ("Beltel", "Kwaadnet", "Spaarbank") if name in rows), key=rows.index
    )


def test_leaderboard_lists_the_most_friction_first(client, published):
    response = client.get("/leaderboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _board_order(html) == ["Kwaadnet", "Spaarbank", "Beltel"]
    assert "Companies sorted by friction score, highest first" in html
    assert "Least friction" in html and "Most friction" in html


def test_sort_links_sort_by_a_column_and_flip_it_with_and_without_htmx(client, published, htmx):
    html = client.get("/leaderboard/?sector=&sort=name").content.decode()
    assert _board_order(html) == ["Beltel", "Kwaadnet", "Spaarbank"]
    head = html[html.index("<thead") : html.index("</thead>")]
    # The current column links to the other direction and says how it is sorted.
    assert (
        '<th scope="col" aria-sort="ascending"><a class="sort-link" '
        'href="?sector=&amp;period=12m&amp;channel=&amp;sort=name&amp;order=desc"'
    ) in head
    # Another column starts in its own direction (a score from high to low).
    assert 'href="?sector=&amp;period=12m&amp;channel=&amp;sort=median&amp;order=desc"' in head
    assert 'hx-target="#board"' in head and head.count("hx-get=") == 7
    # The filter form carries the order, so changing a filter keeps it.
    assert '<input type="hidden" name="sort" value="name" form="board-filters">' in html
    flipped = client.get(
        "/leaderboard/?sector=&period=12m&channel=&sort=name&order=desc", **htmx
    ).content.decode()
    assert flipped.lstrip().startswith('<section id="board"')
    assert _board_order(flipped) == ["Spaarbank", "Kwaadnet", "Beltel"]
    assert 'aria-sort="descending"' in flipped
    least_first = client.get("/leaderboard/?sort=score&order=asc").content.decode()
    assert _board_order(least_first) == ["Beltel", "Spaarbank", "Kwaadnet"]
    nonsense = client.get("/leaderboard/?sort=<b>&order=up").content.decode()
    assert _board_order(nonsense) == ["Kwaadnet", "Spaarbank", "Beltel"]


def test_leaderboard_numbers_in_dutch_and_english_format(client, published, settings):
    from journeys.models import Cell

    Cell.objects.filter(company=published["Kwaadnet"], channel="", period="12m").update(
        journeys=2741, shrunk=62.74
    )
    english = client.get("/leaderboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">2,741</td>" in english and ">62.7</span>" in english
    dutch = client.get("/leaderboard/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert ">2.741</td>" in dutch and ">62,7</span>" in dutch
    assert "2741" not in dutch.split("<tbody>")[1].split("</tbody>")[0]


def test_leaderboard_sector_filter_is_bookmarkable_and_htmx_gets_only_the_board(
    client, published, htmx
):
    page = client.get("/leaderboard/?sector=bank").content.decode()
    assert "Spaarbank" in page and "Kwaadnet" not in page
    assert '<option value="bank" selected>' in page
    partial = client.get("/leaderboard/?sector=telecom", **htmx).content.decode()
    assert partial.lstrip().startswith('<section id="board"')
    assert "Kwaadnet" in partial and "Spaarbank" not in partial
    assert "<html" not in partial


def test_leaderboard_channel_and_unknown_filters(client, published):
    chatbot = client.get("/leaderboard/?channel=chatbot").content.decode()
    # Only four reporters used the chatbot at each company: under K, so nothing is shown.
    assert "No company has 5 or more distinct reporters" in chatbot
    nonsense = client.get("/leaderboard/?sector=<b>&period=1999Q1&channel=fax")
    assert nonsense.status_code == 200
    assert "Kwaadnet" in nonsense.content.decode()


def test_overlapping_intervals_show_rank_ranges(client, db):
    build_companies(12)
    html = client.get("/leaderboard/").content.decode()
    assert "–" in html.split('class="rank"')[1].split("</td>")[0]


def test_leaderboard_before_any_snapshot(client, db):
    response = client.get("/leaderboard/")
    assert "No figures have been published yet." in response.content.decode()


def test_company_page_shows_score_interval_charts_patterns_and_redacted_story(client, published):
    html = client.get("/companies/" + published["Kwaadnet"].slug + "/").content.decode()
    assert 'id="company-score"' in html
    assert "90% interval" in html
    assert html.count('role="img"') == 2
    assert '<title id="drivers-title">' in html and '<desc id="drivers-desc">' in html
    assert "Figures as a table" in html
    assert "of journeys had to repeat information at least 3 times" in html
    assert "[telefoonnummer]" in html and "0612345678" not in html
    assert "&lt;script&gt;" in html and "<script>x" not in html
    assert "@example.nl" not in html


def test_company_page_below_k_publishes_no_figure(client, published):
    small = CompanyFactory(name="Kleintje")
    for _ in range(4):
        JourneyFactory(company=small, approved=True, score=99)
    leaderboards.recompute_full()
    html = client.get("/companies/" + small.slug + "/").content.decode()
    assert "Fewer than 5 people" in html
    # A word-bounded match: the page's CSRF token is random and may hold "99" by chance.
    assert not re.search(r"\b99\b", html.split("<main")[1])
    assert "Kleintje" not in client.get("/leaderboard/").content.decode()


def test_pending_company_page_is_404(client, db):
    company = CompanyFactory(status="pending")
    assert client.get("/companies/" + company.slug + "/").status_code == 404


def test_company_list_searches_and_filters_by_sector(client, published, htmx):
    html = client.get("/companies/?q=kwaad").content.decode()
    assert "Kwaadnet" in html and "Beltel" not in html
    html = client.get("/companies/?sector=bank").content.decode()
    assert "Spaarbank" in html and "Beltel" not in html
    partial = client.get("/companies/?q=bel", **htmx).content.decode()
    assert partial.lstrip().startswith('<section id="results"') and "Beltel" in partial


def test_methodology_renders_the_weights_the_code_uses(client, db, settings):
    from journeys import scoring

    settings.FRICTIONLOG_K_MIN = 7
    html = client.get("/methodology/").content.decode()
    assert f"version {scoring.SCORE_VERSION}" in html
    assert "minimum 7 reporters" in html
    assert (
        '<th scope="row">Chatbot goes in circles, no way to a human</th><td class="num">10' in html
    )
    assert f"{leaderboards.SHRINK_M} reporters at the average" in html
    assert 'id="reply-figures"' in html
    assert f"at most {leaderboards.REPLY_DAYS} days after the journey" in html
    assert "only when at least 7 reporters judged a reply" in html


# (language, plain heading, details heading, rolling period, all channels, live chat, quarter,
# decimal sign, thousands separator)
METHODOLOGY_WORDS = [
    ("nl", "In het kort", "De statistiek in detail", "Afgelopen 12 maanden", "Alle kanalen",
     "Livechat", r"\d{4} K[1-4]", ",", "."),
    ("en", "In short", "The statistics in detail", "Last 12 months", "All channels",
     "Live chat", r"\d{4} Q[1-4]", ".", ","),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "plain", "details", "rolling", "every", "live_chat", "quarter", "point", "group"),
    METHODOLOGY_WORDS,
)
def test_methodology_speaks_plainly_first_and_names_what_its_tables_show(
    client,
    db,
    settings,
    django_assert_max_num_queries,
    language,
    plain,
    details,
    rolling,
    every,
    live_chat,
    quarter,
    point,
    group,
):
    seed(journeys=3000)  # the demo: every channel, and quarters, have a target
    leaderboards.recompute_full()
    settings.LANGUAGE_CODE = language
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        html = client.get("/methodology/").content.decode()
    # The plain words first, the statistics after them with the anchors other pages link to.
    marks = [
        plain,
        'id="what-the-score-means"',
        'id="why-ranges"',
        'id="one-voice"',
        'id="hidden"',
        details,
        'id="score"',
        'id="reply-figures"',
        'id="reply-clock"',
        'id="targets"',
        'id="release"',
    ]
    places = [html.index(mark) for mark in marks]
    assert places == sorted(places)
    assert html.count(plain) == 1
    tables = "".join(re.findall(r"<table.*?</table>", html, re.S))
    assert "<code>" not in tables
    for code in ("live_chat", "web_form", "social_media", "12m", "12M"):
        assert code not in tables, code
    assert not re.search(r"\d{4}Q\d", tables)
    targets = re.search(r'<table class="table" id="targets">.*?</table>', html, re.S).group(0)
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td class="num">([^<]*)</td>'
        r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>',
        targets,
    )
    # The last 12 months over all channels first, then its channels, then the quarters.
    assert rows[0][:2] == (rolling, every)
    assert (rolling, live_chat) in [row[:2] for row in rows]
    periods = [row[0] for row in rows]
    assert periods[: periods.count(rolling)] == [rolling] * periods.count(rolling)
    assert all(re.fullmatch(quarter, period) for period in periods if period != rolling)
    assert len(set(periods)) > 2
    for _period, _channel, mean, spread, voices in rows:
        # One decimal, in the language's own notation; whole counts of voices, grouped.
        assert re.fullmatch(rf"\d{{1,3}}\{point}\d", mean), mean
        assert re.fullmatch(rf"\d{{1,3}}\{point}\d", spread), spread
        assert re.fullmatch(rf"\d{{1,3}}(\{group}\d{{3}})*", voices), voices
    assert any(group in voices for *_figures, voices in rows)


def test_robots_txt_keeps_crawlers_out_of_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /journeys/" in response.content.decode()


def test_every_public_page_uses_a_constant_number_of_queries_with_2000_companies(
    client, db, django_assert_max_num_queries
):
    companies = build_companies(2000)
    urls = [
        "/",
        "/leaderboard/",
        "/leaderboard/?sector=bank&page=2",
        "/leaderboard/?channel=phone",
        "/companies/",
        "/companies/?q=bulk 01&sector=bank",
        f"/companies/{companies[1234].slug}/",
        "/methodology/",
    ]
    for url in urls:
        with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(4):  # cached figures: fewer still
            assert client.get(url).status_code == 200
    assert "Bulk 1234" in client.get(f"/companies/{companies[1234].slug}/").content.decode()


def test_public_pages_and_the_api_still_answer_when_the_cache_is_unreachable(
    client, db, settings, caplog
):
    """Redis down: every cached read is a miss and every write is dropped, never a 500."""
    companies = build_companies(3)
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    pagecache.clear_local()
    slug = companies[0].slug
    for url in ("/", "/leaderboard/", f"/companies/{slug}/", "/methodology/", "/companies/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert companies[0].name in client.get("/leaderboard/").content.decode()
    api = client.get("/api/v1/leaderboard")
    assert api.status_code == 200
    assert {c["company"]["slug"] for c in api.json()["companies"]} == {c.slug for c in companies}
    assert client.get(f"/api/v1/companies/{slug}").status_code == 200
    assert "Could not" in caplog.text


def test_the_accessibility_statement_is_public_and_in_both_languages(client, db, settings):
    body = client.get("/toegankelijkheid/").content.decode()
    assert "WCAG" in body and "axe-core" in body
    settings.LANGUAGE_CODE = "nl"
    body = client.get("/toegankelijkheid/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Toegankelijkheidsverklaring" in body
    assert (
        'href="/toegankelijkheid/"' in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )


def test_the_leaderboard_pages_keep_their_filters_with_and_without_htmx(client, db, htmx):
    build_companies(120)
    html = client.get("/leaderboard/?channel=&utm_source=mail").content.decode()
    nav = html[html.index('<nav class="pager"') :]
    nav = nav[: nav.index("</nav>")]
    # The htmx attributes once, on the nav; the links carry the filters and nothing else.
    assert 'hx-target="#board"' in nav and nav.count("hx-target") == 1
    assert (
        'href="?sector=&amp;period=12m&amp;channel=&amp;sort=score&amp;order=desc&amp;page=2"'
        in nav
    )
    assert "utm_source" not in nav
    second = client.get("/leaderboard/?sector=&period=12m&channel=&page=2", **htmx)
    fragment = second.content.decode()
    assert fragment.lstrip().startswith('<section id="board"')
    assert "Page 2 of 3" in fragment
    assert "page=1" in fragment and "page=3" in fragment


def test_reply_figures_on_the_company_page_and_the_leaderboard_at_no_extra_query(
    client, published, settings, django_assert_max_num_queries
):
    """Beltel replied to four of its five reporters' journeys (two within 15 days); the fifth got
    "no reply intended". All four replies were judged: resolved 3 of 4, ratings 5, 4, 4 and 3."""
    beltel = published["Beltel"]
    journeys = list(Journey.objects.filter(company=beltel).order_by("score"))
    start = timezone.now() - datetime.timedelta(days=30)
    Journey.objects.filter(company=beltel).update(published_at=start)
    outcomes = [(5, 5, True), (5, 4, True), (20, 4, False), (20, 3, True)]
    for made, (days, rating, resolved) in zip(journeys, outcomes, strict=False):
        Reply.objects.create(
            journey=made,
            company=beltel,
            category="closed_explanation",
            text="Antwoord",
            state="published",
            published_at=start + datetime.timedelta(days=days),
            rating=rating,
            resolved=resolved,
            rated_at=start + datetime.timedelta(days=days + 1),
        )
    Reply.objects.create(
        journey=journeys[4],
        company=beltel,
        category="no_reply",
        state="published",
        published_at=start,
    )
    leaderboards.recompute_full()
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        html = client.get(f"/companies/{beltel.slug}/").content.decode()
    figures = html.split('id="reply-figures"')[1].split("</section>")[0]
    assert '<dd data-figure="reply_rate">80% <span class="meta">(5 reporters)' in figures
    assert '<dd data-figure="reply_15d_rate">40%</dd>' in figures
    # Four reporters judged a reply: under K = 5, the judgements stay unpublished.
    assert "Too few reporters: 4 judged a reply, at least 5 are needed." in figures
    assert "Too few reporters: 4 rated a reply, at least 5 are needed." in figures
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        board = client.get("/leaderboard/").content.decode()
    assert '<td class="num" data-label="Replied">80%</td>' in board
    assert board.count('data-label="Replied">0%</td>') == 2

    settings.FRICTIONLOG_K_MIN = 4
    leaderboards.recompute_full()
    pagecache.forget_snapshot()  # what publishing does on commit, which this test never reaches
    with django_assert_max_num_queries(PUBLIC_MAX_QUERIES):
        html = client.get(f"/companies/{beltel.slug}/").content.decode()
    figures = html.split('id="reply-figures"')[1].split("</section>")[0]
    assert '75% <span class="meta">(4 reporters judged a reply)' in figures
    assert '4.0/5 <span class="meta">(4 reporters rated a reply)' in figures
    assert "Too few" not in figures
    client.cookies["django_language"] = "nl"
    html = client.get(f"/companies/{beltel.slug}/").content.decode()
    assert "Recht op weerwoord" in html and "4,0/5" in html


def test_the_trend_chart_names_the_minimum_of_reporters_and_why_quarters_are_missing(
    client, published
):
    """It said "at least K reporters", a literal K."""
    url = "/companies/" + published["Kwaadnet"].slug + "/"
    english = client.get(url).content.decode()
    desc = english[english.index('<desc id="trend-desc">') : english.index("</desc>")]
    assert "at least 5 reporters" in desc and " K " not in desc
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    desc = dutch[dutch.index('<desc id="trend-desc">') : dutch.index("</desc>")]
    assert "minstens 5 melders" in desc and " K " not in desc
