"""The app in English and in Chinese: every page and tab renders in each language, with no
text left in the other one; a link, the sidebar's switch or the browser picks the language;
switching keeps what the person drew, typed, set and is training; and a text a model cannot
read is explained in the reader's language."""

from __future__ import annotations

import re

import numpy as np
import pytest
from google.protobuf import text_format

from core import i18n
from core.i18n import CATALOGUES, t, using
from core.locales import Plural
from tests.pages.page_parts_helpers import open_tab

HAN = re.compile(r"[\u4e00-\u9fff]")
PAGES = {
    "cnn": "pages/cnn.py",
    "rnn": "pages/rnn.py",
    "transformer": "pages/transformer.py",
    "runs": "pages/runs.py",
}
REVIEW = "A wonderful film: the acting is moving, the story funny and the ending a surprise."
SENTENCE = "A man in a red shirt is riding a bike down the street."


def drawn_one() -> np.ndarray:
    rgba = np.zeros((280, 280, 4), dtype=np.uint8)
    rgba[40:240, 130:150] = 255
    return rgba


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def shown_text(app) -> str:
    """Everything the page sends to the browser as text: markdown, labels, help, options,
    tab names, table columns and every chart's spec (its titles, axes and legends)."""
    parts = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(parts).replace("\\'", "'").replace('\\"', '"').replace("\\n", "\n")


def english_only_phrases() -> set[str]:
    """Runs of words of the English catalogue that its Chinese text does not share: none may
    appear on a page shown in Chinese. Short or technical runs (names, units) are left out."""
    phrases = set()
    for key, english in CATALOGUES["en"].items():
        if key.endswith(".formula"):
            continue
        chinese = CATALOGUES["zh"][key]
        chinese = " ".join(chinese.forms()) if isinstance(chinese, Plural) else chinese
        forms = english.forms() if isinstance(english, Plural) else (english,)
        for form in forms:
            for chunk in re.split(r"\{[^}]*\}|`[^`]*`|\*\*|[()\[\]:;.,!?“”\"]", form):
                chunk = chunk.strip()
                if len(chunk) >= 16 and len(chunk.split()) >= 3 and chunk not in chinese:
                    phrases.add(chunk)  # (an example review stays English: the models read English)
    return phrases


PHRASES = english_only_phrases()


def assert_in_language(app, language: str) -> None:
    assert not app.exception, app.exception
    text = shown_text(app)
    if language == "zh":
        left = sorted(phrase for phrase in PHRASES if phrase in text)
        assert left == [], f"English left on a Chinese page: {left[:5]}"
        assert HAN.search(text)
    else:
        chinese = set(HAN.findall(text.replace(i18n.LANGUAGE_NAMES["zh"], "")))
        assert chinese == set(), f"Chinese on an English page: {''.join(sorted(chinese))[:40]}"


def give_input(app, page: str, canvas) -> None:
    """What a person gives the page, so that its prediction and Look inside have something."""
    if page == "cnn":
        canvas["image"] = drawn_one()
        app.run()
    elif page == "rnn":
        app.text_area(key="rnn.review").input(REVIEW).run()
    elif page == "transformer":
        app.text_area(key="transformer.review").input(REVIEW).run()


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_and_tab_is_in_one_language(open_page, canvas, page, language):
    app = open_page(PAGES[page], query={"lang": language})
    assert app.session_state["language"] == language
    give_input(app, page, canvas)
    assert_in_language(app, language)
    if page != "runs":
        for tab in ("inside", "build", "evaluate"):
            assert_in_language(open_tab(app, page, tab), language)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_translator_is_in_one_language(open_page, language):
    app = open_page("pages/transformer.py", query={"lang": language, "task": "translate"})
    app.text_input(key="transformer.sentence").input(SENTENCE).run()
    assert_in_language(app, language)
    assert_in_language(open_tab(app, "transformer", "build"), language)


def test_home_is_in_the_language_of_the_link_and_the_link_keeps_it(open_page):
    app = open_page(query={"lang": "zh"})
    assert app.title[0].value == CATALOGUES["zh"]["home.title"]
    assert_in_language(app, "zh")
    assert app.query_params["lang"] == "zh"
    app.switch_page("pages/cnn.py").run()  # a page switch drops the query; the language stays
    assert app.session_state["language"] == "zh" and app.query_params["lang"] == "zh"
    assert app.title[0].value == CATALOGUES["zh"]["cnn.title"]


