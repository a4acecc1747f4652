"""The RNN page through AppTest: typing reviews (good, bad and odd), the examples, the
builder's layer table and presets, training, reattaching through the URL, looking inside,
evaluating, and the full IMDB set without a network."""

import dataclasses
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from core import kinds
from core.config import rnn
from core.data.text import tokenize
from core.i18n import t
from core.inspection import inspect_rnn
from core.jobs.job_registry import JOBS
from ui import resources, rnn_controls, rnn_evaluate, rnn_inspect

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for `page_parts_helpers`, any import mode
from page_parts_helpers import count_calls, open_numbers, open_tab, rerun_fragment  # noqa: E402

PAGE = "pages/rnn.py"
NUMBERS = "rnn.recurrence_numbers"  # the recurrence written out, opened in these tests
STARTER_META = json.loads(
    (Path(__file__).resolve().parents[2] / "assets" / "models" / "rnn_starter.json").read_text(
        encoding="utf-8"
    )
)
STARTER_LENGTH = STARTER_META["config"]["sequence_length"]
PROMPT = "Type a review (or pick one above) to see what the network makes of it."
VERDICT = re.compile(r"^## (Positive|Negative) · (\d{1,3}\.\d)%$")
POSITIVE_REVIEW = (
    "An absolutely wonderful film. The acting is brilliant, the story is beautiful and moving, "
    "and the music is great. One of the best movies I have seen; I loved every minute of it."
)
RECURRENCE_CHECK = "equals the state the Keras layer returned"


def texts(node, kind):
    return [element.value for element in getattr(node, kind)]


def prediction_box(app):
    return app.get_by_key("review_prediction")


def verdicts(app):
    return [text for text in texts(prediction_box(app), "markdown") if VERDICT.match(text)]


def tab(app, name):
    return [tab for tab in app.tabs if name in tab.label][0]


def charts(node):
    return node.get("arrow_vega_lite_chart") + node.get("vega_lite_chart")


def recurrence_difference(app) -> float:
    """The largest difference the recurrence check reports (it is worded as a success)."""
    checks = [text for text in texts(tab(app, "Look inside"), "success") if RECURRENCE_CHECK in text]
    assert len(checks) == 1, texts(app, "success")
    return float(re.search(r"largest difference ([-+.0-9e]+)\)", checks[0]).group(1))


def type_review(app, text):
    app.text_area(key="rnn.review").input(text).run()
    assert not app.exception, app.exception
    return app


def starter_probability(text: str) -> float:
    model, vocabulary, _ = resources.starter(kinds.RNN)
    return inspect_rnn.predict(model, vocabulary.encode(text, model.input.shape[1]))


# Typing and predicting.


def test_empty_review_prompts_inside_the_prediction_box(open_page):
    app = open_numbers(open_page(PAGE), NUMBERS)
    box = prediction_box(app)
    assert texts(box, "info") == [PROMPT]
    assert not verdicts(app) and not texts(box, "warning")
    starter = f"Using the starter model ({STARTER_META['test_accuracy']:.1%} on the "
    assert any(text.startswith(starter) for text in texts(app, "caption"))
    # Nothing trained yet: the model choice is there but cannot be used.
    assert app.button_group(key="rnn.model_choice").proto.disabled
    assert app.button_group(key="rnn.model_choice").value == "starter"  # it shows what predicts
    sidebar = " ".join(texts(app.sidebar, "markdown"))
    assert "Computing on:" in sidebar and "IMDB, embedded 5,000 reviews" in sidebar
    # A first visit opens on Look inside, which prompts for a review too.
    assert app.session_state["rnn.tab_name"] == "inside"
    assert texts(tab(app, "Look inside"), "info") == ["Type a review above to look inside the network."]
    app = open_tab(app, "rnn", "build")
    assert app.button(key="rnn.pause").disabled and app.button(key="rnn.stop").disabled
    assert t("train.not_started") in texts(tab(app, t("tab.build")), "caption")
    # The Evaluate tab measures the starter on the same test reviews its caption quotes.
    app = open_tab(app, "rnn", "evaluate")
    [accuracy] = [metric for metric in tab(app, "Evaluate").metric if metric.label == "Test accuracy"]
    assert float(accuracy.value.rstrip("%")) / 100 == pytest.approx(STARTER_META["test_accuracy"], abs=6e-4)


