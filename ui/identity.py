"""Who is at this browser: a random token the browser keeps, so that runs belong to someone.

There are no accounts. The first visit draws a random 128-bit token on the server and a
tiny component stores it in a cookie (`playground_identity`, one year, this site only);
every later session of that browser sends it back when it connects, so the person is known
from the first run of the page. Runs record the person id, a hash of the token, never the
token itself, so the run registry and the Runs page cannot be used to take someone's
identity. A shared `?run=` link carries no token: whoever opens it watches, never controls.

What this protects: one student cannot pause, stop, delete or leave the queue for another
student's run from their own browser. What it does not: anyone who copies a browser's
cookie is that person, and a student who clears their cookies becomes someone new (their
old runs stay, owned by the old token). It is a classroom courtesy, not a security boundary.
"""

from __future__ import annotations

import hashlib
import re
import secrets

import streamlit as st

from core.i18n import t

COOKIE = "playground_identity"
_TOKEN = re.compile(r"[0-9a-f]{32}")
_STATE = "identity.token"

_KEEPER_JS = """
export default function ({ data, setStateValue }) {
  const name = "playground_identity";
  const found = document.cookie.split("; ").find((item) => item.startsWith(name + "="));
  const kept = found ? found.slice(name.length + 1) : "";
  const token = /^[0-9a-f]{32}$/.test(kept) ? kept : data;
  document.cookie = `${name}=${token}; max-age=31536000; path=/; SameSite=Strict`;
  // A reported value reruns the page, and a rerun started now would replace the one a click
  // on a page link may have just started. Report only what the server does not know yet.
  if (token !== data) {
    setStateValue("token", token);
  }
}
"""
_keeper = None  # registered on first use: components register with the running app


def _valid(token: object) -> bool:
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def person_of(token: str) -> str:
    """The person id runs record for a browser token."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no request behind this run (a test harness): no cookie
        return None
    return value if _valid(value) else None


def establish() -> str:
    """This browser's person id. Call once at the top of every run (app.py does): a session
    that connected without the cookie mounts the component that stores it."""
    global _keeper
    state = st.session_state
    cookie = _cookie()
    token = state.get(_STATE)
    if not _valid(token):
        token = cookie or secrets.token_hex(16)
        state[_STATE] = token
    if cookie != token:
        if _keeper is None:
            _keeper = st.components.v2.component("playground_identity", js=_KEEPER_JS)
        with st.sidebar:
            reported = _keeper(data=token, key="identity.keeper", on_token_change=lambda: None).token
        # A second tab opened before the first stored its token: both become the browser's.
        if _valid(reported) and reported != token and not state.get("identity.started_runs"):
            state[_STATE] = token = reported
    return person_of(token)


def current() -> str:
    """The person id `establish` found for this session ('' outside a page run)."""
    token = st.session_state.get(_STATE)
    return person_of(token) if _valid(token) else ""


def note_started_run() -> None:
    """Remember that this session started a run under its token, which must stay its own."""
    st.session_state["identity.started_runs"] = True


def is_mine(person: str) -> bool:
    """Whether a run started by `person` belongs to whoever is at this browser."""
    return bool(person) and person == current()


def may_control(person: str) -> bool:
    """Whether whoever is at this browser may pause, stop or delete a run of `person`: their
    own, or one recorded before runs had owners (everyone's, as it was then)."""
    return not person or is_mine(person)


def label(person: str, names: dict[str, str]) -> str:
    """How a run's owner is shown: 'you', the name they chose, or a short anonymous tag."""
    if not person:
        return t("identity.nobody")
    if is_mine(person):
        return t("identity.yours")
    return names.get(person) or t("identity.anonymous", short=person[:4])
