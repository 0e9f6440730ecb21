"""Hostile and malformed updates through the real Application and the local Bot API server.

Three updates that used to make a handler raise, each answered as it should be now; then a few
hundred generated odd updates (hypothesis) that no handler may raise on, after which the bot
still answers /help and the stored articles are what they were.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.ingest import IngestService
from handlers import COMMANDS
from handlers.commands import WHERE_PREFIX, WHO_PREFIX
from handlers.delivery import EXPAND_PREFIX
from handlers.texts import t
from nlp.analysis import Actor, Analysis, Place, Sentence
from storage import NewArticle, open_store
from tests.conftest import ADMIN, SEED_FILE, USER, ask, running_bot
from tests.telegram_server import FakeBotApi, utf16_len

pytestmark = pytest.mark.slow  # every test here starts the Application (and its analysis worker)

GROUP = -1003003
EDITOR = 7007  # the group's admin
PAST_SQLITE = ("99999999999999999999", str(2**63), "-99999999999999999999")  # no SQLite integer holds them


async def wait_for_call(server: FakeBotApi, method: str, timeout: float = 30, **params: Any) -> dict:
    """The first call of `method` whose params include `params`, waiting for it to come."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for call in server.method_calls(method):
            if all(call.get(k) == v for k, v in params.items()):
                return call
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no {method} call with {params!r}; calls: {server.calls[-20:]!r}")
        await asyncio.sleep(0.02)


async def all_handled(app) -> None:
    """Until every update the bot has taken from the server is handled (its handler returned).

    Call it after a reply that proves the bot fetched what was pushed before it.
    """
    await asyncio.wait_for(app.update_queue.join(), 30)


def message_dict(user_id: int, chat: dict, **fields: Any) -> dict:
    return {
        "message_id": int(time.time() * 1000) % 1_000_000_000,
        "date": int(time.time()),
        "chat": chat,
        "from": {"id": user_id, "is_bot": False, "first_name": "User", "language_code": "en"},
        **fields,
    }


# ------------------------------------------------------------------ the three that used to raise


async def test_a_button_with_an_id_past_sqlite_integers_is_no_longer_stored(server, bot):
    await ask(server, "help")  # a message of the bot's, without buttons: any data may come with it
    [message] = server.sent_messages(USER)
    cases = [(f"{prefix}{n}", "detail_gone") for prefix in (WHERE_PREFIX, WHO_PREFIX) for n in PAST_SQLITE]
    cases += [(f"{EXPAND_PREFIX}{n}", "expand_gone") for n in PAST_SQLITE]
    for data, text in cases:
        update = server.push_callback_query(data, user_id=USER, message=message)
        answer = await wait_for_call(server, "answerCallbackQuery", callback_query_id=update["callback_query"]["id"])
        assert answer.get("show_alert") is True, (data, answer)
        assert answer.get("text") == t(text, "en"), (data, answer)
    await all_handled(bot)
    assert server.sent_messages(USER) == [message]  # no detail, no "something went wrong"
    assert server.errors == []


async def test_my_chat_member_without_new_chat_member_is_ignored(server, bot, caplog):
    server.chat_admins[GROUP] = [EDITOR]
    subscribed = await ask(server, "subscribe", "08:00", EDITOR, chat_id=GROUP, chat_type="supergroup")
    assert "08:00" in subscribed
    sent = len(server.sent_messages(GROUP))
    chat = server.chats[GROUP]
    change = {
        "chat": chat,
        "from": {"id": EDITOR, "is_bot": False, "first_name": "Editor"},
        "date": int(time.time()),
        "old_chat_member": {"status": "member", "user": dict(server.bot_user)},
    }
    with caplog.at_level(logging.WARNING, logger="handlers.subscriptions"):
        malformed = server.push_update({"my_chat_member": change})
        await ask(server, "help")  # taken after the malformed update
        await all_handled(bot)
    assert any(
        "without new_chat_member" in r.getMessage() and str(malformed["update_id"]) in r.getMessage()
        for r in caplog.records
    ), caplog.text
    assert len(server.sent_messages(GROUP)) == sent  # not a word to the group
    assert len(await bot.bot_data.services.briefings.subscriptions(GROUP)) == 1  # nothing acted on

    # the same update, well formed (the bot was removed): it reaches the handler, which acts
    server.push_update({"my_chat_member": {**change, "new_chat_member": {"status": "left", "user": server.bot_user}}})
    await ask(server, "help")
    await all_handled(bot)
    assert await bot.bot_data.services.briefings.subscriptions(GROUP) == []
    assert len(server.sent_messages(GROUP)) == sent


