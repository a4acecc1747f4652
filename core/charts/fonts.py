"""The font every chart is drawn with, so that Chinese labels never turn into boxes.

The app ships Playground Sans SC (`static/fonts/`, a subset of Noto Sans CJK SC made by
`scripts/make_cjk_font.py`, under the SIL Open Font License). Charts name it after
Streamlit's own Latin font (`FAMILY`), through an Altair theme that every chart of the app
gets. It reaches each place a chart is drawn:

- in the browser, Vega draws with the page's fonts: `.streamlit/config.toml` serves the font
  and declares it with `[[theme.fontFaces]]`, so no font is fetched from the internet;
- a PNG is drawn by vl-convert on the server, which is given the font's folder (`for_export`);
- an SVG keeps its text as text, to be drawn by whatever opens it, so the glyphs it uses are
  embedded in it as a font of their own (`with_embedded_font`): it shows Chinese on a machine
  with no Chinese font at all.
"""

from __future__ import annotations

import base64
import io
import re
import threading
from html import unescape
from pathlib import Path

import altair as alt

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT_FILE = FONT_DIR / "PlaygroundSansSC-Regular.otf"
CJK_FAMILY = "Playground Sans SC"
# Streamlit's own font first (its Latin is the rest of the page's), then the Chinese one.
FAMILY = f"'Source Sans', '{CJK_FAMILY}', sans-serif"
THEME = "playground"

_registered = False
_lock = threading.Lock()


@alt.theme.register(THEME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(config={"font": FAMILY})


def for_export() -> None:
    """Give vl-convert (which draws PNGs) the app's font, once per process."""
    global _registered
    with _lock:
        if not _registered:
            import vl_convert

            vl_convert.register_font_directory(str(FONT_DIR))
            _registered = True


_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.DOTALL)


def with_embedded_font(svg: str) -> str:
    """`svg` with the app's font embedded, cut down to the characters its text uses (a few
    kilobytes), so it draws the same wherever it is opened. An SVG of plain ASCII text is
    returned as it is: every machine has glyphs for that."""
    used = {character for text in _TEXT.findall(svg) for character in unescape(re.sub(r"<[^>]+>", "", text))}
    if all(ord(character) < 128 for character in used):
        return svg
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_FILE)
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(text="".join(sorted(used)))
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    encoded = base64.b64encode(data.getvalue()).decode("ascii")
    style = (
        f"<style>@font-face{{font-family:'{CJK_FAMILY}';"
        f"src:url(data:font/otf;base64,{encoded}) format('opentype');}}</style>"
    )
    opening = re.search(r"<svg[^>]*>", svg)
    return svg[: opening.end()] + style + svg[opening.end() :] if opening else svg
