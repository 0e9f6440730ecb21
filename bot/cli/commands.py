"""The `briefbot` commands: ingest, who, where, brief, stories, demo, worker, run, check, eval."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pydantic import ValidationError
from tqdm import tqdm

from bot.cli.output import (
    brief_json,
    counted,
    print_brief,
    print_stories,
    print_story,
    print_where,
    print_who,
    story_json,
    where_json,
    who_json,
)
from bot.cli.readers import count_articles, read_articles
from bot.ingest import ArticleInput, IngestResult, IngestService, IngestStatus
from bot.ingest.external import DEFAULT_LEASE, ExternalWorker, WorkerBusy
from bot.runtime.app import configure_logging, run
from bot.runtime.check import cmd_check
from bot.services import AnswerService, StoryService
from bot.settings import ConfigError, Settings, describe_errors, load_settings
from storage import Store, is_postgres_url, open_store

# ------------------------------------------------------------------ commands


@dataclass
class _Session:
    store: Store
    ingest: IngestService
    answers: AnswerService
    stories: StoryService


@asynccontextmanager
async def _session(settings: Settings, db: Path | str | None, enqueue_only: bool = False) -> AsyncIterator[_Session]:
    """The store and its services for one command; the worker stopped and the store closed after."""
    store = await open_store(db or settings.database)
    ingest = IngestService(store, settings.models_dir, enqueue_only=enqueue_only)
    try:
        yield _Session(store, ingest, AnswerService(store), StoryService(store))
    finally:
        await ingest.aclose(timeout=5)
        await store.close()


async def ingest_paths(service: IngestService, paths: list[Path], progress: bool = True) -> Counter[str]:
    """Ingest every article of the paths; finish first what an interrupted run left pending.

    Articles go in concurrently, a few batches' worth at a time, so the worker always has a
    full batch; each is stored as pending before analysis, so an interrupted run loses only the
    analyses in hand, and running it again skips what is stored and finishes what is pending.
    """
    counts: Counter[str] = Counter()
    left = 0 if service.enqueue_only else await service.pending_count()  # for the workers, else ours
    await service.start(load_models=False)
    bar = tqdm(total=count_articles(paths), unit="article", disable=not progress, file=sys.stderr, smoothing=0.05)
    if left:
        bar.write(f"finishing {counted(left, 'article')} left pending by an earlier run")
    window = 2 * service.queue.batch_size
    running: set[asyncio.Task[tuple[ArticleInput, IngestResult]]] = set()

    async def one(article: ArticleInput) -> tuple[ArticleInput, IngestResult]:
        return article, await service.ingest(article)

    def record(done: set[asyncio.Task[tuple[ArticleInput, IngestResult]]]) -> None:
        for task in done:
            article, result = task.result()
            counts[result.reason] += 1
            bar.update(1)
            if result.status not in (IngestStatus.STORED, IngestStatus.DUPLICATE, IngestStatus.QUEUED):
                bar.write(
                    f"{article.ext_id or article.title[:40]!r}: {result.reason}"
                    + (f" ({result.language})" if result.language else "")
                )
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
    counts: Counter[str] | None = None
    async with _session(settings, args.db, enqueue_only=args.enqueue_only) as session:
        try:
            counts = await ingest_paths(session.ingest, args.paths, progress=not args.quiet)
        except WorkerBusy as exc:
            print(f"ingest: {exc}", file=sys.stderr)
            return 1
        except asyncio.CancelledError:  # Ctrl-C: what is stored stays, what is pending waits for the next run
            pass
        finally:
            await session.ingest.aclose(timeout=5)
            left = await session.store.pending_count()
    if counts is None:
        print(
            f"interrupted: {counted(left, 'article')} left pending; run the same command again to finish them",
            file=sys.stderr,
        )
        return 130
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no articles found")
    return 0


async def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    async with _session(settings, args.db) as session:
        answers, topic = session.answers, " ".join(args.topic) or None
        if args.command == "who":
            actors = await answers.who(topic, args.article)
            print(json.dumps(who_json(actors), ensure_ascii=False, indent=2)) if args.json else print_who(actors)
        elif args.command == "where":
            places = await answers.where(topic, args.article)
            print(json.dumps(where_json(places), ensure_ascii=False, indent=2)) if args.json else print_where(places)
        else:
            brief = await answers.brief(topic, args.article)
            print(json.dumps(brief_json(brief), ensure_ascii=False, indent=2)) if args.json else print_brief(brief)
    return 0


async def cmd_stories(args: argparse.Namespace, settings: Settings) -> int:
    async with _session(settings, args.db) as session:
        if args.command == "story":
            story = await session.stories.story(args.id)
            if story is None:
                print(f"no story {args.id}", file=sys.stderr)
                return 1
            print(json.dumps(story_json(story), ensure_ascii=False, indent=2)) if args.json else print_story(story)
            return 0
        if args.rebuild:
            print(f"stories rebuilt: {await session.stories.rebuild()}", file=sys.stderr)
        found = await session.stories.stories(" ".join(args.topic) or None, everything=args.all, limit=args.limit)
        if args.json:
            print(json.dumps([story_json(s) for s in found], ensure_ascii=False, indent=2))
        else:
            print_stories(found)
    return 0


async def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    seeds = settings.seeds_dir
    with tempfile.TemporaryDirectory(prefix="briefbot-demo-") as tmp:
        async with _session(settings, Path(tmp) / "demo.sqlite3") as session:
            print(f"Ingesting {seeds.name}/ with the models in {settings.models_dir} ...")
            counts = await ingest_paths(session.ingest, [seeds], progress=False)
            print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
            print()
            print_who(await session.answers.who())
            print()
            print_where(await session.answers.where())
            print()
            print_brief(await session.answers.brief())
    return 0


async def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    store = await open_store(args.db or settings.database)
    worker = ExternalWorker(store, settings.models_dir, batch_size=args.batch, lease=args.lease, threads=args.threads)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):  # finish the batch in hand, then stop
        loop.add_signal_handler(signum, worker.stop)
    print(f"worker {worker.name}: analysing what is pending in {_shown(store.location)}", file=sys.stderr)
    try:
        counts = await worker.run(exit_when_idle=args.exit_when_idle)
    except WorkerBusy as exc:
        print(f"worker: {exc}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing was pending")
    return 0


def _shown(location: str) -> str:
    """A database location fit to print: a URL's password replaced by ***."""
    parts = urlsplit(location)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return location


