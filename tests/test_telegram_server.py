"""Tests of the local fake Bot API server, driven by a real PTB Application over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MessageOriginChannel, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

try:
    from tests.telegram_server import FakeBotApi
except ImportError:  # tests/ is not a package: pytest put tests/ itself on sys.path
    from telegram_server import FakeBotApi  # type: ignore[no-redef]

USER = 42
WAIT = 5.0


async def finished(event: asyncio.Event) -> None:
    """Wait for a handler to finish: the server records a call before the bot reads the answer."""
    await asyncio.wait_for(event.wait(), WAIT)


@dataclass
class Harness:
    """A running PTB Application wired to the fake server, plus the handler errors it saw."""

    app: Application
    server: FakeBotApi
    errors: list[BaseException] = field(default_factory=list)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    srv = FakeBotApi()
    await srv.start()
    yield srv
    await srv.stop()


@pytest_asyncio.fixture
async def harness(server: FakeBotApi) -> AsyncIterator[Harness]:
    app = ApplicationBuilder().token(server.token).base_url(server.base_url).base_file_url(server.base_file_url).build()
    h = Harness(app=app, server=server)

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        h.errors.append(context.error)

    app.add_error_handler(on_error)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=1, poll_interval=0)
    try:
        yield h
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert h.errors == [], f"handler errors: {h.errors!r}"


@pytest.mark.asyncio
async def test_command_reply_is_recorded(harness: Harness) -> None:
    server = harness.server
    replies = []
    done = asyncio.Event()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.effective_user is not None
        assert context.args == ["now"]
        sent = await update.message.reply_text(
            f"Hello <b>{update.effective_user.first_name}</b> &amp; welcome",
            parse_mode=ParseMode.HTML,
        )
        replies.append(sent)
        done.set()

    harness.app.add_handler(CommandHandler("start", start))
    server.push_command("start", "now", user_id=USER, first_name="Ayu")

    messages = await server.wait_for_messages(1, chat_id=USER, timeout=WAIT)
    assert messages[0]["text"] == "Hello <b>Ayu</b> &amp; welcome"
    assert messages[0]["parse_mode"] == "HTML"
    assert messages[0]["chat_id"] == USER  # JSON-decoded from the form value
    await finished(done)
    sent = replies[0]
    assert sent.text == "Hello Ayu & welcome"
    assert sent.from_user.id == harness.app.bot.id
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 6, 3)]
    methods = [name for name, _ in server.calls]
    assert methods[0] == "getMe" and "getUpdates" in methods and "sendMessage" in methods
    assert harness.errors == []


@pytest.mark.asyncio
async def test_forwarded_channel_post(harness: Harness) -> None:
    server = harness.server
    origins = []

    async def forwarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        origin = update.message.forward_origin
        assert isinstance(origin, MessageOriginChannel)
        origins.append((origin.chat.id, origin.chat.title, origin.message_id))
        await update.message.reply_text("got it")

    harness.app.add_handler(MessageHandler(filters.FORWARDED, forwarded))
    server.push_forward_from_channel("Gempa di Palu", user_id=USER)

    await server.wait_for_messages(1, chat_id=USER, timeout=WAIT)
    assert origins == [(-1001234, "Kantor Berita", 77)]
    assert harness.errors == []


@pytest.mark.asyncio
async def test_malformed_html_is_rejected(harness: Harness) -> None:
    server = harness.server
    bot = harness.app.bot
    server.add_chat(USER)

    for bad in ("<b>bold</i>", "line<br>break", "<b>open", "a < b", "AT&T", "<span>x</span>"):
        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.send_message(USER, bad, parse_mode=ParseMode.HTML)

    ok = await bot.send_message(USER, '<a href="https://x.test/?a=1&b=2">AT&amp;T</a> &lt;3 &#x27;', parse_mode="HTML")
    assert ok.text == "AT&T <3 '"
    assert ok.entities[0].url == "https://x.test/?a=1&b=2"
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(USER, "  <b> </b> ", parse_mode="HTML")
    assert len(server.sent_messages(USER)) == 1
    assert len(server.errors) == 7


@pytest.mark.asyncio
async def test_long_message_is_rejected(harness: Harness) -> None:
    server = harness.server
    bot = harness.app.bot
    server.add_chat(USER)

    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(USER, "x" * 5000)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(USER, "😀" * 2049)  # 4,098 UTF-16 code units
    await bot.send_message(USER, "x" * 4096)
    assert [len(m["text"]) for m in server.sent_messages(USER)] == [4096]


@pytest.mark.asyncio
async def test_document_is_downloadable(harness: Harness) -> None:
    server = harness.server
    content = b"%PDF-1.4 laporan harian\n" * 100
    downloaded = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.document is not None
        document = update.message.document
        data = await (await context.bot.get_file(document.file_id)).download_as_bytearray()
        downloaded.append((document.file_name, document.mime_type, update.message.caption, data))
        await update.message.reply_text(f"{len(data)} bytes")

    harness.app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    server.push_document("laporan.pdf", content, "application/pdf", user_id=USER, caption="laporan")

    messages = await server.wait_for_messages(1, chat_id=USER, timeout=WAIT)
    assert messages[0]["text"] == f"{len(content)} bytes"
    assert downloaded == [("laporan.pdf", "application/pdf", "laporan", bytearray(content))]

    sent = await harness.app.bot.send_document(USER, b"a,b\n1,2\n", filename="data.csv")
    assert sent.document.file_name == "data.csv"
    assert server.sent_documents(USER)[0]["document"]["content"] == b"a,b\n1,2\n"


@pytest.mark.asyncio
async def test_button_click_edit_and_not_modified(harness: Harness) -> None:
    server = harness.server
    outcomes = []
    done = asyncio.Event()

    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
        await update.message.reply_text("Summary", reply_markup=keyboard)

    async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text("Details")
        try:
            await query.edit_message_text("Details")
        except BadRequest as exc:
            outcomes.append(str(exc))
        done.set()

    harness.app.add_handler(CommandHandler("menu", menu))
    harness.app.add_handler(CallbackQueryHandler(more, pattern="^more$"))
    server.push_command("menu", user_id=USER)
    first = (await server.wait_for_messages(1, chat_id=USER, timeout=WAIT))[0]
    assert first["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "more"

    server.push_callback_query("more", user_id=USER, message=first)
    messages = await server.wait_for_messages(2, chat_id=USER, timeout=WAIT)
    assert messages[1]["text"] == "Details" and "message_id" in messages[1]
    await finished(done)
    assert len(outcomes) == 1 and "not modified" in outcomes[0].lower()
    assert server.bot_messages(USER)[0]["text"] == "Details"
    assert "reply_markup" not in server.bot_messages(USER)[0]  # edit without markup drops it
    assert [name for name, _ in server.calls].count("answerCallbackQuery") == 1


@pytest.mark.asyncio
async def test_group_admins_and_commands(harness: Harness) -> None:
    server = harness.server
    bot = harness.app.bot
    group = -100555
    server.chat_admins[group] = [7, 8]
    server.push_text("hai", user_id=9, chat_id=group, chat_type="supergroup")

    admins = await bot.get_chat_administrators(group)
    assert [(a.user.id, a.status) for a in admins] == [(7, "creator"), (8, "administrator")]
    assert (await bot.get_chat_member(group, 9)).status == "member"
    chat = await bot.get_chat(group)
    assert chat.type == "supergroup" and chat.max_reaction_count == 11
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(-100999, "hello")

    await bot.set_my_commands([("start", "Mulai"), ("brief", "Ringkasan")])
    assert server.commands == [
        {"command": "start", "description": "Mulai"},
        {"command": "brief", "description": "Ringkasan"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "brief"]
    with pytest.raises(BadRequest, match="(?i)method sendPoll is not emulated"):
        await bot.send_poll(group, "q?", ["a", "b"])
