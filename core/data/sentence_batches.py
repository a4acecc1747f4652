"""The translator's training batches: sentences of similar length together, each batch cut
to its longest sentence (see `SentenceBatches`). They are the exported script's own
(`core.script_templates.sentence_batches`), so a script trains on the app's batches."""

from __future__ import annotations

from core.script_templates.sentence_batches import SentenceBatches as SentenceBatches
