"""Latency from a typed English sentence to its translation and every attention map, on the
shipped starter translator.

The sentence has 15 words (the issue's figure): "A man in a red shirt is riding his bike
past an old stone church." Three paths are timed with perf_counter, each
starting from the raw text, as the page runs them:

a. translation:   translation.encode_source + translate_one (greedy decoding);
b. with maps:     (a) + inspect_attention.decoder_attention (every encoder, decoder and
                  cross-attention weight of every layer and head) + the Altair charts of
                  the default view (one head's heatmap, the head view, the layers x heads
                  grid) + the formula row;
c. beam search:   (b) with beam search of width 4 instead of greedy decoding.

Each path runs `--warmup` times (default 3) before `--reps` timed runs (default 30); p50,
p95 and the mean are printed in ms. Target (the issue): (b) p50 <= 500 ms. Other load on
the machine slows every path, so take the figures on an idle machine.

Run from the repository root:

    python bench/transformer_latency.py [--reps 30] [--warmup 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from core.charts import attention_charts
from core.data import multi30k
from core.inspection import inspect_attention
from core.models import decoding
from core.models.starter import load_starter_transformer

SENTENCE = "A man in a red shirt is riding his bike past an old stone church."
TARGET_P50_MS = 500.0


def translate(model, meta, beam_width: int = 0):
    source = multi30k.encode_source(meta["source"], SENTENCE, meta["config"].max_length)
    ids = source.ids[: source.used]
    return source, ids, decoding.translate_one(model, meta["target"], ids, beam_width)


def with_maps(model, meta, beam_width: int = 0) -> None:
    source, ids, output = translate(model, meta, beam_width)
    decoder = inspect_attention.decoder_attention(model, ids, output.ids)
    english = source.tokens[: source.used]
    produced = [*output.words, multi30k.END_TOKEN]
    weights = decoder.cross_weights
    attention_charts.attention_heatmap(weights[0, 0], produced, english).to_dict()
    attention_charts.head_view(weights[0, 0], produced, english, selected=0).to_dict()
    attention_charts.attention_grid(weights, produced, english)  # Streamlit serialises it itself
    block = model.get_layer("decoder1")
    real = np.ones(len(ids), dtype=bool)
    inspect_attention.attention_row(
        block.cross_attention, decoder.cross_queries[0], real, 0, 0, keys_from=decoder.encoded
    )


def timed(function, reps: int, warmup: int) -> np.ndarray:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        times.append(1000 * (time.perf_counter() - start))
    return np.array(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    model, meta = load_starter_transformer("translate")
    source, _, output = translate(model, meta)
    print(f"sentence: {SENTENCE!r} ({len(SENTENCE.split())} words, {source.used} tokens)")
    print(f"greedy translation: {output.text!r} ({len(output.words)} tokens)")
    print(f"beam search (4): {translate(model, meta, 4)[2].text!r}")
    print(f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.2f}; {args.reps} runs each, in ms")
    paths = {
        "a. translation (greedy)": lambda: translate(model, meta),
        "b. translation + every attention map": lambda: with_maps(model, meta),
        "c. (b) with beam search, width 4": lambda: with_maps(model, meta, 4),
    }
    for name, function in paths.items():
        times = timed(function, args.reps, args.warmup)
        p50, p95 = np.percentile(times, [50, 95])
        print(f"{name:40s} p50 {p50:7.1f}  p95 {p95:7.1f}  mean {times.mean():7.1f}")
        if name.startswith("b."):
            verdict = "met" if p50 <= TARGET_P50_MS else "NOT met"
            print(f"{'':40s} target p50 <= {TARGET_P50_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