def test_home_card_links_to_the_rnn_page(open_page):
    app = open_page()
    links = {link.proto.label: link.proto.page for link in app.get("page_link")}
    assert links.get("Open the RNN playground", "").endswith("rnn"), links


def test_typed_review_is_predicted_and_looked_inside(open_page):
    app = type_review(open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "inside"), POSITIVE_REVIEW)
    [verdict] = verdicts(app)
    label, percent = VERDICT.match(verdict).groups()
    # The verdict is the starter model's own reading of the review.
    probability = starter_probability(POSITIVE_REVIEW)
    assert label == ("Positive" if probability > 0.5 else "Negative")
    assert float(percent) == pytest.approx(100 * max(probability, 1 - probability), abs=0.051)
    assert f"Probability that the review is positive: {probability:.3f}" in texts(app, "caption")
    words = len(tokenize(POSITIVE_REVIEW))
    assert words <= STARTER_LENGTH
    assert any(text.startswith(f"**The words the model reads** ({words};") for text in texts(app, "caption"))
    assert not texts(prediction_box(app), "info")

    inside = tab(app, "Look inside")
    assert not texts(inside, "info")
    specs = [chart.proto.spec for chart in charts(inside)]
    assert any("p(positive)" in spec for spec in specs)  # the prediction word by word
    assert any("hidden state h" in spec for spec in specs)  # the hidden-state heatmap
    assert inside.latex and inside.dataframe
    assert recurrence_difference(app) < 1e-4
    middle = words // 2  # the formula starts half way through, where the state carries something
    step = f"Step t = {middle + 1} reads **{tokenize(POSITIVE_REVIEW)[middle]}**"
    assert any(step in text for text in texts(inside, "caption"))

    # The word slider picks the step the formula is written out for.
    app.select_slider(key="rnn.formula_word").set_value(words - 1).run()
    assert not app.exception, app.exception
    last = tokenize(POSITIVE_REVIEW)[-1]
    assert any(
        f"Step t = {words} reads **{last}**" in text for text in texts(tab(app, "Look inside"), "caption")
    )
    assert recurrence_difference(app) < 1e-4
    # A shorter review next: the chosen word is clamped to its last word.
    app = type_review(app, "A great film.")
    assert app.select_slider(key="rnn.formula_word").value == 2
    assert any("Step t = 3 reads **film**" in text for text in texts(tab(app, "Look inside"), "caption"))
    assert recurrence_difference(app) < 1e-4


def test_text_without_words_gets_a_warning(open_page):
    app = type_review(
        open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "inside"), "😀😀 !!! ... ??? 🎬 :-) ---"
    )
    assert texts(prediction_box(app), "warning") == [
        "There are no words in this text, only symbols or emoji; type a few words."
    ]
    assert not verdicts(app)
    assert texts(tab(app, "Look inside"), "info") == ["Type a review above to look inside the network."]


def test_unknown_words_get_a_warning(open_page):
    _, vocabulary, _ = resources.starter(kinds.RNN)
    assert vocabulary.lookup("zzqx") == vocabulary.lookup("wxyq") == 1  # both out of vocabulary
    app = type_review(open_numbers(open_page(PAGE), NUMBERS), "zzqx wxyq")
    [warning] = texts(prediction_box(app), "warning")
    assert warning.startswith("None of these 2 words is in the model's vocabulary")
    assert not verdicts(app)


def test_long_review_says_how_much_was_read(open_page):
    review = " ".join(["good", "film", "bad", "plot"] * 500)  # 2,000 words
    app = type_review(open_numbers(open_page(PAGE), NUMBERS), review)
    assert verdicts(app)
    notices = texts(prediction_box(app), "info")
    assert notices == [
        f"Long review: the model read its first {STARTER_LENGTH:,} of 2,000 words; the rest was cut."
    ]
    assert any(
        text.startswith(f"**The words the model reads** ({STARTER_LENGTH};") for text in texts(app, "caption")
    )


