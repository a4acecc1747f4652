"""The model kinds the app trains, and everything that differs from one kind to another.

A kind is what a run, a shared link or a saved model is of: the CNN ('cnn'), the RNN
('rnn'), the Transformer's review classifier ('transformer.classify') and its translator
('transformer.translate'). The Transformer page trains two kinds, one per task.

`KINDS` holds one `Kind` per kind, and every part of the app that behaves differently per
kind reads it from here: its settings and their checks, the builder and training job, the
data it reads, the checks an imported model must pass, the pieces of its exported script,
the fields of its links and the page it lives on. This is the only module that spells a
kind's name; everything else asks `get(name)` or `of(config)`.

This module loads without Keras: the builder, job, starter and model checks are named by
`Ref`s, imported the first time they are called.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from core.config import cnn, options, rnn, transformer
from core.i18n import t

# The families of datasets a kind reads (`Kind.data`); `ui.resources` loads each.
DIGITS, REVIEWS, SENTENCE_PAIRS = "digits", "reviews", "multi30k"


@dataclass(frozen=True)
class Ref:
    """A function in a module that imports Keras (`"core.models.cnn:build_model"`), imported
    when it is first called, so that reading the registry costs no Keras."""

    path: str

    def resolve(self) -> Callable:
        module, _, name = self.path.partition(":")
        return getattr(importlib.import_module(module), name)

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)


@dataclass(frozen=True)
class Script:
    """What a kind's exported training script is made of: the pieces in
    `core/script_templates/`, in order (the kind's own piece, whose docstring becomes the
    script's, last), and the settings the kind ignores, left out of its CONFIG."""

    pieces: tuple[str, ...]
    unused_fields: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)  # one object per kind: compared and hashed by identity
class Kind:
    """One kind of model: what it is called, configured, trained on, checked and exported as."""

    name: str  # as stored in runs, model files and links: 'cnn', 'transformer.translate'
    name_text: Callable[[], str]  # its name for a person, from the catalogue
    page: str  # the Streamlit page it lives on, also its widgets' key prefix: 'transformer'
    page_file: str  # that page's file, for st.switch_page
    config_class: type
    validate: Callable  # the config's own checks: ValueError with a message a student can act on
    default_config: Callable[[], object]  # a fresh copy of the network the page opens with
    url_fields: dict  # config field -> what its widget allows (core.config.options)
    task: str | None  # the TransformerConfig task it trains, None for a config without tasks
    data: str  # the family of datasets it reads: DIGITS, REVIEWS or SENTENCE_PAIRS
    vocabularies: tuple[str, ...]  # the vocabularies its models read (and write) words with
    new_job: Ref  # (config, data) -> a TrainingJob, not started
    build: Ref  # config -> an untrained compiled model (the layer table's preview)
    starter: Ref  # () -> (model, *its vocabularies apart, meta) of the model in assets/models/
    checks: Ref  # () -> its core.runs.model_fit.ModelChecks: what an imported model must be
    settings_text: Callable  # config -> its network in one short line (core.runs.run_summary)
    starter_caption: Callable[[dict], str]  # the line under its starter's predictions, from its .json
    script: Script
    # The network its links were made against before they carried a version (core.url_config),
    # when the default has changed since; None while it has not.
    old_links_default: Callable[[], object] | None = None

    @property
    def label(self) -> str:
        return self.name_text()

    def config_of(self, values: dict):
        """This kind's config dataclass from its fields as JSON holds them (a run's record, a
        model file's info). Fields it does not know (from another version of the app) are
        left out, missing ones take their defaults; ValueError when the values cannot make one."""
        if not isinstance(values, dict):
            raise ValueError(f"no settings of kind {self.name!r} in {type(values).__name__}")
        known = {item.name for item in dataclasses.fields(self.config_class)}
        try:
            config = self.config_class.from_dict({k: v for k, v in values.items() if k in known})
        except (TypeError, KeyError, AttributeError) as error:  # a block with fields it does not know
            raise ValueError(f"unreadable settings: {error}") from error
        return config


def _summary(name: str) -> Ref:
    return Ref(f"core.runs.run_summary:{name}")


_REVIEW_PIECES = ("command_line", "letters", "vocabulary", "review_words", "splits", "reviews", "review_data")

