"""The Transformer page's Look inside: the classifier's encoder attention, and the translator's
three kinds of attention (cross, encoder, decoder), each explored by `ui.attention_views`."""

from __future__ import annotations

from functools import partial

import streamlit as st

from core.data import multi30k
from core.i18n import t
from core.inspection import inspect_attention
from ui import attention_views, language, memo, page_parts
from ui.attention_views import Attention
from ui.model_in_use import ModelInUse


def encoder_view(model, encoder: inspect_attention.EncoderAttention, tokens: list[str]) -> Attention:
    return Attention(
        t("transformer.kind.encoder"),
        encoder.weights,
        tokens,
        tokens,
        t("transformer.kind_help.encoder"),
        partial(inspect_attention.encoder_row, model, encoder),
    )


def classifier_inside(page: str, in_use: ModelInUse, read) -> None:
    """The encoder's attention over the review read (`classifier_views.type_and_classify`)."""
    if read is None:
        st.info(t("transformer.inside_prompt.classify"))
        return
    model = in_use.model
    ids, tokens, key = read
    encoder = memo.remembered(
        page, (in_use.stamp, key), "encoder", lambda: inspect_attention.encoder_attention(model, ids)
    )
    attention_views.explore(in_use.kind.name, encoder_view(model, encoder, tokens))


def translator_inside(page: str, in_use: ModelInUse, translated) -> None:
    """The attention behind the translation made (`translation_views.type_and_translate`), of
    the kind chosen: the decoder's over the English, the encoder's, or the decoder's own."""
    if translated is None:
        st.info(t("transformer.inside_prompt.translate"))
        return
    model = in_use.model
    source, output, key = translated
    ids, english = source.ids[: source.used], source.tokens[: source.used]
    german = [multi30k.START_TOKEN, *output.words]  # what the decoder reads
    produced = [*output.words, multi30k.END_TOKEN if output.ended else "…"]  # what it chose there
    decoder = memo.remembered(
        page,
        (in_use.stamp, key),
        "decoder",
        lambda: inspect_attention.decoder_attention(model, ids, output.ids),
    )
    views = {
        "cross": Attention(
            t("transformer.kind.cross"), decoder.cross_weights, produced, english,
            t("transformer.kind_help.cross"), partial(inspect_attention.cross_row, model, decoder),
        ),
        "encoder": encoder_view(model, decoder.encoder, english),
        "decoder": Attention(
            t("transformer.kind.decoder"), decoder.self_weights, german, german,
            t("transformer.kind_help.decoder"), partial(inspect_attention.decoder_row, model, decoder),
        ),
    }  # fmt: skip
    prefix = in_use.kind.name
    chosen = st.segmented_control(
        t("transformer.kind"),
        list(views),
        required=True,
        format_func=lambda name: views[name].name,
        key=language.translated(page_parts.kept(f"{prefix}.kind", "cross", lambda name: name in views)),
    )
    attention_views.explore(f"{prefix}.{chosen}", views[chosen])
