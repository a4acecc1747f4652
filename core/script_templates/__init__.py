"""The plain-Keras pieces of the exported training script, which are also what the app runs.

Each piece is real Python: it imports the libraries it uses and takes what it needs from
its sibling pieces with relative imports. `core.runs.export_script` copies the pieces a
kind needs (its `Script.pieces` in `core.kinds`) into one file in order, merges their
library imports into one block and drops the relative ones, so the script depends on
nothing but the standard library, numpy and Keras.

The app imports the same pieces for its data pipelines, splits, layers, model builders,
compiling and greedy decoding (`core.data`, `core.models` add what only the app needs:
config checks with student-facing messages, stable module names, caching), so there is
one copy of each and a script trains exactly as the app does. The pieces take plain dict
configs (`dataclasses.asdict` of the app's), and none of them may import the app (`core`,
`ui`). The pieces the app imports for its data modules (`splits`, `letters`,
`vocabulary`, `review_words`, `reviews`, `digits`, `multi30k_data`) import no Keras, so
reading the app's settings costs none. `tests/core/test_export_script.py` checks that the
scripts they make match the app.
"""
