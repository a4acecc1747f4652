"""What the page tests share for pages drawn in parts (`ui.page_parts`): opening a tab, and
rerunning only a page's fragment, as the browser asks after a stroke or a typed text."""

from __future__ import annotations

from unittest import mock

import streamlit.testing.v1.local_script_runner as local_script_runner

from core.i18n import t


def open_tab(app, page: str, name: str):
    """Choose the tab `tab.<name>` of `page` ('cnn', 'rnn', 'transformer'), as a click does."""
    app.session_state[f"{page}.tab"] = t(f"tab.{name}")
    app.run()
    assert not app.exception, app.exception
    return app


def open_numbers(app, *keys: str):
    """Open the sections "with numbers" named `keys` (`ui.page_parts.lazy_section`), as a
    click on each would; they stay open after."""
    for key in keys:
        app.session_state[key] = True
    return app


def rerun_fragment(app, key: str):
    """Rerun only the fragment `@st.fragment(key=key)`, with the widget values `app` holds.

    AppTest itself always reruns the whole script; a browser sends the fragment's id when an
    input inside it changed, which this does. The tree afterwards holds what the fragment drew.
    """
    fragment_ids = list(app._fragment_storage.resolve_target(key))
    rerun_data = local_script_runner.RerunData

    def fragment_rerun(**fields):
        return rerun_data(**fields, fragment_id_queue=fragment_ids)

    with mock.patch.object(local_script_runner, "RerunData", fragment_rerun):
        app.run()
    assert not app.exception, app.exception
    return app


def count_calls(monkeypatch, targets: dict[str, tuple[object, str]]) -> dict[str, int]:
    """Count the calls of `getattr(owner, name)` for each part `{part: (owner, name)}`: what
    only one tab does (its builder, its evaluation, its look inside)."""
    counted = dict.fromkeys(targets, 0)
    for part, (owner, name) in targets.items():
        original = getattr(owner, name)

        def counted_call(*args, _part=part, _original=original, **kwargs):
            counted[_part] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted_call)
    return counted
