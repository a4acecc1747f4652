"""Make the Chinese font the app ships (`static/fonts/`), from Noto Sans CJK SC.

Charts are drawn by Vega in the browser and saved as PNG or SVG by vl-convert on the server;
neither may fetch a font, and a machine with only what the README installs has no font with
Chinese glyphs, so every Chinese label would be a row of boxes. The app therefore ships one,
which `.streamlit/config.toml` also serves to the browser.
The full Noto Sans CJK SC is 16 MB; this keeps what the app can show: Latin, punctuation and
symbols, the 6,763 characters of GB 2312 (the Simplified Chinese in everyday use) and every
character of the UI catalogues, in about 3 MB.

Noto Sans CJK is © 2014-2021 Adobe, under the SIL Open Font License 1.1
(`static/fonts/OFL.txt`). The subset is renamed, so that it is never taken for the full font.

    apt-get install fonts-noto-cjk fonttools  # or: pip install fonttools
    python scripts/make_cjk_font.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "Playground Sans SC"  # see core/fonts.py
OUT = ROOT / "static" / "fonts" / "PlaygroundSansSC-Regular.otf"
CATALOGUES = sorted((ROOT / "core" / "locales").glob("*.py"))
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1 and Latin Extended-A (German umlauts, ß)
    (0x0391, 0x03C9),  # Greek (α, σ, Σ in formulas)
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, …
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: √, ≈, ≤
    (0x2460, 0x24FF),  # enclosed numbers
    (0x2500, 0x257F),  # box drawing
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width forms
)


def gb2312() -> str:
    """The 6,763 Chinese characters of GB 2312, levels 1 and 2 (rows 16 to 87)."""
    characters = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:  # the unassigned end of row 55
                continue
    return "".join(characters)


def characters() -> str:
    ranges = "".join(chr(code) for low, high in RANGES for code in range(low, high + 1))
    catalogues = "".join(path.read_text(encoding="utf-8") for path in CATALOGUES)
    return "".join(sorted(set(ranges + gb2312() + catalogues) - set("\n\r\t")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="Noto Sans CJK's Regular .ttc")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    collection = TTCollection(args.source)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == SOURCE_FAMILY)
    options = subset.Options()
    options.layout_features = ["*"]  # keep vertical forms, ligatures and kerning
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    postscript = FAMILY.replace(" ", "") + "-Regular"
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            record.string = record.toUnicode().replace(SOURCE_FAMILY, FAMILY)
        elif record.nameID in (3, 6):  # unique id, PostScript name
            record.string = postscript
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(args.out)
    print(f"{args.out}: {len(font.getBestCmap()):,} characters, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
