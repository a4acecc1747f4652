"""Translation data and decoding: tokens that can be joined back for BLEU, the teacher-forcing
shift, batches of similar lengths cut to their longest sentence, greedy decoding that stops at `[end]`, beam
search that finds what greedy misses, BLEU by sacreBLEU, and the decoder's attention."""

import dataclasses

import numpy as np
import pytest
import sacrebleu

from core.config.transformer import TransformerConfig
from core.data import multi30k, sentence_batches
from core.data.multi30k import END, START
from core.data.text import OOV
from core.inspection import inspect_attention
from core.jobs.training import TrainingJob
from core.models import decoding, transformer

TINY = TransformerConfig(
    task="translate",
    embed_dim=16,
    num_heads=4,
    ff_dim=32,
    max_length=12,
    vocab_size=120,
    target_vocab_size=100,
    num_encoder_layers=2,
    num_decoder_layers=2,
    seed=5,
)


def test_tokens_keep_punctuation_and_german_letters_and_join_back():
    assert multi30k.tokenize("Zwei Männer, die Straße (nass) überqueren.") == [
        "zwei", "männer", ",", "die", "straße", "(", "nass", ")", "überqueren", ".",
    ]  # fmt: skip
    assert multi30k.tokenize("A man's T-shirt! 🙂 $5 → ok") == ["a", "man's", "t-shirt", "!", "5", "ok"]
    words = multi30k.tokenize("Ein Hund läuft (schnell), oder?")
    assert multi30k.detokenize(words) == "ein hund läuft (schnell), oder?"


def test_german_vocabulary_starts_with_start_and_end():
    german = [["ein", "hund", "."], ["ein", "mann", "."]]
    vocabulary = multi30k.target_vocabulary(german, 6)
    assert vocabulary.words[START] == multi30k.START_TOKEN
    assert vocabulary.words[END] == multi30k.END_TOKEN
    assert vocabulary.words[4:] == [".", "ein"]  # the most frequent, ties alphabetical
    assert len(vocabulary) == 6


def test_teacher_forcing_shifts_the_german_by_one_word():
    english, german = [["a", "dog", "."]], [["ein", "hund", "."]]
    source = multi30k.source_vocabulary(english, 10)
    target = multi30k.target_vocabulary(german, 10)
    (x_source, x_target), y = multi30k.teacher_forcing(english, german, source, target, 6)
    ein, hund, stop = (target.lookup(w) for w in ("ein", "hund", "."))
    assert x_target[0].tolist() == [START, ein, hund, stop, 0, 0]
    assert y[0].tolist() == [ein, hund, stop, END, 0, 0]
    assert x_source[0, :3].tolist() == [source.lookup(w) for w in ("a", "dog", ".")]
    # A sentence longer than the length is cut: no [end], and input and output still align.
    (_, x_long), y_long = multi30k.teacher_forcing(english, [["ein"] * 9], source, target, 4)
    assert x_long[0].tolist() == [START, ein, ein, ein] and y_long[0].tolist() == [ein] * 4


def test_batches_group_similar_lengths_and_lose_only_shared_padding():
    rng = np.random.default_rng(1)
    lengths = rng.integers(1, 20, size=1000)
    source = np.array([np.pad(np.full(n, 5), (0, 24 - n)) for n in lengths], dtype="int32")
    target_in = np.array([np.pad(np.full(n + 1, 7), (0, 23 - n)) for n in lengths], dtype="int32")
    target_out = np.where(target_in != 0, 9, 0).astype("int32")
    batches = sentence_batches.SentenceBatches((source, target_in), target_out, 64, seed=3, shuffle=True)
    assert len(batches) == 16  # 15 full batches and one of 40
    seen, widths = [], []
    for index in range(len(batches)):
        (s, t_in), t_out = batches[index]
        assert len(s) == (64 if index < 15 else 40)  # only the last batch is smaller
        rows = batches.order[index * 64 : (index + 1) * 64]
        assert s.shape[1] == lengths[rows].max() and t_in.shape[1] == lengths[rows].max() + 1
        np.testing.assert_array_equal(s, source[rows, : s.shape[1]])  # only padding was cut
        np.testing.assert_array_equal(t_out, target_out[rows, : t_in.shape[1]])
        seen.extend(rows.tolist())
        widths.append(s.shape[1])
    assert sorted(seen) == list(range(1000))  # every pair once per epoch
    assert np.mean(widths) < 0.75 * 19  # random batches of 64 would nearly all be 19 wide
    first = batches.order.copy()
    batches.on_epoch_end()
    assert not np.array_equal(first, batches.order)  # a new order every epoch
    plain = sentence_batches.SentenceBatches((source, target_in), target_out, 64, seed=3, shuffle=False)
    assert np.all(np.diff(lengths[plain.order]) >= 0)  # validation: sorted by length


