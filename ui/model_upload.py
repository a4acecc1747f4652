"""Importing a `.keras` model on a page: an uploader that keeps an accepted model in the
person's session and says why a refused one cannot be used.

Session state, per page: `{page}.imported` the accepted `Archive`; `{page}.imported.name`
its file name; `{page}.imported.file` the (file id, refusal or None) of the last upload
read, so a rerun does not load the same file again; `{page}.imported.round` a counter in
the uploader's key, raised to empty the uploader when the model is put away.
"""

from __future__ import annotations

import traceback

import streamlit as st

from core.i18n import t
from core.runs.model_archive import MAX_UPLOAD_BYTES, Archive, ArchiveRefused, load


def stop_using(page: str) -> None:
    """Put the page's imported model away (and empty its uploader): the page's own model is back."""
    state = st.session_state
    for name in (
        f"{page}.imported",
        f"{page}.imported.name",
        f"{page}.imported.file",
        f"{page}.imported.test",
    ):
        state.pop(name, None)
    state[f"{page}.imported.round"] = state.get(f"{page}.imported.round", 0) + 1


def uploaded_model(page: str, key: str) -> Archive | None:
    """The model imported on `page` (one of `core.pages.PAGES`), or None.

    Shows a `.keras` uploader (widget key `key`). A new upload is loaded and checked for
    `page`: an accepted one replaces the imported model; a refused one is explained and
    leaves the model in use as it was. While a model is imported, a line names it, with a
    button to stop using it.
    """
    state = st.session_state
    imported, seen = f"{page}.imported", f"{page}.imported.file"
    upload = st.file_uploader(
        t("upload.label"),
        type=["keras"],
        key=f"{key}.{state.get(f'{page}.imported.round', 0)}",
        help=t("upload.help"),
        max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
    )
    if upload is not None and state.get(seen, (None, None))[0] != upload.file_id:
        try:
            with st.spinner(t("upload.loading", name=upload.name)):
                archive = load(upload.getvalue(), page)
        except ArchiveRefused as refused:
            state[seen] = (upload.file_id, str(refused))
        except Exception as error:  # whatever else a file can do to a loader: explained, never a traceback
            traceback.print_exc()
            state[seen] = (
                upload.file_id,
                t("archive.keras_refused", reason=f"{type(error).__name__}: {error}"),
            )
        else:
            state[seen] = (upload.file_id, None)
            state[imported], state[f"{page}.imported.name"] = archive, upload.name
    if upload is not None and state[seen][1]:
        st.error(t("upload.refused", name=upload.name, reason=state[seen][1]))

    archive = state.get(imported)
    if archive is not None:
        line, button = st.columns([4, 1], vertical_alignment="center")
        line.success(t("upload.using", name=state[f"{page}.imported.name"], count=archive.parameters))
        button.button(t("upload.stop"), key=f"{key}.stop", on_click=stop_using, args=(page,))
    return archive
