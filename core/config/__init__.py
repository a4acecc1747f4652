"""Each model kind's settings as plain data, with no Keras in sight.

A config dataclass per architecture (`cnn`, `rnn`, `transformer`) and its `validate`, which
refuses what cannot be built with a message a student can act on; the checks they share
(`checks`); and what every builder widget offers (`options`), which links (`core.url_config`)
are held to as well. Importing any of them loads neither Keras nor TensorFlow.
"""
