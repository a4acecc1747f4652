"""The standalone training scripts: written from a run's settings, they import nothing of
the app and pass ruff; loaded here, their data, split, vocabularies, initial weights and a
short training run equal the app's to the bit; run as a separate process that cannot reach
the app, they train, report sizes and parameters the app agrees with, and save a model the
app opens in safe mode."""

import ast
import dataclasses
import functools
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from core import kinds
from core.config import transformer as transformer_config
from core.config.cnn import CNNConfig, ConvBlock, DenseBlock
from core.config.rnn import RNNConfig
from core.config.transformer import TransformerConfig
from core.data import imdb, mnist, multi30k, sentence_batches
from core.i18n import LANGUAGES, using
from core.jobs import cnn_job, review_job, translation_job
from core.jobs.training import TrainingJob
from core.models import cnn, rnn, transformer
from core.runs import export_script, model_archive, script_words, script_zh

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "assets" / "data"
LIMIT = 200  # examples a script run trains on, validates and tests with
TRAINED = 64  # examples the in-process comparison trains on, for EPOCHS_TRAINED epochs
# Two epochs check the reshuffle between epochs; the translator's batches vary in width, and
# each new width costs a trace, so its reordering is checked without training.
EPOCHS_TRAINED = {"transformer.translate": 1}
SCRIPT_TIMEOUT = 300  # seconds; a run takes well under a minute even on a loaded machine
LIBRARIES = {"numpy", "keras", "tensorflow", "sacrebleu"}  # what a script may import besides the stdlib

TINY = {
    "cnn": CNNConfig(
        conv_blocks=[
            ConvBlock(filters=4, batch_norm=True, dropout_rate=0.2),
            ConvBlock(filters=6, kernel_size=5, padding="same", pooling="average"),
        ],
        dense_blocks=[DenseBlock(units=8, activation="tanh", dropout_rate=0.3)],
        optimizer="sgd",
        lr_schedule="cosine",
        batch_size=16,
        augment=True,
        seed=3,
    ),
    "rnn": RNNConfig(
        cell="gru",
        units=6,
        bidirectional=True,
        pooling="mean",
        embed_dim=8,
        vocab_size=500,
        sequence_length=40,
        dropout_rate=0.2,
        optimizer="rmsprop",
        batch_size=32,
        seed=5,
    ),
    "transformer.classify": TransformerConfig(
        num_encoder_layers=1,
        num_heads=2,
        embed_dim=8,
        ff_dim=16,
        positional="learned",
        max_length=40,
        vocab_size=500,
        batch_size=32,
        seed=7,
    ),
    "transformer.translate": TransformerConfig(
        task="translate",
        num_encoder_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        embed_dim=8,
        ff_dim=16,
        max_length=20,
        vocab_size=300,
        target_vocab_size=300,
        lr_schedule="cosine",
        batch_size=32,
        train_size=5000,
        seed=11,
        dataset="multi30k",
    ),
}
PAGES = tuple(TINY)
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_kind_has_a_tiny_config_here():
    """So that every test below, run over PAGES, covers every kind the registry knows."""
    assert set(PAGES) == set(kinds.NAMES)


# The app's own pipeline for each tiny config, built once.


@functools.cache
def app_job(page: str) -> TrainingJob:
    """The app's (not started) job: its split arrays, vocabularies and model."""
    config = TINY[page]
    if page == "cnn":
        return cnn_job.new_job(config, mnist.load_embedded())
    if page == "rnn":
        return review_job.new_rnn_job(config, imdb.load_embedded())
    if page == "transformer.classify":
        return review_job.new_classifier_job(config, imdb.load_embedded())
    return translation_job.new_translation_job(config, multi30k.load_multi30k())


def app_test_size(page: str) -> int:
    job = app_job(page)
    return len(multi30k.load("test_2016_flickr")) if job.test is None else len(job.test[1])


def app_vocabulary_sizes(page: str) -> tuple[int, ...]:
    meta = app_job(page).meta
    if "vocabulary" in meta:
        return (len(meta["vocabulary"]),)
    return (len(meta["source"]), len(meta["target"])) if "source" in meta else ()


