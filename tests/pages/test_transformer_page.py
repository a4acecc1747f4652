"""The Transformer page through AppTest, in both tasks: typing a review or a sentence (good,
bad and odd), the attention views and the formula check, the builder's refusals and layer
table, training a classifier and a translator, reattaching through the URL, evaluating."""

import re
import sys
from pathlib import Path

import numpy as np
import pytest

from core import kinds
from core.config import transformer
from core.data import multi30k
from core.i18n import t
from core.inspection import inspect_attention
from core.jobs.job_registry import JOBS
from core.models import decoding
from ui import attention_views, resources, rnn_evaluate, transformer_controls

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `page_parts_helpers`, any import mode
from page_parts_helpers import count_calls, open_numbers, open_tab, rerun_fragment  # noqa: E402

PAGE = "pages/transformer.py"
# The attention formulas with numbers (`ui.page_parts.lazy_section`), opened in these tests.
NUMBERS = [
    f"transformer.{view}.formula_numbers"
    for view in ("classify", "translate.cross", "translate.encoder", "translate.decoder")
]
VERDICT = re.compile(r"^## (Positive|Negative) · (\d{1,3}\.\d)%$")
REVIEW = (
    "An absolutely wonderful film. The acting is brilliant, the story is beautiful and moving, "
    "and the music is great. One of the best movies I have seen; I loved every minute of it."
)
SENTENCE = "A man in a blue shirt is riding a bike down the street."
FORMULA_CHECK = "The softmax computed here equals the attention the model used"
# "Using your network (Finished, 1 of 1 epoch done).": one epoch, in the singular.
FINISHED_ONE_EPOCH = t("model.yours_caption", status=t("train.status.finished"), epoch=1, epochs=1)


def texts(node, kind):
    return [element.value for element in getattr(node, kind)]


def tab(app, name):
    return [tab for tab in app.tabs if name in tab.label][0]


def charts(node):
    return node.get("arrow_vega_lite_chart") + node.get("vega_lite_chart")


def run(app):
    app.run()
    assert not app.exception, app.exception
    return app


def choose_task(app, task):
    app.button_group(key="transformer.task").set_value(task)
    return run(app)


def type_review(app, text):
    app.text_area(key="transformer.review").input(text)
    return run(app)


def type_sentence(app, text):
    app.text_input(key="transformer.sentence").input(text)
    return run(app)


def translation_box(app):
    return app.get_by_key("translation")


def formula_difference(app) -> float:
    [check] = [text for text in texts(tab(app, "Look inside"), "success") if FORMULA_CHECK in text]
    return float(re.search(r"largest difference ([-+.0-9e]+)\)", check).group(1))


# The review classifier.


def test_the_page_opens_on_the_classifier_with_a_prompt(open_page):
    app = open_numbers(open_page(PAGE), *NUMBERS)
    assert app.button_group(key="transformer.task").value == "classify"
    box = app.get_by_key("review_prediction")
    assert texts(box, "info") == ["Type a review (or pick one above) to see what the network makes of it."]
    inside = tab(app, "Look inside")
    assert texts(inside, "info") == ["Type a review above to see every layer's and head's attention."]
    _, meta = resources.starter(kinds.CLASSIFIER)
    assert f"Predicting with the starter Transformer ({meta['test_accuracy']:.1%}" in " ".join(
        texts(app, "caption")
    )
    app = open_tab(app, "transformer", "evaluate")
    [accuracy] = [metric for metric in tab(app, "Evaluate").metric if metric.label == "Test accuracy"]
    assert float(accuracy.value.rstrip("%")) / 100 == pytest.approx(meta["test_accuracy"], abs=6e-4)


def test_typed_review_gets_the_models_probability_and_every_attention_view(open_page):
    app = type_review(open_numbers(open_page(PAGE), *NUMBERS), REVIEW)
    model, meta = resources.starter(kinds.CLASSIFIER)
    ids = meta["vocabulary"].encode(REVIEW, meta["config"].max_length).ids
    probability = float(np.asarray(model(ids[np.newaxis]))[0, 0])
    [verdict] = [
        text for text in texts(app.get_by_key("review_prediction"), "markdown") if VERDICT.match(text)
    ]
    label, percent = VERDICT.match(verdict).groups()
    assert label == ("Positive" if probability > 0.5 else "Negative")
    assert float(percent) == pytest.approx(100 * max(probability, 1 - probability), abs=0.051)

    inside = tab(app, "Look inside")
    specs = [chart.proto.spec for chart in charts(inside)]
    assert len(specs) == 3  # the chosen head, the head view, the grid of every layer and head
    words = meta["vocabulary"].encode(REVIEW, meta["config"].max_length).used
    layers, heads = meta["config"].num_encoder_layers, meta["config"].num_heads
    assert sum(f"Layer {layers}" in spec and f"Head {heads}" in spec for spec in specs) == 1  # the grid
    assert inside.latex and formula_difference(app) < 1e-4
    # Another head and query token: the formula still matches the model.
    app.selectbox(key="transformer.classify.head").set_value(heads - 1)
    app.select_slider(key="transformer.classify.query").set_value(words - 1)
    run(app)
    assert formula_difference(app) < 1e-4


