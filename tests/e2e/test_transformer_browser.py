"""The Transformer page in a real browser: switching to the translator, typing an English
sentence and finding its German translation in `.st-key-translation`; a review in the
classifier gets its verdict.

Run with: /work/venv/bin/python -m pytest tests/e2e/test_transformer_browser.py -v
"""

from __future__ import annotations

import re

import pytest
from e2e_browser import open_path, wait_for_app_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SENTENCE = "Two young girls are playing soccer in a park."
PROMPT = "Type an English sentence (or pick one above) to translate it."
VERDICT = re.compile(r"(Positive|Negative) · \d{1,3}\.\d%")


@pytest.fixture
def transformer_page(browser_context, app_url: str):
    """A page showing /transformer, its review prediction box drawn."""
    page = browser_context.new_page()
    open_path(page, app_url + "/transformer", ".st-key-review_prediction")
    return page


def test_typed_sentence_is_translated(transformer_page):
    page = transformer_page
    page.get_by_test_id("stMain").get_by_test_id("stButtonGroup").first.get_by_text(
        "English → German translator"
    ).click()
    box = page.locator(".st-key-translation")
    expect(box).to_contain_text(PROMPT, timeout=60_000)
    sentence = page.get_by_test_id("stMain").get_by_test_id("stTextInput").locator("input")
    sentence.fill(SENTENCE)
    sentence.press("Enter")
    expect(box).not_to_contain_text(PROMPT, timeout=60_000)
    expect(box).to_contain_text("German, by greedy decoding", timeout=60_000)
    wait_for_app_idle(page)
    german = box.locator("h3").inner_text()
    # A German sentence: lower-case words the English does not have, ending with a full stop.
    assert re.search(r"\b(zwei|mädchen|spielen|fußball|park)\b", german), german
    assert german.rstrip().endswith("."), german
    # Look inside holds this translation's attention; the formula, opened, is checked against it.
    main = page.get_by_test_id("stMain")
    expect(main).not_to_contain_text("The softmax computed here")  # computed only when opened
    main.get_by_text("The attention formula, with numbers").click()
    expect(main).to_contain_text(
        "The softmax computed here equals the attention the model used", timeout=60_000
    )
    assert page.locator(".st-key-translation").count() == 1


def test_typed_review_is_classified(transformer_page):
    page = transformer_page
    box = page.get_by_test_id("stTextArea").locator("textarea")
    box.fill("A wonderful, moving film with brilliant acting. I loved it.")
    box.press("Control+Enter")
    expect(page.locator(".st-key-review_prediction")).to_contain_text(VERDICT, timeout=60_000)
