"""The public story: who may read it, its consent, its redaction spans and its preview.

Who may read a story is one queryset, `Journey.objects.public_stories()` (beside the other
querysets of journeys); every page, export and check asks it, directly or through `is_public`.
The consumer's journey page and the moderators' queue read a story's spans and preview here, and
moderation's audited writes (`story_autoredact`, `story_redact`, `story_unredact`) set the spans
through here: moderation calls the story, it does not own it. The company page reads a company
with its newest public stories in one SQL statement (`company_with_stories`).
"""

from django.db import connection
from django.utils.translation import gettext_lazy

from . import privacy
from .models import Company, Journey, StoryFlag

SUSPECT_LABELS = {
    privacy.SUSPECT_NAME: gettext_lazy("may be a name"),
    privacy.SUSPECT_CARD: gettext_lazy("may be a card number"),
    privacy.SUSPECT_BSN: gettext_lazy("may be a citizen service number (BSN)"),
    privacy.SUSPECT_ADDRESS: gettext_lazy("may be an address"),
    privacy.SUSPECT_REFERENCE: gettext_lazy("may be a reference number"),
}


# --- Who may read it ------------------------------------------------------------------------------


def is_public(journey: Journey) -> bool:
    """Whether anyone may read the journey's story now: one query, none for a journey that is
    not approved (the queryset's first condition)."""
    return journey.is_published and Journey.objects.public_stories().filter(pk=journey.pk).exists()


def for_owner(journey: Journey) -> dict:
    """What the owner's journey page says of their story: whether the public reads it now, and
    each part hidden from the public with its placeholder."""
    return {
        "public": is_public(journey),
        "redactions": [
            {"original": s.original, "placeholder": privacy.placeholder_for(s.kind)}
            for s in journey.story_spans()
        ],
    }


# --- Its redaction spans --------------------------------------------------------------------------


def set_spans(journey: Journey, spans: list[privacy.Span]) -> None:
    """Make the public text from the story and these redactions; the spans are kept, so a false
    positive can be undone. The caller saves."""
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    journey.story_redactions = [privacy.span_to_json(s) for s in spans]
    journey.story_redacted = privacy.apply_redactions(journey.story, spans)


def redact_anew(journey: Journey) -> list[privacy.Span]:
    """Redact the story automatically from scratch (moderators' changes go); returns the spans.
    The caller saves."""
    result = privacy.redact(journey.story)
    journey.story_redacted = result.text
    journey.story_redactions = [privacy.span_to_json(s) for s in result.spans]
    return list(result.spans)


def published_spans(journey: Journey) -> list[privacy.Span]:
    """The redactions the public text is made of: the stored ones (moderators' changes included)
    while they still make the stored text, else what automatic redaction makes of the story now
    (a draft whose story was typed when the journey was created has none stored yet)."""
    spans = journey.story_spans()
    if journey.story_redacted:
        try:
            if privacy.apply_redactions(journey.story, spans) == journey.story_redacted:
                return spans
        except ValueError:
            pass
    return list(privacy.redact(journey.story).spans)


def suspects_to_check(journey: Journey) -> list[privacy.Suspect]:
    """What may still be personal in a story that approval would publish (a consented one)."""
    if not (journey.story_consent and journey.story):
        return []
    return privacy.suspects(journey.story, published_spans(journey))


# --- Its preview ----------------------------------------------------------------------------------


def _piece(segment: privacy.Segment) -> dict:
    found = segment.span or segment.suspect
    return {
        "text": segment.text,
        "hidden": segment.span is not None,
        "suspect": segment.suspect is not None,
        "kind": found.kind if found else "",
        "label": SUSPECT_LABELS.get(found.kind, "") if segment.suspect else "",
    }


def preview(*, story: str, spans: list[privacy.Span] | None = None) -> dict:
    """The story exactly as it would be published, in pieces a page can highlight: hidden parts
    with their placeholder, and parts left readable that may be personal, with why. Without
    `spans`, as automatic redaction would publish it (a story typed, not saved)."""
    if spans is None:
        spans = list(privacy.redact(story).spans)
    flagged = privacy.suspects(story, spans)
    return {
        "segments": [_piece(s) for s in privacy.preview_segments(story, spans, flagged)],
        "suspects": [
            {"text": s.text, "kind": s.kind, "label": SUSPECT_LABELS.get(s.kind, "")}
            for s in flagged
        ],
    }


def saved_preview(journey: Journey) -> dict | None:
    """The saved story as the public would read it (with moderators' redactions), if any."""
    if not journey.story:
        return None
    return preview(story=journey.story, spans=published_spans(journey))


def company_with_stories(slug: str, limit: int) -> tuple[tuple, list[tuple]] | None:
    """The active company with this slug (None if there is none), (id, name, slug, sector, flags made by its
    representatives, flags upheld), and its newest published stories, (id, goal, started_on,
    story_redacted, under review after a representative's flag), in one round trip: the ORM
    needs several, and building its queries costs more than running this one. Its stories are
    `public_stories()` written as SQL; `tests/test_stories.py` holds the two equal in every
    state."""
    company_table, journey_table = Company._meta.db_table, Journey._meta.db_table
    flag_table = StoryFlag._meta.db_table
    sql = f"""
        SELECT c.id, c.name, c.slug, c.sector,
            (SELECT count(*) FROM {flag_table} f WHERE f.company_id = c.id),
            (SELECT count(*) FROM {flag_table} f WHERE f.company_id = c.id AND f.status = %s),
            s.id, s.goal, s.started_on, s.story_redacted, s.flagged
        FROM {company_table} c
        LEFT JOIN (
            SELECT j.id, j.company_id, j.goal, j.started_on, j.story_redacted,
                EXISTS (
                    SELECT 1 FROM {flag_table} f
                    WHERE f.journey_id = j.id AND f.status = %s AND f.company_id IS NOT NULL
                ) AS flagged
            FROM {journey_table} j
            WHERE j.company_id = (SELECT id FROM {company_table} WHERE slug = %s AND status = %s)
              AND j.moderation_state = %s AND j.story_consent = %s AND j.story_redacted <> ''
              AND NOT EXISTS (
                SELECT 1 FROM {flag_table} f
                WHERE f.journey_id = j.id AND f.status = %s AND f.reason = %s
                  AND f.company_id = j.company_id
              )
            ORDER BY j.started_on DESC, j.id DESC
            LIMIT {int(limit)}
        ) s ON s.company_id = c.id
        WHERE c.slug = %s AND c.status = %s
        ORDER BY s.started_on DESC, s.id DESC
    """  # noqa: S608 (table names from the models, values as parameters)
    active, approved = Company.Status.ACTIVE, Journey.Moderation.APPROVED
    is_open, upheld = StoryFlag.Status.OPEN, StoryFlag.Status.RESOLVED
    params = [upheld, is_open, slug, active, approved, True, is_open, StoryFlag.HIDING_REASON]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, slug, active])
        rows = cursor.fetchall()
    if not rows:
        return None
    return tuple(rows[0][:6]), [tuple(row[6:]) for row in rows if row[6] is not None]
