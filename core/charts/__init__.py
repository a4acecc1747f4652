"""Altair charts. Each takes plain data and returns a chart; the pages only show them.

Training curves, probabilities, confusion matrices and hidden states (`plots`), recorded
runs compared (`run_charts`) and attention maps (`attention_charts`).
"""

# Every chart the app makes is drawn with the app's font, Chinese included (see `fonts`).
from core.charts import fonts as fonts  # noqa: E402
