"""Briefbot's application code, by job: settings, runtime, ingest, services, cli.

The Telegram handlers live in `handlers/`, text analysis in `nlp/`, the database in `storage/`.
"""
