import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import privacy
from .scoring import DRIVER_FIELDS, Score

NOTE_MAX_LENGTH = 2000
STORY_MAX_LENGTH = 10_000
# The most minutes and repetitions one step can carry: the database's constraints and the forms.
STEP_MINUTES_MAX = 10_000
STEP_REPEATS_MAX = 100


def normalize_name(name: str) -> str:
    """Fold case and accents so "Bol.com", "bol.com" and "Bôl.com" search alike."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def enum_display(field: str, choices: type[models.TextChoices]):
    """A `get_<field>_display` that looks the value up in its enum. Django's own builds a dict
    of every choice on each call, translating each label to hash it: a third of a journey
    page's rendering went there. An unknown value shows as itself, as with Django's."""

    def display(self) -> str:
        value = getattr(self, field)
        try:
            return choices(value).label
        except ValueError:
            return value

    display.__name__ = f"get_{field}_display"
    return display


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A consumer or moderator; the e-mail address is the login and is never shown publicly."""

    email = models.EmailField(_("e-mail address"), unique=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The language their mail is written in (statements of reasons): the one they last signed
    # in with; empty, the site's.
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    MODERATORS = "moderators"  # the group whose members moderate

    def __str__(self):
        return self.email

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_moderator(self) -> bool:
        # Read with the user when the session loaded them (journeys/signedin.py); else from the
        # groups, prefetched when a view loaded them, one query otherwise.
        moderates = getattr(self, "moderates", None)
        if moderates is not None:
            return bool(moderates)
        return any(group.name == self.MODERATORS for group in self.groups.all())

    @property
    def is_representative(self) -> bool:
        """Whether they claim to speak for a company (confirmed or not): the menu leads them to
        their company's pages. Read with the user by the session, else one query."""
        represents = getattr(self, "represents", None)
        if represents is not None:
            return bool(represents)
        return self.representations.filter(status__in=Representative.LIVE).exists()


class Sector(models.TextChoices):
    TELECOM = "telecom", _("Telecom")
    ENERGY = "energy", _("Energy")
    BANK = "bank", _("Bank")
    TRAVEL = "travel", _("Travel")
    WEBSHOP = "webshop", _("Webshop")
    GOVERNMENT = "government", _("Government")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport")
    HEALTH_INSURER = "health_insurer", _("Health insurer")
    OTHER = "other", _("Other")


class DisputeBody(models.TextChoices):
    """Where a consumer takes a dispute with a company after its own complaint procedure
    (`journeys/routes.py` holds each one's rules and sources). Moderators set it per company."""

    UNKNOWN = "", _("Not known (from the sector)")
    GESCHILLENCOMMISSIE = "geschillencommissie", _("De Geschillencommissie")
    KIFID = "kifid", _("Kifid")
    SKGZ = "skgz", _("SKGZ (health insurance)")
    OMBUDSMAN = "ombudsman", _("Nationale ombudsman or a municipal ombudsman")
    AIR_PASSENGER = "air_passenger", _("Airline: air passenger rights (the court; ILT reports)")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport: Geschillencommissie OV")
    POST = "post", _("Post and parcels: Geschillencommissie Post (PostNL)")
    PENSION = "pension", _("Pension fund: Ombudsman Pensioenen")
    NONE = "none", _("None: the court")


class CompanyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Company.Status.ACTIVE)

    def search(self, query: str):
        """Active companies whose name or an alias contains the query, case- and accent-blind."""
        needle = normalize_name(query)
        if not needle:
            return self.none()
        return (
            self.active()
            .filter(Q(search_name__contains=needle) | Q(aliases__search_name__contains=needle))
            .distinct()
            .order_by("name")
        )

    def resolve(self, name: str):
        """The active company whose name or alias is exactly this name, or None."""
        needle = normalize_name(name)
        if not needle:
            return None
        return (
            self.active()
            .filter(Q(search_name=needle) | Q(aliases__search_name=needle))
            .distinct()
            .first()
        )


