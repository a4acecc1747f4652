"""The charts a stroke redraws compile to Vega and draw: a spec Altair accepts can still be
one Vega-Lite cannot compile (two layers sharing a colour channel of different kinds), and
the browser then shows nothing, which only drawing it reveals."""

import numpy as np
import vl_convert

from core.charts import plots


def drawn(chart) -> str:
    return vl_convert.vegalite_to_svg(chart.to_dict())


def test_a_matrix_with_its_numbers_draws_its_cells_and_every_number():
    values = np.array([[0.5, -1.25], [2.0, 0.0]])
    svg = drawn(plots.matrix_with_values(values, "patch", highlight=(1, 0)))
    assert svg.count("<path") >= 4  # the four cells
    for number in ("0.50", "\u22121.25", "2.00", "0.00"):  # d3 writes a true minus sign
        assert number in svg, number


def test_the_probability_bars_draw():
    probabilities = np.array([0.1, 0.7, 0.2])
    svg = drawn(plots.probability_bars(probabilities))
    assert "#e6550d" in svg and "#9ecae1" in svg  # the likeliest class stands out
