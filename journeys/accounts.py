"""E-mail verification: a signed, expiring link, so no token table is needed."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import User

_SALT = "frictionlog.verify-email"


def verification_token(user: User) -> str:
    # The e-mail is part of the payload, so a link stops working if the address changes.
    return signing.dumps({"id": user.pk, "email": user.email}, salt=_SALT)


def user_for_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.FRICTIONLOG_VERIFY_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("id"), email=data.get("email")).first()


def send_verification(*, user: User, base_url: str, next_path: str = "") -> None:
    """Mail the confirmation link; with `next_path` (the page it was asked from, already checked
    to be on this site), the link leads back there."""
    link = base_url + reverse("verify_email", args=[verification_token(user)])
    if next_path:
        link += "?" + urlencode({"next": next_path})
    body = render_to_string("registration/verify_email.txt", {"link": link, "user": user})
    send_mail(_("Confirm your e-mail address for frictionlog"), body, None, [user.email])


def user_verify(*, user: User) -> User:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def remember_language(sender, request, user, **kwargs) -> None:
    """On log-in, keep the language the user reads the site in: their mail is written in it."""
    language = translation.get_language_from_request(request)
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
