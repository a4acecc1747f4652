"""Chinese in charts: drawn with the font the app ships, never as missing-glyph boxes, on a
machine whose only fonts are what the README installs."""

import base64
import io
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from core.charts import fonts, run_charts
from core.i18n import CATALOGUES, using
from core.locales import Plural

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")


def titled(title: str) -> alt.Chart:
    data = pd.DataFrame({"x": [1, 2], "y": [1, 2]})
    return alt.Chart(data, title=title).mark_point().encode(x="x", y="y").properties(width=120, height=60)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


# Draws two charts that differ only in their Chinese title, as vl-convert does with the fonts
# of a bare machine (nothing registered), and says whether the two pictures differ.
BARE = """
import io, sys
import altair as alt, numpy as np, pandas as pd, vl_convert
from PIL import Image
def png(title):
    data = pd.DataFrame({"x": [1, 2], "y": [1, 2]})
    chart = alt.Chart(data, title=title).mark_point().encode(x="x", y="y").properties(width=120, height=60)
    png = vl_convert.vegalite_to_png(chart.to_dict(), scale=2)
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))
print(int((png("卷积层") != png("池化层")).sum()))
"""


@pytest.mark.slow
def test_a_png_draws_chinese_glyphs_where_a_bare_machine_draws_boxes():
    """Two different Chinese words give two different pictures; without the app's font they
    are the same row of missing-glyph boxes (checked in a process of its own, with no font
    registered), so the comparison is one that can fail."""
    bare = subprocess.run([sys.executable, "-c", BARE], capture_output=True, text=True, timeout=120)
    assert bare.returncode == 0, bare.stderr
    assert int(bare.stdout.strip()) == 0, (
        "this machine has a Chinese font of its own: the check proves nothing"
    )
    first = pixels(run_charts.chart_file(titled("卷积层"), "png"))
    second = pixels(run_charts.chart_file(titled("池化层"), "png"))
    assert first.shape == second.shape
    assert (first != second).sum() > 100


def test_an_svg_carries_the_glyphs_of_its_chinese_text():
    with using("zh"):
        title = "训练曲线：损失与准确率"
        svg = run_charts.chart_file(titled(title), "svg").decode("utf-8")
    match = re.search(
        r"font-family:'Playground Sans SC';src:url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", svg
    )
    assert match, "no embedded font"

    font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
    covered = set(map(chr, font.getBestCmap()))
    assert set(title) <= covered
    assert len(covered) < 200  # only what the picture uses: a few kilobytes, not the whole font
    plain = run_charts.chart_file(titled("loss per epoch"), "svg").decode("utf-8")
    assert "@font-face" not in plain  # ASCII needs no font of its own


def test_the_shipped_font_has_every_character_of_the_chinese_catalogue():
    font = TTFont(fonts.FONT_FILE)
    covered = set(map(chr, font.getBestCmap()))
    text = "".join(
        " ".join(entry.forms()) if isinstance(entry, Plural) else entry for entry in CATALOGUES["zh"].values()
    )
    text = re.sub(r"`[^`]*`", "", text)  # code is drawn in Streamlit's code font
    missing = sorted({c for c in text if ord(c) > 127 and c not in covered})
    assert missing == []
    assert {
        "卷",
        "积",
        "池",
        "化",
        "隐",
        "藏",
        "状",
        "态",
    } <= covered  # and the everyday characters beyond it
    assert font["name"].getDebugName(1) == fonts.CJK_FAMILY
    assert (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1


def test_pages_and_charts_name_the_font_and_the_server_serves_it_from_the_app():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    (face,) = config["theme"]["fontFaces"]
    assert face["family"] == fonts.CJK_FAMILY and face["url"].startswith("app/static/")
    assert (ROOT / "static" / face["url"].removeprefix("app/static/")) == fonts.FONT_FILE
    for scheme in ("light", "dark"):  # both themes, so a browser asking for dark still gets dark
        assert fonts.CJK_FAMILY in config["theme"][scheme]["font"]
        assert fonts.CJK_FAMILY in config["theme"][scheme]["headingFont"]
    assert "font" not in config["theme"]  # which would make one custom light theme for everyone
    assert titled("x").to_dict()["config"]["font"] == fonts.FAMILY  # every chart of the app
