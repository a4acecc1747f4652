"""The RNN page in a real browser: an empty review prompts, a typed review is predicted.

Run with: /work/venv/bin/python -m pytest tests/e2e/test_rnn_browser.py -v
"""

from __future__ import annotations

import re

import pytest
from e2e_browser import open_path, wait_for_app_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PROMPT = "Type a review (or pick one above) to see what the network makes of it."
VERDICT = re.compile(r"(Positive|Negative) · \d{1,3}\.\d%")
REVIEW = (
    "An absolutely wonderful film. The acting is brilliant, the story is beautiful and moving, "
    "and I loved every minute of it."
)


@pytest.fixture
def rnn_page(browser_context, app_url: str):
    """A page showing /rnn, its prediction box drawn."""
    page = browser_context.new_page()
    open_path(page, app_url + "/rnn", ".st-key-review_prediction")
    return page


def prediction(page):
    return page.locator(".st-key-review_prediction")


def review_box(page):
    return page.get_by_test_id("stTextArea").locator("textarea")


def test_empty_review_shows_the_prompt_and_no_verdict(rnn_page):
    expect(review_box(rnn_page)).to_have_value("")
    panel = prediction(rnn_page)
    expect(panel).to_contain_text(PROMPT)
    expect(panel).not_to_contain_text(VERDICT)


def test_typed_review_is_predicted(rnn_page):
    box = review_box(rnn_page)
    box.fill(REVIEW)
    box.press("Control+Enter")  # Streamlit submits a text area on Ctrl+Enter (or on blur)
    panel = prediction(rnn_page)
    expect(panel).to_contain_text(VERDICT, timeout=60_000)
    wait_for_app_idle(rnn_page)
    text = panel.inner_text()
    assert VERDICT.search(text) and "%" in text, text
    assert PROMPT not in text
    # The words the model read are listed under the box.
    expect(rnn_page.get_by_test_id("stMain")).to_contain_text("The words the model reads (21;")
