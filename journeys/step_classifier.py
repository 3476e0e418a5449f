"""What the phrase rules of `extraction` cannot reach: a person only implied ("de dame aan de
lijn vertelde…"), a contradiction or a broken promise told as a story ("eerst hoorde ik dat het
kon, later van een ander dat het niet kon"), a step in words no rule was written for. A small
scikit-learn model reads each sentence as character n-grams and says which kinds it tells of.

The model is `journeys/data/step_classifier.joblib`, trained by `bench/train_step_classifier.py`
on the tuning part of bench/step_narratives.json only (never the frozen held-out part), and
loaded once per process, from the repository, with no network.
"""

import functools
from pathlib import Path

import joblib

from .models import REPLY_STEP_KINDS, StepKind

MODEL = Path(__file__).resolve().parent / "data/step_classifier.joblib"
# The kinds a model may be trained for: every kind a consumer picks. Which ones it has, and how
# sure it must be of each, are stored with the model: a step the consumer has to delete costs
# more than one they add, so only confident sentences count. The model is plain arrays (see
# `bench/train_step_classifier.py`), read with one sparse product per narrative.
KINDS = tuple(kind for kind in StepKind.values if kind not in REPLY_STEP_KINDS)
_in_use: dict | None = None


@functools.cache
def _stored():
    return joblib.load(MODEL)


def _model() -> dict:
    return _in_use if _in_use is not None else _stored()


def use(model: dict | None) -> None:
    """Read sentences with this model instead of the stored one (None: the stored one again);
    the training script's estimate scores models trained on part of the corpus."""
    global _in_use
    _in_use = model


def sentence_kinds(sentences: list[str]) -> list[set[str]]:
    """For each sentence, the kinds the model is confident it tells of."""
    model = _model()
    if not sentences or not model["kinds"]:
        return [set() for _ in sentences]
    # One product for all kinds: each kind's logistic regression as a row of weights, and its
    # threshold as the score (log-odds) a sentence must reach.
    scores = model["vectorizer"].transform(sentences) @ model["weights"].T + model["intercepts"]
    confident = scores >= model["cutoffs"]
    return [
        {kind for kind, sure in zip(model["kinds"], row, strict=True) if sure} for row in confident
    ]
