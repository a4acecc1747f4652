"""A chart with buttons that save it as PNG or SVG, drawn only when asked for."""

from __future__ import annotations

import altair as alt
import streamlit as st

from core.charts.run_charts import CHART_FORMATS, MIME, chart_file
from core.i18n import t


def chart_with_downloads(chart: alt.Chart, name: str, key: str, width: str = "stretch") -> None:
    """Show `chart` (`width` 'stretch', or 'content' for panels of a set size), with one
    download button per format under it; the file is drawn when its button is clicked, not
    on every rerun."""
    st.altair_chart(chart, width=width)
    buttons = st.container(horizontal=True)  # each button as wide as its label, side by side
    for fmt in CHART_FORMATS:
        buttons.download_button(
            t(f"chart.save_{fmt}"),
            data=lambda fmt=fmt: chart_file(chart, fmt),
            file_name=f"{name}.{fmt}",
            mime=MIME[fmt],
            key=f"{key}.{fmt}",
            icon=":material/download:",
            on_click="ignore",
            type="tertiary",
        )