def test_a_long_review_is_drawn_forty_tokens_at_a_time(open_page):
    words = [f"word{i}" for i in range(100)]  # unknown words are still tokens the encoder reads
    app = type_review(open_numbers(open_page(PAGE), *NUMBERS), "good " + " ".join(words))
    window = app.select_slider(key="transformer.classify.window")
    assert list(window.options) == ["1–40", "41–80", "81–101"]
    window.set_value(40)
    app = run(app)
    heatmap = charts(tab(app, "Look inside"))[0].proto.spec
    # Tokens 41 to 80 are word39 … word78 (token 1 is "good").
    assert "word39" in heatmap and "word78" in heatmap
    assert "word38" not in heatmap and "word79" not in heatmap
    assert app.select_slider(key="transformer.classify.query").value == 40
    assert formula_difference(app) < 1e-4


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("🙂🙂 !!! 🎬", "warning", "There are no words in this text"),
        ("zxqv blorft wubba", "warning", "None of the"),
        (" ".join(["good", "film"] * 300), "info", "Long review: the model read its first 256 of 600 words"),
    ],
)
def test_bad_reviews_get_a_clear_message(open_page, text, kind, message):
    app = type_review(open_numbers(open_page(PAGE), *NUMBERS), text)
    shown = texts(app.get_by_key("review_prediction"), kind)
    assert any(message in text for text in shown), shown


# The translator.


def test_translation_is_the_models_greedy_decoding_and_beam_search_is_offered(open_page):
    app = choose_task(open_numbers(open_page(PAGE), *NUMBERS), "translate")
    assert texts(translation_box(app), "info") == [
        "Type an English sentence (or pick one above) to translate it."
    ]
    app = type_sentence(app, SENTENCE)
    model, meta = resources.starter(kinds.TRANSLATOR)
    source = multi30k.encode_source(meta["source"], SENTENCE, meta["config"].max_length)
    greedy = decoding.translate_one(model, meta["target"], source.ids[: source.used])
    assert greedy.words and greedy.ended
    assert texts(translation_box(app), "markdown") == [f"### {greedy.text}"]
    assert "German, by greedy decoding" in " ".join(texts(translation_box(app), "caption"))

    app.button_group(key="transformer.decoding").set_value("beam")
    app = run(app)
    beam = decoding.translate_one(model, meta["target"], source.ids[: source.used], beam_width=4)
    assert texts(translation_box(app), "markdown") == [f"### {beam.text}"]
    assert "beam search, width 4" in " ".join(texts(translation_box(app), "caption"))


def test_translator_attention_encoder_decoder_and_cross_with_formula(open_page):
    app = type_sentence(choose_task(open_numbers(open_page(PAGE), *NUMBERS), "translate"), SENTENCE)
    model, meta = resources.starter(kinds.TRANSLATOR)
    source = multi30k.encode_source(meta["source"], SENTENCE, meta["config"].max_length)
    output = decoding.translate_one(model, meta["target"], source.ids[: source.used])
    inside = tab(app, "Look inside")
    assert app.button_group(key="transformer.translate.kind").value == "cross"
    heatmap = charts(inside)[0].proto.spec
    assert "Cross-attention" in heatmap and output.words[0] in heatmap
    assert formula_difference(app) < 1e-4
    for kind in ("encoder", "decoder"):
        app.button_group(key="transformer.translate.kind").set_value(kind)
        app = run(app)
        assert formula_difference(app) < 1e-4, kind
    # The decoder's masked self-attention the page draws is zero above the diagonal.
    decoder = inspect_attention.decoder_attention(model, source.ids[: source.used], output.ids)
    assert np.abs(np.triu(decoder.self_weights, k=1)).max() < 1e-7
    app.select_slider(key="transformer.translate.decoder.query").set_value(0)
    app = run(app)
    table = tab(app, "Look inside").dataframe[1].value  # the formula's key table
    assert table["weight the model used"].iloc[1:].abs().max() < 1e-7  # [start] sees only itself
    assert table["q·k / √d_k"].iloc[1:].isna().all()  # the future is masked


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("🙂 🎬 🚲", "warning", "There are no words in this text"),
        (" ".join(["a dog runs"] * 30), "info", "The model reads the first 40 of 90 tokens"),
        ("Xylophonic quarks zimbled", "warning", "None of the 3 tokens"),
    ],
)
def test_bad_sentences_get_a_clear_message(open_page, text, kind, message):
    app = type_sentence(choose_task(open_numbers(open_page(PAGE), *NUMBERS), "translate"), text)
    shown = texts(translation_box(app), kind)
    assert any(message in text for text in shown), shown