def test_other_scripts_and_emoji_are_read_without_error(open_page):
    review = "Ce film était génial 日本語 😀 ｆｕｌｌ-ｗｉｄｔｈ <b>bold</b> & don’t"
    app = type_review(open_numbers(open_page(PAGE), NUMBERS), review)
    words = len(tokenize(review))
    assert tokenize(review) == ["ce", "film", "était", "génial", "日本語", "full", "width", "bold", "don't"]
    assert any(text.startswith(f"**The words the model reads** ({words};") for text in texts(app, "caption"))
    assert verdicts(app) or texts(prediction_box(app), "warning")
    # Vowel signs belong to their words: three Hindi words, not a dozen fragments.
    app = type_review(app, "फ़िल्म अच्छी है")
    assert any(text.startswith("**The words the model reads** (3;") for text in texts(app, "caption"))
    assert verdicts(app) or texts(prediction_box(app), "warning")


def test_one_word_review_says_what_leaving_it_out_does(open_page):
    """Leaving out the only word leaves nothing to read; a mean-pooling model (the starter)
    must not turn that into NaN in the occlusion view."""
    app = type_review(open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "inside"), "great")
    assert verdicts(app)
    inside = tab(app, "Look inside")
    occlusion = [element.value for element in inside.html if "<span title=" in element.value]
    assert len(occlusion) == 1
    effect = re.search(r'<span title="([^"]*)"', occlusion[0]).group(1)
    assert "nan" not in occlusion[0].lower() and np.isfinite(float(effect)), occlusion[0]
    assert recurrence_difference(app) < 1e-4


def test_picking_an_example_fills_the_review_and_predicts(open_page):
    text, label = resources.example_reviews()[1]
    app = open_numbers(open_page(PAGE), NUMBERS)
    app.selectbox(key="rnn.example").set_value(text).run()
    assert not app.exception, app.exception
    assert app.text_area(key="rnn.review").value == text
    [verdict] = verdicts(app)
    probability = starter_probability(text)
    assert verdict.startswith("## Positive" if probability > 0.5 else "## Negative")
    assert app.selectbox(key="rnn.example").options[1].startswith("Positive: " if label else "Negative: ")


# The builder.


def total_parameters(app) -> int:
    totals = [text for text in texts(app, "caption") if text.startswith("Total parameters:")]
    assert len(totals) == 1, totals
    return int(re.match(r"Total parameters: ([0-9,]+)", totals[0]).group(1).replace(",", ""))


def test_layer_table_follows_the_cell_layers_and_direction(open_page):
    app = open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "build")
    # The page's default, the recommended network, by hand: 10,000·32 embedding, two directions
    # of a GRU (reset_after) 3·32·(32+32+2), and 64+1 output; mean pooling has no weights.
    assert total_parameters(app) == rnn.count_parameters(rnn.RNNConfig()) == 332_737
    assert not app.button(key="rnn.start").disabled
    app.selectbox(key="rnn.cfg.cell").set_value("lstm")
    app.number_input(key="rnn.cfg.num_layers").set_value(2)
    app.toggle(key="rnn.cfg.bidirectional").set_value(False)
    app.run()
    assert not app.exception and not texts(app, "error")
    lstm = dataclasses.replace(rnn.RNNConfig(), cell="lstm", num_layers=2, bidirectional=False)
    # 10,000·32 + 4·32·(32+32+1) + 4·32·(32+32+1) + 32 + 1
    assert total_parameters(app) == rnn.count_parameters(lstm) == 336_673
    assert not app.button(key="rnn.start").disabled
    app.selectbox(key="rnn.cfg.cell").set_value("gru").run()
    gru = dataclasses.replace(rnn.RNNConfig(), cell="gru", num_layers=2, bidirectional=False)
    # 10,000·32 + 3·32·(32+32+2) + 3·32·(32+32+2) + 32 + 1
    assert total_parameters(app) == rnn.count_parameters(gru) == 332_705
    assert not app.button(key="rnn.start").disabled


