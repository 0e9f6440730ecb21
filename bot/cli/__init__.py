"""The `briefbot` command line: the bot's services without Telegram (`briefbot --help`)."""

from bot.cli.commands import build_parser, ingest_paths, main
from bot.cli.readers import count_articles, read_articles

__all__ = ["build_parser", "count_articles", "ingest_paths", "main", "read_articles"]