def database_location(value: str) -> Path | str:
    """--db: a PostgreSQL URL as it is, anything else a SQLite file path."""
    return value if is_postgres_url(value) else Path(value)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    try:  # a development tool: not in the Docker image
        evaluate = importlib.import_module("bot.evaluation")
    except ModuleNotFoundError:
        print("the evaluator is not installed here (it comes with a source checkout)", file=sys.stderr)
        return 2

    if args.what == "seed":  # needs only the repository: the seed and its gold are in it
        print(json.dumps(evaluate.eval_seed(settings.models_dir), indent=2, ensure_ascii=False))
        return 0
    data = (args.data or evaluate.DEFAULT_DATA).resolve()
    if args.what in ("ud", "ner"):  # the models, in the language asked
        if not (data / ("ud-" + args.lang)).is_dir():
            print(f"evaluation data not found in {data} (use --data or BRIEFBOT_DATA)", file=sys.stderr)
            return 2
        score = evaluate.eval_ud if args.what == "ud" else evaluate.eval_ner
        print(json.dumps(score(data, settings.models_dir, args.lang), indent=2))
        return 0
    if not (data / "news-id").is_dir():
        print(f"evaluation data not found in {data} (use --data or BRIEFBOT_DATA)", file=sys.stderr)
        return 2
    if args.what == "brief":
        report = evaluate.eval_brief(data, settings.models_dir, args.limit, fit=args.fit, lang=args.lang)
        print(json.dumps(report, indent=2)) if args.json else evaluate.print_rouge(report)
    elif args.what == "stories":
        print(json.dumps(evaluate.eval_stories(data, settings.models_dir, refit=args.fit), indent=2))
    else:
        print(json.dumps(evaluate.eval_entities(data, settings.models_dir, args.limit), indent=2))
    return 0


