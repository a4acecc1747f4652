"""The code's layout holds: pages → ui → core, core's packages in one direction, a model kind
named only by its registry, and settings readable without Keras."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core import kinds

ROOT = Path(__file__).resolve().parents[2]
# core's packages and top-level modules, each importing only those before it (core/__init__.py).
LAYERS = (
    ("script_templates",),
    ("data",),
    ("config",),
    ("kinds", "url_config"),
    ("models",),
    ("inspection",),
    ("jobs",),
    ("runs",),
    ("charts",),
)
SHARED = {"i18n", "locales", "tensorflow_runtime", "device"}  # used by any layer


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports by absolute name, with `from a import b` also as `a.b`."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def layer_of(module: str) -> int | None:
    """The index in LAYERS of a `core.` module's package, None for a shared or outside module."""
    parts = module.split(".")
    if parts[0] != "core" or len(parts) < 2 or parts[1] in SHARED:
        return None
    return next((index for index, layer in enumerate(LAYERS) if parts[1] in layer), None)


def test_every_core_package_and_module_has_a_layer_or_is_shared():
    inside = {path.name for path in (ROOT / "core").iterdir() if not path.name.startswith("__")}
    known = {name for layer in LAYERS for name in layer} | SHARED
    assert {Path(name).stem for name in inside} == known


@pytest.mark.parametrize("path", python_files("core"), ids=lambda path: str(path.relative_to(ROOT)))
def test_core_imports_only_the_layers_before_its_own_and_never_streamlit(path):
    own = layer_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    for module in imported_modules(path):
        assert module.split(".")[0] not in {"streamlit", "ui", "pages"}, f"{path.name} imports {module}"
        other = layer_of(module)
        if own is not None and other is not None:
            where = f"{path.relative_to(ROOT)} ({LAYERS[own]})"
            assert other <= own, f"{where} imports {module} ({LAYERS[other]})"


@pytest.mark.parametrize("path", python_files("core/script_templates"), ids=lambda path: path.name)
def test_a_script_piece_imports_nothing_of_the_app(path):
    assert not {m for m in imported_modules(path) if m.split(".")[0] in {"core", "ui", "pages", "app"}}


def test_ui_never_imports_a_page():
    for path in python_files("ui"):
        assert not {m for m in imported_modules(path) if m.split(".")[0] == "pages"}, path.name


# A kind's name compared, or used as a key, anywhere but the registry.
KIND_NAME = "|".join(re.escape(name) for name in kinds.NAMES)
SPELLED = re.compile(rf"""(==|!=|\bin)\s*\(?\s*["']({KIND_NAME})["']|["']({KIND_NAME})["']\s*(==|!=|:)""")


def test_only_the_registry_spells_a_kind_in_a_comparison_or_a_key():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in python_files("core", "ui", "pages") + [ROOT / "app.py"]
        if path != ROOT / "core" / "kinds.py" and "script_templates" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SPELLED.search(line)
    ]
    assert found == []


def test_the_pattern_finds_what_it_is_for():
    """The check above would see a comparison or a key, in either quotes."""
    assert SPELLED.search("if kind == 'cnn':") and SPELLED.search('{"transformer.translate": 1}')
    assert SPELLED.search("if name in ('rnn', 'cnn')") and not SPELLED.search("kinds.get(name)")


@pytest.mark.slow
def test_settings_kinds_and_links_load_without_keras():
    """Reading a link or a run's settings must not cost a TensorFlow import (in a process of its own)."""
    code = (
        "import sys\n"
        "import core.kinds, core.url_config, core.config.options, core.config.cnn, core.config.rnn\n"
        "import core.config.transformer, core.data.splits, core.data.text\n"
        "print(sorted(m for m in ('keras', 'tensorflow') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("path", python_files("pages"), ids=lambda path: path.name)
def test_no_page_is_over_200_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 200


@pytest.mark.parametrize(
    "path",
    # The data catalogues (the UI's words, the exported script's Chinese) are as long as their data.
    [path for path in python_files("core") if "locales" not in path.parts and path.name != "script_zh.py"],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_core_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
