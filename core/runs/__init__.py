"""What outlives a session: recorded runs, model files and exported scripts.

Every training run in SQLite with its metrics and saved model (`store`, `recording`); the
`.keras` files the app writes and the uploads it accepts or refuses (`model_archive`, with
`model_fit` checking that a model fits its kind's page); what the Runs page shows of a run
(`run_summary`); and a standalone training script for a run's settings (`export_script`).
"""
