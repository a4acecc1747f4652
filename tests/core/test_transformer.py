"""The Transformer's blocks: parameter counts by hand, refused settings, attention rows that
sum to 1, padding that gets no attention, a causal mask zero above the diagonal, and one
attention row written out from the weights equal to what the layer returned."""

import dataclasses

import numpy as np
import pytest
from keras import ops

from core.config import transformer as transformer_config
from core.config.transformer import TransformerConfig
from core.inspection import inspect_attention
from core.models import transformer

TINY = TransformerConfig(embed_dim=16, num_heads=4, ff_dim=32, max_length=10, vocab_size=200, seed=3)
IDS = np.array([5, 17, 42, 9, 77, 3, 0, 0, 0, 0], dtype="int32")  # six words, then padding


def test_parameter_counts_by_hand():
    # One encoder block of width 16, feed-forward 32: attention 4·(16·16+16) = 1,088; feed-forward
    # 16·32+32 + 32·16+16 = 1,072; two layer norms 2·2·16 = 64: 2,224.
    assert transformer_config.block_parameters(16, 32, attentions=1) == 2_224
    classifier = dataclasses.replace(TINY, num_encoder_layers=1)
    assert transformer_config.count_parameters(classifier) == 200 * 16 + 2_224 + 17
    assert transformer.build_classifier(classifier).count_params() == transformer_config.count_parameters(
        classifier
    )
    for positional in transformer_config.POSITIONALS:
        translator = dataclasses.replace(TINY, task="translate", target_vocab_size=150, positional=positional)
        model = transformer.build_translator(translator)
        assert model.count_params() == transformer_config.count_parameters(translator)
        assert model.output.shape[1:] == (None, 150)


def test_width_not_divisible_by_heads_is_refused_with_the_fix():
    with pytest.raises(
        ValueError, match="Model width 16 cannot be split evenly into 3 heads.*1, 2, 4, 8, 16"
    ):
        transformer_config.validate(dataclasses.replace(TINY, num_heads=3))
    with pytest.raises(ValueError, match="Positional encoding must be one of"):
        transformer_config.validate(dataclasses.replace(TINY, positional="rotary"))


def test_encoder_attention_rows_sum_to_one_and_ignore_padding():
    model = transformer.build_classifier(dataclasses.replace(TINY, num_encoder_layers=2))
    attention = inspect_attention.encoder_attention(model, IDS)
    assert attention.weights.shape == (2, 4, 10, 10)  # (layers, heads, queries, keys)
    real = IDS != 0
    np.testing.assert_allclose(attention.weights[:, :, real].sum(axis=-1), 1.0, atol=1e-5)
    assert np.abs(attention.weights[:, :, real][..., ~real]).max() < 1e-6  # no weight on padding


def test_padding_never_changes_the_prediction():
    # The same six words, padded to 10 or not padded at all (a model of length 6 with the
    # same weights), give the same probability: padding is masked everywhere.
    padded = transformer.build_classifier(TINY)
    exact = transformer.build_classifier(dataclasses.replace(TINY, max_length=6))
    exact.set_weights(padded.get_weights())
    np.testing.assert_allclose(padded(IDS[np.newaxis]), exact(IDS[np.newaxis, :6]), atol=1e-6)


@pytest.mark.parametrize("layer", [0, 1])
@pytest.mark.parametrize("head", [0, 3])
def test_attention_written_out_equals_the_layers_weights(layer, head):
    model = transformer.build_classifier(dataclasses.replace(TINY, num_encoder_layers=2))
    attention = inspect_attention.encoder_attention(model, IDS)
    block = model.get_layer(f"encoder{layer + 1}")
    for query in (0, 5):
        row = inspect_attention.attention_row(
            block.attention, attention.block_inputs[layer], IDS != 0, head, query
        )
        np.testing.assert_allclose(row.weights, attention.weights[layer, head, query], atol=1e-5)
        assert row.weights.sum() == pytest.approx(1.0)
        assert np.all(row.weights[6:] == 0)  # padding keys


def test_causal_mask_is_zero_above_the_diagonal():
    config = dataclasses.replace(TINY, task="translate", target_vocab_size=150, num_decoder_layers=1)
    model = transformer.build_translator(config)
    block = model.get_layer("decoder1")
    english = ops.convert_to_tensor(IDS[np.newaxis])
    german = np.array([[1, 8, 9, 10, 11, 0, 0, 0, 0, 0]], dtype="int32")
    encoded = model.get_layer("encoder2")(
        model.get_layer("encoder1")(model.get_layer("source_embedding")(english))
    )
    target = model.get_layer("target_embedding")(german)
    _, self_weights, cross_weights, _ = block(
        target,
        encoded,
        mask=ops.not_equal(german, 0),
        encoded_mask=ops.not_equal(english, 0),
        return_attention=True,
    )
    self_weights = np.asarray(self_weights)[0]  # (heads, queries, keys)
    assert np.abs(np.triu(self_weights[:, :5, :5], k=1)).max() < 1e-7
    np.testing.assert_allclose(self_weights[:, :5, :5].sum(axis=-1), 1.0, atol=1e-5)
    cross_weights = np.asarray(cross_weights)[0]
    assert np.abs(cross_weights[:, :5, 6:]).max() < 1e-6  # English padding gets no attention
    np.testing.assert_allclose(cross_weights[:, :5].sum(axis=-1), 1.0, atol=1e-5)


def test_models_save_and_load_in_safe_mode(tmp_path):
    import keras

    for model in (
        transformer.build_classifier(TINY),
        transformer.build_translator(dataclasses.replace(TINY, task="translate", target_vocab_size=150)),
    ):
        path = tmp_path / f"{model.name}.keras"
        model.save(path)
        loaded = keras.saving.load_model(path, compile=False, safe_mode=True)
        inputs = IDS[np.newaxis] if len(model.inputs) == 1 else [IDS[np.newaxis], IDS[np.newaxis]]
        np.testing.assert_allclose(loaded(inputs), model(inputs), atol=1e-6)


def test_weights_come_from_the_configs_seed_not_the_global_random_state():
    import keras

    translator = dataclasses.replace(TINY, task="translate", target_vocab_size=150)
    keras.utils.set_random_seed(0)
    expected_next = np.random.random()
    keras.utils.set_random_seed(0)
    first = transformer.build_translator(translator)
    assert np.random.random() == expected_next  # building did not reseed NumPy's generator
    keras.utils.set_random_seed(1)  # another session's state, say: the weights do not follow it
    second = transformer.build_translator(translator)
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(a, b)
    other = transformer.build_translator(dataclasses.replace(translator, seed=4))
    assert not np.array_equal(first.get_weights()[0], other.get_weights()[0])
    # Query, key and value projections start different (a reused seeded initializer would not).
    attention = first.get_layer("encoder1").attention
    assert not np.allclose(attention.query_dense.kernel, attention.key_dense.kernel)