def scripted(continuations: dict[tuple, dict[int, float]], vocabulary_size: int = 12):
    """A stand-in for the model's next-word step: the probabilities after each prefix."""
    calls = []

    def step(model, encoded, source_mask, prefix):
        calls.append(np.asarray(prefix).copy())
        rows = []
        for row in np.asarray(prefix):
            probabilities = np.full(vocabulary_size, 1e-6)
            for word, p in continuations.get(tuple(row.tolist()), {END: 1.0}).items():
                probabilities[word] = p
            rows.append(np.log(probabilities / probabilities.sum()))
        return np.array(rows)

    return step, calls


def test_greedy_decoding_stops_at_the_end_token(monkeypatch):
    step, calls = scripted(
        {
            (START,): {7: 0.9},
            (START, 7): {8: 0.9},
            (START, 7, 8): {END: 0.9},
            (START, 9): {END: 0.9},
        }
    )
    monkeypatch.setattr(decoding, "next_word_log_probabilities", step)
    monkeypatch.setattr(decoding, "encode", lambda model, ids: (None, None))
    monkeypatch.setattr(decoding, "_max_steps", lambda model, ids: 20)
    assert decoding.greedy(None, np.ones((1, 4)))[0] == [7, 8]
    assert len(calls) == 3  # no step after [end]
    # In a batch, a sentence that ended keeps its end while the others go on.
    calls.clear()
    continuations = {(START,): {9: 0.9}}
    step2, calls = scripted(continuations)

    def batch_step(model, encoded, mask, prefix):
        first = step(model, encoded, mask, prefix[:1])
        second = step2(model, encoded, mask, prefix[1:])
        return np.concatenate([first, second])

    monkeypatch.setattr(decoding, "next_word_log_probabilities", batch_step)
    # The longer sentence comes first. Decoding sorts by length, so the step sees the short
    # one in row 0 (scripted to write 7 8) and the long one in row 1 (scripted to write 9),
    # and the results come back in the order the sentences were given.
    sources = np.array([[5, 5, 5, 5], [5, 0, 0, 0]])
    assert decoding.greedy(None, sources) == [[9], [7, 8]]


def test_beam_search_finds_the_likelier_translation_greedy_misses(monkeypatch):
    # Greedy takes 7 (0.55) and then must end with 0.4: 0.22 in all. Beam search also
    # keeps 9 (0.45), which ends with 0.95: 0.43.
    step, _ = scripted(
        {
            (START,): {7: 0.55, 9: 0.45},
            (START, 7): {END: 0.4, 4: 0.3, 5: 0.3},
            (START, 7, 4): {END: 0.5, 5: 0.5},
            (START, 7, 5): {END: 0.5, 4: 0.5},
            (START, 9): {END: 0.95},
        }
    )
    monkeypatch.setattr(decoding, "next_word_log_probabilities", step)
    monkeypatch.setattr(decoding, "encode", lambda model, ids: (np.zeros((1, 4, 2)), np.ones((1, 4))))
    monkeypatch.setattr(decoding, "_max_steps", lambda model, ids: 20)
    assert decoding.greedy(None, np.ones((1, 4)))[0] == [7]
    assert decoding.beam_search(None, np.ones(4), width=3) == [9]


def test_bleu_is_sacrebleus_lowercased_corpus_score():
    references = ["Ein Hund läuft durch den Schnee.", "Zwei Männer spielen Fußball auf einer Wiese."]
    hypotheses = ["ein hund läuft im schnee.", "zwei männer spielen fußball auf der wiese."]
    expected = sacrebleu.corpus_bleu(hypotheses, [[r.lower() for r in references]]).score
    assert decoding.bleu(hypotheses, references) == pytest.approx(expected)
    assert 0 < expected < 100
    assert decoding.bleu([r.lower() for r in references], references) == pytest.approx(100.0)


