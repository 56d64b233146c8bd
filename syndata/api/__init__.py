"""The REST API: the app's flow over HTTP, on the same core and job runner.

Upload tables, check and replace their metadata, fit models, generate and evaluate as jobs
in ``syndata.jobs`` (the app's and the CLI's behaviour: cancel, progress, ETA, log lines,
limits from ``syndata.settings``), and download what came out. Every resource belongs to
the API token that created it. ``create_app`` builds the FastAPI application; ``python -m
syndata serve`` runs it with uvicorn. Nothing here imports Streamlit.

This package file imports nothing, so ``python -m syndata token create`` (which needs only
``tokens``) starts in a blink; the application is ``syndata.api.app.create_app``.
"""