def app_model(page: str, config, train_examples: int) -> keras.Model:
    """A fresh app model for `config`, compiled for `train_examples`."""
    sizes = app_vocabulary_sizes(page)
    if page == "cnn":
        return cnn.build_model(config, train_examples=train_examples)
    if page == "rnn":
        return rnn.build_model(config, sizes[0], train_examples=train_examples)
    if page == "transformer.classify":
        return transformer.build_classifier(config, train_examples, sizes[0])
    return transformer.build_translator(config, train_examples, vocabulary_sizes=sizes)


# The script, loaded into this process without running main().


@functools.cache
def script(page: str) -> dict:
    """The script's namespace, loaded without running main(). The Transformer scripts
    register their layers under the app's names; the app's registrations are put back at
    once (the tests use the script's classes directly)."""
    registered = keras.saving.get_custom_objects()
    saved = dict(registered)
    namespace = {"__name__": "exported_script"}
    try:
        text = export_script.training_script(page, TINY[page])
        exec(compile(text, export_script.script_name(page), "exec"), namespace)
    finally:
        registered.clear()
        registered.update(saved)
    return namespace


@functools.cache
def script_split(page: str):
    """The script's split, and its vocabulary sizes."""
    namespace = script(page)
    config = namespace["CONFIG"]
    if page == "cnn":
        return namespace["split_digits"](config, DATA), ()
    if page in ("rnn", "transformer.classify"):
        length = config["sequence_length" if page == "rnn" else "max_length"]
        split, vocabulary = namespace["split_reviews"](config, DATA, length)
        return split, (len(vocabulary),)
    split, source, target = namespace["split_sentences"](config, DATA)
    return split, (len(source), len(target))


def script_model(page: str) -> keras.Model:
    namespace, sizes = script(page), script_split(page)[1]
    config = namespace["CONFIG"]
    if page == "cnn":
        return namespace["build_model"](config)
    if page == "rnn":
        return namespace["build_model"](config, *sizes)
    if page == "transformer.classify":
        return namespace["build_classifier"](config, *sizes)
    return namespace["build_translator"](config, *sizes)


def named_layers(model: keras.Model) -> list[str]:
    # A layer the builder does not name gets a process-wide counter in its name.
    return [layer.name for layer in model.layers if not re.fullmatch(r"dropout(_\d+)?", layer.name)]


def assert_same_arrays(ours, theirs):
    if isinstance(ours, tuple | list) and not isinstance(ours[0], str):
        assert len(ours) == len(theirs)
        for mine, app in zip(ours, theirs):
            assert_same_arrays(mine, app)
    else:
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))


# The text.


