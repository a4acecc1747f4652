"""Every UI string goes through t(): the keys the pages use exist, and nothing is dead."""

import re
from pathlib import Path

import pytest

from core.i18n import CATALOGUES, t
from core.locales.en import TEXT

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("core/**/*.py"), ROOT / "app.py"]
LITERAL = re.compile(r"""\bt\(\s*"([a-z_.0-9-]+)"\s*[,)]""")
TEMPLATE = re.compile(r"""\bt\(\s*f["']([a-z_.0-9-]*)\{""")


def used_keys():
    text = "\n".join(path.read_text() for path in SOURCES)
    return set(LITERAL.findall(text)), set(TEMPLATE.findall(text))


def test_every_literal_key_exists():
    literal, _ = used_keys()
    assert literal, "the scan found no t() calls"
    missing = sorted(key for key in literal if key not in TEXT)
    assert not missing, f"keys used but not in the English catalogue: {missing}"


def test_every_catalogue_key_is_used():
    literal, prefixes = used_keys()
    unused = sorted(
        key for key in TEXT if key not in literal and not any(key.startswith(p) for p in prefixes)
    )
    assert not unused, f"catalogue keys no page uses: {unused}"


def test_placeholders_are_filled_and_unknown_keys_raise():
    assert t("build.total_parameters", count=225034) == "Total parameters: 225,034"
    assert t("draw.prediction", digit=7) == "## Prediction: 7"
    with pytest.raises(KeyError):
        t("no.such.key")
    assert set(CATALOGUES) == {"en"}
