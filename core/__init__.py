"""Everything the app knows about deep learning, with no Streamlit in it.

The pages (`pages/`) draw widgets and call `ui/`, which keeps per-session state and calls
in here. Inside, each package imports only those listed before it (`tests/core/test_layout.py`
holds them to this order):

- `script_templates`: plain-Keras pieces with no import from the app (data pipelines, the
  seeded split, layers, builders, training, decoding): the app builds its models with them,
  and an exported training script is made of them.
- `data`: the datasets (MNIST, IMDB, Multi30k), their seeded splits and vocabularies.
- `config`: each model kind's settings as plain dataclasses, their checks and the options
  the widgets offer. Loads without Keras.
- `kinds`: the registry of model kinds, the one place that says what differs per kind;
  `url_config` reads a kind's settings from a link and writes them into one.
- `models`: the Keras models of each kind, the starters shipped with the app, decoding.
- `inspection`: looking inside a model: feature maps, Grad-CAM, hidden states, attention,
  test-set evaluation.
- `jobs`: training on a background thread, the class-wide queue, a job per kind.
- `runs`: recorded runs in SQLite, model files in and out, exported scripts.
- `charts`: Altair charts of all of the above.

Beside them, used by any of them: `i18n` and `locales` (the words a person reads),
`tensorflow_runtime` (TensorFlow imported once) and `device`.
"""