@pytest.mark.parametrize("page", PAGES)
def test_the_script_is_python_with_the_settings_on_top_and_no_app_import(page):
    text = export_script.training_script(page, TINY[page])
    module = ast.parse(text)
    compile(text, "script.py", "exec")
    imported = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"relative import left in the script: {ast.unparse(node)}"
            imported.add(node.module.split(".")[0])
    assert "numpy" in imported and "keras" in imported
    assert imported <= LIBRARIES | sys.stdlib_module_names, imported - LIBRARIES
    assert not imported & {"core", "ui", "pages", "app", "streamlit"}
    assert not re.search(r"^\s*(from|import)\s+(core|ui)\b", text, re.MULTILINE)

    # The settings come first, as a plain dict literal holding the run's config.
    assignments = [node for node in module.body if isinstance(node, ast.Assign)]
    first_definition = next(n for n in module.body if isinstance(n, ast.FunctionDef | ast.ClassDef))
    config_node = next(n for n in assignments if getattr(n.targets[0], "id", None) == "CONFIG")
    assert config_node.lineno < first_definition.lineno
    settings = ast.literal_eval(config_node.value)
    expected = dataclasses.asdict(TINY[page])
    assert settings == {key: value for key, value in expected.items() if key in settings}
    assert set(expected) - set(settings) == set(kinds.get(page).script.unused_fields)

    # It ends by running main(); every piece's name is defined once.
    assert ast.unparse(module.body[-1]) == "if __name__ == '__main__':\n    main()"
    names = [n.name for n in module.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_the_script_passes_ruff(page, language, tmp_path):
    path = tmp_path / export_script.script_name(page)
    with using(language):
        path.write_text(export_script.training_script(page, TINY[page]), encoding="utf-8")
    for options in ([], ["--select", "E,F,W,I,B,UP", "--line-length", "110"]):  # defaults; the repo's rules
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", *options, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def code_only(script: str) -> str:
    """The script's code: its syntax tree without docstrings (comments are not in the tree)."""
    tree = ast.parse(script)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_script_is_the_same_code_with_chinese_words(page):
    english = export_script.training_script(page, TINY[page])
    with using("zh"):
        chinese = export_script.training_script(page, TINY[page])
    assert code_only(chinese) == code_only(english) and chinese != english
    comments = [line.strip() for line in chinese.splitlines() if line.strip().startswith("# ")]
    prose = [c for c in comments if re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", c) and not HAN.search(c)]
    assert prose == [], "English comments left in the Chinese script"
    assert HAN.search(ast.get_docstring(ast.parse(chinese)).splitlines()[0])


def test_every_comment_and_docstring_of_the_pieces_has_its_chinese():
    texts = {
        words.text
        for path in sorted(export_script.TEMPLATES.glob("*.py"))
        if path.name != "__init__.py"
        for words in script_words.words_of(path.read_text(encoding="utf-8"))
    }
    assert sorted(texts - set(script_zh.TEXT)) == []  # a new comment needs its translation
    assert sorted(set(script_zh.TEXT) - texts) == []  # and none is left for a comment that went
    too_wide = [
        line
        for path in sorted(export_script.TEMPLATES.glob("*.py"))
        for line in script_words.translated(path.read_text(encoding="utf-8"), "zh").splitlines()
        if script_words.width(line) > script_words.LINE_LENGTH
    ]
    assert too_wide == []


def test_a_config_the_page_cannot_train_is_refused():
    with pytest.raises(ValueError, match="transformer.translate"):
        export_script.training_script("transformer.translate", TransformerConfig(task="classify"))
    with pytest.raises(TypeError):
        export_script.training_script("rnn", CNNConfig())
    with pytest.raises(ValueError):
        export_script.training_script("mlp", CNNConfig())
    # The student-facing message of the config's own validation.
    bad = dataclasses.replace(TINY["transformer.classify"], num_heads=3)
    with pytest.raises(ValueError) as raised:
        transformer_config.validate(bad)
    with pytest.raises(ValueError, match=re.escape(str(raised.value))):
        export_script.training_script("transformer.classify", bad)


def test_the_config_literal_is_laid_out_one_setting_a_line():
    text = export_script.config_literal({"name": 'a"b', "blocks": [{"units": 3}], "rate": 1e-3, "on": True})
    assert text.splitlines()[0] == "{" and text.splitlines()[-1] == "}"
    assert '    "blocks": [{"units": 3}],' in text.splitlines()
    assert ast.literal_eval(text) == {"name": 'a"b', "blocks": [{"units": 3}], "rate": 0.001, "on": True}
    long = export_script.config_literal({"blocks": [{f"key{i}": i for i in range(12)}] * 2}, width=60)
    assert max(map(len, long.splitlines())) < 60
    assert ast.literal_eval(long) == {"blocks": [{f"key{i}": i for i in range(12)}] * 2}


# The script's pieces against the app's, in this process.


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_the_script_makes_the_apps_split_vocabulary_and_model(page):
    job = app_job(page)
    split, sizes = script_split(page)
    assert sizes == app_vocabulary_sizes(page)
    assert_same_arrays(split["train"], job.train_data)
    assert_same_arrays(split["validation"], job.validation)
    if job.test is not None:
        assert_same_arrays(split["test"], job.test)
    else:  # the translator's test sentences, as the app translates them
        test = multi30k.load("test_2016_flickr")
        source, length = job.meta["source"], TINY[page].max_length
        expected = [multi30k.encode_source(source, text, length).ids for text in test.english]
        assert_same_arrays(split["test"][0], np.stack(expected))
        assert split["test"][1] == test.german

    model = script_model(page)
    assert named_layers(model) == named_layers(job.model)
    assert model.count_params() == job.model.count_params()
    assert len(model.weights) == len(job.model.weights)
    for ours, theirs in zip(model.weights, job.model.weights):
        assert ours.shape == theirs.shape, ours.path
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs), err_msg=ours.path)