async def test_a_file_the_bot_api_refuses_to_serve_gets_a_reply_and_stores_nothing(server, bot):
    article = SEED_FILE.read_bytes()  # stored and analysed if it were downloaded
    # a file Telegram has (the metadata passes the bot's own checks) but will not serve
    update = server.push_document("article.txt", article, "text/plain", user_id=ADMIN)
    too_big = update["message"]["document"]["file_id"]
    server.unavailable_files[too_big] = "file is too big"  # before the bot can take the update
    # a file Telegram does not know (any more)
    chat = server.add_chat(ADMIN, "private", first_name="Admin")
    gone = {"file_id": "BQACAgIAAxkBAAI-gone", "file_unique_id": "AgAD-gone", "file_name": "b.txt", "file_size": 2000}
    server.push_update({"message": message_dict(ADMIN, chat, document={**gone, "mime_type": "text/plain"})})

    replies = await server.wait_for_messages(2, chat_id=ADMIN, timeout=60)
    await all_handled(bot)
    refused = {(method, params.get("file_id"), reason) for method, params, reason in server.errors}
    assert refused == {
        ("getFile", too_big, "Bad Request: file is too big"),
        ("getFile", gone["file_id"], "Bad Request: invalid file_id"),
    }
    for reply in replies:
        assert reply["text"] != t("error", "en"), reply
        assert reply["text"] == t("file_unavailable", "en"), reply
    assert len(server.sent_messages(ADMIN)) == 2
    store = bot.bot_data.services.store
    assert (await store.count_articles(), await store.pending_count()) == (0, 0)


# ------------------------------------------------------------------ generated hostile updates

BOT_USERNAME = "briefbot_test_bot"
FUZZ_USERS = (5_100_001, 5_100_002, 5_100_003)  # never admins, and never allowed to add articles
HELPER = 5_199_999  # asks /help at the end; never in a generated update
TELEGRAM_ID = 2**52  # Telegram's ids have at most 52 significant bits
ODD_NUMBERS = (
    *PAST_SQLITE,
    str(2**63 - 1),
    str(-(2**63)),
    "0",
    "-1",
    "00000000000000000000",
    "²",
    "¹²",
    "١٢",
    "𝟖",
    "1_000",
    " 7",
    "0x1f",
    "1e9",
    "NaN",
    "٠٨:٠٠",
)
ODD_WORDS = (
    "",
    " ",
    "\x00",
    "\x00\x00\x00",
    "\u202e",
    "\u200f\u202b",
    "\ufeff",
    "\u0301",
    "\uffff",
    "\U0010ffff",
    "﷽",
    "𝕳𝖊𝖑𝖑𝖔",
    "🇮🇩",
    "👨‍👩‍👧‍👦",
    "ज्ञ",
    "ـ",
    "<b>",
    "</i>",
    "<a href='javascript:x'>",
    "&",
    "&amp;",
    "&#0;",
    "'",
    '"',
    "\\",
    "%s",
    "{}",
    "{title}",
    "NEAR(",
    "*",
    "OR",
    "-",
    "^",
    ":",
    "../../etc",
    "..\\..\\",
    "https://example.invalid/a",
    "@" + BOT_USERNAME,
    "/start",
    "\n",
    "\r\n",
    "\t",
    "all",
    "semua",
    "#1",
    "timezone",
    "tz",
    "language",
    "length",
    "Asia/Jakarta",
    "America",
    "Etc",
    "America/Argentina",
    "leapseconds",
    "UTC+99",
    "UTC-0",
    "WIB",
    "id",
    "en",
    "short",
    "99:99",
    "24:00",
    "08:00",
    "8",
    "Putin",
    "Moskow",
)
CRAFTED = (
    "/who " + "W" * 10_000,
    "/who \u202eنيتوب\u202c\x00",
    "/where \u202eالقدس\x00\x00",
    "/where \u200f\x00" * 500,
    "/settings junk",
    "/settings timezone America",
    "/settings tz ../../etc/passwd",
    "/settings language klingon",
    "/settings length",
    "/settings tz",
    "/subscribe 99:99",
    "/subscribe 24:00",
    "/subscribe 08:00 " + "topik " * 2_000,
    "/subscribe ٠٨:٠٠ semua",
    "/unsubscribe ²",
    "/unsubscribe 99999999999999999999",
    "/unsubscribe #" + "9" * 30,
    "/forget ../../etc",
    "/forget " + "x" * 300,
    "/sources ²",
    "/sources 99999999999999999999",
    "/allow 99999999999999999999",
    "/disallow -99999999999999999999",
    '/brief "*NEAR(OR',
    "/brief )(",
    "/who ' OR 1=1 --",
    "/start@otherbot",
    f"/help@{BOT_USERNAME} extra",
    "/latest junk",
)