def test_decoder_attention_is_causal_ignores_padding_and_matches_the_formula():
    model = transformer.build_translator(TINY)
    source = np.array([5, 17, 42, 9, 0, 0], dtype="int32")  # four words, then padding
    output = [11, 12, 13]
    attention = inspect_attention.decoder_attention(model, source, output)
    assert attention.self_weights.shape == (2, 4, 4, 4)  # (layers, heads, [start]+3, [start]+3)
    assert attention.cross_weights.shape == (2, 4, 4, 6)
    assert np.abs(np.triu(attention.self_weights, k=1)).max() < 1e-7  # no word sees the ones after it
    np.testing.assert_allclose(attention.self_weights.sum(axis=-1), 1.0, atol=1e-5)
    assert np.abs(attention.cross_weights[..., 4:]).max() < 1e-6  # English padding gets nothing
    np.testing.assert_allclose(attention.cross_weights.sum(axis=-1), 1.0, atol=1e-5)
    for layer in range(2):
        block = model.get_layer(f"decoder{layer + 1}")
        for head in (0, 3):
            for query in (0, 2):
                row = inspect_attention.attention_row(
                    block.self_attention, attention.block_inputs[layer], np.arange(4) <= query, head, query
                )
                np.testing.assert_allclose(row.weights, attention.self_weights[layer, head, query], atol=1e-5)
                row = inspect_attention.attention_row(
                    block.cross_attention,
                    attention.cross_queries[layer],
                    source != 0,
                    head,
                    query,
                    keys_from=attention.encoded,
                )
                np.testing.assert_allclose(
                    row.weights, attention.cross_weights[layer, head, query], atol=1e-5
                )


@pytest.mark.slow
def test_decoding_reads_what_training_taught():
    """End to end on a toy task, through the page's training job and its batches of changing
    widths: after training on 40 short pairs, greedy decoding and beam search reproduce
    their German, which needs the shift, the masks and the decoding to agree."""
    rng = np.random.default_rng(0)
    numbers = ["one", "two", "three", "four", "five", "six"]
    german_numbers = dict(zip(numbers, ["eins", "zwei", "drei", "vier", "fünf", "sechs"]))
    english = [list(rng.choice(numbers, size=rng.integers(1, 6))) for _ in range(40)]
    german = [[german_numbers[w] for w in words] + ["."] for words in english]
    source = multi30k.source_vocabulary(english, 20)
    target = multi30k.target_vocabulary(german, 20)
    config = dataclasses.replace(
        TINY, embed_dim=32, ff_dim=64, num_encoder_layers=1, num_decoder_layers=1, dropout_rate=0.0
    )
    model = transformer.build_translator(
        dataclasses.replace(config, learning_rate=3e-3), vocabulary_sizes=(len(source), len(target))
    )
    x, y = multi30k.teacher_forcing(english, german, source, target, 12)

    def batches(x, y, shuffle):
        return sentence_batches.SentenceBatches(x, y, 8, seed=1, shuffle=shuffle).dataset()

    job = TrainingJob(model, (x, y), (x, y), epochs=40, batch_size=8, seed=1, batches=batches)
    progress = job.follow(lambda row, progress: None, poll_seconds=0.5)
    assert progress.status == "finished", progress.message  # widths changed from batch to batch
    accuracies = [batch["accuracy"] for batch in progress.batches]  # per batch, recovered from means
    assert 0.0 <= min(accuracies) and max(accuracies) <= 1.0 + 1e-6
    decoded = decoding.greedy(model, x[0])
    right = sum(decoding.words_of(target, ids) == words for ids, words in zip(decoded, german))
    assert right >= 36, f"{right} of 40 reproduced"
    output = decoding.translate_one(model, target, x[0][0], beam_width=3)
    assert output.words == german[0] and output.ended
    assert OOV not in decoded[0]


def test_a_translation_that_never_ends_stops_at_the_position_table_and_can_be_looked_inside():
    model = transformer.build_translator(TINY)
    next_word = model.get_layer("next_word")
    kernel, bias = next_word.get_weights()
    bias[END] = -100.0  # it never chooses [end]
    next_word.set_weights([kernel, bias])
    words = [[f"wort{i}"] for i in range(TINY.target_vocab_size)]
    vocabulary = multi30k.target_vocabulary(words, TINY.target_vocab_size)
    assert len(vocabulary) == TINY.target_vocab_size
    source = np.arange(5, 5 + TINY.max_length, dtype="int32")  # a sentence as long as allowed
    output = decoding.translate_one(model, vocabulary, source)
    assert not output.ended
    assert len(output.ids) == TINY.max_length - 1  # [start] and the words fill the table
    attention = inspect_attention.decoder_attention(model, source, output.ids)
    assert attention.cross_weights.shape[2] == len(output.ids) + 1 <= TINY.max_length
