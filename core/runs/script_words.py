"""The exported training script's words in the reader's language: its comments and docstrings.

The script pieces (`core/script_templates/`) are written, and run by the app, in English. A
script exported in Chinese is the same code with every comment and docstring replaced by its
translation in `core/runs/script_zh.py`, which maps each English text, as the piece writes
it (a docstring cleaned by `inspect.cleandoc`, a comment without its `#`), to its Chinese.
Only words change: the code, and so what the script computes, stays the app's own
(`tests/core/test_export_script.py` compares the two scripts without their words).
"""

from __future__ import annotations

import ast
import inspect
import io
import tokenize
import unicodedata
from dataclasses import dataclass

from core.runs import script_zh

TRANSLATIONS = {"zh": script_zh.TEXT}
LINE_LENGTH = 110  # the script's ruff line length, in columns (a Chinese character takes two)


@dataclass(frozen=True)
class Words:
    """One comment or docstring of a piece: where it is and what it says."""

    kind: str  # "comment" or "docstring"
    text: str  # a comment without its '#', a docstring cleaned as `inspect.cleandoc` does
    start: tuple[int, int]  # (line, column) where its token starts, 1-based line
    end: tuple[int, int]  # (line, column) where it ends
    indent: int  # the column a docstring's lines start at
    room: int  # the columns a line of its translation may take


def width(text: str) -> int:
    """Columns `text` takes in an editor: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def words_of(source: str) -> list[Words]:
    """Every comment and docstring of a piece's `source`, in order."""
    found = []
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            text = token.string[1:].strip()
            before = lines[token.start[0] - 1][: token.start[1]]
            room = LINE_LENGTH - width(before) - 2  # after "# "
            found.append(Words("comment", text, token.start, token.end, token.start[1], room))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    value = first.value
                    start = (value.lineno, _column(lines, value.lineno, value.col_offset))
                    end = (value.end_lineno, _column(lines, value.end_lineno, value.end_col_offset))
                    text = inspect.cleandoc(value.value)
                    room = LINE_LENGTH - value.col_offset - 6  # the opening and closing quotes
                    found.append(Words("docstring", text, start, end, value.col_offset, room))
    return sorted(found, key=lambda words: words.start)


def _column(lines: list[str], line: int, byte_offset: int) -> int:
    """The character column of `ast`'s UTF-8 byte offset on `line` (1-based)."""
    return len(lines[line - 1].encode("utf-8")[:byte_offset].decode("utf-8"))


def translated(source: str, language: str) -> str:
    """`source` with its comments and docstrings in `language` (as it is for English, or for
    a text the translation lacks)."""
    translation = TRANSLATIONS.get(language)
    if not translation:
        return source
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(position: tuple[int, int]) -> int:
        return offsets[position[0] - 1] + position[1]

    result = source
    for words in reversed(words_of(source)):  # from the end, so earlier positions hold
        new = translation.get(words.text)
        if new is None:
            continue
        if words.kind == "comment":
            replacement = f"# {new}"
        else:
            pad = " " * words.indent
            lines_of_new = new.splitlines()
            body = "\n".join([lines_of_new[0], *((pad + line).rstrip() for line in lines_of_new[1:])])
            replacement = f'"""{body}"""'
        result = result[: at(words.start)] + replacement + result[at(words.end) :]
    return result