def test_without_a_link_or_a_choice_the_browser_decides(open_page, monkeypatch):
    import ui.language

    monkeypatch.setattr(ui.language, "_browser_language", lambda: "zh")
    app = open_page()
    assert app.session_state["language"] == "zh" and app.title[0].value == CATALOGUES["zh"]["home.title"]
    assert "lang" not in app.query_params  # guessed, not chosen: links stay free of it
    monkeypatch.setattr(ui.language, "_browser_language", lambda: None)
    assert open_page().session_state["language"] == "en"


def test_a_bad_language_in_the_link_is_ignored(open_page):
    app = open_page(query={"lang": "klingon"})
    assert app.session_state["language"] == "en" and not app.exception
    assert "lang" not in app.query_params


def switch_to(app, language: str):
    """Click the sidebar's language switch. (AppTest formats a widget's options in the test's
    own thread, so later runs go inside `using(language)`, as the page now speaks it.)"""
    app.sidebar.button_group(key="language.switch").set_value(language).run()
    assert not app.exception, app.exception
    assert app.session_state["language"] == language
    return app


def test_switching_keeps_the_drawing_the_open_tab_and_the_settings(open_page, canvas):
    app = open_page("pages/cnn.py")
    canvas["image"] = drawn_one()
    open_tab(app, "cnn", "build")
    app.slider(key="cnn.cfg.epochs").set_value(3).run()
    app.selectbox(key="cnn.cfg.lr_schedule").set_value("cosine").run()
    app.selectbox(key="cnn.cfg.optimizer").set_value("sgd").run()
    assert app.select_slider(key="cnn.cfg.train_size").value == 0  # all the training digits
    switch_to(app, "zh")
    assert app.session_state["cnn.tab_name"] == "build"  # the same tab, now labelled in Chinese
    assert app.session_state["cnn.tab"] == CATALOGUES["zh"]["tab.build"]
    assert app.slider(key="cnn.cfg.epochs").value == 3
    # Widgets whose options are words keep their values too, though their words changed.
    with using("zh"):
        assert app.select_slider(key="cnn.cfg.train_size").value == 0  # "all", now "全部"
        assert app.radio(key="cnn.cfg.dataset").value == "mnist-10k"
        assert app.selectbox(key="cnn.cfg.lr_schedule").value == "cosine"
        assert app.selectbox(key="cnn.cfg.optimizer").value == "sgd"
    assert any(CATALOGUES["zh"]["build.hyperparameters"] == s.value for s in app.subheader)
    assert app.query_params["lang"] == "zh" and app.query_params["epochs"] == "3"
    with using("zh"):
        open_tab(app, "cnn", "inside")
        assert_in_language(app, "zh")
        assert any(t("draw.prediction", digit=1) == m.value for m in app.markdown)  # the drawing is read
        switch_to(app, "en")
    assert app.session_state["cnn.tab_name"] == "inside"
    assert app.title[0].value == CATALOGUES["en"]["cnn.title"]
    assert_in_language(app, "en")  # the sidebar's dataset line too, though Build & train is hidden
    assert app.session_state["cnn.config"].epochs == 3 and app.query_params["epochs"] == "3"
    assert any(t("draw.prediction", digit=1) == m.value for m in app.markdown)


def test_switching_keeps_the_typed_review(open_page):
    app = open_page("pages/rnn.py")
    app.text_area(key="rnn.review").input(REVIEW).run()
    switch_to(app, "zh")
    assert app.text_area(key="rnn.review").value == REVIEW
    assert_in_language(app, "zh")
    with using("zh"):
        verdicts = (t("review.positive"), t("review.negative"))
    assert any(any(v in m.value for v in verdicts) for m in app.markdown)


@pytest.mark.parametrize("page, box", [("rnn", "rnn.review"), ("transformer", "transformer.review")])
def test_chinese_typed_into_an_english_model_is_explained_in_the_readers_language(open_page, page, box):
    app = open_page(PAGES[page], query={"lang": "zh"})
    app.text_area(key=box).input("这部电影非常好看，演员的表演很感人").run()
    warnings = " ".join(element.value for element in [*app.warning, *app.info, *app.error])
    assert "英文" in warnings and HAN.search(warnings), warnings
    assert_in_language(app, "zh")


def test_chinese_typed_into_the_translator_is_explained_in_the_readers_language(open_page):
    app = open_page("pages/transformer.py", query={"lang": "zh", "task": "translate"})
    app.text_input(key="transformer.sentence").input("一个穿红衬衫的男人在街上骑自行车").run()
    warnings = " ".join(element.value for element in [*app.warning, *app.info, *app.error])
    assert "英文" in warnings or "英语" in warnings, warnings