DB_HELP = (
    "the database: a SQLite file or a postgresql:// URL"
    " (default: DATABASE_URL if set, else DATABASE_PATH, ./data/briefbot.sqlite3)"
)


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
    p.add_argument("--db", type=database_location, help=DB_HELP)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--enqueue-only",
        action="store_true",
        help="store the articles pending and exit: `briefbot worker` processes analyse them",
    )
    for name, help_text in (
        ("who", "the key people and organisations"),
        ("where", "the places"),
        ("brief", "a short summary"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument(
            "topic", nargs="*", metavar="TOPIC", help="limit the answer to a topic (a name, a place, a word)"
        )
        p.add_argument("--article", metavar="ID", help="limit the answer to one stored article")
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.add_argument("--db", type=database_location, help=DB_HELP)
    p = sub.add_parser("stories", help="the news events: stories of several articles, newest first")
    p.add_argument("topic", nargs="*", metavar="TOPIC", help="only the stories whose articles match a topic")
    p.add_argument("--all", action="store_true", help="every story, one-article stories included")
    p.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    p.add_argument("--rebuild", action="store_true", help="file every stored article afresh first, oldest first")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--db", type=database_location, help=DB_HELP)
    p = sub.add_parser("story", help="one story in full: brief, who, where, its articles")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--db", type=database_location, help=DB_HELP)
    p = sub.add_parser(
        "worker",
        help="analyse pending articles from the shared database (run several, on any machine, on PostgreSQL)",
    )
    p.add_argument("--db", type=database_location, help=DB_HELP)
    p.add_argument("--exit-when-idle", action="store_true", help="stop once no article is pending")
    p.add_argument("--batch", type=int, default=8, help="articles claimed at a time (default 8)")
    p.add_argument(
        "--threads",
        type=int,
        help="CPU threads for the analysis (default: all cores); give each of N workers on one machine cores/N",
    )
    p.add_argument(
        "--lease",
        type=float,
        default=DEFAULT_LEASE,
        help=f"seconds a claimed batch stays this worker's without renewal (default {DEFAULT_LEASE:g});"
        " a worker that dies frees its batch after this",
    )
    sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN); stops cleanly on SIGTERM/SIGINT")
    p = sub.add_parser("check", help="check settings, database, models and queue; exit 1 if something is wrong")
    p.add_argument(
        "--live", action="store_true", help="ask the running bot's /healthz (webhook mode) instead of checking here"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = sub.add_parser("eval", help="measure briefs or extraction on ../shared/data (see bot/evaluation/)")
    p.add_argument(
        "what",
        choices=["brief", "entities", "seed", "stories", "ud", "ner"],
        help="brief: ROUGE on IndoSum dev against LEAD-3 and sumy; entities: actor and place recall"
        " on detik and InaGeo dev; seed: the seed article against tests/fixtures/seed-gold.json;"
        " stories: B-cubed and pairwise F1 against tests/fixtures/stories/gold.jsonl, with a baseline;"
        " ud: the pipeline from raw text on the UD dev sets (official scorer); ner: NER F1 per type",
    )
    p.add_argument(
        "--lang",
        choices=["id", "en"],
        default="id",
        help="ud, ner, brief: the language's models and sets (brief en: BBC News dev)",
    )
    p.add_argument("--data", type=Path, help="the shared data folder (default: BRIEFBOT_DATA or ../shared/data)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--fit",
        action="store_true",
        help="brief: refit the sentence weights, with cross-validated ROUGE; stories: fit the weights on dev",
    )
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
        configure_logging(settings)
        return run(settings)
    if args.command == "check":
        return asyncio.run(cmd_check(settings, live=args.live, as_json=args.json))
    if args.command == "eval":
        return cmd_eval(args, settings)
    command = {
        "demo": cmd_demo,
        "ingest": cmd_ingest,
        "stories": cmd_stories,
        "story": cmd_stories,
        "worker": cmd_worker,
    }.get(args.command, cmd_query)
    return asyncio.run(command(args, settings))