CNN = Kind(
    name="cnn",
    name_text=lambda: t("archive.page_cnn"),
    page="cnn",
    page_file="pages/cnn.py",
    config_class=cnn.CNNConfig,
    validate=cnn.validate,
    default_config=cnn.CNNConfig,
    url_fields=options.CNN_FIELDS,
    task=None,
    data=DIGITS,
    vocabularies=(),
    new_job=Ref("core.jobs.cnn_job:new_job"),
    build=Ref("core.models.cnn:build_model"),
    starter=Ref("core.models.starter:load_starter_cnn"),
    checks=Ref("core.runs.model_fit:cnn_checks"),
    settings_text=_summary("cnn_settings"),
    starter_caption=lambda meta: t(
        "model.starter_caption", accuracy=meta["test_accuracy"], count=meta["test_digits"]
    ),
    script=Script(("command_line", "splits", "digits", "mnist_data", "training", "cnn")),
)
RNN = Kind(
    name="rnn",
    name_text=lambda: t("archive.page_rnn"),
    page="rnn",
    page_file="pages/rnn.py",
    config_class=rnn.RNNConfig,
    validate=rnn.validate,
    default_config=rnn.RNNConfig,
    url_fields=options.RNN_FIELDS,
    task=None,
    data=REVIEWS,
    vocabularies=("vocabulary",),
    new_job=Ref("core.jobs.review_job:new_rnn_job"),
    build=Ref("core.models.rnn:build_model"),
    starter=Ref("core.models.starter:load_starter_rnn"),
    checks=Ref("core.runs.model_fit:rnn_checks"),
    settings_text=_summary("rnn_settings"),
    starter_caption=lambda meta: t(
        "rnn.starter_caption", accuracy=meta["test_accuracy"], count=meta["test_reviews"]
    ),
    script=Script((*_REVIEW_PIECES, "training", "review_training", "rnn")),
    old_links_default=lambda: copy.deepcopy(rnn.CLASSIC),  # the page opened on it until links had v=2
)
CLASSIFIER, TRANSLATOR = (
    Kind(
        name=f"transformer.{task}",
        name_text=lambda task=task: t(f"archive.page_{task}"),
        page="transformer",
        page_file="pages/transformer.py",
        config_class=transformer.TransformerConfig,
        validate=transformer.validate,
        default_config=lambda task=task: copy.deepcopy(transformer.RECOMMENDED[task]),
        url_fields=url_fields,
        task=task,
        data=data,
        vocabularies=vocabularies,
        new_job=Ref(f"core.jobs.{job}"),
        build=Ref(f"core.models.transformer:{builder}"),
        starter=Ref(f"core.models.starter:load_starter_{task}"),
        checks=Ref(f"core.runs.model_fit:{task}_checks"),
        settings_text=_summary("transformer_settings"),
        starter_caption=starter_caption,
        script=script,
    )
    for task, data, vocabularies, url_fields, job, builder, starter_caption, script in (
        (
            "classify",
            REVIEWS,
            ("vocabulary",),
            options.CLASSIFIER_FIELDS,
            "review_job:new_classifier_job",
            "build_classifier",
            lambda meta: t("transformer.starter_caption.classify", accuracy=meta["test_accuracy"]),
            Script(
                (
                    *_REVIEW_PIECES,
                    "transformer_layers",
                    "training",
                    "review_training",
                    "transformer_classify",
                ),
                unused_fields=("num_decoder_layers", "target_vocab_size"),
            ),
        ),
        (
            "translate",
            SENTENCE_PAIRS,
            ("source", "target"),
            options.TRANSLATOR_FIELDS,
            "translation_job:new_translation_job",
            "build_translator",
            lambda meta: t("transformer.starter_caption.translate", bleu=meta["test_bleu"]),
            Script(
                (
                    "command_line",
                    "letters",
                    "vocabulary",
                    "multi30k_data",
                    "sentence_batches",
                    "transformer_layers",
                    "training",
                    "decoding",
                    "transformer_translate",
                ),
                unused_fields=("validation_share",),  # Multi30k brings its own validation sentences
            ),
        ),
    )
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (CNN, RNN, CLASSIFIER, TRANSLATOR)}
NAMES = tuple(KINDS)


def get(name: str) -> Kind:
    """The kind called `name`; ValueError (naming the kinds there are) for any other name."""
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise ValueError(f"unknown model kind {name!r}; kinds: {', '.join(NAMES)}")
    return kind


def of(config) -> Kind:
    """The kind a config dataclass belongs to (a TransformerConfig's by its task)."""
    for kind in KINDS.values():
        if isinstance(config, kind.config_class) and kind.task in (None, getattr(config, "task", None)):
            return kind
    raise ValueError(f"no model kind has settings like {type(config).__name__}")


def on_page(page: str) -> tuple[Kind, ...]:
    """The kinds a page trains, in the order it offers them."""
    return tuple(kind for kind in KINDS.values() if kind.page == page)


def of_task(page: str, task: str) -> Kind:
    """The kind `page` trains for `task` (the Transformer page's classify or translate)."""
    for kind in on_page(page):
        if kind.task == task:
            return kind
    raise ValueError(f"page {page!r} has no task {task!r}")


def validate(config) -> None:
    """The config's own checks: ValueError with a message a student can act on."""
    of(config).validate(config)


def config_of(name: str, values: dict):
    """The config of kind `name` from its JSON fields (see `Kind.config_of`)."""
    return get(name).config_of(values)
