"""What counts as a letter when text is split into words: letters or digits of any script,
with their combining marks (vowel signs and viramas are parts of words in Devanagari,
Thai, Tamil…)."""

import unicodedata


def combining_marks() -> str:
    """Every combining mark of the Basic Multilingual Plane (Unicode category M) as the
    body of a regular-expression character class."""
    ranges, start = [], None
    for code in range(0x10000 + 1):
        is_mark = code < 0x10000 and unicodedata.category(chr(code)).startswith("M")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


LETTER = rf"(?:[^\W_]|[{combining_marks()}])"
