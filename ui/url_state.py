"""The builder's settings in the page's URL: copy the link, and whoever opens it gets the same
network and training settings.

`restore` (before the builder's widgets are drawn) loads the settings a link carries, once per
link: on a session's first visit, or when the URL's settings changed from outside (a link
pasted into the same tab, the browser's back button). `publish` (after they are drawn) writes
the current settings back, so the URL always describes what the page shows. The parameters of
other features (`?run=` among them) are never touched.

A URL left over from another page (navigation may keep the query string) is what this session
last wrote, so it is not read again; `publish` then drops the other page's parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from core import url_config
from core.config.transformer import TASKS
from core.i18n import t
from core.kinds import Kind
from ui.language import PARAM
from ui.training_panel import RUN_PARAM

LAST_KEY = "url_state.last"  # the settings parameters of the URL as this session last left it
SHOWN_NOTICES = 3
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation, escaped for st.toast


def _settings_in_url() -> dict[str, str]:
    """The URL's parameters but the run it opens and its language: the builder's settings."""
    return {key: value for key, value in st.query_params.to_dict().items() if key not in (RUN_PARAM, PARAM)}


def has_news(kind: Kind) -> bool:
    """Whether the URL carries settings this session has not loaded yet, or a run of `kind`
    to open: what a page shows in its builder."""
    params = _settings_in_url()
    settings = set(params) - {url_config.TASK, url_config.VERSION}
    news = bool(settings) and params != st.session_state.get(LAST_KEY)
    return news or st.session_state.get(f"{kind.name}.opened_config") is not None


def restore(kind: Kind, load: Callable) -> None:
    """Load the settings the URL carries into the widgets of `kind`'s builder with
    `load(config)`, if this session has not seen them yet, and show what had to be adjusted
    as one notice. Call it before the widgets are drawn.
    """
    params = _settings_in_url()
    if not params or params == st.session_state.get(LAST_KEY):
        return
    st.session_state[LAST_KEY] = params
    config, notices = url_config.from_params(params, url_config.link_base(kind, params), kind.url_fields)
    load(config)
    if notices:
        st.toast(notice_line(notices), icon=":material/link:", duration="infinite")


def publish(config) -> None:
    """Write `config`'s parameters into the URL, removing settings parameters it does not have
    (fields back at their default, another page's); others' parameters stay."""
    params = url_config.to_params(config)
    for key in list(st.query_params):
        if key in url_config.ALL_PARAMS and key not in params:
            del st.query_params[key]
    for key, value in params.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state[LAST_KEY] = _settings_in_url()


def keep(kind: Kind) -> None:
    """While the builder is hidden, keep in the URL the settings it last had (a page switch
    dropped them), or its default's (no parameter at all), so that a copied link carries
    this page's settings and never another page's."""
    config = st.session_state.get(f"{kind.name}.config")
    publish(config if config is not None else kind.default_config())


def task_from_url(default: str | None) -> str | None:
    """The Transformer task a link names (`?task=translate`), else `default`. A task the page
    does not have is reported by `restore`, with the link's other adjustments."""
    task = st.query_params.get(url_config.TASK)
    return task if task in TASKS else default


def notice_line(notices: list[str]) -> str:
    """The adjustments as one line of Markdown (the first few, and how many more)."""
    text = t("url.separator").join(notices[:SHOWN_NOTICES])
    if len(notices) > SHOWN_NOTICES:
        text += t("url.more", count=len(notices) - SHOWN_NOTICES)
    line = t("url.adjusted", count=len(notices), notices=text)
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", line)  # a tampered value is shown, never rendered