VARIANTS = [  # other settings the same script code must build as the app does
    ("cnn", CNNConfig(), ()),
    (
        "cnn",
        CNNConfig(
            conv_blocks=[ConvBlock(filters=3, stride=2, padding="same", pooling="none", activation="gelu")],
            dense_blocks=[DenseBlock(units=5, dropout_rate=0.1), DenseBlock(units=4), DenseBlock(units=3)],
        ),
        (),
    ),
    ("rnn", RNNConfig(cell="lstm", num_layers=3, units=5, embed_dim=6, recurrent_dropout_rate=0.1), (300,)),
    ("rnn", RNNConfig(num_layers=2, units=4, embed_dim=4, bidirectional=True), (300,)),
    ("transformer.classify", TransformerConfig(num_encoder_layers=2, embed_dim=16, ff_dim=8), (300,)),
    (
        "transformer.translate",
        TransformerConfig(
            task="translate", num_decoder_layers=2, embed_dim=12, num_heads=3, ff_dim=8, positional="learned"
        ),
        (300, 250),
    ),
]


@pytest.mark.parametrize(("page", "config", "sizes"), VARIANTS)
def test_the_script_builds_the_apps_model_for_other_settings(page, config, sizes):
    namespace, settings = script(page), dataclasses.asdict(config)
    if page == "cnn":
        ours, theirs = namespace["build_model"](settings), cnn.build_model(config)
    elif page == "rnn":
        ours, theirs = namespace["build_model"](settings, *sizes), rnn.build_model(config, *sizes)
    elif page == "transformer.classify":
        ours = namespace["build_classifier"](settings, *sizes)
        theirs = transformer.build_classifier(config, vocabulary_size=sizes[0])
    else:
        ours = namespace["build_translator"](settings, *sizes)
        theirs = transformer.build_translator(config, vocabulary_sizes=sizes)
    assert named_layers(ours) == named_layers(theirs)
    assert [w.shape for w in ours.weights] == [w.shape for w in theirs.weights]
    for mine, app in zip(ours.weights, theirs.weights):
        np.testing.assert_array_equal(np.asarray(mine), np.asarray(app), err_msg=mine.path)


@pytest.mark.slow
def test_the_translators_batches_are_the_apps_epoch_after_epoch():
    namespace = script("transformer.translate")
    # 2,000 sentences in batches of 16: sorted by length within five windows of 50 batches.
    x, y = namespace["take"](script_split("transformer.translate")[0]["train"], 2000)
    for shuffle in (True, False):
        ours = namespace["SentenceBatches"](x, y, 16, 11, shuffle).dataset()
        theirs = sentence_batches.SentenceBatches(x, y, 16, 11, shuffle).dataset()
        for _ in range(2):  # every pass is an epoch, reordered when shuffling
            batches = list(zip(ours.as_numpy_iterator(), theirs.as_numpy_iterator(), strict=True))
            assert len(batches) == 2000 // 16
            for mine, app in batches:
                assert_same_arrays(mine, app)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_the_script_trains_as_the_app_does(page):
    """A short run of the script's compile and fit on a few examples ends with the app's weights."""
    epochs = EPOCHS_TRAINED.get(page, 2)
    namespace, (split, _) = script(page), script_split(page)
    config = dict(namespace["CONFIG"], epochs=epochs)
    batch_size, seed = config["batch_size"], config["seed"]
    train, validation = (namespace["take"](split[part], TRAINED) for part in ("train", "validation"))
    model = script_model(page)
    if page == "transformer.translate":
        loss = keras.losses.SparseCategoricalCrossentropy(ignore_class=0)
        accuracy = keras.metrics.MeanMetricWrapper(namespace["word_accuracy"], name="accuracy")
        batches = namespace["SentenceBatches"]
        train_data = batches(*train, batch_size, seed, shuffle=True).dataset()
        validation_data = batches(*validation, batch_size, seed, shuffle=False).dataset()
    else:
        loss = "sparse_categorical_crossentropy" if page == "cnn" else "binary_crossentropy"
        accuracy = "accuracy"
        train_data = namespace["batches"](*train, batch_size, seed, shuffle=True)
        validation_data = namespace["batches"](*validation, batch_size, seed, shuffle=False)
    namespace["compile_model"](model, config, loss, train_examples=TRAINED, accuracy=accuracy)
    namespace["train"](model, config, train_data, validation_data)

    app_config = dataclasses.replace(TINY[page], epochs=epochs)
    app_batches = None
    if page == "transformer.translate":

        def app_batches(x, y, shuffle):
            return sentence_batches.SentenceBatches(x, y, batch_size, seed, shuffle).dataset()

    reference = app_model(page, app_config, TRAINED)
    job = TrainingJob(
        reference, train, validation, epochs=epochs, batch_size=batch_size, seed=seed, batches=app_batches
    ).start()
    assert job.join(120)
    assert job.snapshot().status == "finished", job.snapshot().message
    changed = False
    for ours, theirs, before in zip(model.weights, reference.weights, app_job(page).model.weights):
        np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs), rtol=0, atol=1e-6, err_msg=ours.path)
        changed |= not np.array_equal(np.asarray(ours), np.asarray(before))
    assert changed, "training moved no weight"


