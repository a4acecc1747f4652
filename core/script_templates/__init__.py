"""The pieces `core.export_script` puts together into one standalone training script.

Each piece is real Python: it imports the libraries it uses and takes what it needs from
its sibling pieces with relative imports. The writer copies the pieces a page needs into
one file in order, merges their library imports into one block and drops the relative
ones, so the script depends on nothing but the standard library, numpy and Keras.

None of these pieces may import the app (`core`, `ui`): they reproduce its data pipeline,
split, models and training in plain Keras, and `tests/core/test_export_script.py` checks
that the scripts they make match the app.
"""