# Building and training.


def test_width_not_divisible_by_heads_is_refused_and_start_disabled(open_page):
    app = open_tab(choose_task(open_numbers(open_page(PAGE), *NUMBERS), "translate"), "transformer", "build")
    config = transformer.RECOMMENDED["translate"]
    total = f"{transformer.count_parameters(config):,}"
    assert any(total in text for text in texts(tab(app, "Build"), "caption"))
    app.selectbox(key="transformer.translate.cfg.embed_dim").set_value(64)
    app.selectbox(key="transformer.translate.cfg.num_heads").set_value(3)
    app = run(app)
    errors = texts(tab(app, "Build"), "error")
    assert any("Model width 64 cannot be split evenly into 3 heads" in text for text in errors), errors
    assert app.button(key="transformer.translate.start").disabled


def set_tiny(app, task, **fields):
    prefix = f"transformer.{task}.cfg"
    app.session_state[f"{prefix}.embed_dim"] = 16
    app.session_state[f"{prefix}.ff_dim"] = 32
    app.session_state[f"{prefix}.epochs"] = 1
    for name, value in fields.items():
        app.session_state[f"{prefix}.{name}"] = value
    return run(app)


@pytest.mark.slow
def test_classifier_trains_predicts_and_evaluates(open_page):
    # Looking at the starter's second head first: the run's network has only one.
    app = type_review(open_numbers(open_page(PAGE), *NUMBERS), REVIEW)
    app.selectbox(key="transformer.classify.head").set_value(1)
    app = open_tab(run(app), "transformer", "build")
    app = set_tiny(app, "classify", train_size=500, max_length=50, num_heads=1)
    app.button(key="transformer.classify.start").click()
    app = run(app)
    job = JOBS.get(app.session_state["transformer.classify.job_id"])
    assert job.meta["kind"] == "transformer.classify"
    assert job.join(180) and job.snapshot().status == "finished", job.snapshot().message
    app = type_review(open_tab(run(app), "transformer", "inside"), REVIEW)
    assert FINISHED_ONE_EPOCH in texts(app, "caption")
    assert app.selectbox(key="transformer.classify.head").value == 0
    ids = job.meta["vocabulary"].encode(REVIEW, 50).ids
    probability = float(np.asarray(job.model(ids[np.newaxis]))[0, 0])
    assert f"Probability that the review is positive: {probability:.3f}" in texts(app, "caption")
    assert formula_difference(app) < 1e-4
    probabilities = job.snapshot().test_probabilities.reshape(-1)
    accuracy = ((probabilities > 0.5) == job.test[1]).mean()
    app = open_tab(app, "transformer", "evaluate")
    [metric] = [m for m in tab(app, "Evaluate").metric if m.label == "Test accuracy"]
    assert metric.value == f"{accuracy:.2%}"
    JOBS.discard(job.id)


@pytest.mark.slow
def test_translator_trains_shows_samples_and_bleu_and_reattaches(open_page):
    app = open_tab(choose_task(open_numbers(open_page(PAGE), *NUMBERS), "translate"), "transformer", "build")
    app = set_tiny(
        app, "translate", train_size=1000, num_heads=2, vocab_size=1000, target_vocab_size=1000, batch_size=32
    )
    # Multi30k has its own validation pairs: no validation share to set.
    assert not [s for s in app.slider if s.key == "transformer.translate.cfg.validation_share"]
    app.button(key="transformer.translate.start").click()
    app = run(app)
    job_id = app.session_state["transformer.translate.job_id"]
    job = JOBS.get(job_id)
    assert job.join(300) and job.snapshot().status == "finished", job.snapshot().message
    [row] = job.snapshot().epochs_log
    assert 0 <= row["val_bleu"] <= 100 and len(row["samples"]) == 4
    app = run(app)
    # The run's progress, its BLEU curve and epoch samples among it, is above the tabs, not in
    # Build & train, which says so under Start.
    build = tab(app, "Build")
    assert t("train.progress_above") in texts(build, "caption")
    assert not any("Validation BLEU" in chart.proto.spec for chart in charts(build))
    assert not any("English" in frame.value.columns for frame in build.dataframe)
    assert any("Validation BLEU" in chart.proto.spec for chart in charts(app))
    [samples] = [frame.value for frame in app.dataframe if "English" in frame.value.columns]
    assert list(samples["English"]) == multi30k.load("val").english[:4]
    assert list(samples["after epoch 1"]) == row["samples"]

    app = type_sentence(app, SENTENCE)
    source = multi30k.encode_source(job.meta["source"], SENTENCE, job.meta["config"].max_length)
    output = decoding.translate_one(job.model, job.meta["target"], source.ids[: source.used])
    assert texts(translation_box(app), "markdown") == [f"### {output.text or '…'}"]

    # A reload with the run in the URL opens the translator with this run.
    reloaded = open_page(PAGE, query={"run": job_id}, token=app.session_state["identity.token"])
    assert reloaded.button_group(key="transformer.task").value == "translate"
    assert reloaded.session_state["transformer.translate.job_id"] == job_id
    assert FINISHED_ONE_EPOCH in texts(reloaded, "caption")
    JOBS.discard(job_id)


