"""The language a person reads the app in: English or 中文, chosen in the sidebar.

A link decides first (`?lang=zh`, `?lang=en`: a teacher's link opens in the class's
language), then the person's own choice in the sidebar, then their browser's language
(`st.context.locale`). The choice is kept in the session (`language`), so it survives pages
that do not draw the sidebar, and once made or linked it stays in the URL, so that a copied
link carries it with the other settings. `install()` makes `core.i18n` read it: every `t()`
in this person's script runs renders in their language, whoever else is using the server.

Changing the language reruns the page and changes no other state: the drawing, the typed
text, the settings and a run in training stay as they were. (A widget whose options are shown
in words needs its key passed through `translated`, or its value would be lost.)
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core import i18n
from core.i18n import t

PARAM = "lang"  # the URL's query parameter
KEY = "language"  # the session's language: one of i18n.LANGUAGES
SWITCH_KEY = "language.switch"  # the sidebar's widget
URL_SEEN_KEY = "language.url"  # the last `?lang=` this session applied, so it is applied once
CHOSEN_KEY = "language.chosen"  # whether it was chosen (or linked), not guessed from the browser
TRANSLATED_KEY = "language.translated"  # keys of the widgets whose options are shown in words


def _session_language() -> str | None:
    """The language of the session whose script runs on this thread; None on other threads."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    try:
        return ctx.session_state[KEY] if KEY in ctx.session_state else None
    except (KeyError, AttributeError, RuntimeError):  # a session being torn down
        return None


def install() -> None:
    """Make `core.i18n.t()` render in the language of the session it runs for."""
    i18n.language_source = _session_language


def _browser_language() -> str | None:
    try:
        return i18n.normalise(st.context.locale)
    except Exception:  # no browser behind this session (a test), or an older runtime
        return None


def establish() -> str:
    """Decide this run's language (a new `?lang=` first, then the session's, then the
    browser's), keep it in the session and, once chosen or linked, in the URL. Call it at
    the top of every run, before any text is rendered."""
    state = st.session_state
    linked = i18n.normalise(st.query_params.get(PARAM))
    if linked is None and PARAM in st.query_params:
        del st.query_params[PARAM]  # a language the app does not have: the link is put right
    if linked is not None and linked != state.get(URL_SEEN_KEY):
        state[KEY], state[URL_SEEN_KEY], state[CHOSEN_KEY] = linked, linked, True
    if i18n.normalise(state.get(KEY)) is None:
        state[KEY] = _browser_language() or i18n.DEFAULT_LANGUAGE
    if state.get(CHOSEN_KEY) and st.query_params.get(PARAM) != state[KEY]:
        st.query_params[PARAM] = state[KEY]  # a page switch dropped it, or a bad value was typed
        state[URL_SEEN_KEY] = state[KEY]
    return state[KEY]


def translated(key: str) -> str:
    """`key`, noted as that of a widget whose options are shown in words of the language (a
    `format_func` through `t()`). Streamlit keeps such a widget's value as the words shown, so
    words of the other language would no longer name it: a switch of language keeps it."""
    st.session_state.setdefault(TRANSLATED_KEY, set()).add(key)
    return key


def _switched() -> None:
    """Change the language, keeping the values of the widgets shown in words (`translated`):
    read while the old words still name their options, written back once the language changed."""
    state = st.session_state
    chosen = i18n.normalise(state.get(SWITCH_KEY))
    if chosen is None:
        return
    values = {key: state[key] for key in state.get(TRANSLATED_KEY, ()) if key in state}
    state[KEY], state[CHOSEN_KEY] = chosen, True
    for key, value in values.items():
        state[key] = value


def switch() -> None:
    """The language switch (English / 中文), in the sidebar of every page."""
    st.session_state[SWITCH_KEY] = st.session_state[KEY]
    st.segmented_control(
        t("language.label"),
        i18n.LANGUAGES,
        format_func=lambda language: i18n.LANGUAGE_NAMES[language],
        key=SWITCH_KEY,
        required=True,
        on_change=_switched,
        label_visibility="collapsed",
    )
