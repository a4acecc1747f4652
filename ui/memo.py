"""What a page computed for one text and one set of weights, kept in the session so a click
on an unrelated widget does not run the model again."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import streamlit as st


def remembered(page: str, key: Hashable, name: str, compute: Callable):
    """`compute()`, kept under `name` until the page's `key` (the weights and the text) changes."""
    memo = st.session_state.get(f"{page}.memo")
    if memo is None or memo["key"] != key:
        memo = st.session_state[f"{page}.memo"] = {"key": key}
    if name not in memo:
        memo[name] = compute()
    return memo[name]