def test_presets_load_the_classic_and_the_recommended_networks(open_page):
    app = open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "build")
    [button for button in app.button if button.label == t("rnn.preset_classic")][0].click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="rnn.cfg.cell").value == "simple_rnn"
    assert app.toggle(key="rnn.cfg.bidirectional").value is False
    assert app.selectbox(key="rnn.cfg.pooling").value == "last"
    assert app.select_slider(key="rnn.cfg.sequence_length").value == rnn.CLASSIC.sequence_length == 100
    # 10,000·128 embedding + 128·(128+128+1) SimpleRNN + 128+1 output.
    assert total_parameters(app) == rnn.count_parameters(rnn.CLASSIC) == 1_313_025
    [button for button in app.button if button.label == t("rnn.preset_recommended")][0].click().run()
    assert not app.exception, app.exception
    recommended = rnn.RECOMMENDED
    assert app.selectbox(key="rnn.cfg.cell").value == recommended.cell
    assert app.toggle(key="rnn.cfg.bidirectional").value is True
    assert app.selectbox(key="rnn.cfg.pooling").value == "mean"
    assert app.select_slider(key="rnn.cfg.sequence_length").value == recommended.sequence_length
    assert total_parameters(app) == rnn.count_parameters(recommended) == 332_737


# Training.


def set_tiny_network(app, **widgets):
    """Units 8, embedding 8, 1,000 words, 25 per review, batches of 64, through the widgets of
    Build & train (opened first: a first visit opens on Look inside)."""
    app = open_tab(app, "rnn", "build")
    app.selectbox(key="rnn.cfg.units").set_value(8)
    app.selectbox(key="rnn.cfg.embed_dim").set_value(8)
    app.select_slider(key="rnn.cfg.vocab_size").set_value(1_000)
    app.select_slider(key="rnn.cfg.sequence_length").set_value(25)
    app.select_slider(key="rnn.cfg.batch_size").set_value(64)
    app.slider(key="rnn.cfg.epochs").set_value(1)
    app.select_slider(key="rnn.cfg.train_size").set_value(250)
    for key, value in widgets.items():
        getattr(app, value[0])(key=f"rnn.cfg.{key}").set_value(value[1])
    app.run()
    assert not app.exception and not app.button(key="rnn.start").disabled
    return app


@pytest.mark.slow
def test_training_predicts_evaluates_and_reattaches_through_the_url(open_page):
    app = set_tiny_network(
        open_numbers(open_page(PAGE), NUMBERS),
        cell=("selectbox", "lstm"),
        num_layers=("number_input", 2),
        bidirectional=("toggle", True),
    )
    app.button(key="rnn.start").click().run()
    assert not app.exception, app.exception
    assert t("train.progress_above") in texts(tab(app, t("tab.build")), "caption")
    job_id = app.session_state["rnn.job_id"]
    assert app.query_params["run"] in (job_id, [job_id])
    job = JOBS.get(job_id)
    assert job is not None and job.meta["kind"] == "rnn"
    config = job.meta["config"]
    assert (config.cell, config.num_layers, config.units, config.sequence_length) == ("lstm", 2, 8, 25)
    assert job.join(180) and job.snapshot().status == "finished", job.snapshot().message

    app.run()
    assert not app.exception, app.exception
    choice = app.button_group(key="rnn.model_choice")
    assert not choice.proto.disabled and choice.value == "yours"
    finished = t("model.yours_caption", status=t("train.status.finished"), epoch=1, epochs=1)
    assert finished == "Using your network (Finished, 1 of 1 epoch done)."
    assert finished in texts(app, "caption")
    assert any(text.startswith("Finished in") for text in texts(app, "success"))

    # Your network reads 25 words, so a longer review is cut there.
    review = " ".join(POSITIVE_REVIEW.split()[:30])
    app = type_review(open_tab(app, "rnn", "inside"), review)
    assert verdicts(app)
    assert texts(prediction_box(app), "info") == [
        f"Long review: the model read its first 25 of {len(tokenize(review))} words; the rest was cut."
    ]
    inside = tab(app, "Look inside")
    assert any("LSTM cell state c" in chart.proto.spec for chart in charts(inside))
    assert recurrence_difference(app) < 1e-4  # the last layer, reading the first layer's states
    app.radio(key="rnn.formula_layer").set_value("rnn1").run()
    assert not app.exception, app.exception
    assert recurrence_difference(app) < 1e-4

    # Evaluate: the test accuracy and mistakes of this run's network.
    app = open_tab(app, "rnn", "evaluate")
    evaluate = tab(app, "Evaluate")
    probabilities = np.asarray(job.snapshot().test_probabilities).reshape(-1)
    labels = job.test[1]
    wrong = int(((probabilities > 0.5).astype(int) != labels).sum())
    [accuracy] = [metric for metric in evaluate.metric if metric.label == "Test accuracy"]
    assert accuracy.value == f"{1 - wrong / len(labels):.2%}"
    assert any(
        text.startswith(f"**Misclassified test reviews:** {wrong:,},") for text in texts(evaluate, "markdown")
    )
    assert evaluate.dataframe

    # Back to the starter model: its caption returns.
    app.button_group(key="rnn.model_choice").set_value("starter").run()
    assert any(text.startswith("Using the starter model") for text in texts(app, "caption"))

    # A reload is a new session with the run id in the URL: it finds the same run.
    reloaded = open_page(PAGE, query={"run": job_id}, token=app.session_state["identity.token"])
    assert reloaded.session_state["rnn.job_id"] == job_id
    assert any(text.startswith("Finished in") for text in texts(reloaded, "success"))
    assert finished in texts(reloaded, "caption")
    JOBS.discard(job_id)


