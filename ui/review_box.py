"""What every page that reads typed text shares: the example picker and the text box, the
words the model reads (unknown ones marked, the cut shown), and a review's verdict."""

from __future__ import annotations

import html

import streamlit as st

from core.charts import plots
from core.data.text import MAX_REVIEW_CHARACTERS, OOV_TOKEN, Encoded, plain
from core.i18n import t
from core.inspection import evaluation
from ui import resources
from ui.builder_widgets import ensure
from ui.language import translated

MAX_CUT_SHOWN = 40  # words past the cut listed before "… and N more"


def review_input(page: str, vocabulary, length: int) -> Encoded | None:
    """The example picker and the review box; the review encoded to `length` ids, with its
    words shown as the model reads them, or None while the box is empty."""
    examples = dict(resources.example_reviews())
    text_key = f"{page}.review"
    kept(text_key)

    def load_example() -> None:
        example = st.session_state.get(f"{page}.example")
        if example is not None:
            st.session_state[text_key] = example

    st.selectbox(
        t("review.examples"),
        list(examples),
        index=None,
        placeholder=t("review.examples_placeholder"),
        format_func=lambda text: example_label(text, examples[text]),
        key=translated(f"{page}.example"),
        on_change=load_example,
    )
    text = st.text_area(
        t("review.heading"),
        key=text_key,
        height=170,
        max_chars=MAX_REVIEW_CHARACTERS,
        placeholder=t("review.placeholder"),
    )
    st.session_state[f"{text_key}.kept"] = text
    encoded = vocabulary.encode(text, length) if text.strip() else None
    if encoded is not None and encoded.tokens:
        tokens_seen(encoded)
    return encoded


def kept(key: str) -> None:
    """Give a text box back what was typed in it when the page last drew it (Streamlit
    forgets the state of a widget a run does not draw: the other task's box, say)."""
    ensure(key, st.session_state.get(f"{key}.kept", ""))


def readable(encoded: Encoded | None) -> bool:
    """Whether the model has something to read; if not, say why (no text, no words, only
    unknown words)."""
    if encoded is None:
        st.info(t("review.prompt"))
    elif encoded.used == 0:
        st.warning(t("review.no_words"))
    elif encoded.oov.all():
        st.warning(t("review.all_unknown", count=encoded.used))
    else:
        return True
    return False


def example_label(text: str, label: int) -> str:
    """An example's entry in the picker: its sentiment and its first ten words."""
    words = " ".join(plain(text).split()[:10])
    return t("review.example", sentiment=t("review.positive" if label else "review.negative"), start=words)


def tokens_seen(encoded: Encoded) -> None:
    """The review as the model reads it: known words, unknown ones marked, and the cut."""
    chips = []
    for index, word in enumerate(encoded.tokens[: encoded.used]):
        escaped = html.escape(word)
        if encoded.oov[index]:
            chips.append(f'<span class="tok oov" title="{OOV_TOKEN}">{escaped}</span>')
        else:
            chips.append(f'<span class="tok">{escaped}</span>')
    if encoded.cut:
        chips.append(f'<span class="cut">✂ {html.escape(t("review.cut_marker", count=encoded.cut))}</span>')
        shown = encoded.tokens[encoded.used : encoded.used + MAX_CUT_SHOWN]
        chips += [f'<span class="tok gone">{html.escape(word)}</span>' for word in shown]
        if encoded.cut > MAX_CUT_SHOWN:
            chips.append(f'<span class="gone">… {encoded.cut - MAX_CUT_SHOWN:,}</span>')
    unknown = int(encoded.oov.sum())
    st.caption(t("review.tokens_caption", used=encoded.used, unknown=unknown))
    st.html(
        "<style>.words{line-height:1.9;max-height:9.5em;overflow-y:auto;font-size:0.9rem}"
        ".tok{padding:1px 4px;margin:1px;border-radius:4px;background:rgba(128,128,128,.12)}"
        ".oov{text-decoration:line-through;color:#b35806;background:rgba(230,97,1,.12)}"
        ".gone{color:#999}.cut{color:#d73027;font-weight:600;margin:0 4px}</style>"
        f'<div class="words">{" ".join(chips)}</div>'
    )


def prediction(probability: float) -> None:
    """The verdict as text (label and percentage) and as a bar."""
    positive = bool(evaluation.is_positive(probability))
    label = t("review.positive" if positive else "review.negative")
    sure = probability if positive else 1 - probability
    st.markdown(t("review.verdict", label=label, p=sure))
    st.caption(t("review.probability", p=probability))
    st.altair_chart(plots.sentiment_bar(probability), width="stretch")