def _big() -> st.SearchStrategy[str]:
    """Long strings, up to 100 KB (in UTF-8)."""
    pieces = st.sampled_from(["a", "é", "🙂", "\u202e", "\x00", "<b>", "& ", "ज्ञ", " ", "\n"])
    return st.builds(lambda piece, n: piece * n, pieces, st.integers(1_000, 25_000))


WORD = st.one_of(st.sampled_from(ODD_WORDS), st.sampled_from(ODD_NUMBERS), st.text(max_size=20))
ARGS = st.one_of(st.lists(WORD, max_size=5).map(" ".join), _big())
USER_ID = st.one_of(st.sampled_from(FUZZ_USERS), st.integers(1, TELEGRAM_ID).filter(lambda i: i != ADMIN))
GROUP_ID = st.integers(-TELEGRAM_ID, -1)
WRONG = st.one_of(st.none(), st.integers(), st.booleans(), st.just([]), st.just({}), st.just([{"a": 1}]))


@st.composite
def command_text(draw) -> tuple[str, int]:
    """A command (text, length of the /command part); now and then a crafted one."""
    if draw(st.integers(0, 4)) == 0:
        text = draw(st.sampled_from(CRAFTED))
        return text, utf16_len(text.split(" ", 1)[0])
    name = draw(st.sampled_from((*COMMANDS, "WHO", "Help", "unknown", "x" * 40)))
    mention = draw(st.sampled_from(["", "", "@" + BOT_USERNAME, "@BriefBot_Test_Bot", "@otherbot", "@"]))
    head = f"/{name}{mention}"
    rest = draw(ARGS)
    sep = draw(st.sampled_from([" ", "  ", "\n", "\t", "\u00a0"]))
    return (head + sep + rest if rest else head), utf16_len(head)


def _entity() -> st.SearchStrategy[dict]:
    kinds = st.sampled_from(["bot_command", "url", "text_link", "mention", "bold", "pre", "junk"])
    return st.fixed_dictionaries(
        {"type": kinds, "offset": st.integers(-5, 200_000), "length": st.integers(-5, 200_000)},
        optional={"url": st.sampled_from(["https://example.invalid/", "javascript:1", "", "tg://x"])},
    )


def _user(user_id: st.SearchStrategy[int] = USER_ID) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {"id": user_id, "is_bot": st.booleans(), "first_name": st.one_of(st.text(max_size=10), _big())},
        optional={
            "language_code": st.sampled_from(["en", "id", "ms", "", "xx-YY", "ID"]),
            "username": st.text(max_size=10),
        },
    )


@st.composite
def _chat(draw, private_id: int | None = None) -> dict:
    if private_id is not None and draw(st.integers(0, 3)):
        return {"id": private_id, "type": "private", "first_name": "User"}
    kind = draw(st.sampled_from(["group", "supergroup", "channel", "private", "secret", ""]))
    chat_id = draw(GROUP_ID if kind in ("group", "supergroup", "channel") else st.integers(-TELEGRAM_ID, TELEGRAM_ID))
    chat = {"id": chat_id, "type": kind}
    if draw(st.booleans()):
        chat["title"] = draw(st.one_of(st.text(max_size=10), _big()))
    return chat