@pytest.mark.slow
def test_a_run_can_be_paused_evaluated_and_stopped(open_page):
    # Batches of 16 over every review for 30 epochs: far longer than this test lets it run.
    app = set_tiny_network(
        open_numbers(open_page(PAGE), NUMBERS),
        cell=("selectbox", "gru"),
        bidirectional=("toggle", True),
        pooling=("selectbox", "mean"),
        epochs=("slider", 30),
        train_size=("select_slider", 0),
        batch_size=("select_slider", 16),
    )
    app.button(key="rnn.start").click().run()
    job = JOBS.get(app.session_state["rnn.job_id"])
    try:
        assert job.wait_until(lambda progress: progress.step > 0, 120), job.snapshot().message
        # The click comes on the run where the progress panel finds the first batch trained and
        # reruns the page: the panel is drawn after the buttons, so the click still acts.
        app.button(key="rnn.pause").click().run()
        assert not app.exception, app.exception
        assert job.status == "paused"
        assert app.button(key="rnn.pause").label == "Resume" and not app.button(key="rnn.stop").disabled
        assert app.button(key="rnn.start").disabled
        # The paused network already predicts, and can be evaluated on request.
        assert any(
            re.match(r"Using your network \(Paused, \d+ of 30", text) for text in texts(app, "caption")
        )
        app = type_review(open_tab(app, "rnn", "inside"), POSITIVE_REVIEW)
        # The verdict is the paused network's own, with the weights it has now.
        probability = inspect_rnn.predict(
            job.model, job.meta["vocabulary"].encode(POSITIVE_REVIEW, job.model.input.shape[1])
        )
        [verdict] = verdicts(app)
        label, percent = VERDICT.match(verdict).groups()
        assert label == ("Positive" if probability > 0.5 else "Negative")
        assert float(percent) == pytest.approx(100 * max(probability, 1 - probability), abs=0.051)
        assert recurrence_difference(app) < 1e-4  # a frozen copy of the paused network
        app = open_tab(app, "rnn", "evaluate")
        evaluate = tab(app, "Evaluate")
        assert any(
            text.startswith("Test figures are computed when a run finishes")
            for text in texts(evaluate, "info")
        )
        assert not evaluate.metric
        app.button(key="rnn.evaluate_now").click().run()
        assert not app.exception, app.exception
        step = job.snapshot().step
        evaluate = tab(app, "Evaluate")
        assert [metric.label for metric in evaluate.metric] == ["Test accuracy"]
        assert f"Weights as they were after {step:,} batches." in texts(evaluate, "caption")

        app = open_tab(app, "rnn", "build")
        app.button(key="rnn.pause").click().run()  # resume
        assert job.status in ("running", "finished")
        app.button(key="rnn.stop").click().run()
        assert not app.exception, app.exception
        assert job.join(60) and job.status == "stopped"
        app.run()
        assert t("train.stopped_note", epoch=job.snapshot().epoch) in texts(app, "warning")
        assert app.button(key="rnn.pause").disabled and app.button(key="rnn.stop").disabled
        assert app.button(key="rnn.start").label == "Train again" and not app.button(key="rnn.start").disabled
    finally:
        job.stop()
        job.join(60)
        JOBS.discard(job.id)


def test_tampered_run_id_in_the_url_gets_a_notice(open_page):
    app = open_page(PAGE, query={"run": "nonsense"})
    notices = [text for text in texts(app, "info") if "does not have" in text]
    assert len(notices) == 1 and "\n" not in notices[0]
    assert "run" not in app.query_params and "rnn.job_id" not in app.session_state
    assert texts(prediction_box(app), "info") == [PROMPT]


