"""The CNN page in a real browser: draw digits with the mouse, train, reload mid-run.

Run with: /work/venv/bin/python -m pytest tests/e2e -v
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_browser import (
    APP_TITLE,
    CNN_NAV_LABEL,
    VIEWPORT,
    draw_strokes,
    load_drawn_digits,
    open_cnn,
    running_app,
    set_epochs,
    wait_for_app_idle,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PROMPT = "Draw a digit on the black canvas"
RUN_URL = re.compile(r"[?&]run=[0-9a-f]{32}(&|$)")
# Digits the starter model must read from tests/data/drawn_digits.json.
READ_DIGITS = [str(digit) for digit in range(10)]


def prediction(page):
    return page.locator(".st-key-prediction")


def run_id(url: str) -> str | None:
    values = parse_qs(urlparse(url).query).get("run")
    return values[0] if values else None


def test_blank_canvas_shows_prompt_and_no_prediction(cnn_page):
    panel = prediction(cnn_page)
    expect(panel).to_contain_text(PROMPT)
    expect(panel).not_to_contain_text("Prediction:")


def test_drawing_a_one_predicts_one(cnn_page, drawn_digits):
    draw_strokes(cnn_page, drawn_digits["1"])
    panel = prediction(cnn_page)
    expect(panel).to_contain_text("Prediction: 1", timeout=30_000)
    expect(panel).not_to_contain_text(PROMPT)


def _predicted_digit(page) -> str:
    match = re.search(r"Prediction: (\d)", prediction(page).inner_text())
    return match.group(1) if match else "none"


@pytest.mark.parametrize("digit", READ_DIGITS)
def test_drawn_digit_is_read(cnn_page, drawn_digits, digit):
    draw_strokes(cnn_page, drawn_digits[digit])
    panel = prediction(cnn_page)
    expect(panel).to_contain_text(re.compile(r"Prediction: \d"), timeout=30_000)
    # draw_strokes waited for the rerun after the last stroke, so this is the final reading.
    assert _predicted_digit(cnn_page) == digit, (
        f"drew a {digit}, the app read {_predicted_digit(cnn_page)}: "
        f"{prediction(cnn_page).inner_text()[:60]!r}"
    )
    expect(panel).to_contain_text(f"Prediction: {digit}")


def assert_images_shown(panel, at_least: int) -> None:
    """Every image in `panel` has loaded (a picture whose file the server no longer has is a
    broken icon of width 0), and there are at least `at_least` of them."""
    images = panel.locator("img")
    images.last.wait_for(timeout=30_000)
    panel.page.wait_for_function(
        "els => els.every(e => e.complete)", arg=images.element_handles(), timeout=30_000
    )
    widths = images.evaluate_all("es => es.map(e => e.naturalWidth)")
    assert len(widths) >= at_least and all(width > 0 for width in widths), widths


def _progress_text(page) -> str:
    bars = page.get_by_test_id("stProgress")
    return bars.first.inner_text() if bars.count() else "(no progress bar)"


@pytest.mark.timeout(480)
def test_training_keeps_page_responsive_and_reattaches_after_reload(cnn_page, drawn_digits):
    page = cnn_page
    main = page.get_by_test_id("stMain")
    page.get_by_role("tab", name=re.compile("Build & train")).click()
    # Two epochs: short, yet long enough to draw while the network trains.
    set_epochs(page, 2)

    page.get_by_role("button", name=re.compile("Start training")).click()
    page.wait_for_url(RUN_URL, timeout=60_000)
    run = run_id(page.url)
    expect(main).to_contain_text(re.compile(r"Training · epoch \d+ of 2"), timeout=60_000)

    # Draw while the network trains: the page must still answer.
    started = time.monotonic()
    draw_strokes(page, drawn_digits["3"])
    expect(prediction(page)).to_contain_text(re.compile(r"Prediction: \d"), timeout=30_000)
    answered_in = time.monotonic() - started
    assert "Finished in" not in main.inner_text(), (
        f"training ended before the drawing was read ({answered_in:.1f} s after drawing began), "
        "so this did not check that the page answers during training"
    )

    # Reload: the URL's run id reattaches this tab to the run, whose progress is shown.
    page.reload()
    page.locator(".st-key-prediction").wait_for(timeout=120_000)
    assert run_id(page.url) == run
    expect(main).to_contain_text(re.compile(r"Training · epoch \d+ of 2|Finished in"), timeout=60_000)

    try:
        expect(main).to_contain_text("Finished in", timeout=300_000)
    except AssertionError as error:
        raise AssertionError(f"training did not finish; progress: {_progress_text(page)!r}") from error
    assert run_id(page.url) == run


def test_drawing_then_looking_inside_shows_that_digits_feature_maps(cnn_page, drawn_digits):
    """Tabs are drawn when opened: Look inside, opened after drawing, shows the maps and the
    heatmap of the digit drawn; a stroke while it is open redraws them; the settings made in
    Build & train are still there when it is opened again."""
    page = cnn_page
    main = page.get_by_test_id("stMain")
    expect(page.get_by_role("tab", selected=True)).to_contain_text("Look inside")  # a first visit's tab
    page.get_by_role("tab", name=re.compile("Build & train")).click()
    set_epochs(page, 3)  # a Build & train setting, made before anything else
    draw_strokes(page, drawn_digits["7"])
    expect(prediction(page)).to_contain_text(re.compile(r"Prediction: \d"), timeout=30_000)
    drawn = _predicted_digit(page)
    assert "Feature maps" not in main.inner_text()  # the hidden tab was not drawn

    page.get_by_role("tab", name=re.compile("Look inside")).click()
    inside = page.get_by_role("tabpanel")
    expect(inside).to_contain_text("conv1 · Conv2D · 28×28×32", timeout=60_000)
    expect(inside).to_contain_text(f"Heatmap for the class {drawn}")
    wait_for_app_idle(page)
    assert_images_shown(inside, at_least=8)  # six layers' maps, the filters, the heatmap

    # A stroke while Look inside is open: the heatmap follows the new prediction.
    draw_strokes(page, drawn_digits["1"])
    expect(inside).to_contain_text(f"Heatmap for the class {_predicted_digit(page)}", timeout=30_000)
    expect(inside).to_contain_text("conv1 · Conv2D · 28×28×32")
    assert_images_shown(inside, at_least=8)  # redrawn by the stroke's fragment, every one loaded

    page.get_by_role("tab", name=re.compile("Build & train")).click()
    thumb = page.get_by_test_id("stSlider").filter(has_text="Epochs").get_by_role("slider")
    expect(thumb).to_have_attribute("aria-valuetext", "3", timeout=60_000)
    expect(prediction(page)).to_contain_text(re.compile(r"Prediction: \d"))  # and the drawing


def test_direct_cnn_link_on_fresh_server_uses_app_navigation(chromium_browser, tmp_path):
    """A first request for /cnn on a just-started server still gets app.py's frame.

    With a `pages/` folder next to app.py, Streamlit runs a page on its own (legacy
    multipage mode: no navigation, sidebar or wide layout, the 280 px canvas clipped)
    until st.navigation has run once; ui/runtime_fixes.py's ensure_frame() turns that mode off.
    Needs its own server: the session's one has long run app.py.
    """
    with running_app(tmp_path) as url:
        context = chromium_browser.new_context(viewport=VIEWPORT)
        try:
            page = context.new_page()
            open_cnn(page, url + "/cnn")
            wait_for_app_idle(page)
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar).to_contain_text(CNN_NAV_LABEL, timeout=30_000)
            assert page.title() == APP_TITLE
        finally:
            context.close()


def test_drawn_digits_file_is_dense_and_sized():
    """The stored paths are mouse-like: dense points inside the canvas, digit-sized."""
    digits = load_drawn_digits()
    assert sorted(digits) == [str(d) for d in range(10)]
    for digit, strokes in digits.items():
        points = [p for stroke in strokes for p in stroke]
        assert all(0 <= x < 280 and 0 <= y < 280 for x, y in points), digit
        for stroke in strokes:
            assert len(stroke) >= 2
            for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
                assert ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 <= 8, (digit, (x0, y0), (x1, y1))
        height = max(y for _, y in points) - min(y for _, y in points)
        assert 150 <= height <= 220, (digit, height)
