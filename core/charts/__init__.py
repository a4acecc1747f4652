"""Altair charts. Each takes plain data and returns a chart; the pages only show them.

Training curves, probabilities, confusion matrices and hidden states (`plots`), recorded
runs compared (`run_charts`) and attention maps (`attention_charts`).
"""
