"""The semantic detector: its encoder is package data paired with its head, its readings explain
themselves, long messages are read in bounded passages, and it pickles for scan workers."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.detect import semantic
from saferpractice.detect.semantic import SemanticDetector, categories, passages
from saferpractice.detect.semantic.categories import parse_categories
from saferpractice.detect.semantic.classifier import EXAMPLE_CHARS, Classifier
from saferpractice.detect.semantic.detector import MAX_PASSAGES, WHOLE_MESSAGE_WORDS
from saferpractice.detect.semantic.embedder import DIMENSIONS, Embedder, model_files


@pytest.fixture(scope="module")
def detector() -> SemanticDetector:
    found = SemanticDetector()
    assert found.available(), found.unavailable_reason
    return found


def test_the_encoder_is_package_data_and_the_one_the_head_was_trained_with() -> None:
    files = model_files()
    assert files.onnx.parent == Path(semantic.__file__).parent
    assert files.tokenizer.is_file()
    digest = hashlib.sha256(files.onnx.read_bytes()).hexdigest()
    assert digest == Classifier.load().encoder_sha256
    assert f"`{digest}`" in (files.onnx.parent / "SOURCES.md").read_text("utf-8")


def test_embeddings_are_unit_vectors_and_meaning_is_closer_than_words() -> None:
    vectors = Embedder().embed(
        [
            "Shall I pick you up from the bus stop on Saturday?",
            "I could give you a lift at the weekend if you like.",
            "Saturday's bus timetable is on the school website.",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_a_reading_names_its_category_and_real_examples(detector: SemanticDetector) -> None:
    verdict = detector.assess("Don't mention to your mum that we've been chatting, ok? x")
    assert verdict is not None
    lines = verdict.explain()
    assert lines[0] == f"reads like: {verdict.category.reads_like} ({verdict.category.id})"
    assert lines[1].startswith("nearest labelled examples: ")
    for neighbour in verdict.neighbours:
        assert neighbour.example_id in lines[1]
        assert categories()[neighbour.category].reads_like in lines[1]
        # the example's own words, quoted, so that the reviewer can compare for themselves
        assert neighbour.text and f"\u201c{neighbour.text}\u201d" in lines[1]
        assert len(neighbour.text) <= EXAMPLE_CHARS
    assert any("reporting threshold" in line for line in lines)


def test_an_empty_message_has_no_reading(detector: SemanticDetector) -> None:
    assert detector.assess("   \n ") is None


def test_the_classifier_knows_only_categories_with_words() -> None:
    classifier = Classifier.load()
    assert set(classifier.classes) <= set(categories())
    assert 0.0 < classifier.threshold < 1.0
    assert set(classifier.proto_categories) <= set(classifier.classes)


def test_detector_pickles_as_settings(detector: SemanticDetector) -> None:
    copy = pickle.loads(pickle.dumps(detector))
    assert isinstance(copy, SemanticDetector)
    text = "See you at the fixture on Saturday, kick-off is at ten."
    original, again = detector.assess(text), copy.assess(text)
    assert original is not None and again is not None
    assert original.category == again.category
    assert original.probability == pytest.approx(again.probability, abs=1e-4)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=3000))
def test_passages_are_bounded_and_start_with_the_whole_message(text: str) -> None:
    found = passages(text)
    assert len(found) <= MAX_PASSAGES + 1
    if text.strip():
        assert found[0] == " ".join(text.split())
        if len(text.split()) <= WHOLE_MESSAGE_WORDS:
            assert found == [found[0]]
    else:
        assert found == []


def test_a_long_message_is_read_a_few_sentences_at_a_time(detector: SemanticDetector) -> None:
    filler = "The science fair is on Friday in the hall and parents are welcome to come. " * 12
    hidden = "Don't tell your parents, but I'd love to see you on your own after it finishes."
    verdict = detector.assess(filler + hidden)
    assert verdict is not None
    assert hidden in verdict.passage
    assert len(verdict.passage) < len(filler)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a mapping"),
        ({"breach": {}, "ok": {"praise": {"title": "P", "reads_like": "p"}}}, "'breach'"),
        ({"breach": {"x": {"title": "X", "reads_like": "x"}}, "ok": {"y": {}}}, "concern"),
        (
            {
                "breach": {"x": {"title": "X", "reads_like": "x", "concern": "c", "lexicon": "m"}},
                "ok": {"y": {"title": "Y", "reads_like": "y"}},
            },
            "x.lexicon must be a list",
        ),
    ],
)
def test_bad_category_data_is_refused_with_a_reason(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_categories(data)


def test_a_category_has_a_parents_wording_only_where_it_is_given() -> None:
    data = {
        "breach": {
            "s": {"title": "S", "reads_like": "asking a pupil", "to_parent": "asking a parent"},
            "m": {"title": "M", "reads_like": "meeting a pupil"},
        },
        "ok": {"p": {"title": "P", "reads_like": "praise"}},
    }
    for details in data["breach"].values():
        details["concern"] = "possible grooming"
    found = parse_categories(data)
    assert found["s"].reads_like_to(parent=True) == "asking a parent"
    assert found["s"].reads_like_to(parent=False) == "asking a pupil"
    assert found["m"].reads_like_to(parent=True) == "meeting a pupil"


def test_every_shipped_example_quote_is_the_corpus_text_shortened() -> None:
    """The quotes in the head are the labelled messages themselves (one line, bounded), as
    the detector reads them: without a letter's greeting and signature."""
    import numpy as np

    from saferpractice.detect.semantic.classifier import model_path, shorten
    from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, load_corpus
    from saferpractice.detect.semantic.letter import core

    arrays = np.load(model_path(), allow_pickle=False)
    training, _ = load_corpus(DEFAULT_CORPUS).split()
    texts = {example.id: example.text for example in training}  # never a held-back message
    quoted = dict(zip(map(str, arrays["proto_ids"]), map(str, arrays["proto_texts"]), strict=True))
    assert quoted and all(quoted[i] == shorten(core(texts[i])) for i in quoted)


