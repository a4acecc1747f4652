"""Runs that belong to someone, and the training queue, through AppTest: two sessions are
two browsers (each draws its own identity token), the queue is a fresh one with one slot.

Whoever started a run alone pauses, stops or deletes it, or takes it out of the queue;
anyone with its link watches it and gets its settings. Synchronised on the jobs' events."""

from __future__ import annotations

import pytest

from core.i18n import t
from core.jobs.job_registry import JOBS
from core.jobs.status import NOT_STARTED, PAUSED, QUEUED, RUNNING, STOPPED
from core.jobs.training_queue import LocalSlots, TrainingQueue
from core.runs.store import RunRegistry
from tests.pages.page_parts_helpers import open_tab
from tests.pages.test_cnn_page import texts

CNN = "pages/cnn.py"
RUNS = "pages/runs.py"
WAIT = 180

pytestmark = pytest.mark.slow  # every test here trains a run or starts a process


@pytest.fixture
def registry(monkeypatch, tmp_path) -> RunRegistry:
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path))
    return RunRegistry(tmp_path)


@pytest.fixture
def one_slot(monkeypatch):
    """A queue of its own with one training slot, for the pages of this process."""
    queue = TrainingQueue(LocalSlots(capacity=1))
    monkeypatch.setattr("ui.training_panel.QUEUE", queue)
    yield queue
    for job in list(queue._waiting):
        queue.leave(job)
    for job in list(queue._training):
        job.stop()
        job.join(WAIT)


def start_long_run(app, epochs: int = 30):
    """Press Start on a small network that trains long enough to be watched; its job. (A first
    visit opens on Look inside: the builder is in Build & train.)"""
    open_tab(app, "cnn", "build")
    app.select_slider(key="cnn.cfg.train_size").set_value(250).run()
    app.slider(key="cnn.cfg.epochs").set_value(epochs).run()
    app.button(key="cnn.start").click().run()
    return JOBS.get(app.session_state["cnn.job_id"])


def test_a_shared_link_lets_others_watch_and_copy_but_only_the_owner_controls(
    open_page, canvas, registry, one_slot
):
    owner = open_page(CNN)
    job = start_long_run(owner)
    assert job.person and job.person == registry.get(job.id).person
    assert job.wait_until(lambda p: p.step >= 1, WAIT)

    viewer = open_page(CNN, query={"run": job.id})
    assert viewer.session_state["cnn.job_id"] == job.id  # watching the same run
    assert viewer.button(key="cnn.pause").disabled and viewer.button(key="cnn.stop").disabled
    assert any("belongs to someone" in text for text in texts(viewer, "caption"))
    assert viewer.slider(key="cnn.cfg.epochs").value == 30  # its settings, to copy
    start = viewer.button(key="cnn.start")
    assert start.label == "Start training" and not start.disabled  # a run of their own

    owner.run()
    assert not owner.button(key="cnn.pause").disabled
    assert not any("belongs to someone" in text for text in texts(owner, "caption"))
    owner.button(key="cnn.pause").click().run()
    assert job.snapshot().status == PAUSED
    owner.button(key="cnn.stop").click().run()
    assert job.join(WAIT) and job.snapshot().status == STOPPED

    # The same browser reloaded (its cookie's token) is still the owner.
    token = owner.session_state["identity.token"]
    reloaded = open_page(CNN, query={"run": job.id}, token=token)
    assert reloaded.button(key="cnn.start").label == "Train again"
    assert not any("belongs to someone" in text for text in texts(reloaded, "caption"))

    # Opened from its record (after a restart, say), it is still its owner's run.
    JOBS.discard(job.id)
    later = open_page(CNN, query={"run": job.id})
    assert JOBS.get(job.id).restored and JOBS.get(job.id).person == job.person
    assert any("belongs to someone" in text for text in texts(later, "caption"))
    assert later.button(key="cnn.start").label == "Start training"


def test_only_the_owner_can_delete_a_run_and_each_can_list_their_own(open_page, canvas, registry, one_slot):
    owner = open_page(CNN)
    job = start_long_run(owner, epochs=1)
    assert job.join(WAIT)
    other = open_page(CNN)
    other_job = start_long_run(other, epochs=1)
    assert other_job.join(WAIT)
    from tests.pages.test_runs_page import choose

    token = owner.session_state["identity.token"]
    runs_page = open_page(RUNS, token=token)
    table = runs_page.dataframe[0].value
    assert list(table["owner"]) == ["someone (" + other_job.person[:4] + ")", "you"]
    runs_page.toggle(key="runs.mine").set_value(True).run()
    assert list(runs_page.dataframe[0].value["id"]) == [job.id]

    runs_page.toggle(key="runs.mine").set_value(False).run()
    choose(runs_page, [0])  # the other person's run
    delete = runs_page.button(key="runs.delete")
    assert delete.disabled and "Only the person who started" in delete.help
    choose(runs_page, [1])  # their own
    assert not runs_page.button(key="runs.delete").disabled


