"""The Runs page in a real browser: train a tiny CNN, find its run, export it, reopen it.

Run with: /work/venv/bin/python -m pytest tests/e2e/test_runs_browser.py -v
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from e2e_browser import open_cnn, open_path, wait_for_app_idle
from playwright.sync_api import expect

from core.i18n import t
from core.locales import zh

pytestmark = pytest.mark.e2e

TRAIN_SIZE, EPOCHS = 250, 1  # the smallest run the builder offers: it trains in seconds
METRICS_HEADER = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
RUN_BUTTONS = ["Open in its page", "Model (.keras)", "Metrics (.csv)", "Script (.py)", "Delete"]
LOST_RUN = "That link names a training run this app does not have"  # train.run_not_found
ROW_HEIGHT = 35  # px of the data grid's header and of each of its rows
ROW_MARKER_X = 18  # px from the grid's left edge: the middle of the row-selection checkbox column


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def no_exception(page) -> None:
    """No Streamlit exception box is on the page."""
    expect(page.get_by_test_id("stException")).to_have_count(0)


def set_to_lowest(page, label: str) -> None:
    """Move the slider (or select slider) named `label` to its lowest value with the keyboard."""
    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    page.keyboard.press("Home")


def select_first_row(page, grid) -> None:
    """Tick the row-selection checkbox of the grid's first data row (the grid is a canvas)."""
    grid.scroll_into_view_if_needed()
    grid.hover()  # the checkboxes of a multi-row selection are drawn on hover
    box = grid.bounding_box()
    page.mouse.click(box["x"] + ROW_MARKER_X, box["y"] + ROW_HEIGHT + ROW_HEIGHT / 2)


@pytest.mark.timeout(240)
def test_finished_run_is_listed_exported_and_reopened(browser_context, app_url: str):
    page = browser_context.new_page()
    main = page.get_by_test_id("stMain")

    # 1. Train the smallest network run on the CNN page.
    open_cnn(page, app_url + "/cnn")
    page.get_by_role("tab", name=re.compile("Build & train")).click()
    set_to_lowest(page, "Training examples")
    set_to_lowest(page, "Epochs")
    # The page writes its settings into the URL once a rerun has them.
    page.wait_for_url(
        lambda url: (
            query(url).get("train_size") == str(TRAIN_SIZE) and query(url).get("epochs") == str(EPOCHS)
        ),
        timeout=30_000,
    )
    wait_for_app_idle(page)
    no_exception(page)
    page.get_by_role("button", name=re.compile("Start training")).click()
    page.wait_for_url(lambda url: "run" in query(url), timeout=60_000)
    run = query(page.url)["run"]
    # Either it finishes, or the page says at once that the server has lost it.
    expect(main).to_contain_text(re.compile(f"Finished in|{re.escape(LOST_RUN)}"), timeout=120_000)
    assert LOST_RUN not in main.inner_text(), (
        f"the page lost run {run} while it trained: {LOST_RUN!r}. The server's JOBS no longer has it; "
        "one known cause is a source file edited under the running server (Streamlit then re-imports "
        "every project module, core.jobs.job_registry's JOBS among them, empty)"
    )
    expect(main).to_contain_text("Finished in")
    expect(main).to_contain_text(f"epoch {EPOCHS} of {EPOCHS}")
    no_exception(page)

    # 2. The Runs page lists it first (newest first); ticking its row shows the run.
    open_path(page, app_url + "/runs", '[data-testid="stDataFrame"]')
    expect(main).to_contain_text("Click a column to sort; tick rows to compare them.")
    no_exception(page)
    select_first_row(page, page.get_by_test_id("stDataFrame").first)
    label = re.compile(rf"^CNN · [A-Z][a-z]{{2}} \d{{1,2}} \d\d:\d\d · {run[:6]}$")
    expect(page.get_by_role("heading", name=label)).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    for name in RUN_BUTTONS:
        button = main.get_by_role("button", name=re.compile(re.escape(name)))
        expect(button).to_be_visible()
        expect(button).to_be_enabled()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    no_exception(page)

    # 3. Its metrics as CSV: the header and one row, for its one epoch.
    with page.expect_download() as download_info:
        main.get_by_role("button", name=re.compile(re.escape("Metrics (.csv)"))).click()
    download = download_info.value
    assert download.suggested_filename == f"cnn-{run[:8]}-metrics.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == METRICS_HEADER, rows
    assert len(rows) == 2 and rows[1][0] == "1", rows
    assert all(value for value in rows[1]), rows
    no_exception(page)

    # 3b. In Chinese, the same run's script and metrics come in Chinese: the files are made
    # when their buttons are clicked, for the person who clicked.
    page.get_by_test_id("stSidebar").get_by_role("radio", name="中文", exact=True).click()
    wait_for_app_idle(page)
    with page.expect_download() as download_info:
        main.get_by_role("button", name=re.compile(re.escape(zh.TEXT["runs.download_script"]))).click()
    script = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert zh.TEXT["script.settings"].splitlines()[0] in script and "CONFIG = {" in script
    with page.expect_download() as download_info:
        main.get_by_role("button", name=re.compile(re.escape(zh.TEXT["runs.download_csv"]))).click()
    header = Path(download_info.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[:2] == [zh.TEXT["csv.epoch"], zh.TEXT["csv.loss"]]
    page.get_by_test_id("stSidebar").get_by_role("radio", name="English", exact=True).click()
    wait_for_app_idle(page)

    # 4. Open it in its page: /cnn?run=<id>, predicting with the run's finished network.
    main.get_by_role("button", name=re.compile("Open in its page")).click()
    page.wait_for_url(
        lambda url: urlparse(url).path == "/cnn" and query(url).get("run") == run, timeout=60_000
    )
    caption = t("model.yours_caption", status="Finished", epoch=EPOCHS, epochs=EPOCHS)
    expect(main).to_contain_text(caption, timeout=60_000)
    wait_for_app_idle(page)
    expect(main).to_contain_text(caption)
    assert query(page.url).get("run") == run
    no_exception(page)
