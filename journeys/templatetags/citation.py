"""`{% citation snapshot cite_url subject as cite %}`: a page's citation in every form
(`journeys.citation`) for the "Cite these figures" box."""

from django import template

from .. import citation as cite

register = template.Library()


@register.simple_tag
def citation(snapshot, path: str, subject: str = "") -> dict:
    url = cite.absolute(path)
    return {
        "url": url,
        "source": cite.source_line(snapshot, url),
        "bibtex": cite.bibtex(snapshot, url, subject),
        "csl_json": cite.csl_json(snapshot, url, subject),
    }
