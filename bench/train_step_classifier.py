"""Train the sentence classifier of `journeys.step_classifier` on the tuning part of the corpus.

    .venv/bin/python bench/train_step_classifier.py

Reads only the tuning part of bench/step_narratives.json (never the frozen held-out part) and
writes journeys/data/step_classifier.joblib. Reproducible: the same corpus and the pinned
scikit-learn give the same model (a deterministic solver, no random state).

The narratives are labelled per narrative, not per sentence, so the sentences are labelled
weakly: a sentence tells of a kind when the rules found a step of that kind there and it matched
a labelled step, or when a labelled step of that kind the rules missed sits between two matched
steps with exactly one sentence between them; a sentence of a narrative without that kind at
all tells of none. The rules run without the model here, so training never reads its own
output. Each kind's threshold is the lowest (from 0.5 up) at which its five-fold cross-validated
precision on the tuning part reaches 90%; the script prints it with its recall.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _sentence_of(sentences, position):
    return next(i for i, (start, end) in enumerate(sentences) if start <= position < end)


def _examples(narratives, kind):
    from step_extraction import alignment

    from journeys import extraction

    texts, labels = [], []
    for narrative in narratives:
        text = narrative["text"]
        sentences = extraction._sentences(text)
        expected = [step["kind"] for step in narrative["steps"]]
        if kind not in expected:
            texts += [text[start:end] for start, end in sentences]
            labels += [0] * len(sentences)
            continue
        steps = extraction.extract(text, classify=False)
        pairs = alignment([step.kind for step in steps], expected)

        positive = {
            _sentence_of(sentences, steps[i].spans[0][0]) for i, j in pairs if expected[j] == kind
        }
        matched = dict((j, i) for i, j in pairs)
        for j, wanted in enumerate(expected):
            if wanted != kind or j in matched:
                continue
            before = [
                _sentence_of(sentences, steps[matched[k]].spans[0][0]) for k in matched if k < j
            ]
            after = [
                _sentence_of(sentences, steps[matched[k]].spans[0][0]) for k in matched if k > j
            ]
            low = max(before) if before else 0
            high = min(after) if after else len(sentences) - 1
            if low == high or (not before and high == 0) or (not after and low == high):
                positive.add(low)
            elif high - low == 1 and not after:
                positive.add(high)
        for index, (start, end) in enumerate(sentences):
            if index in positive:
                texts.append(text[start:end])
                labels.append(1)
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


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frictionlog.settings")
    import django

    django.setup()
    import joblib
    import sklearn
    from sklearn.model_selection import cross_val_predict
    from step_extraction import load_narratives

    from journeys.step_classifier import KINDS, MODEL

    def at(predicted, labels, threshold):
        chosen = [p[1] >= threshold for p in predicted]
        true_pos = sum(c and y for c, y in zip(chosen, labels, strict=True))
        return true_pos / max(1, sum(chosen)), true_pos / max(1, sum(labels))

    tuning = load_narratives("tuning")
    from journeys import extraction

    # One vectorizer for all kinds, fitted on every tuning sentence, so a narrative is read once.
    sentences = [
        n["text"][start:end] for n in tuning for start, end in extraction._sentences(n["text"])
    ]
    vectorizer = _vectorizer().fit(sentences)
    classifiers, thresholds = {}, {}
    for kind in KINDS:
        texts, labels = _examples(tuning, kind)
        predicted = cross_val_predict(_pipeline(), texts, labels, cv=5, method="predict_proba")
        candidates = [t / 100 for t in range(50, 100, 5)]
        threshold = next((t for t in candidates if at(predicted, labels, t)[0] >= 0.9), 0.95)
        precision, recall = at(predicted, labels, threshold)
        print(
            f"{kind:<15} {sum(labels):>4} of {len(labels):>5} sentences; threshold {threshold}: "
            f"cross-validated precision {precision:6.1%} recall {recall:6.1%}"
        )
        classifiers[kind] = _classifier().fit(vectorizer.transform(texts), labels)
        thresholds[kind] = threshold
    model = {
        "vectorizer": vectorizer,
        "classifiers": classifiers,
        "thresholds": thresholds,
        "sklearn": sklearn.__version__,
    }
    joblib.dump(model, MODEL, compress=9)
    print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