def test_a_full_server_queues_the_run_which_starts_by_itself_or_leaves(open_page, canvas, registry, one_slot):
    first = open_page(CNN)
    holder = start_long_run(first)
    assert holder.wait_until(lambda p: p.step >= 1, WAIT)

    second = open_tab(open_page(CNN), "cnn", "build")  # where Start and its notices are
    busy = t("train.slots_busy", slots=one_slot.slots.capacity, waiting=0)
    assert busy.startswith("This computer's one training slot is busy (0 waiting).")  # one slot: singular
    assert busy in texts(second, "info")
    queued = start_long_run(second, epochs=1)
    assert queued.status == QUEUED and registry.get(queued.id).status == QUEUED
    assert any("number 1 of 1 in the queue" in text for text in texts(second, "info"))
    assert second.button(key="cnn.pause").disabled
    second.button(key="cnn.leave").click().run()
    assert queued.status == NOT_STARTED and registry.get(queued.id) is None  # never trained: not kept
    assert any("You left the queue" in text for text in texts(second, "info"))

    again = start_long_run(second, epochs=1)
    assert again.status == QUEUED and one_slot.place(again).position == 1
    # A reload of the waiting tab (its run in the URL, its cookie's token) finds it still waiting.
    reloaded = open_page(CNN, query={"run": again.id}, token=second.session_state["identity.token"])
    assert reloaded.session_state["cnn.job_id"] == again.id
    assert any("number 1 of 1 in the queue" in text for text in texts(reloaded, "info"))
    assert not reloaded.button(key="cnn.leave").disabled
    first.button(key="cnn.stop").click().run()  # the slot frees: the queued run starts, no click
    assert one_slot.wait_until_started(again, WAIT)
    assert again.join(WAIT) and again.snapshot().status == "finished"
    run = registry.get(again.id)
    assert run.status == "finished" and run.queued is not None and run.started >= run.queued
    second.run()
    assert any(text.startswith("Finished in") for text in texts(second, "success"))


def test_one_person_trains_one_run_at_a_time(open_page, canvas, registry, monkeypatch):
    queue = TrainingQueue(LocalSlots(capacity=2))
    monkeypatch.setattr("ui.training_panel.QUEUE", queue)
    person = open_page(CNN)
    first = start_long_run(person)
    assert first.wait_until(lambda p: p.step >= 1, WAIT)
    token = person.session_state["identity.token"]
    rnn_tab = open_page("pages/rnn.py", token=token)  # the same person, on another page
    open_tab(rnn_tab, "rnn", "build")
    rnn_tab.select_slider(key="rnn.cfg.train_size").set_value(250).run()
    rnn_tab.slider(key="rnn.cfg.epochs").set_value(1).run()
    rnn_tab.button(key="rnn.start").click().run()
    second = JOBS.get(rnn_tab.session_state["rnn.job_id"])
    assert second.status == QUEUED and queue.place(second).behind_own  # a slot is free, all the same
    assert any("Your other run is still training" in text for text in texts(rnn_tab, "info"))
    first.stop()
    assert queue.wait_until_started(second, WAIT) and second.status in (RUNNING, "finished")
    assert second.join(WAIT) and first.join(WAIT)


def test_a_run_a_restart_left_waiting_opens_with_its_settings(open_page, canvas, registry):
    from tests.core.test_runs import dead_owner

    config = {"epochs": 7, "train_size": 500}
    import dataclasses

    from core.config.cnn import CNNConfig

    values = {**dataclasses.asdict(CNNConfig()), **config}
    registry.create(
        "e" * 32, "cnn", values, dataset="mnist-10k", split={"train": 500, "validation": 50, "test": 100},
        seed=42, parameters=1, epochs_planned=7, owner=dead_owner(), queued=True,
    )  # fmt: skip
    RunRegistry(registry.directory)  # the server starts again
    assert registry.get("e" * 32).status == NOT_STARTED
    app = open_page(CNN, query={"run": "e" * 32})
    assert any("never trained" in text for text in texts(app, "info"))
    assert app.slider(key="cnn.cfg.epochs").value == 7
    runs_page = open_page(RUNS)
    assert "Not started" in list(runs_page.dataframe[0].value["status"])


def test_a_name_set_in_the_sidebar_is_shown_with_that_persons_runs(open_page, canvas, registry, one_slot):
    owner = open_page(CNN)
    owner.sidebar.text_input(key="identity.name").input("  Ada   L. ").run()
    assert owner.sidebar.text_input(key="identity.name").value == "Ada L."  # as it is kept
    job = start_long_run(owner, epochs=1)
    assert job.join(WAIT)
    assert registry.names() == {job.person: "Ada L."}
    classmate = open_page(RUNS)
    assert list(classmate.dataframe[0].value["owner"]) == ["Ada L."]
    reloaded = open_page(CNN, token=owner.session_state["identity.token"])
    assert reloaded.sidebar.text_input(key="identity.name").value == "Ada L."