def test_full_imdb_without_network_says_so_and_stays_on_the_embedded_set(open_page, monkeypatch):
    import keras

    calls = []

    def offline(*args, **kwargs):
        calls.append(args)
        raise OSError("Name or service not known")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    app = open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "build")
    app.radio(key="rnn.cfg.dataset").set_value("imdb-50k").run()
    assert not app.exception, app.exception
    notices = [text for text in texts(app, "info") if text.startswith("The full IMDB reviews could not be")]
    assert len(notices) == 1 and "using the embedded 5,000" in notices[0] and "\n" not in notices[0]
    assert not app.button(key="rnn.start").disabled
    sidebar = " ".join(texts(app.sidebar, "markdown"))
    assert "IMDB, embedded 5,000 reviews" in sidebar
    # A preset changes the network, not the dataset; the failed download is not retried.
    [button for button in app.button if button.label == t("rnn.preset_classic")][0].click().run()
    assert app.selectbox(key="rnn.cfg.cell").value == "simple_rnn"  # the preset did load
    assert app.radio(key="rnn.cfg.dataset").value == "imdb-50k"
    assert len(calls) == 1 and not app.exception


# A typed review costs only what it changes.


@pytest.fixture
def calls(monkeypatch):
    """Count the calls of what only Build & train, Evaluate and Look inside do."""
    return count_calls(
        monkeypatch,
        {
            "build": (rnn_controls, "config_editor"),
            "evaluate": (rnn_evaluate, "results"),
            "inside": (rnn_inspect, "state_maps"),
        },
    )


def test_a_typed_review_reruns_only_the_review_and_what_it_feeds(open_page, calls):
    app = open_numbers(
        open_page(PAGE), NUMBERS
    )  # Look inside is open at first, with no review to look inside
    assert calls == {"build": 0, "evaluate": 0, "inside": 0}
    app = open_tab(app, "rnn", "build")  # Build & train open: the other tabs do no work
    assert calls == {"build": 1, "evaluate": 0, "inside": 0}
    app.text_area(key="rnn.review").input(POSITIVE_REVIEW)
    app = rerun_fragment(app, "rnn.reviewing")
    assert verdicts(app)
    assert calls == {"build": 1, "evaluate": 0, "inside": 0}
    app = open_tab(app, "rnn", "inside")  # shown for the review typed while it was hidden
    assert calls == {"build": 1, "evaluate": 0, "inside": 1}
    assert recurrence_difference(app) < 1e-4
    app.text_area(key="rnn.review").input("A great film.")
    app = rerun_fragment(app, "rnn.reviewing")
    assert calls == {"build": 1, "evaluate": 0, "inside": 2}
    # (After a fragment's rerun the tree holds only what the fragment drew.)
    assert any("Step t = 3 reads **film**" in text for text in texts(app, "caption"))  # clamped
    app = open_tab(app, "rnn", "evaluate")
    assert calls["evaluate"] == 1
    app.text_area(key="rnn.review").input(POSITIVE_REVIEW)
    app = rerun_fragment(app, "rnn.reviewing")
    assert calls == {"build": 1, "evaluate": 1, "inside": 2}


def test_settings_and_the_review_survive_tab_switches(open_page):
    app = open_tab(open_numbers(open_page(PAGE), NUMBERS), "rnn", "build")
    app.selectbox(key="rnn.cfg.cell").set_value("lstm")
    app.toggle(key="rnn.cfg.bidirectional").set_value(False).run()  # the default reads both ways
    app = type_review(open_tab(app, "rnn", "inside"), POSITIVE_REVIEW)
    words = len(tokenize(POSITIVE_REVIEW))
    app.select_slider(key="rnn.formula_word").set_value(3).run()
    app = open_tab(open_tab(app, "rnn", "evaluate"), "rnn", "build")
    assert app.selectbox(key="rnn.cfg.cell").value == "lstm"
    assert app.toggle(key="rnn.cfg.bidirectional").value is False
    assert app.text_area(key="rnn.review").value == POSITIVE_REVIEW and verdicts(app)
    app = open_tab(app, "rnn", "inside")
    assert app.select_slider(key="rnn.formula_word").value == 3 < words
