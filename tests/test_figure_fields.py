"""One list of published figures (`leaderboards.FIGURE_FIELDS`): the Cell model stores exactly
those beside its keys, the engine writes them, and the API document describes them."""

import json
from pathlib import Path

from journeys import leaderboards
from journeys.models import Cell

KEYS = {"id", "snapshot", "company", *leaderboards.CELL_KEYS} - {"company_id"}


def test_the_cell_model_stores_exactly_the_listed_figures():
    stored = {f.name for f in Cell._meta.concrete_fields} - KEYS
    assert stored == set(leaderboards.FIGURE_FIELDS)


def test_the_openapi_document_describes_the_listed_figures_in_order():
    document = json.loads(Path(leaderboards.__file__).with_name("openapi.json").read_text())
    described = document["components"]["schemas"]["Figures"]["properties"]
    assert list(described) == list(leaderboards.FIGURE_FIELDS)
    assert all(described[name].get("description") for name in described)
