"""What every dataset module shares: the seeded, stratified splits and the 'cannot be had'
error. The splits are the exported script's own (`core.script_templates.splits`), so a
script splits a data set as the app does."""

from __future__ import annotations

from core.script_templates.splits import stratified_indices as stratified_indices


class DatasetUnavailable(RuntimeError):
    """The requested dataset cannot be had here (for example, no network for a download)."""
