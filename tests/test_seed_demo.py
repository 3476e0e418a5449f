import re

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from journeys import leaderboards, services
from journeys.demo import (
    COMPANIES,
    DEMO_CONSUMER,
    DEMO_MODERATOR,
    DEMO_PASSWORD,
    GOOD_STORIES,
    STORIES,
    seed,
)
from journeys.models import (
    Cell,
    Company,
    CompanyAlias,
    Journey,
    Reply,
    Representative,
    Sector,
    Step,
    User,
)
from journeys.privacy import redact
from journeys.scoring import DRIVER_FIELDS

from .factories import CompanyFactory

SCORE_COLUMNS = ["score", "score_version", *DRIVER_FIELDS, "channel_mask"]


def test_seed_demo_loads_journeys_with_steps_in_every_sector(db, capsys):
    call_command("seed_demo", journeys=300)
    assert Journey.objects.filter(owner__email__startswith="demo-reporter-").count() == 300
    assert Step.objects.count() > 3 * 300
    assert set(Company.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert Company.objects.count() == len(COMPANIES) >= 49
    assert not Company.objects.exclude(status="active").exists()
    assert not Company.objects.filter(website_domain="").exists()
    assert Company.objects.get(name="ShopZara").aliases.filter(name="shopzara.nl").exists()
    approved = Journey.objects.filter(moderation_state="approved").count()
    assert 0.8 * 300 < approved < 300
    assert Journey.objects.filter(moderation_state="pending").exists()
    out = capsys.readouterr().out
    assert "Loaded 300 journeys" in out
    assert DEMO_CONSUMER in out and DEMO_PASSWORD in out


def test_seeded_scores_equal_what_the_app_stores_after_a_rescore(db):
    call_command("seed_demo", journeys=80)
    seeded = {j["pk"]: j for j in Journey.objects.values("pk", *SCORE_COLUMNS)}
    assert len({j["score"] for j in seeded.values()}) > 5
    # journey_update without changes recomputes every score column the way the app does.
    for journey in Journey.objects.all():
        services.journey_update(journey=journey)
    rescored = {j["pk"]: j for j in Journey.objects.values("pk", *SCORE_COLUMNS)}
    assert rescored == seeded


def test_no_date_is_in_the_future_or_before_the_journey(db):
    call_command("seed_demo", journeys=200)
    today = timezone.localdate()
    now = timezone.now()
    assert not Journey.objects.filter(started_on__gt=today).exists()
    assert not Journey.objects.filter(submitted_at__gt=now).exists()
    assert not Journey.objects.filter(created_at__gt=now).exists()
    for step in Step.objects.select_related("journey"):
        assert step.journey.started_on <= step.occurred_on <= today
    started = Journey.objects.values_list("started_on", flat=True)
    assert (today - min(started)).days > 365


def test_every_company_has_enough_reporters_to_be_published(db):
    # Exactly the number of journeys the guaranteed rounds need: the tightest case.
    journeys = len(COMPANIES) * (settings.FRICTIONLOG_K_MIN + 1)
    call_command("seed_demo", journeys=journeys)
    for company in Company.objects.all():
        reporters = (
            Journey.objects.filter(company=company, moderation_state="approved")
            .values("owner")
            .distinct()
            .count()
        )
        assert reporters >= settings.FRICTIONLOG_K_MIN, company.name


def test_reporters_log_several_journeys_each(db):
    result = seed(journeys=600)
    assert result.reporters == 200
    assert User.objects.filter(email__startswith="demo-reporter-").count() == 200
    busiest = (
        User.objects.filter(email__startswith="demo-reporter-")
        .annotate(n=Count("journeys"))
        .order_by("-n")
        .first()
    )
    assert busiest.n >= 5
    assert not busiest.has_usable_password()
    assert busiest.email.endswith("@example.invalid")
    assert busiest.email_verified_at is not None


def test_if_empty_loads_once(db, capsys):
    call_command("seed_demo", journeys=50, if_empty=True)
    call_command("seed_demo", journeys=50, if_empty=True)
    assert Journey.objects.filter(owner__email__startswith="demo-reporter-").count() == 50
    assert "nothing loaded" in capsys.readouterr().out


def test_seeding_again_reuses_companies_and_aliases(db):
    existing = CompanyFactory(name="Telvo", sector="telecom")
    call_command("seed_demo", journeys=30)
    call_command("seed_demo", journeys=30, seed=7)
    assert Company.objects.count() == len(COMPANIES)
    assert Company.objects.filter(name="Telvo").get() == existing
    assert CompanyAlias.objects.filter(name="Shop Zara").count() == 1
    assert Journey.objects.filter(owner__email__startswith="demo-reporter-").count() == 60
    assert Journey.objects.filter(owner__email=DEMO_CONSUMER).count() == 3


def test_demo_accounts_can_log_in_and_find_journeys_to_work_on(client, db):
    call_command("seed_demo", journeys=20)
    assert client.login(username=DEMO_CONSUMER, password=DEMO_PASSWORD)
    mine = Journey.objects.filter(owner__email=DEMO_CONSUMER)
    assert mine.count() == 3
    assert set(mine.values_list("moderation_state", flat=True)) <= {"draft", "pending"}
    assert all(j.steps.exists() for j in mine)
    moderator = User.objects.get(email=DEMO_MODERATOR)
    assert moderator.check_password(DEMO_PASSWORD)
    assert moderator.groups.filter(name="moderators").exists()
    assert User.objects.get(email=DEMO_CONSUMER).email_verified_at is not None


def test_stories_are_consented_and_redacted(db):
    call_command("seed_demo", journeys=300)
    with_story = Journey.objects.exclude(story="")
    assert with_story.exists()
    told_about = {story: kind for kind, stories in STORIES.items() for story in stories}
    for journey in with_story.prefetch_related("steps"):
        assert journey.story_consent
        assert journey.story_redacted == redact(journey.story).text
        # A story tells of something that happened in its journey.
        if journey.story in GOOD_STORIES:
            assert journey.status == "resolved" and journey.score < 25
        elif journey.story in told_about:
            assert told_about[journey.story] in {step.kind for step in journey.steps.all()}


def test_ids_run_on_after_seeding_and_are_never_reused(db):
    seed(journeys=40)
    last = Journey.objects.order_by("-pk").first()
    last_pk = last.pk
    last.delete()
    seed(journeys=10, seed=3)
    assert not Journey.objects.filter(pk=last_pk).exists()
    mine = services.journey_create(
        owner=User.objects.get(email=DEMO_CONSUMER),
        company=Company.objects.get(name="Telvo"),
        goal="refund",
        started_on=timezone.localdate(),
        status="open",
    )
    assert mine.pk == Journey.objects.order_by("-pk").first().pk > last_pk


def test_the_demo_representative_opens_its_company_with_published_journeys(db, client):
    from django.urls import reverse

    from journeys.demo import DEMO_REPRESENTATIVE, DEMO_REPRESENTED

    seed(journeys=400)
    seed(journeys=0)  # seeding twice adds no second claim
    user = User.objects.get(email=DEMO_REPRESENTATIVE)
    [claim] = user.representations.all()
    assert claim.company.name == DEMO_REPRESENTED and claim.status == "approved"
    approved = Journey.objects.filter(moderation_state="approved")
    assert not approved.filter(published_at__isnull=True).exists()
    client.force_login(user)
    page = client.get(reverse("business_company", args=[claim.company.slug]))
    assert page.status_code == 200
    assert approved.filter(company=claim.company).exists()


def test_demo_companies_reply_as_the_app_lets_them(db):
    result = seed(journeys=1000)
    replies = list(Reply.objects.select_related("journey", "author"))
    assert result.replies == len(replies) > 100
    assert {r.category for r in replies} == set(Reply.Category.values)
    assert "published" in {r.state for r in replies} <= {"published", "pending"}
    approved = {
        (rep.company_id, rep.user_id) for rep in Representative.objects.filter(status="approved")
    }
    first = {r.journey_id: r for r in replies if r.sequence == 1}
    for reply in replies:
        journey = reply.journey
        assert journey.moderation_state == "approved"
        assert reply.company_id == journey.company_id
        assert (reply.company_id, reply.author_id) in approved
        assert journey.published_at <= reply.created_at <= timezone.now()
        assert reply.text_redacted == redact(reply.text).text
        if reply.state == "published":
            assert reply.created_at <= reply.published_at <= timezone.now()
        else:
            assert reply.published_at is None and reply.rating is None
        if reply.sequence == 2:
            # A final reply only after a published "in progress", never "in progress" again.
            before = first[reply.journey_id]
            assert before.category == "in_progress" and before.state == "published"
            assert reply.category != "in_progress"
            assert reply.created_at >= before.published_at
    assert any(r.sequence == 2 for r in replies)
    # The reporters judged some replies: the latest published one, as the reply page offers it.
    judged = [r for r in replies if r.rating is not None]
    assert {r.resolved for r in judged} == {True, False}
    for reply in judged:
        assert 1 <= reply.rating <= 5
        assert reply.published_at <= reply.rated_at <= timezone.now()
        later = [r for r in replies if r.journey_id == reply.journey_id and r.sequence == 2]
        assert reply.sequence == 2 or not [r for r in later if r.state == "published"]
        kinds = [s.kind for s in reply.journey.steps.all()]
        assert kinds[-1] == ("reply_resolved" if reply.resolved else "reply_unresolved")
        assert kinds.count(kinds[-1]) == 1
        if reply.resolved:
            assert reply.journey.status == "resolved"
    unjudged = Journey.objects.exclude(replies__rating__isnull=False)
    assert not Step.objects.filter(journey__in=unjudged, kind__startswith="reply_").exists()
    # The companies' representatives read no digest and cannot log in.
    authors = User.objects.filter(email__startswith="demo-representative-")
    assert authors.exists() and not any(user.has_usable_password() for user in authors)
    assert not Representative.objects.filter(user__in=authors, digest=True).exists()


def test_demo_replies_are_the_same_for_the_same_seed(db):
    def made(replies):
        return [
            (r.journey.company_id, r.sequence, r.category, r.state, r.rating, r.resolved)
            for r in replies
        ]

    first = seed(journeys=400)
    second = seed(journeys=400)
    replies = list(Reply.objects.select_related("journey").order_by("id"))
    assert first.replies == second.replies > 0
    assert made(replies[: first.replies]) == made(replies[first.replies :])
    # Seeding again gave the companies no second representative.
    assert Representative.objects.values("company").distinct().count() == (
        Representative.objects.count()
    )


def test_demo_reply_figures_differ_between_companies(db, client, settings):
    seed(journeys=3000)
    # The moderators have a few replies to review, as the demo's moderator will see.
    assert Reply.objects.filter(state="pending").count() >= 3
    snapshot = leaderboards.recompute_full()
    cells = list(Cell.objects.filter(snapshot=snapshot, scope="company", period="12m", channel=""))
    assert len(cells) == len(COMPANIES)
    rates = [cell.reply_rate for cell in cells]
    # Most companies reply, to some journeys or to most; some never.
    assert sum(0 < rate < 1 for rate in rates) >= len(cells) // 2
    assert max(rates) > 0.7 and 0 in rates
    # Some reply late: fewer of their journeys within 15 days than at all.
    assert sum(cell.reply_15d_rate < cell.reply_rate - 0.2 for cell in cells) >= 3
    rated = [cell for cell in cells if cell.mean_rating is not None]
    assert len(rated) >= 5 and len({round(cell.mean_rating, 1) for cell in rated}) > 1
    assert all(1 <= cell.mean_rating <= 5 for cell in rated)
    assert sum(cell.resolved_after_reply_rate is not None for cell in cells) >= 5

    settings.LANGUAGE_CODE = "nl"
    best = max(rated, key=lambda cell: cell.reply_rate)
    page = client.get(f"/companies/{best.company.slug}/").content.decode()
    shown = re.search(r'data-figure="reply_rate">(\d+)%', page).group(1)
    assert int(shown) == round(100 * best.reply_rate) > 50
    assert re.search(r'data-figure="mean_rating">\d,\d/5', page)
    silent = next(cell for cell in cells if cell.reply_rate == 0)
    page = client.get(f"/companies/{silent.company.slug}/").content.decode()
    assert 'data-figure="reply_rate">0%' in page
    board = client.get("/leaderboard/").content.decode()
    replied = re.findall(r'data-label="Gereageerd">(\d+)%', board)
    assert len(replied) > 10 and len(set(replied)) > 5


def test_the_demo_representative_finds_overdue_journeys_and_answered_ones(db, client):
    from django.urls import reverse

    from journeys.demo import DEMO_REPRESENTATIVE, DEMO_REPRESENTED

    seed(journeys=1000)
    company = Company.objects.get(name=DEMO_REPRESENTED)
    client.force_login(User.objects.get(email=DEMO_REPRESENTATIVE))
    dashboard = client.get(reverse("business_dashboard")).content.decode()
    overdue = re.search(r'data-label="Overdue">(\d+)<', dashboard).group(1)
    assert int(overdue) > 0
    journeys = client.get(reverse("business_company", args=[company.slug])).content.decode()
    states = re.findall(r'data-clock="(\w+)"', journeys)
    assert states[0] in ("overdue", "long_overdue")  # the most urgent first
    assert "answered" in states
    assert "(published)" in journeys
    public = client.get(f"/companies/{company.slug}/").content.decode()
    late = re.search(r'data-clock-count="long_overdue">(\d+)<', public).group(1)
    assert int(late) > 0
