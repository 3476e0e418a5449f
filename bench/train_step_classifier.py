"""Train the sentence classifier of `journeys.step_classifier` on the tuning part of the corpus.

    .venv/bin/python bench/train_step_classifier.py           # train and write the model
    .venv/bin/python bench/train_step_classifier.py --folds 5 # estimate it first, by narrative

Reads only the tuning part of bench/step_narratives.json (never the frozen held-out part) and
writes journeys/data/step_classifier.joblib. Reproducible: the same corpus and the pinned
scikit-learn give the same model (a deterministic solver, no random state).

A sentence tells of a kind when a labelled step of that kind quotes its words (`evidence`: every
tuning step has it, and tests/test_extraction.py keeps it so); a sentence no step quotes tells of
none. The rules take no part, so the model never learns their mistakes. Each kind's threshold
is the lowest (from 0.5 up) at which its five-fold cross-validated precision on the tuning part
reaches 90%; a kind that does not reach it at any threshold with some recall gets no
classifier, and the rules alone propose it.

With --folds N the script first estimates what the model adds to the rules on text it was not
trained on: the tuning narratives are split into N parts, a model is trained on all but one and
the extraction is scored on that one, in turn; it prints those figures beside the rules alone.
"""

import argparse
import math
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PRECISION = 0.90
MIN_RECALL = 0.10


def _sentence_of(sentences, position):
    return next(i for i, (start, end) in enumerate(sentences) if start <= position < end)


def _positive(narrative, sentences, kind) -> set[int]:
    """The sentences holding the words of the narrative's steps of this kind."""
    text = narrative["text"]
    return {
        _sentence_of(sentences, text.index(step["evidence"]))
        for step in narrative["steps"]
        if step["kind"] == kind
    }


def _examples(narratives, kind):
    from journeys import extraction

    texts, labels = [], []
    for narrative in narratives:
        text = narrative["text"]
        sentences = extraction._sentences(text)
        positive = _positive(narrative, sentences, kind)
        for index, (start, end) in enumerate(sentences):
            texts.append(text[start:end])
            labels.append(int(index in positive))
    return texts, labels


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 4), min_df=2, sublinear_tf=True, lowercase=True
    )


def _classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear", max_iter=1000)


def _pipeline():
    from sklearn.pipeline import make_pipeline

    return make_pipeline(_vectorizer(), _classifier())


def _at(predicted, labels, threshold):
    chosen = [p[1] >= threshold for p in predicted]
    true_pos = sum(c and y for c, y in zip(chosen, labels, strict=True))
    return true_pos / max(1, sum(chosen)), true_pos / max(1, sum(labels))


def train(narratives, *, verbose=False) -> dict:
    """The model for `journeys.step_classifier`, fitted on these narratives only."""
    import numpy
    import sklearn
    from sklearn.model_selection import cross_val_predict

    from journeys import extraction, step_classifier

    # One vectorizer for all kinds, fitted on every sentence, so a narrative is read once.
    sentences = [
        n["text"][start:end] for n in narratives for start, end in extraction._sentences(n["text"])
    ]
    vectorizer = _vectorizer().fit(sentences)
    classifiers, thresholds = {}, {}
    for kind in step_classifier.KINDS:
        texts, labels = _examples(narratives, kind)
        if sum(labels) < 5:
            continue
        predicted = cross_val_predict(_pipeline(), texts, labels, cv=5, method="predict_proba")
        candidates = [t / 100 for t in range(50, 100, 5)]
        reached = [t for t in candidates if _at(predicted, labels, t)[0] >= PRECISION]
        threshold = next((t for t in reached if _at(predicted, labels, t)[1] >= MIN_RECALL), None)
        if verbose:
            shown = "none" if threshold is None else threshold
            precision, recall = _at(predicted, labels, threshold or 0.95)
            print(
                f"{kind:<19}{sum(labels):>4} of {len(labels):>5} sentences; threshold {shown}: "
                f"cross-validated precision {precision:6.1%} recall {recall:6.1%}"
            )
        if threshold is None:
            continue
        classifiers[kind] = _classifier().fit(vectorizer.transform(texts), labels)
        thresholds[kind] = threshold
    kinds = list(classifiers)
    return {
        "vectorizer": vectorizer,
        "kinds": kinds,
        "weights": numpy.vstack([classifiers[kind].coef_[0] for kind in kinds])
        if kinds
        else numpy.zeros((0, len(vectorizer.vocabulary_))),
        "intercepts": numpy.array([classifiers[kind].intercept_[0] for kind in kinds]),
        # A probability p as the log-odds it takes: the product is compared with these.
        "cutoffs": numpy.array([math.log(thresholds[k] / (1 - thresholds[k])) for k in kinds]),
        "thresholds": thresholds,
        "sklearn": sklearn.__version__,
    }


def estimate(narratives, folds: int) -> None:
    """The rules alone, and the rules with a model not trained on the scored narratives."""
    from step_extraction import Figures, score

    from journeys import step_classifier

    order = list(range(len(narratives)))
    random.Random(5).shuffle(order)
    parts = [[narratives[i] for i in order[f::folds]] for f in range(folds)]
    for lang in ("nl", "en"):
        alone, modelled = Figures(), Figures()
        for f, part in enumerate(parts):
            rest = [n for g, other in enumerate(parts) if g != f for n in other]
            model = train(rest)
            scored = [n for n in part if n["lang"] == lang]
            step_classifier.use(model)
            with_model = score(scored)
            step_classifier.use({"vectorizer": None, "kinds": []})
            without = score(scored)
            for total, figures in ((modelled, with_model), (alone, without)):
                for field in ("proposed", "expected", "kinds_matched", "numbers_right"):
                    setattr(total, field, getattr(total, field) + getattr(figures, field))
        for title, figures in (("rules alone", alone), ("with the model", modelled)):
            print(
                f"  {lang} {title:<15} kinds P {figures.kind_precision:6.1%} "
                f"R {figures.kind_recall:6.1%}   numbers {figures.numbers:6.1%}"
            )
    step_classifier.use(None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=0)
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
    import django

    django.setup()
    import joblib
    from step_extraction import load_narratives

    from journeys.step_classifier import MODEL

    tuning = load_narratives("tuning")
    if arguments.folds:
        print(f"{arguments.folds}-fold estimate on the tuning part, by narrative:")
        estimate(tuning, arguments.folds)
    joblib.dump(train(tuning, verbose=True), MODEL, compress=9)
    print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