@st.composite
def message(draw, channel: bool = False) -> dict:
    """A message from a user who is not a bot admin (or a channel post), odd in some ways."""
    sender = draw(_user())
    chat = draw(_chat(private_id=None if channel else sender["id"]))
    msg: dict[str, Any] = {
        "message_id": draw(st.integers(-(2**31), 2**31)),
        "date": draw(st.one_of(st.integers(0, 2**31), st.just(int(time.time())))),
        "chat": chat,
    }
    if not channel and draw(st.integers(0, 5)):
        msg["from"] = sender
    if channel or draw(st.integers(0, 5)) == 0:
        msg["sender_chat"] = chat if draw(st.booleans()) else draw(_chat())
    body = draw(st.sampled_from(["command", "command", "command", "text", "caption", "document", "status", "empty"]))
    if body == "command":
        text, length = draw(command_text())
        msg["text"] = text
        if draw(st.integers(0, 4)):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    elif body == "text":
        msg["text"] = draw(st.one_of(ARGS, st.text(), _big()))
    elif body in ("caption", "document"):
        msg["caption"] = draw(st.one_of(ARGS, command_text().map(lambda c: c[0])))
        if body == "document":
            msg["document"] = draw(
                st.fixed_dictionaries(
                    {"file_id": st.text(max_size=20), "file_unique_id": st.text(max_size=20)},
                    optional={
                        "file_name": st.sampled_from(["a.txt", "../../etc/passwd", "x.jsonl", "", "\x00.html"]),
                        "file_size": st.integers(-1, 2**40),
                        "mime_type": st.sampled_from(["text/plain", "application/x-msdownload", ""]),
                    },
                )
            )
    elif body == "status":
        msg[draw(st.sampled_from(["migrate_to_chat_id", "migrate_from_chat_id"]))] = draw(GROUP_ID)
    if draw(st.integers(0, 3)) == 0:
        msg["entities" if "text" in msg else "caption_entities"] = draw(st.lists(_entity(), max_size=4))
    if draw(st.integers(0, 5)) == 0:
        msg["forward_origin"] = draw(
            st.one_of(
                st.just({"type": "channel", "chat": {"id": -100777, "type": "channel"}, "message_id": 1, "date": 1}),
                st.just({"type": "hidden_user", "sender_user_name": "x", "date": 1}),
                st.just({"type": "junk", "date": 1}),
            )
        )
    if draw(st.integers(0, 7)) == 0:  # a field of the wrong type, or a required one missing
        key = draw(st.sampled_from(["text", "entities", "caption", "from", "chat", "date", "message_id"]))
        if draw(st.booleans()):
            msg[key] = draw(WRONG)
        else:
            msg.pop(key, None)
    return msg


@st.composite
def admin_command(draw) -> dict:
    """A command of a bot admin in their private chat, with odd arguments (never an article:
    those are analysed by Stanza, and a text with links would be fetched)."""
    text, length = draw(command_text())
    if "allow" in text[:length].lower():  # no chat of a generated update may become allowed to add articles
        text = f"{text[:length]} {draw(st.sampled_from((*PAST_SQLITE, '²', 'abc', '')))}".rstrip()
    chat = {"id": ADMIN, "type": "private", "first_name": "Admin"}
    sender = {"id": ADMIN, "is_bot": False, "first_name": "Admin", "language_code": "en"}
    return {
        "message_id": draw(st.integers(1, 2**31)),
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": length}],
    }


CALLBACK_PREFIXES = (WHO_PREFIX, WHERE_PREFIX, EXPAND_PREFIX, "", "junk:", WHO_PREFIX + WHERE_PREFIX)


@st.composite
def callback_query(draw) -> dict:
    sender = draw(_user())
    query: dict[str, Any] = {
        "id": str(draw(st.integers(0, 2**63))),
        "from": sender,
        "chat_instance": draw(st.text(max_size=10)),
    }
    data = draw(st.sampled_from(CALLBACK_PREFIXES)) + draw(
        st.one_of(st.sampled_from(ODD_NUMBERS), st.integers(-5, 5).map(str), st.text(max_size=30), _big())
    )
    if draw(st.integers(0, 7)):
        query["data"] = data
    where = draw(st.sampled_from(["message", "message", "inaccessible", "inline", "none"]))
    if where == "message":
        chat = draw(_chat(private_id=sender["id"]))
        query["message"] = {
            "message_id": draw(st.integers(-(2**31), 2**31)),
            "date": int(time.time()),
            "chat": chat,
            "text": draw(st.text(max_size=10)),
        }
    elif where == "inaccessible":
        query["message"] = {"message_id": draw(st.integers(1, 2**31)), "date": 0, "chat": draw(_chat())}
    elif where == "inline":
        query["inline_message_id"] = draw(st.text(max_size=10))
    if draw(st.integers(0, 9)) == 0:
        query[draw(st.sampled_from(["data", "message", "from"]))] = draw(WRONG)
    return query


