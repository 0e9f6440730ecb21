"""The `briefbot` command line: the bot's services without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import sys
import tempfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from bot.articles import article_from_record
from bot.config import PROJECT_ROOT, ConfigError, Settings, describe_errors, load_settings
from bot.documents import HTML_SUFFIXES, read_document
from bot.service import ArticleInput, BriefingService, IngestResult, IngestStatus, article_from_text
from storage import ActorRow, BriefRows, EventRow, PlaceRow, Store

SEEDS_DIR = PROJECT_ROOT / "seeds"
ARTICLE_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", *HTML_SUFFIXES)


# ------------------------------------------------------------------ reading articles

def _read_jsonl(path: Path) -> Iterator[ArticleInput]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                print(f"{path}:{number}: not JSON, skipped", file=sys.stderr)
                continue
            if not isinstance(rec, dict):
                continue
            yield article_from_record(rec)


def read_articles(paths: list[Path]) -> Iterator[ArticleInput]:
    """Articles from .txt files (first line = title), JSON Lines files, saved web pages (.html),
    and folders of them."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(ARTICLE_SUFFIXES))
            yield from read_articles(files)
        elif path.name.endswith((".jsonl", ".jsonl.gz")):
            yield from _read_jsonl(path)
        elif path.suffix == ".txt":
            article = article_from_text(path.read_text(encoding="utf-8", errors="replace"))
            article.ext_id = path.stem
            yield article
        elif path.suffix.lower() in HTML_SUFFIXES:
            [item] = read_document(path.name, path.read_bytes())
            if item.article is None:
                print(f"{path}: {item.problem.value.replace('_', ' ')}, skipped", file=sys.stderr)
                continue
            item.article.ext_id = path.stem
            yield item.article
        else:
            print(f"{path}: not a .txt, .jsonl or .html file, skipped", file=sys.stderr)


def _count_articles(paths: list[Path]) -> int | None:
    """How many articles the paths hold, for the progress bar (None for folders)."""
    total = 0
    for path in paths:
        if path.is_dir():
            return None
        if path.name.endswith((".jsonl", ".jsonl.gz")):
            opener = gzip.open if path.name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total


# ------------------------------------------------------------------ plain-text answers

def print_who(rows: list[ActorRow]) -> None:
    print("WHO")
    for row in rows:
        title = f"{row.titles[0]} " if row.titles else ""
        other = f"; also: {', '.join(row.titles[1:])}" if len(row.titles) > 1 else ""
        print(f"  {title}{row.name} [{row.kind}] - {row.mentions} mention{'' if row.mentions == 1 else 's'}, "
              f"{len(row.articles)} article(s){other}")
        for event in row.events[:1]:
            print(f"      latest: {event_text(event)}")


def event_text(event: EventRow, with_actor: bool = False) -> str:
    """ "memuji hubungan dagang -> Li Qiang @ Moskow (hari Rabu, 2024-08-21)" """
    text = f"{event.actor} " if with_actor else ""
    text += " ".join(x for x in (event.predicate, event.object) if x)
    if event.target:
        text += f" -> {event.target}"
    if event.place and event.place not in event.object:
        text += f" @ {event.place}"
    date = event.date if event.date and event.date not in (event.time_text or "") else None
    when = ", ".join(x for x in (event.time_text, date) if x)
    return text + (f" ({when})" if when else "")


def print_where(rows: list[PlaceRow]) -> None:
    print("WHERE")
    for row in rows:
        grounded = ", ".join(x for x in (row.kind, row.country if row.kind != "country" else None) if x)
        print(f"  {row.name}{f' ({grounded})' if grounded else ''} - {row.mentions} mention{'' if row.mentions == 1 else 's'},"
              f" {len(row.articles)} article(s)")
        for event in row.events[:1]:
            print(f"      latest: {event_text(event, with_actor=True)}")


def print_brief(rows: BriefRows) -> None:
    print("BRIEF")
    print("  " + " ".join(s.text for s in rows.sentences))
    if rows.sources:
        print("  Sources: " + "; ".join(f"{r.title} [{r.ext_id}]" for r in rows.sources))