def test_switching_tasks_keeps_each_tasks_settings_and_text(open_page):
    app = type_review(open_tab(open_numbers(open_page(PAGE), *NUMBERS), "transformer", "build"), REVIEW)
    app.selectbox(key="transformer.classify.cfg.num_heads").set_value(8)
    app = choose_task(run(app), "translate")
    app.selectbox(key="transformer.translate.cfg.embed_dim").set_value(64)
    app = type_sentence(run(app), SENTENCE)
    app = choose_task(app, "classify")
    assert app.selectbox(key="transformer.classify.cfg.num_heads").value == 8
    assert app.text_area(key="transformer.review").value == REVIEW
    assert [text for text in texts(app.get_by_key("review_prediction"), "markdown") if VERDICT.match(text)]
    app = choose_task(app, "translate")
    assert app.selectbox(key="transformer.translate.cfg.embed_dim").value == 64
    assert app.text_input(key="transformer.sentence").value == SENTENCE


def test_tampered_run_id_gets_a_notice(open_page):
    app = open_page(PAGE, query={"run": "../../etc/passwd"})
    assert any("training run this app does not have" in text for text in texts(app, "info")), texts(
        app, "info"
    )


# A typed text costs only what it changes.


@pytest.fixture
def calls(monkeypatch):
    """Count the calls of what only Build & train, Evaluate and Look inside do."""
    return count_calls(
        monkeypatch,
        {
            "build": (transformer_controls.TaskControls, "config_editor"),
            "evaluate": (rnn_evaluate, "results"),
            "inside": (attention_views, "explore"),
        },
    )


def test_a_typed_review_reruns_only_the_box_and_the_open_attention(open_page, calls):
    app = open_numbers(
        open_page(PAGE), *NUMBERS
    )  # Look inside is open at first; Build & train and Evaluate do nothing
    assert calls == {"build": 0, "evaluate": 0, "inside": 0}
    app.text_area(key="transformer.review").input(REVIEW)
    app = rerun_fragment(app, "transformer.typing")
    assert calls == {"build": 0, "evaluate": 0, "inside": 1}
    assert [text for text in texts(app, "markdown") if VERDICT.match(text)]
    assert formula_check_in(app)
    app = open_tab(app, "transformer", "build")
    assert calls == {"build": 1, "evaluate": 0, "inside": 1}
    app.text_area(key="transformer.review").input("A dull, boring film.")
    app = rerun_fragment(app, "transformer.typing")
    assert calls == {"build": 1, "evaluate": 0, "inside": 1}  # the attention is hidden now
    app = open_tab(app, "transformer", "inside")  # shown for the text typed while it was hidden
    heatmap = charts(tab(app, "Look inside"))[0].proto.spec
    assert "dull" in heatmap and "wonderful" not in heatmap


def test_a_typed_sentence_reruns_only_the_translator_box(open_page, calls):
    app = open_tab(
        choose_task(open_numbers(open_page(PAGE), *NUMBERS), "translate"), "transformer", "evaluate"
    )
    assert calls == {"build": 0, "evaluate": 0, "inside": 0}
    app.text_input(key="transformer.sentence").input(SENTENCE)
    app = rerun_fragment(app, "transformer.typing")
    assert [text for text in texts(translation_box(app), "markdown") if text.startswith("### ")]
    assert calls == {"build": 0, "evaluate": 0, "inside": 0}


def test_attention_choices_and_settings_survive_tab_switches(open_page):
    app = type_review(open_numbers(open_page(PAGE), *NUMBERS), REVIEW)
    app.selectbox(key="transformer.classify.head").set_value(1).run()
    app = open_tab(app, "transformer", "build")
    app.selectbox(key="transformer.classify.cfg.num_heads").set_value(8).run()
    app = open_tab(open_tab(app, "transformer", "evaluate"), "transformer", "inside")
    assert app.selectbox(key="transformer.classify.head").value == 1
    assert app.text_area(key="transformer.review").value == REVIEW
    app = open_tab(app, "transformer", "build")
    assert app.selectbox(key="transformer.classify.cfg.num_heads").value == 8


def formula_check_in(app) -> bool:
    return any(FORMULA_CHECK in text for text in texts(app, "success"))