def test_a_reading_is_the_same_whatever_is_read_beside_it() -> None:
    """The int8 encoder quantises activations over its whole batch (padding too): read beside a
    long message, a short one used to score differently. Each passage is now embedded alone."""
    short = "Could you stay behind after practice on Thursday so we can have a quiet word?"
    long = " ".join(
        f"Sentence {n} of the class newsletter says the trip to the museum leaves at nine."
        for n in range(12)
    )
    alone = SemanticDetector().assess_many([short])[0]
    beside = SemanticDetector().assess_many([long, "Lovely work on the poster today", short])[2]
    assert alone is not None and beside is not None
    assert beside.probability == alone.probability
    assert beside.category == alone.category


LETTER = """Dear Mrs Okafor,

Thank you for letting me know about the fall-out at lunchtime. I will keep an eye on things
this week. Would you like to come in for a chat after school on Wednesday?

Kind regards,
Mrs Lynch
Year 3 class teacher
Heathbrook Primary School
Tel: 0151 496 0037 | https://www.heathbrook.example.sch.uk

This email and any attachments are confidential and intended solely for the addressee. If you
have received this email in error, please notify the sender and delete it."""


def test_a_letter_is_read_without_its_greeting_signature_and_disclaimer(
    detector: SemanticDetector,
) -> None:
    """A disclaimer's 'confidential' and a signature's phone number are not what the sender
    meant; the detector reads only the body, exactly as if it had been sent alone."""
    whole = detector.assess(LETTER)
    body = detector.assess(
        "Thank you for letting me know about the fall-out at lunchtime. I will keep an eye on "
        "things this week. Would you like to come in for a chat after school on Wednesday?"
    )
    assert whole is not None and body is not None
    assert "Tel:" not in whole.passage and "confidential" not in whole.passage
    assert whole.passage.startswith("Thank you for letting me know")
    assert whole.probability == body.probability


def test_a_candidate_folder_reads_as_its_files_say_at_the_threshold_given(
    detector: SemanticDetector,
) -> None:
    """`use_folder` (training and the bench scripts measure candidates so) with the shipped
    files reads every message as the shipped detector does; only the threshold moves."""
    texts = ["send me a pic of you in bed", "Bring your PE kit on Thursday for the fixture."]
    candidate = SemanticDetector()
    candidate.use_folder(model_files().onnx.parent, threshold=0.999)
    shipped, moved = detector.assess_many(texts), candidate.assess_many(texts)
    assert candidate.threshold == pytest.approx(0.999)
    for a, b in zip(shipped, moved, strict=True):
        assert a is not None and b is not None
        assert b.probability == pytest.approx(a.probability, abs=1e-6)
        assert b.breach == (b.probability >= 0.999)