def brief_json(rows: BriefRows) -> dict:
    return {
        "text": " ".join(s.text for s in rows.sentences),
        "sentences": [{"text": s.text, "article": s.article.ext_id} for s in rows.sentences],
        "sources": [asdict(r) for r in rows.sources],
    }


def who_json(rows: list[ActorRow]) -> list[dict]:
    return [{"name": r.name, "type": r.kind, "titles": r.titles, "mentions": r.mentions,
             "articles": [a.ext_id for a in r.articles]} for r in rows]


def where_json(rows: list[PlaceRow]) -> list[dict]:
    return [{"name": r.name, "mentions": r.mentions, "articles": [a.ext_id for a in r.articles]} for r in rows]


# ------------------------------------------------------------------ commands

async def _open_service(settings: Settings, db: Path | None) -> BriefingService:
    store = await Store.open(db or settings.database_path)
    return BriefingService(store, settings.models_dir)


async def ingest_paths(service: BriefingService, paths: list[Path], progress: bool = True) -> Counter:
    """Ingest every article of the paths; finish first what an interrupted run left pending.

    Articles go in concurrently, a few batches' worth at a time, so the worker always has a
    full batch; each is stored as pending before analysis, so an interrupted run loses only the
    analyses in hand, and running it again skips what is stored and finishes what is pending.
    """
    from tqdm import tqdm

    counts: Counter = Counter()
    left = await service.pending_count()
    await service.start(load_models=False)
    bar = tqdm(total=_count_articles(paths), unit="article", disable=not progress, file=sys.stderr, smoothing=0.05)
    if left:
        bar.write(f"finishing {left} article(s) left pending by an earlier run")
    window = 2 * service.queue.batch_size
    running: set[asyncio.Task] = set()

    async def one(article: ArticleInput) -> tuple[ArticleInput, IngestResult]:
        return article, await service.ingest(article)

    def record(done: set[asyncio.Task]) -> None:
        for task in done:
            article, result = task.result()
            counts[result.status.value] += 1
            bar.update(1)
            if result.status not in (IngestStatus.STORED, IngestStatus.DUPLICATE):
                bar.write(f"{article.ext_id or article.title[:40]!r}: {result.status.value}"
                          + (f" ({result.language})" if result.language else ""))
        bar.set_postfix(counts, refresh=False)

    try:
        for article in read_articles(paths):
            if len(running) >= window:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                record(done)
            running.add(asyncio.create_task(one(article)))
        while running:
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            record(done)
        await service.wait_idle()  # the articles left pending before
    finally:
        for task in running:
            task.cancel()
        bar.close()
    if left:
        counts["resumed"] = left - await service.pending_count()
    return counts


async def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    service = await _open_service(settings, args.db)
    counts: Counter | None = None
    try:
        counts = await ingest_paths(service, args.paths, progress=not args.quiet)
    except asyncio.CancelledError:  # Ctrl-C: what is stored stays, what is pending waits for the next run
        pass
    finally:
        await service.aclose(timeout=5)
        left = await service.pending_count()
        await service.store.close()
    if counts is None:
        print(f"interrupted: {left} article(s) left pending; run the same command again to finish them",
              file=sys.stderr)
        return 130
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no articles found")
    return 0


async def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    service = await _open_service(settings, args.db)
    try:
        topic = " ".join(args.topic) or None
        if args.command == "who":
            rows = await service.who(topic, args.article)
            print(json.dumps(who_json(rows), ensure_ascii=False, indent=2)) if args.json else print_who(rows)
        elif args.command == "where":
            rows = await service.where(topic, args.article)
            print(json.dumps(where_json(rows), ensure_ascii=False, indent=2)) if args.json else print_where(rows)
        else:
            rows = await service.brief(topic, args.article)
            print(json.dumps(brief_json(rows), ensure_ascii=False, indent=2)) if args.json else print_brief(rows)
    finally:
        await service.aclose()
        await service.store.close()
    return 0


