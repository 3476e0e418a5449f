"""`{{ score|score_level }}`: a score's colour band in templates (`scoring.score_level`)."""

from django import template

from .. import scoring

register = template.Library()
register.filter("score_level", scoring.score_level)