# The script on its own, in a process that cannot import the app.


def run_script(page: str, directory: Path, *arguments: str) -> subprocess.CompletedProcess:
    script = directory / export_script.script_name(page)
    script.write_text(export_script.training_script(page, TINY[page]))
    # A trap: were the script to import the app, it would find these first and fail.
    for package in ("core", "ui"):
        (directory / package).mkdir(exist_ok=True)
        (directory / package / "__init__.py").write_text("raise ImportError('the script imported the app')\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    return subprocess.run(
        [sys.executable, str(script), "--data-dir", str(DATA), *arguments],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
    )


def printed(output: str, pattern: str) -> str:
    found = re.search(pattern, output, re.MULTILINE)
    assert found, f"no line matching {pattern!r} in:\n{output}"
    return found.group(1)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_the_script_runs_alone_and_saves_a_model_the_app_opens(page, tmp_path):
    out = tmp_path / "m.keras"
    arguments = ["--epochs", "1", "--limit", str(LIMIT), "--out", str(out)]
    result = run_script(page, tmp_path, *arguments)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout

    job = app_job(page)
    assert int(printed(output, r"^parameters: (\d+)$")) == job.model.count_params()
    sizes = {"train": job.train_size, "validation": len(job.validation[1]), "test": app_test_size(page)}
    for part, expected in sizes.items():
        assert int(printed(output, rf"^{part} examples: (\d+)$")) == expected
    limited = {part: min(LIMIT, count) for part, count in sizes.items()}
    assert printed(output, r"^limited to: (.*)$") == ", ".join(f"{k} {v}" for k, v in limited.items())
    loss = float(printed(output, r"^epoch 1/1: .*\bloss (\S+)"))
    assert math.isfinite(loss) and loss > 0
    if page == "transformer.translate":
        assert 0 <= float(printed(output, r"^test BLEU: (\S+)$")) <= 100
    else:
        assert 0 <= float(printed(output, r"^test accuracy: (\S+)$")) <= 1
    assert f"saved: {out}" in output

    model = keras.saving.load_model(out, safe_mode=True)
    assert model.count_params() == job.model.count_params()
    assert named_layers(model) == named_layers(job.model)
    if page == "cnn":
        assert model.predict(np.zeros((3, 28, 28, 1), np.float32), verbose=0).shape == (3, 10)
    elif page == "transformer.translate":
        ids = np.array([[5, 6, 7, 0], [8, 9, 0, 0]], np.int32)
        probabilities = model.predict([ids, ids[:, :3]], verbose=0)
        assert probabilities.shape == (2, 3, app_vocabulary_sizes(page)[1])
        np.testing.assert_allclose(probabilities.sum(axis=-1), 1, rtol=1e-4)
    else:
        length = model.inputs[0].shape[1]
        assert model.predict(np.ones((3, length), np.int32), verbose=0).shape == (3, 1)

    # The app imports it as a page's own model, vocabularies and settings included.
    archive = model_archive.load(out, page)
    assert archive.kind == page
    settings = {key: value for key, value in dataclasses.asdict(archive.config).items() if key != "epochs"}
    expected = {
        key: value for key, value in dataclasses.asdict(job.meta["config"]).items() if key != "epochs"
    }
    assert settings == expected
    for name in ("vocabulary", "source", "target"):
        if name in job.meta:
            assert getattr(archive, name).words == job.meta[name].words
