"""A recorded training run, as the run registry (`core.runs.store`) reads it back."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.i18n import Message


@dataclass
class Run:
    """One recorded run, as the runs page lists it."""

    id: str
    kind: str  # the name of the model kind it trains, as `core.kinds` knows it
    config: dict
    dataset: str
    split: dict
    seed: int
    parameters: int
    started: float
    ended: float | None
    status: str
    reason: Message  # why it ended, if it failed, was interrupted or never started
    epochs_planned: int
    training_seconds: float | None
    test: dict
    saved_epoch: int | None
    owner: str = ""  # 'host:pid' of the process that trains (or trained) it
    heartbeat: float | None = None  # when that process last said it still trains it
    person: str = ""  # who started it (a person id); '' for runs recorded before owners
    queued: float | None = None  # when it was queued for a slot, if it had to wait
    epochs: list[dict] = field(default_factory=list)  # per-epoch metrics, in order