@st.composite
def chat_member_update(draw) -> dict:
    member = st.fixed_dictionaries(
        {
            "status": st.sampled_from(["member", "left", "kicked", "creator", "restricted", "junk", ""]),
            "user": st.one_of(_user(), st.just({"id": 123456, "is_bot": True, "first_name": "BriefBot Test"})),
        },
        optional={"until_date": st.integers(0, 2**31), "is_anonymous": st.booleans()},
    )
    change: dict[str, Any] = {"chat": draw(_chat()), "from": draw(_user()), "date": int(time.time())}
    for key in ("old_chat_member", "new_chat_member"):
        if draw(st.integers(0, 3)):  # else missing, as in the update that used to raise
            change[key] = draw(member if draw(st.integers(0, 5)) else WRONG)
    return change


UPDATE = st.one_of(
    st.builds(lambda m: {"message": m}, message()),
    st.builds(lambda m: {"edited_message": m}, message()),
    st.builds(lambda m: {"channel_post": m}, message(channel=True)),
    st.builds(lambda m: {"message": m}, admin_command()),
    st.builds(lambda q: {"callback_query": q}, callback_query()),
    st.builds(lambda c: {"my_chat_member": c}, chat_member_update()),
    st.builds(lambda m, q: {"message": m, "callback_query": q}, message(), callback_query()),  # two in one
)


def _private_command(user_id: int, text: str) -> dict:
    chat = {"id": user_id, "type": "private", "first_name": "User"}
    sender = {"id": user_id, "is_bot": False, "first_name": "User", "language_code": "en"}
    head = text.split(" ", 1)[0]
    entities = [{"type": "bot_command", "offset": 0, "length": utf16_len(head)}]
    return {
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            "text": text,
            "entities": entities,
        }
    }


def crafted_examples() -> list[list[dict]]:
    """Each crafted command from a user with a briefing (so /unsubscribe has one to look at),
    and from a bot admin."""
    user = FUZZ_USERS[0]
    return [
        [_private_command(user, "/subscribe 08:00"), _private_command(user, text), _private_command(ADMIN, text)]
        for text in CRAFTED
    ]


def _chats_in(data: Any) -> list[dict]:
    """Every chat object an update carries (replies go to them)."""
    found = []
    if isinstance(data, dict):
        chat = data.get("chat")
        if isinstance(chat, dict) and type(chat.get("id")) is int:
            found.append(chat)
        for value in data.values():
            found.extend(_chats_in(value))
    return found


def _breaks_the_library(data: dict) -> bool:
    """An update python-telegram-bot reads without complaint but then fails on itself, in its
    filters, before any handler of ours runs: a message without a chat, or a text, caption,
    entity list or message id of the wrong type. Telegram's schema rules these out; the bot's
    code never sees them whole, so they count as rejected."""
    messages = [data.get(k) for k in ("message", "edited_message", "channel_post")]
    query = data.get("callback_query")
    if isinstance(query, dict):
        messages.append(query.get("message"))
    for msg in messages:
        if not isinstance(msg, dict):
            continue
        chat = msg.get("chat")
        if not isinstance(chat, dict) or type(chat.get("id")) is not int or not isinstance(chat.get("type"), str):
            return True
        if type(msg.get("message_id")) is not int:
            return True
        if any(k in msg and not isinstance(msg[k], str) for k in ("text", "caption")):
            return True
        if any(k in msg and not isinstance(msg[k], list) for k in ("entities", "caption_entities")):
            return True
    return False


def _query_ids(data: dict) -> list[str]:
    query = data.get("callback_query")
    return [str(query["id"])] if isinstance(query, dict) and "id" in query else []


