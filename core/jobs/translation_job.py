"""Turn a translator config and Multi30k into a training job ready to start."""

from __future__ import annotations

import dataclasses

from core.config import transformer as transformer_config
from core.data import multi30k, sentence_batches
from core.jobs.training import TrainingJob
from core.models import decoding, transformer

SAMPLE_COUNT = 4  # validation sentences translated after every epoch, so people watch it learn


def new_translation_job(config: transformer_config.TransformerConfig, data: multi30k.Multi30k) -> TrainingJob:
    """Build both vocabularies from the training sentences only, make the teacher-forcing
    arrays, and wrap the built translator in a (not started) job.

    Multi30k's own validation split is the validation set (`validation_share` is not
    used); after every epoch the job translates it greedily and records its BLEU and the
    translations of its first sentences; once it completes, its greedy test BLEU
    (Multi30k test 2016). `meta` keeps the config and the vocabularies.
    """
    config = dataclasses.replace(config, dataset=data.name)
    transformer_config.validate(config)
    train, val = data.train, data.val
    english = [multi30k.tokenize(text) for text in train.english]
    german = [multi30k.tokenize(text) for text in train.german]
    if config.train_size:
        english, german = english[: config.train_size], german[: config.train_size]
    source = multi30k.source_vocabulary(english, config.vocab_size)
    target = multi30k.target_vocabulary(german, config.target_vocab_size)
    length = config.max_length
    x_train, y_train = multi30k.teacher_forcing(english, german, source, target, length)
    val_english = [multi30k.tokenize(text) for text in val.english]
    val_german = [multi30k.tokenize(text) for text in val.german]
    x_val, y_val = multi30k.teacher_forcing(val_english, val_german, source, target, length)
    sizes = (len(source), len(target))  # a small training set has fewer words than allowed
    model = transformer.build_translator(config, train_examples=len(y_train), vocabulary_sizes=sizes)

    def report(model) -> dict:
        hypotheses = decoding.translate_ids(model, target, x_val[0])  # encoded once, above
        return {
            "val_bleu": decoding.bleu(hypotheses, val.german),
            "samples": hypotheses[:SAMPLE_COUNT],
        }

    def test_report(model) -> dict:
        hypotheses = decoding.translate_many(model, source, target, data.test.english, length)
        return {"test_bleu": decoding.bleu(hypotheses, data.test.german)}

    return TrainingJob(
        model,
        (x_train, y_train),
        (x_val, y_val),
        epochs=config.epochs,
        batch_size=config.batch_size,
        seed=config.seed,
        meta={
            "config": config,
            "source": source,
            "target": target,
            "samples": val.english[:SAMPLE_COUNT],
            "test_size": len(data.test.english),
        },
        batches=lambda x, y, shuffle: sentence_batches.SentenceBatches(
            x, y, config.batch_size, config.seed, shuffle
        ).dataset(),
        epoch_report=report,
        final_report=test_report,
    )
