"""English and 中文 in a real browser: switching language mid-training keeps the run, the
drawing, the typed text and the open tab, and every word follows the switch.

Run with: python -m pytest tests/e2e/test_language_browser.py -v
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_browser import draw_strokes, open_path, seen_image_src, set_epochs, wait_for_app_idle
from playwright.sync_api import expect

from core.locales import en, zh

pytestmark = pytest.mark.e2e

RUN_URL = re.compile(r"[?&]run=[0-9a-f]{32}(&|$)")
REVIEW = "An absolutely wonderful film. The acting is brilliant and the story is moving."


def query(url: str, name: str) -> str | None:
    values = parse_qs(urlparse(url).query).get(name)
    return values[0] if values else None


def switch_language(page, label: str) -> None:
    """Click the sidebar's language switch ('English' or '中文')."""
    page.get_by_test_id("stSidebar").get_by_role("radio", name=label, exact=True).click()
    wait_for_app_idle(page)


def heading(page):
    return page.get_by_test_id("stMain").locator("h1").first


@pytest.mark.timeout(480)
def test_switching_to_chinese_mid_training_keeps_the_run_the_drawing_and_the_tab(
    browser_context, app_url, drawn_digits
):
    page = browser_context.new_page()
    open_path(page, app_url + "/cnn", ".st-key-prediction")
    main = page.get_by_test_id("stMain")
    draw_strokes(page, drawn_digits["3"])
    prediction = page.locator(".st-key-prediction")
    expect(prediction).to_contain_text(re.compile(r"Prediction: \d"), timeout=30_000)
    drawn = seen_image_src(page)

    page.get_by_role("tab", name=re.compile("Build & train")).click()
    set_epochs(page, 12)  # minutes of training: the switch comes while it trains
    page.wait_for_url(lambda url: query(url, "epochs") == "12", timeout=30_000)  # the page has it
    page.get_by_role("button", name=re.compile("Start training")).click()
    page.wait_for_url(RUN_URL, timeout=60_000)
    run = query(page.url, "run")
    expect(main).to_contain_text(re.compile(r"Training · epoch \d+ of 12"), timeout=60_000)

    switch_language(page, "中文")
    expect(heading(page)).to_have_text(zh.TEXT["cnn.title"], timeout=30_000)
    assert query(page.url, "lang") == "zh" and query(page.url, "run") == run
    # The same run goes on, now reported in Chinese: "训练中 · 第 2/12 轮 · …".
    expect(main).to_contain_text(re.compile(r"训练中 · 第 \d+/12 轮"), timeout=60_000)
    assert "Training · epoch" not in main.inner_text()
    # The drawing is still on the canvas and read: the same 28×28 image, a prediction in Chinese.
    assert seen_image_src(page) == drawn
    expect(prediction).to_contain_text(re.compile(r"预测结果：\d"))
    # Still on Build & train, its slider still at 12, now labelled in Chinese.
    expect(page.get_by_role("tab", selected=True)).to_contain_text("搭建与训练")
    thumb = page.get_by_test_id("stSlider").filter(has_text=zh.TEXT["build.epochs"]).get_by_role("slider")
    expect(thumb).to_have_attribute("aria-valuetext", "12")
    # The settings shown as words keep their values in the new words: all the training digits,
    # the embedded dataset.
    examples = page.get_by_test_id("stSlider").filter(has_text=zh.TEXT["build.train_size"])
    expect(examples.get_by_role("slider")).to_have_attribute(
        "aria-valuetext", zh.TEXT["build.train_size_all"]
    )
    expect(page.get_by_role("radio", name=zh.TEXT["data.mnist-10k"])).to_be_checked()

    # Its controls answer in Chinese; stopped, it says so in Chinese, then in English again.
    page.get_by_role("button", name=re.compile(zh.TEXT["train.stop"])).click()
    expect(main).to_contain_text(re.compile(r"已停止 · 第 \d+/12 轮"), timeout=60_000)
    switch_language(page, "English")
    expect(heading(page)).to_have_text(en.TEXT["cnn.title"], timeout=30_000)
    expect(main).to_contain_text(re.compile(r"Stopped · epoch \d+ of 12"))
    assert query(page.url, "run") == run and seen_image_src(page) == drawn
    assert not re.search(r"[\u4e00-\u9fff]", main.inner_text())


def test_a_link_opens_in_its_language_and_the_typed_review_survives_a_switch(browser_context, app_url):
    page = browser_context.new_page()
    open_path(page, app_url + "/rnn?lang=zh", ".st-key-review_prediction")
    expect(heading(page)).to_have_text(zh.TEXT["rnn.title"])
    box = page.get_by_test_id("stTextArea").locator("textarea")
    box.fill(REVIEW)
    box.press("Control+Enter")
    panel = page.locator(".st-key-review_prediction")
    expect(panel).to_contain_text(re.compile(r"(正面|负面) · \d{1,3}\.\d%"), timeout=60_000)

    switch_language(page, "English")
    expect(heading(page)).to_have_text(en.TEXT["rnn.title"], timeout=30_000)
    expect(box).to_have_value(REVIEW)
    expect(panel).to_contain_text(re.compile(r"(Positive|Negative) · \d{1,3}\.\d%"), timeout=60_000)
    assert query(page.url, "lang") == "en"
