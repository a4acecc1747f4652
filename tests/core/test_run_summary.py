"""What the runs page shows and exports of a run: the summary line, the table row, the
metrics CSV, the comparison charts' data and the charts as PNG and SVG files."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from core.charts import run_charts
from core.config import cnn, rnn, transformer
from core.i18n import using
from core.runs import run_summary
from core.runs.run_record import Run


def make_run(run_id: str, page: str, config, epochs: list[dict], test: dict, parameters: int = 1000) -> Run:
    return Run(
        id=run_id,
        kind=page,
        config=dataclasses.asdict(config),
        dataset=config.dataset,
        split={"train": 900, "validation": 100, "test": 200},
        seed=config.seed,
        parameters=parameters,
        started=1_790_000_000.0,
        ended=1_790_000_060.0,
        status="finished",
        reason="",
        epochs_planned=config.epochs,
        training_seconds=60.0,
        test=test,
        saved_epoch=len(epochs),
        epochs=epochs,
    )


def test_each_page_gets_a_one_line_summary_of_its_settings():
    assert run_summary.settings_text(cnn.CNNConfig()) == (
        "Conv32-Pool · Conv64-Pool · Dense128 · adam 0.001 · 5 epochs"
    )
    assert run_summary.settings_text(rnn.RECOMMENDED) == (
        "Embed32 · 1×BiGRU32 · 400 words · adam 0.002 · 3 epochs"
    )
    translate = transformer.RECOMMENDED["translate"]
    assert run_summary.settings_text(translate) == (
        "2 enc + 2 dec · width 128 · 4 heads · adam 0.001 · 6 epochs"
    )
    assert run_summary.settings_text(transformer.RECOMMENDED["classify"]).startswith(
        "1 enc · width 32 · 2 heads"
    )
    with using("zh"):
        assert (
            run_summary.settings_text(translate)
            == "2 层编码器 + 2 层解码器 · 宽度 128 · 4 个注意力头 · adam 0.001 · 6 轮"
        )
        assert (
            run_summary.settings_text(rnn.RECOMMENDED) == "Embed32 · 1×BiGRU32 · 400 词 · adam 0.002 · 3 轮"
        )


def test_the_table_row_and_the_csv_carry_the_recorded_numbers():
    epochs = [
        {"epoch": 1, "loss": 0.9, "accuracy": 0.6, "val_loss": 0.7, "val_accuracy": 0.65},
        {"epoch": 2, "loss": 0.5, "accuracy": 0.8, "val_loss": 0.6, "val_accuracy": 0.75},
    ]
    run = make_run("abc123def", "cnn", cnn.CNNConfig(epochs=3), epochs, {"test_accuracy": 0.74})
    row = run_summary.table_row(run)
    assert (row["epochs"], row["val_accuracy"], row["test_accuracy"], row["test_bleu"]) == (
        "2/3",
        0.75,
        0.74,
        None,
    )
    assert run_summary.test_figure(run) == ("accuracy", 0.74)

    rows = list(csv.DictReader(io.StringIO(run_summary.metrics_csv(run))))
    assert [float(r["val_accuracy"]) for r in rows] == [0.65, 0.75]
    assert list(rows[0]) == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]


def test_a_translators_csv_has_its_bleu_but_not_its_sample_sentences():
    epochs = [{"epoch": 1, "loss": 4.0, "accuracy": 0.3, "val_bleu": 16.6, "samples": ["ein hund ."]}]
    run = make_run(
        "t1", "transformer.translate", transformer.RECOMMENDED["translate"], epochs, {"test_bleu": 30.1}
    )
    text = run_summary.metrics_csv(run)
    assert text.splitlines()[0] == "epoch,loss,accuracy,val_loss,val_accuracy,val_bleu"
    assert "ein hund" not in text and text.splitlines()[1].endswith(",16.6")
    assert run_summary.test_figure(run) == ("bleu", 30.1)
    assert run_summary.table_row(run)["test_bleu"] == 30.1


def test_comparison_charts_hold_each_runs_curves_and_its_place_in_the_tradeoff():
    one = make_run(
        "aaaaaa1",
        "cnn",
        cnn.CNNConfig(),
        [{"epoch": 1, "loss": 0.5, "val_loss": 0.6}],
        {"test_accuracy": 0.9},
    )
    two = make_run(
        "bbbbbb2",
        "transformer.translate",
        transformer.RECOMMENDED["translate"],
        [{"epoch": 1, "loss": 3.0, "val_loss": 3.2, "val_bleu": 12.0}],
        {"test_bleu": 25.0},
        parameters=10**6,
    )
    curves = run_charts.curve_frame([one, two], "loss")
    assert len(curves) == 4 and set(curves["split"]) == {"training", "validation"}
    bleu = run_charts.curve_frame([one, two], "bleu")
    assert bleu["value"].tolist() == [12.0] and bleu["split"].tolist() == ["validation"]
    points = run_charts.tradeoff_frame([one, two])
    assert points["score"].tolist() == pytest.approx([90.0, 25.0])  # accuracy in percent, BLEU as is
    assert points["parameters"].tolist() == [1000, 10**6]
    assert points["measure"].nunique() == 2  # separate panels: the scales differ


def test_charts_save_as_png_and_svg_files():
    run = make_run("aaaaaa1", "cnn", cnn.CNNConfig(), [{"epoch": 1, "loss": 0.5, "val_loss": 0.6}], {})
    chart = run_charts.compare_curves([run], "loss")
    png = run_charts.chart_file(chart, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    svg = run_charts.chart_file(chart, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "Loss per epoch" in svg
    with pytest.raises(ValueError):
        run_charts.chart_file(chart, "gif")
