"""A standalone training script for a run's settings, to take home.

`training_script(kind, config)` writes one Python file that rebuilds the configured model
with plain Keras and trains it as the app does, on the same data and the same seeded split,
with no import from this app. The run's settings sit at its top as a plain dict literal.

The script is put together from the pieces in `core/script_templates/`: real Python files
that import their libraries and take what they need from their siblings with relative
imports. They are also what the app itself runs: its data pipelines, layers, builders,
compiling and decoding call the same pieces, so the script is the app's own code, not a
copy of it. Each kind lists its pieces in order (`Script.pieces` in `core.kinds`: data,
split, model, training, then the kind's own `build_model` and `main`); their library
imports are merged into one block at the top, the relative ones dropped, and each piece's
docstring becomes its section's heading. Exported in Chinese, its comments and docstrings are
Chinese (`core.runs.script_words`); its code is the same.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from core import i18n, kinds
from core.i18n import t
from core.runs import script_words

TEMPLATES = Path(__file__).resolve().parents[1] / "script_templates"
CONFIG_NAME = "CONFIG"  # the page piece's placeholder assignment, replaced by the settings


def script_name(kind: str) -> str:
    """A file name for the script of kind `kind`: 'train_cnn.py', 'train_transformer_translate.py'."""
    return f"train_{kind.replace('.', '_')}.py"


def training_script(kind: str, config) -> str:
    """A standalone Python script that rebuilds the configured model with plain Keras and
    trains it the same way on the same data, with no import from this app.

    `kind` is a model kind's name (`core.kinds`); `config` its dataclass (`CNNConfig`,
    `RNNConfig`, `TransformerConfig` with the kind's task). Raises ValueError, with the student-facing
    message of the config's own `validate`, when the settings cannot be trained.
    """
    try:
        recipe = kinds.get(kind)
    except ValueError:
        raise ValueError(f"no training script for kind {kind!r}; kinds: {', '.join(kinds.NAMES)}") from None
    if not isinstance(config, recipe.config_class):
        raise TypeError(f"kind {kind!r} needs a {recipe.config_class.__name__}, not {type(config).__name__}")
    if recipe.task is not None and config.task != recipe.task:
        raise ValueError(
            f"kind {kind!r} trains task {recipe.task!r}, but the config's task is {config.task!r}"
        )
    recipe.validate(config)
    settings = {k: v for k, v in dataclasses.asdict(config).items() if k not in recipe.script.unused_fields}
    pieces = [_read_piece(name) for name in recipe.script.pieces]
    page_piece = pieces[-1]
    head = [
        f'"""{page_piece.docstring}\n"""',
        _import_block(pieces),
        "\n".join(f"# {line}" for line in t("script.settings").splitlines())
        + f"\n{CONFIG_NAME} = {config_literal(settings)}",
    ]
    sections = [piece.section() for piece in pieces[:-1]] + [page_piece.body]
    return "\n\n".join(head) + "\n\n\n" + "\n\n\n".join(sections) + "\n"


def config_literal(settings: dict, width: int = 110) -> str:
    """`settings` as a Python dict literal laid out as a code formatter would: one key per
    line, and a nested dict or list on one line when it fits in `width` columns."""

    def inline(item) -> str:
        if isinstance(item, dict):
            return "{" + ", ".join(f"{json.dumps(k)}: {inline(v)}" for k, v in item.items()) + "}"
        if isinstance(item, list):
            return "[" + ", ".join(inline(v) for v in item) + "]"
        if isinstance(item, str):
            return json.dumps(item)
        return repr(item)  # bool, int, float: Python's own spelling

    def laid_out(item, indent: int, prefix: str = "", explode: bool = False) -> str:
        pad = " " * indent
        one_line = pad + prefix + inline(item)
        if not isinstance(item, dict | list) or not item or (not explode and len(one_line) < width):
            return one_line
        if isinstance(item, dict):
            rows = [laid_out(v, indent + 4, f"{json.dumps(k)}: ") for k, v in item.items()]
        else:
            rows = [laid_out(v, indent + 4) for v in item]
        opening, closing = ("{", "}") if isinstance(item, dict) else ("[", "]")
        return "\n".join([pad + prefix + opening, *(row + "," for row in rows), pad + closing])

    return laid_out(settings, 0, explode=True)


@dataclass(frozen=True)
class _Piece:
    name: str
    docstring: str
    imports: tuple[tuple, ...]  # ("import", module, alias) or ("from", module, name, alias)
    body: str  # the source without its docstring, imports and CONFIG placeholder

    def section(self) -> str:
        """The body under a heading made of the docstring."""
        heading = [f"# {line}".rstrip() for line in self.docstring.splitlines()]
        rule = "# " + "-" * 86
        return "\n".join([rule, *heading, rule, "", "", self.body])


def _read_piece(name: str) -> _Piece:
    # Its comments and docstrings in the reader's language; its code as the app runs it.
    source = (TEMPLATES / f"{name}.py").read_text(encoding="utf-8")
    source = script_words.translated(source, i18n.current())
    module = ast.parse(source)
    docstring = ast.get_docstring(module, clean=True)
    if not docstring:
        raise ValueError(f"script piece {name} has no docstring")
    dropped: set[int] = set()  # source lines (1-based) left out of the body
    imports = []
    for node in module.body:
        first, last = node.lineno, node.end_lineno
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node is module.body[0]:
            dropped.update(range(first, last + 1))
        elif isinstance(node, ast.Import):
            imports += [("import", alias.name, alias.asname) for alias in node.names]
            dropped.update(range(first, last + 1))
        elif isinstance(node, ast.ImportFrom):
            if not node.level:  # a relative import names a sibling piece, which is inlined
                imports += [("from", node.module, alias.name, alias.asname) for alias in node.names]
            dropped.update(range(first, last + 1))
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == CONFIG_NAME for target in node.targets
        ):
            dropped.update(range(first, last + 1))
    lines = [line for number, line in enumerate(source.splitlines(), start=1) if number not in dropped]
    body = "\n".join(lines).strip("\n")
    while "\n\n\n\n" in body:  # what was dropped leaves no more than two blank lines behind
        body = body.replace("\n\n\n\n", "\n\n\n")
    return _Piece(name, docstring, tuple(imports), body)


def _import_block(pieces: list[_Piece]) -> str:
    """All pieces' library imports, merged and ordered as isort does: the standard library,
    then the others; in each, `import x` lines before `from x import y` lines."""
    wanted = {item for piece in pieces for item in piece.imports}
    groups = []
    for standard in (True, False):
        chosen = [item for item in wanted if (item[1].split(".")[0] in sys.stdlib_module_names) == standard]
        straight = sorted((item for item in chosen if item[0] == "import"), key=lambda i: (i[1], i[2] or ""))
        lines = [f"import {module}" + (f" as {alias}" if alias else "") for _, module, alias in straight]
        modules = sorted({item[1] for item in chosen if item[0] == "from"})
        for module in modules:
            names = sorted((item[2], item[3]) for item in chosen if item[0] == "from" and item[1] == module)
            names.sort(key=lambda pair: _isort_key(pair[0]))
            spelled = ", ".join(name + (f" as {alias}" if alias else "") for name, alias in names)
            lines.append(f"from {module} import {spelled}")
        if lines:
            groups.append("\n".join(lines))
    return "\n\n".join(groups)


def _isort_key(name: str) -> tuple[int, str]:
    # isort's order within one `from` import: CONSTANTS, then Classes, then functions.
    if name.isupper() and len(name) > 1:
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name
