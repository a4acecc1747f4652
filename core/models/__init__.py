"""The Keras models of each kind.

Builders (`cnn`, `rnn`, `transformer`) that turn a config into a compiled model, built
from the plain-Keras pieces in `core.script_templates` so that an exported script builds
exactly the same network; compiling with the pages' optimizers and schedules (`compiling`);
the translator's greedy and beam-search decoding and BLEU (`decoding`); the starter models
shipped in assets/models/ (`starter`); and counting the weights a saved model declares
before Keras builds it (`model_size`).
"""
