"""The views, split by audience (see the README's layout)."""

from django.http import HttpRequest


def site_root(request: HttpRequest) -> str:
    """The site's scheme and host with no trailing slash ("https://frictionlog.nl"): the base of
    every link an e-mail carries."""
    return request.build_absolute_uri("/")[:-1]