def seeded_analysis() -> tuple[NewArticle, Analysis]:
    text = "Presiden Rusia Vladimir Putin memuji Li Qiang di Moskow. Kremlin menyambut kunjungan itu."
    article = NewArticle(
        ext_id="hostile0001",
        title="Putin di Rusia",
        raw_text=text,
        text=text,
        content_hash="hostile0001",
        language="id",
        source="Kantor Berita",
        url="https://example.org/hostile0001",
    )
    sentences = [
        Sentence(index=0, text="Presiden Rusia Vladimir Putin memuji Li Qiang di Moskow.", words=9, complete=True),
        Sentence(index=1, text="Kremlin menyambut kunjungan itu.", words=4, complete=True),
    ]
    analysis = Analysis(
        language="id",
        sentences=sentences,
        actors=[
            Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [0], ["Putin"]),
            Actor("Li Qiang", "PER", [], [0]),
            Actor("Kremlin", "ORG", [], [1]),
        ],
        places=[Place("Moskow", [0], "Moscow", "city", "Russian Federation", "RU")],
        brief=[0, 1],
    )
    return article, analysis


def snapshot(db_path: Path) -> dict[str, list]:
    """What is stored about articles (the subscriptions and settings may change)."""
    tables = {
        "articles": "SELECT id, ext_id, content_hash, title, status, added_by FROM articles ORDER BY id",
        "sentences": "SELECT article_id, idx, text FROM sentences ORDER BY article_id, idx",
        "mentions": "SELECT article_id, sentence_idx, actor_id, place_id FROM mentions ORDER BY 1, 2, 3, 4",
        "actors": "SELECT id, name, mentions, articles FROM actors ORDER BY id",
        "places": "SELECT id, name, mentions, articles FROM places ORDER BY id",
    }
    with sqlite3.connect(db_path) as db:
        return {name: db.execute(sql).fetchall() for name, sql in tables.items()}


async def test_generated_hostile_updates_raise_in_no_handler(server, tmp_path, monkeypatch):
    async def no_ingest(*args: object, **kwargs: object) -> None:
        raise AssertionError("a generated update reached an ingestion: the generator let an article in")

    monkeypatch.setattr(IngestService, "ingest_post", no_ingest)  # Stanza (or a fetch) would take the time
    monkeypatch.setattr(IngestService, "ingest_file", no_ingest)
    db_path = tmp_path / "bot.sqlite3"
    store = await open_store(db_path)
    await store.add_article(*seeded_analysis())  # ids 1.. exist: buttons and /forget find something
    await store.close()
    before = snapshot(db_path)
    assert before["articles"] and before["actors"] and before["places"]

    async with running_bot(server, db_path) as app:
        loop = asyncio.get_running_loop()
        raised: list[tuple[object, BaseException]] = []
        counts = {"accepted": 0, "rejected": 0}

        async def collect(update: object, context) -> None:
            raised.append((update, context.error))

        app.add_error_handler(collect)

        async def feed(updates: list[dict]) -> list[tuple[object, BaseException]]:
            raised.clear()
            for number, payload in enumerate(updates):
                data = {"update_id": number + 1, **copy.deepcopy(payload)}
                if _breaks_the_library(data):
                    counts["rejected"] += 1
                    continue
                for chat in _chats_in(data):  # Telegram only sends updates from chats that exist
                    server.chats.setdefault(chat["id"], {k: v for k, v in chat.items() if k != "title"})
                server._pending_queries.update(_query_ids(data))  # a click the bot can answer
                try:
                    update = Update.de_json(data, app.bot)
                except Exception:  # python-telegram-bot could not read it: never reaches the bot
                    counts["rejected"] += 1
                    continue
                counts["accepted"] += 1
                await app.process_update(update)
            return list(raised)

        def no_handler_raises(updates: list[dict]) -> None:
            errors = asyncio.run_coroutine_threadsafe(feed(updates), loop).result(timeout=60)
            assert errors == [], f"{[repr(e) for _, e in errors]} for {updates!r}"[:3000]

        run = given(st.lists(UPDATE, min_size=1, max_size=3))(no_handler_raises)
        for updates in crafted_examples():  # the known-nasty commands, every run, besides the random ones
            run = example(updates)(run)
        run = settings(
            max_examples=300,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        )(run)
        await asyncio.to_thread(run)

        total = counts["accepted"] + counts["rejected"]
        assert counts["accepted"] > 0.7 * total, counts
        help_text = await ask(server, "help", user=HELPER)
        assert help_text == t("help", "en") + t("help_briefings", "en")
    assert snapshot(db_path) == before