class Company(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Pending review")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    search_name = models.CharField(max_length=120, editable=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    website_domain = models.CharField(_("website domain"), max_length=253, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The dispute body the company is affiliated with, as a moderator found it; empty means
    # unknown, and the route follows the sector (`routes.route_for`).
    dispute_body = models.CharField(
        _("dispute body"), max_length=20, choices=DisputeBody.choices, blank=True, default=""
    )
    get_sector_display = enum_display("sector", Sector)

    get_dispute_body_display = enum_display("dispute_body", DisputeBody)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggested_companies",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_companies"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            # One company (or pending suggestion) per normalized name; a second one is an alias.
            models.UniqueConstraint(
                fields=["search_name"],
                condition=~Q(status__in=["rejected", "merged"]),  # Status, out of reach in Meta
                name="company_unique_live_name",
            ),
        ]
        indexes = [
            # The picker's exact-match lookup (`CompanyQuerySet.resolve`).
            models.Index(fields=["search_name"], name="company_search_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("company_detail", args=[self.slug])

    @property
    def is_suggestion(self) -> bool:
        """Suggested by a consumer and not yet reviewed by a moderator."""
        return self.status == self.Status.PENDING


def unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "company"
    slug, n = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class CompanyAlias(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=120)
    search_name = models.CharField(max_length=120, editable=False, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "company aliases"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize_name(self.name)
        super().save(*args, **kwargs)


class Goal(models.TextChoices):
    REFUND = "refund", _("Refund")
    REPAIR = "repair", _("Repair or warranty")
    CANCEL_CONTRACT = "cancel_contract", _("Cancel a contract")
    BILLING_ERROR = "billing_error", _("Billing error")
    ACCOUNT_BLOCKED = "account_blocked", _("Account blocked")
    DELIVERY_PROBLEM = "delivery_problem", _("Delivery problem")
    QUESTION = "question", _("Question")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHATBOT = "chatbot", _("Chatbot")
    LIVE_CHAT = "live_chat", _("Live chat")
    EMAIL = "email", _("E-mail")
    WEB_FORM = "web_form", _("Web form")
    APP = "app", _("App")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")


# Each channel's bit, in `Channel` order (append new channels at the end, never reorder: stored
# masks depend on it). Built once: `Channel.values` builds a new list on every read.
CHANNEL_BITS = {channel: 1 << bit for bit, channel in enumerate(Channel.values)}


def channel_mask(channels: Iterable[str]) -> int:
    """The set of channels a journey used, as bits (`CHANNEL_BITS`). Aggregation tests bits in
    SQL."""
    mask = 0
    for channel in channels:
        mask |= CHANNEL_BITS[channel]
    return mask


class StepKind(models.TextChoices):
    CREATE_ACCOUNT = "create_account", _("Create an account")
    LOG_IN = "log_in", _("Log in / verify identity")
    FILL_FORM = "fill_form", _("Fill in a form")
    REPEAT_INFO = "repeat_info", _("Give information already given")
    CHATBOT = "chatbot", _("Talk to a chatbot")
    CHATBOT_LOOP = "chatbot_loop", _("Chatbot goes in circles, no way to a human")
    PHONE_MENU = "phone_menu", _("Phone menu")
    HOLD = "hold", _("Wait on hold")
    TRANSFER = "transfer", _("Transferred")
    HUMAN = "human", _("Reached a human")
    CHANNEL_SWITCH = "channel_switch", _("Told to use another channel")
    CONTRADICTION = "contradiction", _("Answer contradicts an earlier one")
    BROKEN_PROMISE = "broken_promise", _("Promised callback or reply not kept")
    DISCONNECTED = "disconnected", _("Call or chat cut off")
    AUTOMATED_DECISION = "automated_decision", _('Decided by "the system"')
    UPLOAD_DOCUMENTS = "upload_documents", _("Upload documents")
    CLOSED_UNRESOLVED = "closed_unresolved", _("Case closed without resolution")
    ESCALATED = "escalated", _("Formal complaint, ombudsman, Geschillencommissie")
    RESOLVED = "resolved", _("Resolved")
    # Recorded by the consumer when they judge a company's public reply (`replies.reply_rate`),
    # never picked in the step form.
    REPLY_RESOLVED = "reply_resolved", _("Resolved after the company's public reply")
    REPLY_UNRESOLVED = "reply_unresolved", _("Not resolved after the company's public reply")


# Steps only the consumer's judgement of a company reply adds.
REPLY_STEP_KINDS = (StepKind.REPLY_RESOLVED, StepKind.REPLY_UNRESOLVED)
# Kinds that are a moment rather than time spent: the step form does not ask for minutes and
# a narrative's durations never go to them.
INSTANT_KINDS = {
    StepKind.AUTOMATED_DECISION,
    StepKind.BROKEN_PROMISE,
    StepKind.CLOSED_UNRESOLVED,
    StepKind.CONTRADICTION,
    StepKind.DISCONNECTED,
    StepKind.RESOLVED,
    *REPLY_STEP_KINDS,
}
# The most steps one narrative proposes (the extraction's cap and the proposal formset's).
PROPOSAL_MAX_STEPS = 30


class JourneyQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def approved(self):
        return self.filter(moderation_state=Journey.Moderation.APPROVED)

    def public_stories(self):
        """The journeys whose story anyone may read: approved, consented, something left after
        redaction, and not hidden by an open flag of a representative of the journey's company
        for a reason that hides (`StoryFlag.HIDING_REASON`) until a moderator decides. The one rule: every page,
        export and check that shows or acts on a public story reads it here (`stories.py`)."""
        hidden = StoryFlag.objects.filter(
            journey=OuterRef("pk"),
            status=StoryFlag.Status.OPEN,
            reason=StoryFlag.HIDING_REASON,
            # The flag of the company the journey is about: not of one it was about before.
            company=OuterRef("company"),
        )
        return (
            self.approved()
            .filter(story_consent=True)
            .exclude(story_redacted="")
            .exclude(Exists(hidden))
        )

    def with_history_flags(self):
        """Whether each journey has letters, and events its owner may see, in the same query:
        the journey page reads either only where there is something (most journeys being logged
        have neither). Raw SQL, since Django's `Exists()` takes longer to compile than the
        queries it saves take to run."""
        visible = ModerationEvent.OWNER_VISIBLE
        return self.annotate(
            has_letters=_exists_for_journey(Letter),
            has_owner_events=_exists_for_journey(
                ModerationEvent, f"x.action IN ({', '.join(['%s'] * len(visible))})", visible
            ),
        )


def _exists_for_journey(model, where: str = "TRUE", params=()) -> RawSQL:
    """EXISTS (rows of `model` for the journey being read, matching `where`). It names the
    journeys table by its own name, as Django does at the top of a query: for a queryset read as
    it is, not one used inside another query, where Django would alias that table."""
    journey = Journey._meta.db_table
    sql = (
        f"EXISTS (SELECT 1 FROM {model._meta.db_table} x "  # noqa: S608 (our tables)
        f"WHERE x.journey_id = {journey}.id AND {where})"
    )
    return RawSQL(sql, params, output_field=models.BooleanField())  # noqa: S611 (values as params)


class Journey(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        UNRESOLVED = "unresolved", _("Unresolved")
        ABANDONED = "abandoned", _("Abandoned")

    class Moderation(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journeys"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="journeys")
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices)
    started_on = models.DateField(_("started on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    story = models.TextField(_("story"), blank=True, max_length=STORY_MAX_LENGTH)
    story_consent = models.BooleanField(_("publish my story"), default=False)
    # The story as the public may read it: automatically redacted (`privacy.redact`), then
    # adjusted by moderators. `story_redactions` keeps the spans so a false positive can be undone.
    story_redacted = models.TextField(blank=True)
    story_redactions = models.JSONField(default=list, blank=True)
    moderation_state = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.DRAFT
    )
    get_goal_display = enum_display("goal", Goal)
    get_status_display = enum_display("status", Status)
    get_moderation_state_display = enum_display("moderation_state", Moderation)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When a moderator first approved it: the start of a company's time to reply, and what
    # representatives' digests announce.
    published_at = models.DateTimeField(null=True, blank=True)
    # The question mailed once when a published journey has no response after
    # `answered_elsewhere.ASK_AFTER_DAYS`: did the company answer elsewhere (`answered_elsewhere.py`)?
    # Claimed before it is sent; the answer, and the day of a "yes", which counts as the
    # company's first response on the reply clock.
    elsewhere_asked_at = models.DateTimeField(null=True, blank=True)
    answered_elsewhere = models.BooleanField(null=True, blank=True)
    answered_elsewhere_on = models.DateField(null=True, blank=True)

    # Friction score and its drivers, recomputed by `services` (its `_rescore`) on every change.
    # Drivers are columns, not JSON, so aggregation stays in SQL.
    score = models.FloatField(default=0)
    score_version = models.PositiveSmallIntegerField(default=1)
    step_count = models.PositiveIntegerField(default=0)
    repetitions = models.PositiveIntegerField(default=0)
    loops = models.PositiveIntegerField(default=0)
    transfers = models.PositiveIntegerField(default=0)
    minutes_total = models.PositiveIntegerField(default=0)
    hold_minutes = models.PositiveIntegerField(default=0)
    reached_human = models.BooleanField(default=False)
    minutes_to_human = models.PositiveIntegerField(null=True, blank=True)
    closed_unresolved = models.BooleanField(default=False)
    # Which channels the steps used (`channel_mask`), so per-channel figures never read steps.
    channel_mask = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = JourneyQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="journey_score_range"
            ),
        ]
        indexes = [
            # "My journeys" (`journey_list`), newest first.
            models.Index(fields=["owner", "-started_on"], name="journey_owner_started_idx"),
            # Aggregation reads approved journeys per company (`leaderboards`).
            models.Index(fields=["moderation_state", "company"], name="journey_state_company_idx"),
        ]

    def __str__(self):
        return f"{self.company} — {self.get_goal_display()} ({self.started_on})"

    def get_absolute_url(self):
        return reverse("journey_detail", args=[self.pk])

    def set_score(self, score: Score, channels: Iterable[str]) -> list[str]:
        """Copy a computed score, its drivers and the steps' channels onto the row; returns the
        fields it set."""
        self.score = score.value
        self.score_version = score.version
        for name in DRIVER_FIELDS:
            setattr(self, name, getattr(score.drivers, name))
        self.channel_mask = channel_mask(channels)
        return ["score", "score_version", *DRIVER_FIELDS, "channel_mask"]

    # The journey's state, asked here by services, views and templates alike.

    @property
    def is_draft(self) -> bool:
        return self.moderation_state == self.Moderation.DRAFT

    @property
    def in_review(self) -> bool:
        return self.moderation_state == self.Moderation.PENDING

    @property
    def is_published(self) -> bool:
        """Approved: its figures count, and its steps are public."""
        return self.moderation_state == self.Moderation.APPROVED

    def story_spans(self) -> list["privacy.Span"]:
        """The redactions of the story (automatic and the moderators'), in order."""
        spans = [privacy.span_from_json(item) for item in self.story_redactions or []]
        return sorted(spans, key=lambda span: (span.start, span.end))


class Step(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    kind = models.CharField(_("what happened"), max_length=20, choices=StepKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    occurred_on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes spent"), default=0)
    repeats = models.PositiveSmallIntegerField(_("times repeated"), default=0)
    note = models.TextField(_("private note"), blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["journey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "position"], name="step_unique_position"),
            models.CheckConstraint(condition=Q(minutes__gte=0), name="step_minutes_nonneg"),
            models.CheckConstraint(
                condition=Q(minutes__lte=STEP_MINUTES_MAX), name="step_minutes_max"
            ),
            models.CheckConstraint(
                condition=Q(repeats__lte=STEP_REPEATS_MAX), name="step_repeats_max"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.get_kind_display()}"

    get_kind_display = enum_display("kind", StepKind)
    get_channel_display = enum_display("channel", Channel)


# ---------------------------------------------------------------------------------------------
# Aggregates and leaderboards (journeys/leaderboards.py computes these; public pages read them)
# ---------------------------------------------------------------------------------------------


class RecomputeRequest(models.Model):
    """A company whose figures are stale: written in the same transaction as the change, so it
    doubles as an outbox when the broker is down (the next run picks up every open row)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="recompute_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        indexes = [
            # Each recompute reads the open requests (`leaderboards.recompute`).
            models.Index(
                fields=["requested_at"],
                condition=Q(processed_at__isnull=True),
                name="recompute_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.company_id} @ {self.requested_at:%Y-%m-%d %H:%M}"


class Snapshot(models.Model):
    """One complete, consistent, frozen set of published figures and their open-data files.
    Exactly one is current; the others stay citable until pruned."""

    class Kind(models.TextChoices):
        # Why it was computed; every snapshot is whole either way.
        SCHEDULED = "scheduled", _("scheduled")
        CHANGES = "changes", _("after changes")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    computed_at = models.DateTimeField(default=timezone.now)
    # Null while being computed (and for a run that died before publishing).
    published_at = models.DateTimeField(null=True, blank=True)
    # Pruned: cells and files are gone; the row stays so its URLs can answer 410 Gone.
    pruned_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    # The first day counted in the rolling 12 months (a Monday: periods align with ISO weeks).
    window_start = models.DateField()
    k_min = models.PositiveSmallIntegerField()
    shrink_m = models.PositiveSmallIntegerField()
    score_version = models.PositiveSmallIntegerField()
    stats = models.JSONField(default=dict, blank=True)
    # The open-data files, {name: {"bytes": …, "sha256": …}}, stored under `opendata.file_name`.
    files = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="snapshot_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.kind} snapshot {self.pk} ({self.computed_at:%Y-%m-%d %H:%M})"

    kind_display = enum_display("kind", Kind)


class Cell(models.Model):
    """One published aggregate: a company, a sector, a channel or everything, in one period.

    Cells under `FRICTIONLOG_K_MIN` distinct reporters are never written, so they cannot leak.
    """

    class Scope(models.TextChoices):
        COMPANY = "company", _("Company")
        SECTOR = "sector", _("Sector")
        CHANNEL = "channel", _("Channel")
        ALL = "all", _("All companies")

    # Cells are derived rows that `leaderboards` writes tens of thousands at a time, always in
    # the transaction that creates their snapshot. Foreign-key triggers on them cost a third of
    # a recompute, so the references are kept by that code and by Django's
    # cascades, not by the database. The composite indexes below lead with the snapshot.
    snapshot = models.ForeignKey(
        Snapshot,
        on_delete=models.CASCADE,
        related_name="cells",
        db_constraint=False,
        db_index=False,
    )
    scope = models.CharField(max_length=8, choices=Scope.choices)
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cells",
        db_constraint=False,
    )
    sector = models.CharField(max_length=20, blank=True)
    channel = models.CharField(max_length=20, blank=True)
    # "12m" (rolling twelve months) or a calendar quarter such as "2025Q3".
    period = models.CharField(max_length=8)
    journeys = models.PositiveIntegerField()
    reporters = models.PositiveIntegerField()
    # Company cells only: the range of ranks on their board (period and channel).
    rank_low = models.PositiveIntegerField(null=True, blank=True)
    rank_high = models.PositiveIntegerField(null=True, blank=True)
    median = models.FloatField()
    mean = models.FloatField()
    # The mean's own 90% interval (null in snapshots from before score intervals).
    mean_ci_low = models.FloatField(null=True, blank=True)
    mean_ci_high = models.FloatField(null=True, blank=True)
    # The ranked (shrunk) score and its 90% interval.
    shrunk = models.FloatField()
    ci_low = models.FloatField()
    ci_high = models.FloatField()
    closed_rate = models.FloatField()
    loop_rate = models.FloatField()
    no_human_rate = models.FloatField()
    median_minutes_to_human = models.FloatField(null=True, blank=True)
    mean_repetitions = models.FloatField()
    repeat3_rate = models.FloatField()
    transfer_rate = models.FloatField()
    hold30_rate = models.FloatField()
    # Right of reply (null in snapshots from before reply figures): shares of voices replied to,
    # and within 15 days; over the reporters with a judged reply, the share resolved and the
    # mean rating (1–5), null below K such reporters.
    reply_rate = models.FloatField(null=True, blank=True)
    reply_15d_rate = models.FloatField(null=True, blank=True)
    resolved_after_reply_rate = models.FloatField(null=True, blank=True)
    resolved_reporters = models.PositiveIntegerField(null=True, blank=True)
    mean_rating = models.FloatField(null=True, blank=True)
    rating_reporters = models.PositiveIntegerField(null=True, blank=True)
    # The reply clock (company cells only; null in snapshots from before it): median days, pauses
    # left out, from publication to the first response and to the final reply, over the voices
    # that had one (null below K), and how many did.
    median_days_to_first_response = models.FloatField(null=True, blank=True)
    first_response_reporters = models.PositiveIntegerField(null=True, blank=True)
    median_days_to_final_reply = models.FloatField(null=True, blank=True)
    final_reply_reporters = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            # The leaderboard: one snapshot, one scope, one period and channel.
            models.Index(fields=["snapshot", "scope", "period", "channel"], name="cell_board_idx"),
            # A company page: one snapshot, one company.
            models.Index(fields=["snapshot", "company"], name="cell_company_idx"),
        ]

    def __str__(self):
        return f"{self.scope} {self.company_id or self.sector or self.channel} {self.period}"


# ---------------------------------------------------------------------------------------------
# Moderation (journeys/moderation.py writes these; the queue in views/moderation.py reads them)
# ---------------------------------------------------------------------------------------------


class AppendOnlyError(Exception):
    """The moderation audit log is append-only: rows are never changed or removed by the app."""


class ModerationEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("moderation events cannot be changed")

    def delete(self):
        raise AppendOnlyError("moderation events cannot be deleted")

    def for_owner(self):
        """The events a consumer may see about their own journey (never who acted)."""
        return self.filter(action__in=ModerationEvent.OWNER_VISIBLE)


class ModerationEvent(models.Model):
    """One line of the audit log: who did what, when and why.

    Append-only: `save()` refuses an existing row, `delete()` and the queryset's `update()` and
    `delete()` refuse outright, and the admin is read-only. The journey link is nulled when the
    journey's owner erases their account (GDPR erasure outranks the log; the log keeps what the
    moderator did, at which company, without the person it was about).
    """

    class Action(models.TextChoices):
        AUTO_REDACT = "auto_redact", _("Personal details removed automatically")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        REQUEST_CHANGES = "request_changes", _("Changes requested")
        REDACT = "redact", _("Part of the story redacted")
        UNREDACT = "unredact", _("Redaction undone")
        FLAG = "flag", _("Story reported")
        FLAG_DISMISS = "flag_dismiss", _("Report dismissed")
        CONSENT_WITHDRAW = "consent_withdraw", _("Consent to publish withdrawn")
        COMPANY_ACCEPT = "company_accept", _("Company accepted")
        COMPANY_REJECT = "company_reject", _("Company rejected")
        COMPANY_MERGE = "company_merge", _("Companies merged")
        CLAIM_APPROVE = "claim_approve", _("Company representative approved")
        CLAIM_REJECT = "claim_reject", _("Company representative rejected")
        CLAIM_REVOKE = "claim_revoke", _("Company representative revoked")
        REPLY_APPROVE = "reply_approve", _("Company reply published")
        REPLY_REJECT = "reply_reject", _("Company reply rejected")
        HANDOVER = "handover", _("Contact details handed over to the company")
        HANDOVER_WITHDRAW = "handover_withdraw", _("Contact details withdrawn from the company")
        COMPANY_DISPUTE_BODY = "company_dispute_body", _("Dispute body set")
        FLAG_UPHOLD = "flag_uphold", _("Report acted upon")
        APPEAL = "appeal", _("Decision appealed")
        APPEAL_GRANT = "appeal_grant", _("Appeal granted: decision reversed")
        APPEAL_DENY = "appeal_deny", _("Appeal denied: decision stands")

    OWNER_VISIBLE = (
        Action.AUTO_REDACT,
        Action.APPROVE,
        Action.REJECT,
        Action.REQUEST_CHANGES,
        Action.REDACT,
        Action.UNREDACT,
        Action.CONSENT_WITHDRAW,
        Action.HANDOVER,
        Action.HANDOVER_WITHDRAW,
        Action.APPEAL,
        Action.APPEAL_GRANT,
        Action.APPEAL_DENY,
    )
    # Decisions that remove, hide or restrict content: each sends its author a statement of
    # reasons (journeys/statements.py).
    RESTRICTIONS = (
        Action.REJECT,
        Action.REQUEST_CHANGES,
        Action.REDACT,
        Action.REPLY_REJECT,
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField(max_length=20, choices=Action.choices)
    # The moderator who acted; empty for the system (automatic redaction) or the owner themselves.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    journey = models.ForeignKey(
        Journey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_events",
    )
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_events",
    )
    reason = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    # What changed, without personal data: span kinds and offsets, merge targets, flag counts.
    detail = models.JSONField(default=dict, blank=True)
    # Seconds from submission to this decision, for "the usual review time".
    review_seconds = models.PositiveIntegerField(null=True, blank=True)

    objects = ModerationEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The per-journey audit log and the consumer's review history.
            models.Index(fields=["journey", "created_at"], name="modevent_journey_idx"),
            # "Usual review time": recent decisions.
            models.Index(fields=["action", "created_at"], name="modevent_action_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("moderation events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("moderation events cannot be deleted")


class StoryFlag(models.Model):
    """A reader's "report this" on a published story; open flags put the story in the queue."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("It contains personal details")
        OFFENSIVE = "offensive", _("It is offensive or defamatory")
        FALSE = "false", _("It is untrue or misleading")
        SPAM = "spam", _("It is spam or advertising")
        OTHER = "other", _("Something else")
        # Only company representatives flag with these (`replies.COMPANY_FLAG_REASONS`).
        NOT_ABOUT_COMPANY = "not_about_company", _("It is not about this company")
        HARMFUL = "harmful", _("It is harmful or illegal")

    # A representative's open flag for this reason takes the story off every public page until
    # a moderator decides (`JourneyQuerySet.public_stories`).
    HIDING_REASON = Reason.HARMFUL

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        RESOLVED = "resolved", _("Acted upon")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="flags")
    # Empty for a visitor without an account.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="story_flags",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("explanation"), blank=True, max_length=1000)
    # Set when a representative flagged the story for their company: counted on its page.
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="story_flags",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Where the notifier hears the decision, in their language; emptied once it is sent.
    notify_email = models.EmailField(blank=True)
    notify_language = models.CharField(max_length=2, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The queue's flagged stories, oldest first.
            models.Index(fields=["status", "created_at"], name="storyflag_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.status})"


# ---------------------------------------------------------------------------------------------
# Company right of reply (journeys/replies.py writes these; views/business.py reads them)
# ---------------------------------------------------------------------------------------------


class RepresentativeQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Representative.Status.APPROVED)


class Representative(models.Model):
    """A person's claim to speak for a company: confirmed through a signed link sent to an
    address at the company's website domain, then approved by a moderator."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the e-mail confirmation")
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    LIVE = (Status.UNCONFIRMED, Status.PENDING, Status.APPROVED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="representatives")
    work_email = models.EmailField(_("work e-mail address"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    get_status_display = enum_display("status", Status)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The daily digest of newly published journeys; the unsubscribe link turns it off.
    digest = models.BooleanField(default=True)
    # Journeys published up to here were in an earlier digest.
    digest_sent_until = models.DateTimeField(null=True, blank=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One live claim per person and company; a rejected or revoked one may be renewed.
            models.UniqueConstraint(
                fields=["user", "company"],
                condition=Q(status__in=["unconfirmed", "pending", "approved"]),
                name="representative_unique_live",
            ),
        ]
        indexes = [
            # The moderators' list of claims waiting, and the digest's approved representatives.
            models.Index(fields=["status", "created_at"], name="representative_status_idx"),
        ]

    def __str__(self):
        return f"{self.work_email} for {self.company_id} ({self.status})"


class Reply(models.Model):
    """A company's public answer to one approved journey. One per journey; after an "in
    progress" reply, one final reply may follow."""

    class Category(models.TextChoices):
        CLOSED_EXPLANATION = "closed_explanation", _("Closed with explanation")
        CLOSED_MONETARY = "closed_monetary", _("Closed with monetary relief")
        CLOSED_NON_MONETARY = "closed_non_monetary", _("Closed with non-monetary relief")
        IN_PROGRESS = "in_progress", _("In progress")
        NO_REPLY = "no_reply", _("No reply intended")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="replies")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="replies")
    # The representative who wrote it; never shown publicly (the company speaks).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="company_replies",
    )
    # 1 for the reply, 2 for the final reply after "in progress".
    sequence = models.PositiveSmallIntegerField(default=1)
    category = models.CharField(_("response"), max_length=20, choices=Category.choices)
    get_category_display = enum_display("category", Category)
    text = models.TextField(_("public reply"), max_length=STORY_MAX_LENGTH)
    # What the public reads: redacted like a story (`privacy.redact`).
    text_redacted = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    get_state_display = enum_display("state", State)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # The consumer's judgement of the published reply.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    resolved = models.BooleanField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["journey", "sequence"]
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "sequence"],
                condition=~Q(state="rejected"),
                name="reply_one_per_sequence",
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1) & Q(sequence__lte=2), name="reply_sequence_range"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="reply_rating_range",
            ),
        ]
        indexes = [
            # The company page's replies beside its stories, and the moderators' waiting list.
            models.Index(fields=["company", "state"], name="reply_company_state_idx"),
            models.Index(fields=["state", "created_at"], name="reply_state_idx"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} on {self.journey_id} ({self.state})"


class Handover(models.Model):
    """Contact details a consumer chose to give one company for one journey. Withdrawing
    deletes the row: the company sees nothing of it any more."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="handover")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="handovers")
    name = models.CharField(_("your name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    case_reference = models.CharField(
        _("your case reference at the company"), max_length=80, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"handover for journey {self.journey_id}"


class HandoverRequest(models.Model):
    """A company asking the reporter of one journey for their contact details: its reply clock
    is paused from `asked_at` until they hand them over (`answered_at`), for a limited time
    (`replyclock.PAUSE_MAX_DAYS`). One per journey."""

    journey = models.OneToOneField(
        Journey, on_delete=models.CASCADE, related_name="handover_request"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="handover_requests")
    asked_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"hand-over asked for journey {self.journey_id}"


# Letters (journeys/letters.py drafts them, journeys/reminders.py keeps their deadlines)
# ---------------------------------------------------------------------------------------------

# A draft quotes every step and its note (up to 2,000 characters each): room for long journeys.
LETTER_BODY_MAX_LENGTH = 100_000


class Letter(models.Model):
    """A letter the consumer wrote from their journey: private like a step's note (never on a
    public page, in the API or an export; in the personal-data download; erased with them)."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Written complaint")
        DEFAULT_NOTICE = "default_notice", _("Notice of default")
        DISPUTE_COVER = "dispute_cover", _("Cover letter for the dispute body")

    class Claim(models.TextChoices):
        """What an air passenger claims: each has its own rule (`routes.AIRLINE_CLAIM`)."""

        REFUND = "refund", _("A refund of a cancelled flight")
        COMPENSATION = "compensation", _("Compensation for a cancellation or a long delay")
        BAGGAGE_DAMAGED = "baggage_damaged", _("Damaged baggage")
        BAGGAGE_DELAYED = "baggage_delayed", _("Delayed baggage")

    class Outcome(models.TextChoices):
        WAITING = "", _("Waiting for an answer")
        REJECTED = "rejected", _("Answered, not solved")
        SILENT = "silent", _("No answer in time")
        RESOLVED = "resolved", _("Solved")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("kind of letter"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("nl", "Nederlands"), ("en", "English")]
    )
    sender = models.TextField(_("from"), max_length=600)
    recipient = models.TextField(_("to"), max_length=600)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("letter"), max_length=LETTER_BODY_MAX_LENGTH)
    # An air passenger's letter: the flight's date (the ILT's year and the court's two years
    # run from it) and what is claimed.
    flight_on = models.DateField(_("date of the flight"), null=True, blank=True)
    claim = models.CharField(_("what you claim"), max_length=20, choices=Claim.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Recorded by the consumer: when it went out (with the step it added) and the answer.
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    # When known: some terms run from receipt (art. 9:11 Awb).
    received_on = models.DateField(_("received on"), null=True, blank=True)
    answer_due = models.DateField(null=True, blank=True)
    sent_step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(
        _("answer"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    outcome_on = models.DateField(_("answered on"), null=True, blank=True)
    # The reminder on `answer_due`: claimed (one UPDATE, before sending) and then sent.
    reminder_claimed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    get_kind_display = enum_display("kind", Kind)
    get_claim_display = enum_display("claim", Claim)
    get_outcome_display = enum_display("outcome", Outcome)

    class Meta:
        ordering = ["journey", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(answer_due__gte=F("sent_on")),
                name="letter_due_after_sent",
            ),
            models.CheckConstraint(
                condition=Q(reminder_sent_at__isnull=True) | Q(reminder_claimed_at__isnull=False),
                name="letter_reminder_claimed_first",
            ),
        ]
        indexes = [
            # The reminder task: sent letters still waiting whose reminder is not claimed.
            models.Index(
                fields=["answer_due"],
                condition=Q(sent_on__isnull=False, reminder_claimed_at__isnull=True, outcome=""),
                name="letter_reminder_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.journey_id})"

    def get_absolute_url(self):
        return reverse("letter_edit", args=[self.journey_id, self.pk])


# ---------------------------------------------------------------------------------------------
# Statements of reasons and appeals (journeys/statements.py writes these)
# ---------------------------------------------------------------------------------------------


class Statement(models.Model):
    """The statement of reasons (EU DSA art. 17) one restricting decision owes its author: one
    per decision, in the author's language, mailed once (`sent_at` is claimed before sending)."""

    event = models.OneToOneField(
        ModerationEvent, on_delete=models.PROTECT, related_name="statement"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statements"
    )
    journey = models.ForeignKey(
        Journey, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    # A code of `policy.GROUNDS`.
    ground = models.CharField(max_length=30)
    automated = models.BooleanField(default=False)
    language = models.CharField(max_length=2)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"statement for event {self.event_id}"

    def get_absolute_url(self):
        return reverse("statement_detail", args=[self.pk])


class Appeal(models.Model):
    """The author's one objection to a decision, decided by a moderator who did not take it."""

    class Outcome(models.TextChoices):
        OPEN = "", _("Waiting for a moderator")
        GRANTED = "granted", _("Granted: the decision was reversed")
        DENIED = "denied", _("Denied: the decision stands")

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(_("why the decision is wrong"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # Who took the decision appealed against: never the one who decides the appeal.
    decided_against = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    get_outcome_display = enum_display("outcome", Outcome)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decided_by=F("decided_against")),
                name="appeal_decided_by_another",
            ),
        ]
        indexes = [
            # The queue's open appeals, oldest first.
            models.Index(fields=["outcome", "created_at"], name="appeal_outcome_idx"),
        ]

    def __str__(self):
        return f"appeal of statement {self.statement_id} ({self.outcome or 'open'})"


class Alert(models.Model):
    """An e-mail alert for a followed company or sector (`alerts.py`): sent only after the
    address confirmed it (double opt-in), at most one digest a day, each snapshot once."""

    email = models.EmailField()
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    sector = models.CharField(max_length=20, blank=True, choices=Sector.choices)
    language = models.CharField(max_length=8, default="nl")
    # The secret in the confirmation and unsubscribe links.
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The newest snapshot a digest has covered (or the current one at confirmation): claimed,
    # with the day, by one UPDATE before a digest is sent.
    covered_snapshot_id = models.BigIntegerField(default=0)
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(company__isnull=False) & Q(sector=""))
                | (Q(company__isnull=True) & ~Q(sector="")),
                name="alert_company_or_sector",
            ),
        ]
        indexes = [
            # The daily digest: confirmed alerts.
            models.Index(
                fields=["covered_snapshot_id"],
                condition=Q(confirmed_at__isnull=False),
                name="alert_confirmed_idx",
            ),
        ]

    def __str__(self):
        return f"alert {self.pk} ({self.company_id or self.sector})"