async def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    with tempfile.TemporaryDirectory(prefix="briefbot-demo-") as tmp:
        service = await _open_service(settings, Path(tmp) / "demo.sqlite3")
        try:
            print(f"Ingesting {SEEDS_DIR.relative_to(PROJECT_ROOT)}/ with the models in {settings.models_dir} ...")
            counts = await ingest_paths(service, [SEEDS_DIR], progress=False)
            print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
            print()
            print_who(await service.who())
            print()
            print_where(await service.where())
            print()
            print_brief(await service.brief())
        finally:
            await service.aclose()
            await service.store.close()
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot import evaluate

    if args.what == "seed":  # needs only the repository: the seed and its gold are in it
        print(json.dumps(evaluate.eval_seed(settings.models_dir), indent=2, ensure_ascii=False))
        return 0
    data = (args.data or evaluate.DEFAULT_DATA).resolve()
    if not (data / "news-id").is_dir():
        print(f"evaluation data not found in {data} (use --data or BRIEFBOT_DATA)", file=sys.stderr)
        return 2
    if args.what == "brief":
        report = evaluate.eval_brief(data, settings.models_dir, args.limit, fit=args.fit)
        print(json.dumps(report, indent=2)) if args.json else evaluate.print_rouge(report)
    else:
        print(json.dumps(evaluate.eval_entities(data, settings.models_dir, args.limit), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot",
        description="Briefbot: ingest news articles and ask who, where and what happened.",
        epilog="Settings come from the environment or .env (see .env.example).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("demo", help="ingest seeds/ into a temporary database and print /who, /where, /brief")
    p = sub.add_parser("ingest", help="ingest .txt (first line = title) and .jsonl files, or folders of them")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--db", type=Path, help="database file (default: DATABASE_PATH, ./data/briefbot.sqlite3)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    for name, help_text in (("who", "the key people and organisations"), ("where", "the places"),
                            ("brief", "a short summary")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("topic", nargs="*", metavar="TOPIC", help="limit the answer to a topic (a name, a place, a word)")
        p.add_argument("--article", metavar="ID", help="limit the answer to one stored article")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.add_argument("--db", type=Path, help="database file (default: DATABASE_PATH, ./data/briefbot.sqlite3)")
    sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN); stops cleanly on SIGTERM/SIGINT")
    p = sub.add_parser("check", help="check settings, database, models and queue; exit 1 if something is wrong")
    p.add_argument("--live", action="store_true",
                   help="ask the running bot's /healthz (webhook mode) instead of checking here")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = sub.add_parser("eval", help="measure briefs or extraction on ../shared/data (see bot/evaluate.py)")
    p.add_argument("what", choices=["brief", "entities", "seed"],
                   help="brief: ROUGE on IndoSum dev against LEAD-3 and sumy; entities: actor and place recall"
                        " on detik and InaGeo dev; seed: the seed article against tests/fixtures/seed-gold.json")
    p.add_argument("--data", type=Path, help="the shared data folder (default: BRIEFBOT_DATA or ../shared/data)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--fit", action="store_true", help="brief: refit the sentence weights, with cross-validated ROUGE")
    return parser


def _config_error(problems: list[str]) -> int:
    print("configuration error:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print("(settings come from the environment or .env; see .env.example)", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # run and check need a deployable configuration (token, writable database, models);
        # the other commands only well-formed settings.
        settings = load_settings() if args.command in ("run", "check") else Settings()
    except ConfigError as exc:
        return _config_error(exc.problems)
    except ValidationError as exc:
        return _config_error(describe_errors(exc))
    if args.command == "run":
        from bot.app import configure_logging, run

        configure_logging(settings)
        return run(settings)
    if args.command == "check":
        from bot.check import cmd_check

        return asyncio.run(cmd_check(settings, live=args.live, as_json=args.json))
    if args.command == "eval":
        return cmd_eval(args, settings)
    command = {"demo": cmd_demo, "ingest": cmd_ingest}.get(args.command, cmd_query)
    return asyncio.run(command(args, settings))


if __name__ == "__main__":
    sys.exit(main())
