"""Importing a `.keras` model on a page: an uploader that keeps an accepted model in the
person's session and says why a refused one cannot be used.

Session state, per model kind (`{kind}` its name): `{kind}.imported` the accepted `Archive`;
`{kind}.imported.name` its file name (or a function giving a reopened run's label);
`{kind}.imported.file` the (file id, refusal or None, language) of the last upload read, so a
rerun does not load the same file again (a refused one is read again in another language, to
say why in that language); `{kind}.imported.round` a counter in the uploader's key, raised to
empty the uploader when the model is put away.
"""

from __future__ import annotations

import traceback

import streamlit as st

from core import i18n
from core.i18n import t
from core.kinds import Kind
from core.runs.model_archive import MAX_UPLOAD_BYTES, Archive, ArchiveRefused, load


def stop_using(kind: Kind) -> None:
    """Put the model imported for `kind` away (and empty its uploader): the page's own model is back."""
    state, prefix = st.session_state, f"{kind.name}.imported"
    for name in (prefix, f"{prefix}.name", f"{prefix}.file", f"{prefix}.test"):
        state.pop(name, None)
    state[f"{prefix}.round"] = state.get(f"{prefix}.round", 0) + 1


def imported_name(kind: Kind) -> str:
    """The imported model's name: its file's, or a reopened run's label (kept as a function,
    so it is made in the reader's language each time it is shown)."""
    named = st.session_state.get(f"{kind.name}.imported.name", "")
    return named() if callable(named) else named


def uploaded_model(kind: Kind, key: str) -> Archive | None:
    """The model imported for `kind` (a `core.kinds.Kind`), or None.

    Shows a `.keras` uploader (widget key `key`). A new upload is loaded and checked as a
    model of `kind`: an accepted one replaces the imported model; a refused one is explained and
    leaves the model in use as it was. While a model is imported, a line names it, with a
    button to stop using it.
    """
    state = st.session_state
    imported, seen = f"{kind.name}.imported", f"{kind.name}.imported.file"
    upload = st.file_uploader(
        t("upload.label"),
        type=["keras"],
        key=f"{key}.{state.get(f'{imported}.round', 0)}",
        help=t("upload.help"),
        max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
    )
    last = state.get(seen, (None, None, None))
    refused_in_another_language = last[1] is not None and last[2] != i18n.current()
    if upload is not None and (last[0] != upload.file_id or refused_in_another_language):
        try:
            with st.spinner(t("upload.loading", name=upload.name)):
                archive = load(upload.getvalue(), kind.name)
        except ArchiveRefused as refused:
            state[seen] = (upload.file_id, str(refused), i18n.current())
        except Exception as error:  # whatever else a file can do to a loader: explained, never a traceback
            traceback.print_exc()
            state[seen] = (
                upload.file_id,
                t("archive.keras_refused", reason=f"{type(error).__name__}: {error}"),
                i18n.current(),
            )
        else:
            state[seen] = (upload.file_id, None, i18n.current())
            state[imported], state[f"{imported}.name"] = archive, upload.name
    if upload is not None and state[seen][1]:
        st.error(t("upload.refused", name=upload.name, reason=state[seen][1]))

    archive = state.get(imported)
    if archive is not None:
        line, button = st.columns([4, 1], vertical_alignment="center")
        line.success(t("upload.using", name=imported_name(kind), count=archive.parameters))
        button.button(t("upload.stop"), key=f"{key}.stop", on_click=stop_using, args=(kind,))
    return archive
