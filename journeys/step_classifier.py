"""What the phrase rules of `extraction` cannot reach: a person only implied ("de dame aan de
lijn vertelde…"), a contradiction or a broken promise told as a story ("eerst hoorde ik dat het
kon, later van een ander dat het niet kon"). A small scikit-learn model reads each sentence as
character n-grams and says which of these kinds it tells of.

The model is `journeys/data/step_classifier.joblib`, trained by `bench/train_step_classifier.py`
on the tuning part of bench/step_narratives.json only (never the frozen held-out part), and
loaded once per process, from the repository, with no network.
"""

import functools
from pathlib import Path

import joblib

MODEL = Path(__file__).resolve().parent / "data/step_classifier.joblib"
# The kinds the model proposes. How sure it must be is stored with the model, per kind: a step
# the consumer has to delete costs more than one they add, so only confident sentences count.
KINDS = ("human", "contradiction", "broken_promise")


@functools.cache
def _model():
    return joblib.load(MODEL)


def sentence_kinds(sentences: list[str]) -> list[set[str]]:
    """For each sentence, the kinds the model is confident it tells of."""
    if not sentences:
        return []
    model = _model()
    features = model["vectorizer"].transform(sentences)
    found: list[set[str]] = [set() for _ in sentences]
    for kind, classifier in model["classifiers"].items():
        probabilities = classifier.predict_proba(features)[:, 1]
        for index, probability in enumerate(probabilities):
            if probability >= model["thresholds"][kind]:
                found[index].add(kind)
    return found
