"""The Transformer page's model builders: a valid `TransformerConfig`
(core.config.transformer) as a compiled review classifier or English→German translator.

`build_classifier` gives word ids → positional embedding → encoder blocks → mean over the
words → one sigmoid unit; `build_translator` an encoder–decoder that reads English ids and
the German ids so far and gives the next German word's probabilities.

The layers and the networks are the exported script's own
(`core.script_templates.transformer_layers`, `transformer_classify` and
`transformer_translate`), so a script builds the very network the page shows. Importing
this module registers the custom layers and the translator's `word_accuracy` under the
package 'playground' (`PACKAGE`), the names every saved model refers to them by. This
module adds the config's checks, the vocabulary sizes a run built and compiling for the
run's length.
"""

from __future__ import annotations

import dataclasses

import keras

from core.config.transformer import TransformerConfig, validate
from core.models.compiling import compile_model
from core.script_templates import transformer_classify, transformer_translate
from core.script_templates.transformer_layers import PACKAGE as PACKAGE
from core.script_templates.transformer_layers import DecoderBlock as DecoderBlock
from core.script_templates.transformer_layers import EncoderBlock as EncoderBlock
from core.script_templates.transformer_layers import PositionalEmbedding as PositionalEmbedding
from core.script_templates.transformer_translate import word_accuracy as word_accuracy


def build_classifier(
    config: TransformerConfig, train_examples: int | None = None, vocabulary_size: int | None = None
) -> keras.Model:
    """A compiled model from (batch, max_length) word ids to (batch, 1) positive probabilities.

    `vocabulary_size` is the built vocabulary's, when a run has one (a small training set
    has fewer words than the config allows); by default the config's.

    Layer names are stable (`embedding`, `encoder1`…, `mean_over_words`, `positive`).
    """
    validate(config)
    model = transformer_classify.build_classifier(
        dataclasses.asdict(config), vocabulary_size or config.vocab_size
    )
    return compile_model(model, config, loss="binary_crossentropy", train_examples=train_examples)


def build_translator(
    config: TransformerConfig,
    train_examples: int | None = None,
    vocabulary_sizes: tuple[int, int] | None = None,
) -> keras.Model:
    """A compiled model from English ids (batch, ≤ max_length) and the German ids so far
    (batch, ≤ max_length) to next-word probabilities (batch, ≤ max_length, target_vocab_size).

    Layer names are stable (`source_embedding`, `encoder1`…, `target_embedding`,
    `decoder1`…, `next_word`). `vocabulary_sizes` are the built (English, German)
    vocabularies' sizes, when a run has them; by default the config's.
    """
    validate(config)
    source_size, target_size = vocabulary_sizes or (config.vocab_size, config.target_vocab_size)
    model = transformer_translate.build_translator(dataclasses.asdict(config), source_size, target_size)
    loss, accuracy = transformer_translate.loss_and_accuracy()
    return compile_model(model, config, loss, train_examples=train_examples, accuracy=accuracy)
