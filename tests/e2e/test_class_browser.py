"""A class on one server, in a real browser: three students, two training slots.

The third student's run waits in the queue, shows its place, and starts by itself when a
slot frees; a run's link lets another student watch it, but only its owner can stop it;
each browser keeps its own identity across a reload.
"""

from __future__ import annotations

import re

import pytest
from e2e_browser import VIEWPORT, open_cnn, running_app, wait_for_app_idle
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LONG = "/cnn?train_size=0&epochs=30"  # the classic CNN on every digit: many minutes
SHORT = "/cnn?train_size=250&epochs=1&conv=4&dense=16"  # seconds, once it starts
RUN_URL = re.compile(r"[?&]run=([0-9a-f]{32})")


def start_training(page) -> str:
    page.get_by_role("tab", name=re.compile("Build & train")).click()
    page.get_by_role("button", name=re.compile("Start training")).click()
    page.wait_for_url(RUN_URL, timeout=60_000)
    return RUN_URL.search(page.url).group(1)


def no_exception(page) -> None:
    assert page.get_by_test_id("stException").count() == 0, page.get_by_test_id(
        "stException"
    ).first.inner_text()


@pytest.mark.timeout(600)
def test_the_third_student_queues_starts_by_itself_and_only_owners_stop(chromium_browser, tmp_path):
    env = {"PLAYGROUND_TRAINING_SLOTS": "2", "PLAYGROUND_DATA_DIR": str(tmp_path / "runs")}
    with running_app(tmp_path, env=env) as url:
        contexts = [chromium_browser.new_context(viewport=VIEWPORT) for _ in range(3)]
        try:
            first, second, third = (context.new_page() for context in contexts)
            for page in (first, second):
                open_cnn(page, url + LONG)
            first_run, second_run = start_training(first), start_training(second)
            for page in (first, second):
                expect(page.get_by_test_id("stMain")).to_contain_text(
                    re.compile(r"Training · epoch \d+ of 30"), timeout=90_000
                )
            open_cnn(third, url + SHORT)

            # The third finds both slots busy: Start queues its run, which says where it stands.
            third_main = third.get_by_test_id("stMain")
            expect(third_main).to_contain_text("training slots of this computer are busy", timeout=30_000)
            start_training(third)
            expect(third_main).to_contain_text("number 1 of 1 in the queue", timeout=30_000)
            expect(third.get_by_role("button", name="Leave the queue")).to_be_enabled()

            # Each browser has an identity of its own, kept in a cookie.
            tokens = [
                next(c["value"] for c in context.cookies() if c["name"] == "playground_identity")
                for context in contexts
            ]
            assert len(set(tokens)) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", token) for token in tokens)

            # The second student opens the first one's run: they watch it, they cannot stop it.
            watching = contexts[1].new_page()
            open_cnn(watching, f"{url}/cnn?run={first_run}")
            watching.get_by_role("tab", name=re.compile("Build & train")).click()
            expect(watching.get_by_test_id("stMain")).to_contain_text("belongs to someone", timeout=30_000)
            expect(watching.get_by_role("button", name="Stop", exact=True)).to_be_disabled()
            expect(watching.get_by_role("button", name="Pause", exact=True)).to_be_disabled()

            # Its owner, after a reload (the same browser, so the same person), stops it.
            first.reload()
            open_cnn(first, first.url)
            first.get_by_role("tab", name=re.compile("Build & train")).click()
            expect(first.get_by_test_id("stMain")).to_contain_text(re.compile(r"Training · epoch \d+ of 30"))
            stop = first.get_by_role("button", name="Stop", exact=True)
            expect(stop).to_be_enabled(timeout=30_000)
            stop.click()
            expect(first.get_by_test_id("stMain")).to_contain_text("Stopped", timeout=60_000)

            # The freed slot goes to the queued run, with no click from anyone.
            expect(third_main).to_contain_text("Finished in", timeout=180_000)
            assert RUN_URL.search(third.url)

            second.get_by_role("tab", name=re.compile("Build & train")).click()
            second.get_by_role("button", name="Stop", exact=True).click()
            expect(second.get_by_test_id("stMain")).to_contain_text("Stopped", timeout=60_000)
            assert second_run != first_run
            for page in (first, second, third, watching):
                wait_for_app_idle(page)
                no_exception(page)
        finally:
            for context in contexts:
                context.close()
