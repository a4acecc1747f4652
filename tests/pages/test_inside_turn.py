"""Look inside is drawn a few people at a time (`ui.page_parts.inside_turn`), so that at every
stroke in a class the prediction, drawn outside the turn, never waits for anyone's views."""

from __future__ import annotations

import threading

from ui import page_parts


def test_a_second_look_inside_waits_for_the_first_and_then_goes(monkeypatch):
    monkeypatch.setattr(page_parts, "_inside_turns", threading.BoundedSemaphore(1))
    drawn, first_inside, first_done = [], threading.Event(), threading.Event()

    def first() -> None:
        with page_parts.inside_turn():
            drawn.append("first")
            first_inside.set()
            first_done.wait(30)

    def second() -> None:
        with page_parts.inside_turn():
            drawn.append("second")

    one = threading.Thread(target=first)
    one.start()
    assert first_inside.wait(30)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)  # it cannot enter while the first holds the one turn, however long we wait
    assert two.is_alive() and drawn == ["first"]
    first_done.set()
    one.join(30)
    two.join(30)
    assert drawn == ["first", "second"] and not two.is_alive()


def test_a_turn_is_given_back_when_the_views_fail(monkeypatch):
    turns = threading.BoundedSemaphore(1)
    monkeypatch.setattr(page_parts, "_inside_turns", turns)
    try:
        with page_parts.inside_turn():
            raise RuntimeError("a view failed")
    except RuntimeError:
        pass
    assert turns.acquire(blocking=False)  # free again
    turns.release()
