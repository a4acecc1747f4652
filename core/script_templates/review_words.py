"""How a review is split into words: HTML breaks and tags gone, entities decoded, Unicode in
its compatibility form (full-width letters, ligatures), lower case and curly apostrophes
made straight; then its words, inner apostrophes kept ("don't", "90's"). Punctuation,
symbols and emoji are dropped."""

import html
import re
import unicodedata

from .letters import LETTER

MAX_REVIEW_CHARACTERS = 100_000  # a longer text is cut here before it is split
BREAKS = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
TAGS = re.compile(r"</?[a-zA-Z][^<>]{0,100}>")  # a tag starts with a letter: "a < b > c" is not one
WORD = re.compile(rf"{LETTER}+(?:'{LETTER}+)*")


def normalise(text: str) -> str:
    """Review text as the vocabulary sees it, before it is split into words."""
    text = html.unescape(text)  # first, so an escaped "&lt;br /&gt;" is a break too
    text = unicodedata.normalize("NFKC", TAGS.sub(" ", BREAKS.sub(" ", text)))
    return text.replace("\u2019", "'").replace("`", "'").casefold()


def tokenize(text: str) -> list[str]:
    """The words of a review, after `normalise`."""
    return WORD.findall(normalise(text))
