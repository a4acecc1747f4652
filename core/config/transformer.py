"""The Transformer page's settings, for both of its tasks, and its recommended networks.

A `TransformerConfig` is plain data: a review classifier (`task='classify'`: encoder
blocks over the words, one sigmoid unit) or an English→German translator
(`task='translate'`: an encoder–decoder). `validate` refuses what cannot be built with a
message a student can act on, `count_parameters` counts the weights by hand, and
`RECOMMENDED` holds the network each task opens with; `core.models.transformer` builds them.

Architecture: A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from core.config.checks import check_choice, check_range, check_training, field_name
from core.i18n import t

CLASSIFY, TRANSLATE = TASKS = ("classify", "translate")  # a review classifier, an EN→DE translator
POSITIONALS = ("sinusoidal", "learned")
MAX_LAYERS = 6


@dataclass
class TransformerConfig:
    """Everything that defines a Transformer run. Defaults are sized to train in a class
    on a 2-core laptop."""

    task: str = CLASSIFY  # 'classify' (IMDB reviews) or 'translate' (English to German)
    num_encoder_layers: int = 2  # encoder blocks: self-attention, then a feed-forward network
    num_decoder_layers: int = 2  # decoder blocks (translation only): masked self-, then cross-attention
    num_heads: int = 4  # attention heads per block; each gets embed_dim / num_heads dimensions
    embed_dim: int = 64  # model width: the length of every token's vector
    ff_dim: int = 128  # width of the feed-forward network inside each block
    dropout_rate: float = 0.1  # share of activations zeroed while training
    positional: str = "sinusoidal"  # 'sinusoidal' (fixed) or 'learned' position vectors
    max_length: int = 200  # tokens read per text: longer ones are cut, shorter ones padded
    vocab_size: int = 10_000  # source words kept, padding and unknown included
    target_vocab_size: int = 8_000  # German words kept (translation only)
    optimizer: str = "adam"  # 'adam', 'sgd' (with momentum 0.9) or 'rmsprop'
    learning_rate: float = 1e-3  # step size of the optimizer
    lr_schedule: str = "constant"  # 'constant', or 'cosine': decays to zero over the run
    batch_size: int = 32  # examples per gradient step
    epochs: int = 5  # passes over the training set
    validation_share: float = 0.1  # share of the non-test examples held out for validation
    train_size: int = 0  # training examples used; 0 means all that are available
    seed: int = 42  # fixes weight initialisation, data order and dropout
    dataset: str = "imdb-5k"  # 'imdb-5k', 'imdb-50k' or 'multi30k'

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> TransformerConfig:
        return cls(**data)

    @property
    def decodes(self) -> bool:
        """Whether it is an encoder–decoder (the translator) rather than an encoder alone."""
        return self.task == TRANSLATE


def validate(config: TransformerConfig) -> None:
    """Raise ValueError, naming the field and the fix, if `config` cannot be built or trained."""
    check_choice(config.task, TASKS, field_name("", "task"))
    check_choice(config.positional, POSITIONALS, field_name("", "positional"))
    check_range(config.num_encoder_layers, 1, MAX_LAYERS, field_name("", "num_encoder_layers"))
    if config.decodes:
        check_range(config.num_decoder_layers, 1, MAX_LAYERS, field_name("", "num_decoder_layers"))
    check_range(config.num_heads, 1, 16, field_name("", "num_heads"))
    check_range(config.embed_dim, 4, 1024, field_name("", "embed_dim"))
    if config.embed_dim % config.num_heads:
        divisors = [h for h in range(1, 17) if config.embed_dim % h == 0]
        raise ValueError(
            t(
                "error.heads_divide_width",
                width=config.embed_dim,
                heads=config.num_heads,
                divisors=", ".join(map(str, divisors)),
            )
        )
    check_range(config.ff_dim, 4, 4096, field_name("", "ff_dim"))
    check_range(config.dropout_rate, 0.0, 0.9, field_name("", "dropout_rate"))
    check_range(config.max_length, 4, 1000, field_name("", "max_length"))
    check_range(config.vocab_size, 100, 100_000, field_name("", "vocab_size"))
    if config.decodes:
        check_range(config.target_vocab_size, 100, 100_000, field_name("", "target_vocab_size"))
    check_training(config)


def block_parameters(embed_dim: int, ff_dim: int, attentions: int) -> int:
    """Weights of one block: each attention has query, key, value and output projections
    (embed_dim × embed_dim plus bias each); the feed-forward network two dense layers;
    each sub-layer a layer normalisation (scale and offset)."""
    attention = 4 * (embed_dim * embed_dim + embed_dim)
    feed_forward = embed_dim * ff_dim + ff_dim + ff_dim * embed_dim + embed_dim
    return attentions * attention + feed_forward + (attentions + 1) * 2 * embed_dim


def count_parameters(config: TransformerConfig) -> int:
    """All parameters, computed by hand from the config."""
    d = config.embed_dim
    learned = config.max_length * d if config.positional == "learned" else 0
    total = config.vocab_size * d + learned
    total += config.num_encoder_layers * block_parameters(d, config.ff_dim, attentions=1)
    if not config.decodes:
        return total + d + 1
    total += config.target_vocab_size * d + learned
    total += config.num_decoder_layers * block_parameters(d, config.ff_dim, attentions=2)
    return total + d * config.target_vocab_size + config.target_vocab_size


# The defaults each task starts from, measured on 2 CPU cores (bench/transformer_training.py).
RECOMMENDED = {
    CLASSIFY: TransformerConfig(
        task=CLASSIFY,
        num_encoder_layers=1,
        num_heads=2,
        embed_dim=32,
        ff_dim=64,
        dropout_rate=0.4,
        max_length=256,
        vocab_size=10_000,
        learning_rate=2e-3,
        lr_schedule="cosine",
        batch_size=32,
        epochs=3,
    ),
    TRANSLATE: TransformerConfig(
        task=TRANSLATE,
        num_encoder_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        embed_dim=128,
        ff_dim=256,
        dropout_rate=0.1,
        max_length=40,
        vocab_size=8_000,
        target_vocab_size=8_000,
        learning_rate=1e-3,
        lr_schedule="cosine",
        batch_size=64,
        epochs=6,
        dataset="multi30k",
    ),
}
# The classic translation example: MultiHeadAttention with 8 heads of 32 dimensions.
EIGHT_HEADS = dataclasses.replace(RECOMMENDED[TRANSLATE], num_heads=8, embed_dim=256, ff_dim=512)
