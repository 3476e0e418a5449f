"""The public story: who may read it, its redaction spans, and its preview.

Who may read a story is one queryset, `Journey.objects.public_stories()` (beside the other
querysets of journeys); every page, export and check asks it, directly or through `is_public`.
The consumer's journey page and the moderators' queue read a story's spans and preview here;
moderation's decisions call this module, it does not own the story.
"""

from .models import Journey


def is_public(journey: Journey) -> bool:
    """Whether anyone may read the journey's story now: one query, none for a journey that is
    not approved (the queryset's first condition)."""
    return journey.is_published and Journey.objects.public_stories().filter(pk=journey.pk).exists()
