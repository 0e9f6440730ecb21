"""A small local Telegram Bot API server for tests, built on aiohttp.

Start it inside the test's event loop and point a real PTB ``Application`` at it::

    server = FakeBotApi()
    await server.start()
    app = (
        ApplicationBuilder()
        .token(server.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )

The server is deliberately as strict as Telegram where a bot can get things wrong: HTML
markup is parsed (unsupported tags, unbalanced tags and unescaped ``<``/``&`` are rejected),
texts over 4,096 UTF-16 code units and empty texts are rejected, an edit that changes nothing
answers "message is not modified", unknown chats/messages/files/callback queries are 400s.

Not emulated: webhook delivery (``setWebhook`` is stored, updates are only served through
``getUpdates``), inline mode, Markdown/MarkdownV2 validation (text is passed through as-is),
and every API method not listed in ``FakeBotApi._METHODS`` (400 "method X is not emulated").
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

JSONDict = dict[str, Any]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

# Parameters PTB sends as plain strings: never JSON-decode them (a text "123" stays "123").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "file_id",
        "url",
        "action",
        "language_code",
        "secret_token",
        "ip_address",
        "title",
        "description",
        "short_description",
        "name",
        "emoji",
        "business_connection_id",
        "custom_title",
        "filename",
    }
)

# Update types Telegram delivers when allowed_updates was never set (or set to []).
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_URL_RE = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)


class ApiError(Exception):
    """An error answered to the bot as ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as Telegram counts offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# HTML parse_mode, following Telegram's (tdlib's) parser, a little stricter about '&'
# --------------------------------------------------------------------------------------------

_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME_RE = re.compile(r"[A-Za-z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")
_UNQUOTED_VALUE_RE = re.compile(r"[^\s>]+")


class HtmlParseError(Exception):
    """Raised for markup Telegram would answer with "can't parse entities"."""


def _decode_entity(match: re.Match[str]) -> str | None:
    named, dec, hexa = match.groups()
    if named:
        return _HTML_NAMED[named]
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _decode_attr_value(raw: str) -> str:
    # Inside attribute values Telegram keeps a bare '&' (URLs with query strings work).
    def repl(m: re.Match[str]) -> str:
        decoded = _decode_entity(m)
        return m.group(0) if decoded is None else decoded

    return _HTML_ENTITY_RE.sub(repl, raw)


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-HTML into (plain text, message entities); raise HtmlParseError if invalid."""

    def byte_offset(index: int) -> int:
        return len(text[:index].encode("utf-8"))

    out: list[str] = []
    pos16 = 0
    stack: list[JSONDict] = []
    entities: list[JSONDict] = []
    i, n = 0, len(text)

    while i < n:
        ch = text[i]
        if ch == "&":
            m = _HTML_ENTITY_RE.match(text, i)
            decoded = _decode_entity(m) if m else None
            if m is None or decoded is None:
                raise HtmlParseError(
                    f"Character '&' at byte offset {byte_offset(i)} is not a part of an HTML "
                    "entity and must be escaped as &amp;"
                )
            out.append(decoded)
            pos16 += utf16_len(decoded)
            i = m.end()
            continue
        if ch != "<":
            out.append(ch)
            pos16 += 2 if ord(ch) > 0xFFFF else 1
            i += 1
            continue

        tag_start = i
        if text.startswith("</", i):
            end = text.find(">", i + 2)
            if end < 0:
                raise HtmlParseError(f"Unclosed end tag at byte offset {byte_offset(tag_start)}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {byte_offset(tag_start)}")
            top = stack.pop()
            if name != top["tag"]:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {byte_offset(tag_start)}, "
                    f'expected "</{top["tag"]}>", found "</{name}>"'
                )
            length = pos16 - top["offset"]
            language = top["extra"].get("language") if top["tag"] == "code" else None
            if language and stack and stack[-1]["tag"] == "pre":
                stack[-1]["extra"]["language"] = language  # <pre><code class="language-x">
            elif length > 0 and top["type"] is not None:
                extra = {k: v for k, v in top["extra"].items() if k != "language" or top["tag"] == "pre"}
                entities.append({"type": top["type"], "offset": top["offset"], "length": length, **extra})
            i = end + 1
            continue

        m = _TAG_NAME_RE.match(text, i + 1)
        assert m is not None
        name = m.group(0).lower()
        if name not in _HTML_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset(tag_start)}')
        j = m.end()
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j].isspace():
                j += 1
            if j >= n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {byte_offset(tag_start)}")
            if text[j] == ">":
                j += 1
                break
            am = _ATTR_NAME_RE.match(text, j)
            if am is None:
                raise HtmlParseError(f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(j)}')
            attr_name = am.group(0).lower()
            j = am.end()
            while j < n and text[j].isspace():
                j += 1
            value = ""
            if j < n and text[j] == "=":
                j += 1
                while j < n and text[j].isspace():
                    j += 1
                if j >= n:
                    raise HtmlParseError(f"Unclosed start tag at byte offset {byte_offset(tag_start)}")
                if text[j] in "\"'":
                    close = text.find(text[j], j + 1)
                    if close < 0:
                        raise HtmlParseError(f"Unclosed end of attribute value at byte offset {byte_offset(j)}")
                    value = _decode_attr_value(text[j + 1 : close])
                    j = close + 1
                else:
                    vm = _UNQUOTED_VALUE_RE.match(text, j)
                    if vm is None:
                        raise HtmlParseError(f"Empty attribute value at byte offset {byte_offset(j)}")
                    value = _decode_attr_value(vm.group(0))
                    j = vm.end()
            attrs[attr_name] = value

        entity_type: str | None = _HTML_TAGS[name]
        extra: JSONDict = {}
        if name == "a":
            if attrs.get("href"):
                extra["url"] = attrs["href"]
            else:
                entity_type = None  # Telegram drops a link without a target
        elif name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(tag_start)}')
        elif name == "tg-emoji":
            if not attrs.get("emoji-id"):
                raise HtmlParseError(
                    f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {byte_offset(tag_start)}'
                )
            extra["custom_emoji_id"] = attrs["emoji-id"]
        elif name == "blockquote" and "expandable" in attrs:
            entity_type = "expandable_blockquote"
        elif name == "code" and attrs.get("class", "").startswith("language-"):
            extra["language"] = attrs["class"][len("language-") :]
        stack.append({"tag": name, "type": entity_type, "offset": pos16, "extra": extra})
        i = j

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _trim(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip surrounding whitespace like Telegram does, shifting and clipping entities."""
    core = text.strip()
    if core == text:
        return text, entities
    left16 = utf16_len(text[: len(text) - len(text.lstrip())])
    core16 = utf16_len(core)
    trimmed: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - left16, 0)
        end = min(entity["offset"] + entity["length"] - left16, core16)
        if end > start:
            trimmed.append({**entity, "offset": start, "length": end - start})
    return core, trimmed


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """Local emulation of the Telegram Bot API for one bot, served over real HTTP."""

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "briefbot_test_bot") -> None:
        """Create the server (not yet listening); the bot's user id is the token's prefix."""
        self.token = token
        self.bot_username = bot_username
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "BriefBot Test",
            "username": bot_username,
        }
        #: every API method called, with its decoded params, in order (failed calls included)
        self.calls: list[tuple[str, JSONDict]] = []
        #: calls answered with an error: (method, params, description)
        self.errors: list[tuple[str, JSONDict, str]] = []
        #: what the last setMyCommands call set
        self.commands: list[JSONDict] = []
        #: group admins per chat id; the first user id listed is the chat's creator
        self.chat_admins: dict[int, list[int]] = {}
        #: private chats whose user blocked the bot (sending answers 403)
        self.blocked_users: set[int] = set()
        #: known chats by id (filled by the push helpers and add_chat)
        self.chats: dict[int, JSONDict] = {}
        #: known users by id
        self.users: dict[int, JSONDict] = {}
        #: file_id -> reason: getFile answers "400 Bad Request: <reason>" for these files, as
        #: Telegram does for one over the Bot API's download limit or one it no longer keeps
        self.unavailable_files: dict[str, str] = {}

        self._members: dict[int, set[int]] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._files: dict[str, JSONDict] = {}  # file_id -> {meta..., "content": bytes}
        self._file_paths: dict[str, str] = {}  # file_path -> file_id
        self._pending_queries: set[str] = set()
        self._command_sets: dict[str, list[JSONDict]] = {}
        self._last_commands_key: str | None = None
        self._sent: list[tuple[int, JSONDict, JSONDict]] = []  # (chat_id, params, result)
        self._sent_documents: list[tuple[int, JSONDict, JSONDict]] = []
        self._result_by_params: dict[int, JSONDict] = {}
        self._sent_changed = asyncio.Event()
        self._waiters: set[asyncio.Future[None]] = set()
        self._poll_generation = 0
        self._allowed_updates: set[str] | None = None
        self._webhook: JSONDict | None = None
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        self._METHODS: dict[str, Callable[[JSONDict], Awaitable[Any]]] = {
            name.lower(): getattr(self, f"_m_{name}")
            for name in (
                "getMe",
                "getUpdates",
                "setWebhook",
                "deleteWebhook",
                "getWebhookInfo",
                "sendMessage",
                "editMessageText",
                "deleteMessage",
                "sendChatAction",
                "answerCallbackQuery",
                "getChat",
                "getChatMember",
                "getChatAdministrators",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "getFile",
                "sendDocument",
            )
        }

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/file/{tail:.*}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_api)
        self._runner = web.AppRunner(app, shutdown_timeout=1, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self._port = server.sockets[0].getsockname()[1]
        self._stopping = False

    async def stop(self) -> None:
        """Wake pending long polls (they answer an empty list) and shut the server down."""
        self._stopping = True
        self._wake_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url``: PTB appends the token itself."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ---------------------------------------------------------------- test-side: chats & updates

    def add_chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        *,
        title: str | None = None,
        username: str | None = None,
        first_name: str = "User",
    ) -> JSONDict:
        """Make a chat known to the server (as if the bot had joined it) and return it."""
        if chat_type == "private":
            user = self._remember_user(chat_id, first_name=first_name, username=username)
            chat: JSONDict = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if username:
                chat["username"] = username
        elif chat_type in ("group", "supergroup", "channel"):
            if chat_id >= 0:
                raise ValueError(f"{chat_type} chat ids are negative, got {chat_id}")
            chat = {"id": chat_id, "type": chat_type, "title": title or f"Test {chat_type.title()}"}
            if username:
                chat["username"] = username
        else:
            raise ValueError(f"unknown chat type {chat_type!r}")
        self.chats[chat_id] = chat
        return chat

    def push_update(self, payload: JSONDict) -> JSONDict:
        """Enqueue a raw update (e.g. ``{"channel_post": {...}}``); ``update_id`` is assigned."""
        update = {"update_id": next(self._update_ids), **payload}
        self._updates.append(update)
        self._wake_pollers()
        return update

    def push_text(
        self,
        text: str,
        *,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str = "User",
        username: str | None = None,
        chat_title: str | None = None,
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        """Enqueue a text message from a user (private chat by default) and return the update."""
        message = self._incoming(user_id, chat_id, chat_type, language_code, first_name, username, chat_title)
        message["text"] = text
        if entities:
            message["entities"] = entities
        return self._push_message(message)

    def push_command(
        self,
        command: str,
        args: str = "",
        *,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str = "User",
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        """Enqueue ``/command args`` with a bot_command entity at offset 0 (``start@bot`` works)."""
        command_text = "/" + command.lstrip("/")
        text = f"{command_text} {args}" if args else command_text
        return self.push_text(
            text,
            user_id=user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            language_code=language_code,
            first_name=first_name,
            username=username,
            chat_title=chat_title,
            entities=[{"type": "bot_command", "offset": 0, "length": utf16_len(command_text)}],
        )

    def push_forward_from_channel(
        self,
        text: str,
        *,
        user_id: int,
        channel_id: int = -1001234,
        channel_title: str = "Kantor Berita",
        message_id: int = 77,
        channel_username: str | None = None,
        entities: list[JSONDict] | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str = "User",
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        """Enqueue a channel post forwarded by a user (``forward_origin`` of type channel)."""
        message = self._incoming(user_id, chat_id, chat_type, language_code, first_name, username, chat_title)
        channel: JSONDict = {"id": channel_id, "type": "channel", "title": channel_title}
        if channel_username:
            channel["username"] = channel_username
        message["forward_origin"] = {
            "type": "channel",
            "chat": channel,
            "message_id": message_id,
            "date": message["date"] - 60,
        }
        message["text"] = text
        if entities:
            message["entities"] = entities
        return self._push_message(message)

    def push_document(
        self,
        file_name: str,
        content: bytes,
        mime_type: str,
        *,
        user_id: int,
        caption: str | None = None,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str = "User",
        username: str | None = None,
        chat_title: str | None = None,
    ) -> JSONDict:
        """Enqueue a document message; its bytes are served through getFile + /file/bot<token>/."""
        message = self._incoming(user_id, chat_id, chat_type, language_code, first_name, username, chat_title)
        message["document"] = self._store_file(content, file_name, mime_type)
        if caption is not None:
            message["caption"] = caption
        return self._push_message(message)

    def push_callback_query(
        self,
        data: str,
        *,
        user_id: int,
        message: JSONDict,
        language_code: str | None = "en",
        first_name: str = "User",
        username: str | None = None,
    ) -> JSONDict:
        """Enqueue a button click on ``message``.

        ``message`` is a Message dict (``bot_messages()``) or a params dict returned by
        ``sent_messages()``/``wait_for_messages()``. The current state of the message is used;
        if it has an inline keyboard, ``data`` must be one of its buttons' callback_data.
        """
        resolved = self._resolve_message_arg(message)
        keyboard = (resolved.get("reply_markup") or {}).get("inline_keyboard")
        if keyboard is not None:
            choices = [b.get("callback_data") for row in keyboard for b in row]
            if data not in choices:
                raise ValueError(f"no button with callback_data {data!r}; buttons: {choices}")
        user = self._remember_user(user_id, first_name=first_name, language_code=language_code, username=username)
        query_id = str(next(self._query_ids) * 1_000_003)
        self._pending_queries.add(query_id)
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": resolved,
                    "chat_instance": str(abs(resolved["chat"]["id"]) * 7 + 1),
                    "data": data,
                }
            }
        )

    # ---------------------------------------------------------------- test-side: reading

    def method_calls(self, method: str) -> list[JSONDict]:
        """Params of every call of ``method`` (case-insensitive), in order."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    def sent_messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """Params of successful sendMessage / editMessageText calls (to ``chat_id``), in order.

        An edit is told apart by its ``message_id`` param.
        """
        return [params for cid, params, _ in self._sent if chat_id is None or cid == chat_id]

    def sent_documents(self, chat_id: int | None = None) -> list[JSONDict]:
        """Params of successful sendDocument calls (uploads: {file_name, mime_type, content})."""
        return [params for cid, params, _ in self._sent_documents if chat_id is None or cid == chat_id]

    def bot_messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """Current state of the messages the bot sent and did not delete (Message dicts)."""
        return [
            dict(msg)
            for (cid, _), msg in sorted(self._messages.items(), key=lambda kv: kv[0][1])
            if msg.get("from", {}).get("id") == self.bot_id and (chat_id is None or cid == chat_id)
        ]

    async def wait_for_messages(
        self, count: int, *, chat_id: int | None = None, timeout: float = 30.0
    ) -> list[JSONDict]:
        """Wait until at least ``count`` messages were sent (to ``chat_id``); return them all.

        Raises AssertionError listing what was sent (and any rejected call) on timeout.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            messages = self.sent_messages(chat_id)
            if len(messages) >= count:
                return messages
            remaining = deadline - loop.time()
            if remaining <= 0:
                sent = [(p.get("chat_id"), p.get("text")) for p in messages]
                raise AssertionError(
                    f"expected {count} message(s) to chat {chat_id}, got {len(messages)} after "
                    f"{timeout}s: {sent!r}; rejected calls: {self.errors!r}"
                )
            event = self._sent_changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass

    # ---------------------------------------------------------------- internals: test side

    def _wake_pollers(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)

    def _notify_sent(self) -> None:
        self._sent_changed.set()
        self._sent_changed = asyncio.Event()

    def _remember_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        language_code: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        user = self.users.setdefault(user_id, {"id": user_id, "is_bot": False, "first_name": first_name or "User"})
        if first_name:
            user["first_name"] = first_name
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        return dict(user)

    def _incoming(
        self,
        user_id: int,
        chat_id: int | None,
        chat_type: str,
        language_code: str | None,
        first_name: str,
        username: str | None,
        chat_title: str | None,
    ) -> JSONDict:
        user = self._remember_user(user_id, first_name=first_name, language_code=language_code, username=username)
        if chat_type == "private":
            if chat_id is not None and chat_id != user_id:
                raise ValueError("a private chat's id is the user's id")
            chat = self.add_chat(user_id, "private", first_name=first_name, username=username)
        elif chat_type in ("group", "supergroup"):
            if chat_id is None:
                raise ValueError(f"a {chat_type} message needs a (negative) chat_id")
            existing = self.chats.get(chat_id)
            if existing is not None and existing["type"] == chat_type and chat_title is None:
                chat = existing
            else:
                chat = self.add_chat(chat_id, chat_type, title=chat_title)
        else:
            raise ValueError(f"push helpers support private/group/supergroup, not {chat_type!r}")
        self._members.setdefault(chat["id"], set()).add(user_id)
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": dict(chat),
            "from": user,
        }

    def _push_message(self, message: JSONDict) -> JSONDict:
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return self.push_update({"message": message})

    def _resolve_message_arg(self, message: JSONDict) -> JSONDict:
        if "message_id" in message and "chat" in message:
            found = self._messages.get((message["chat"]["id"], message["message_id"]))
            return dict(found) if found is not None else dict(message)
        result = self._result_by_params.get(id(message))
        if result is None:
            raise ValueError("message must be a Message dict (see bot_messages()) or params from sent_messages()")
        found = self._messages.get((result["chat"]["id"], result["message_id"]))
        return dict(found if found is not None else result)

    def _store_file(self, content: bytes, file_name: str | None, mime_type: str | None) -> JSONDict:
        number = next(self._file_ids)
        file_id = f"BQACAgIAAxkBAAI{number:06d}"
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        meta: JSONDict = {
            "file_id": file_id,
            "file_unique_id": f"AgAD{number:06d}",
            "file_size": len(content),
        }
        if file_name:
            meta["file_name"] = file_name
        if mime_type:
            meta["mime_type"] = mime_type
        path = f"documents/file_{number}{suffix}"
        self._files[file_id] = {**meta, "file_path": path, "content": bytes(content)}
        self._file_paths[path] = file_id
        return meta

    # ---------------------------------------------------------------- internals: HTTP

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        prefix = f"/file/bot{self.token}/"
        path = request.path
        if not path.startswith(prefix):
            return self._error_response(ApiError(404, "Not Found"))
        file_id = self._file_paths.get(path[len(prefix) :])
        if file_id is None:
            return self._error_response(ApiError(404, "Not Found"))
        stored = self._files[file_id]
        return web.Response(
            body=stored["content"],
            content_type=stored.get("mime_type") or "application/octet-stream",
        )

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        match = re.fullmatch(r"/bot([^/]+)/([^/]+)/?", request.path)
        if match is None:
            return self._error_response(ApiError(404, "Not Found"))
        token, method = match.groups()
        if token != self.token:
            return self._error_response(ApiError(401, "Unauthorized"))
        try:
            params = await self._read_params(request)
        except ApiError as exc:
            self.errors.append((method, {}, exc.description))
            return self._error_response(exc)
        self.calls.append((method, params))
        handler = self._METHODS.get(method.lower())
        try:
            if handler is None:
                raise _bad_request(f"method {method} is not emulated")
            result = await handler(params)
        except ApiError as exc:
            self.errors.append((method, params, exc.description))
            return self._error_response(exc)
        except Exception as exc:  # a bug in this fake server: make it loud, not a hang
            description = f"Internal Server Error: fake server failed on {method}: {exc!r}"
            self.errors.append((method, params, description))
            return self._error_response(ApiError(500, description))
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error_response(exc: ApiError) -> web.Response:
        return web.json_response(
            {"ok": False, "error_code": exc.code, "description": exc.description},
            status=exc.code,
        )

    @staticmethod
    def _decode_value(key: str, value: str) -> Any:
        if key in _STRING_PARAMS:
            return value
        try:
            return json.loads(value)
        except ValueError:
            return value

    async def _read_params(self, request: web.Request) -> JSONDict:
        params: JSONDict = {k: self._decode_value(k, v) for k, v in request.query.items()}
        if not request.body_exists:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError as exc:
                raise _bad_request("can't parse JSON body") from exc
            if not isinstance(body, dict):
                raise _bad_request("JSON body must be an object")
            params.update(body)
            return params
        form = await request.post()
        files: dict[str, JSONDict] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = {
                    "file_name": value.filename,
                    "mime_type": value.content_type,
                    "content": value.file.read(),
                }
                params[key] = files[key]
            else:
                params[key] = self._decode_value(key, str(value))
        for key, value in list(params.items()):  # attach://name references to uploaded parts
            if isinstance(value, str) and value.startswith("attach://"):
                attached = files.get(value[len("attach://") :])
                if attached is None:
                    raise _bad_request(f"file {value} not found in the request")
                params[key] = attached
        return params

    # ---------------------------------------------------------------- internals: validation

    def _resolve_chat(self, value: Any) -> JSONDict:
        if value is None or value == "":
            raise _bad_request("chat_id is empty")
        chat: JSONDict | None = None
        if isinstance(value, str) and value.startswith("@"):
            wanted = value[1:].lower()
            chat = next((c for c in self.chats.values() if c.get("username", "").lower() == wanted), None)
        else:
            try:
                chat = self.chats.get(int(value))
            except (TypeError, ValueError):
                chat = None
        if chat is None:
            raise _bad_request("chat not found")
        return chat

    def _check_can_send(self, chat: JSONDict) -> None:
        if chat["type"] == "private" and chat["id"] in self.blocked_users:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    @staticmethod
    def _int_param(params: JSONDict, key: str, missing: str) -> int:
        value = params.get(key)
        if value is None or value == "":
            raise _bad_request(missing)
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise _bad_request(f"invalid {key} specified") from exc

    def _format(self, params: JSONDict, text_key: str, entities_key: str, limit: int) -> tuple[str, list[JSONDict]]:
        """Apply parse_mode / entities and Telegram's length rules to a text or caption."""
        is_caption = text_key == "caption"
        raw = params.get(text_key)
        if raw is None:
            if is_caption:
                return "", []
            raise _bad_request("message text is empty")
        text = raw if isinstance(raw, str) else str(raw)
        parse_mode = params.get("parse_mode")
        entities: list[JSONDict] = []
        if parse_mode:
            mode = str(parse_mode).lower()
            if mode == "html":
                try:
                    text, entities = parse_html(text)
                except HtmlParseError as exc:
                    raise _bad_request(f"can't parse entities: {exc}") from exc
            elif mode not in ("markdown", "markdownv2"):
                raise _bad_request(f"unsupported parse_mode {parse_mode!r}")
        elif params.get(entities_key):
            given = params[entities_key]
            if not isinstance(given, list) or not all(isinstance(e, dict) for e in given):
                raise _bad_request(f"can't parse {entities_key} JSON object")
            entities = [dict(e) for e in given]
        text, entities = _trim(text, entities)
        if not text and not is_caption:
            raise _bad_request("message text is empty")
        if utf16_len(text) > limit:
            raise _bad_request("message caption is too long" if is_caption else "message is too long")
        return text, entities

    @staticmethod
    def _inline_markup(params: JSONDict) -> JSONDict | None:
        """Validate reply_markup; return it if it is an inline keyboard (echoed in Message)."""
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
                raise _bad_request("unsupported reply_markup")
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise _bad_request("can't parse inline keyboard button: Text must be non-empty")
                actions = [k for k in _INLINE_BUTTON_ACTIONS if k in button]
                if len(actions) != 1:
                    raise _bad_request(
                        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not (1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES):
                        raise _bad_request("BUTTON_DATA_INVALID")
                if "url" in button and not _URL_RE.match(str(button["url"])):
                    raise _bad_request(f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL")
        if not any(rows):
            return None
        return markup

    def _reply_to(self, params: JSONDict, chat: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        if not reply and params.get("reply_to_message_id"):
            reply = {"message_id": params["reply_to_message_id"]}
        if not reply:
            return None
        if not isinstance(reply, dict) or "message_id" not in reply:
            raise _bad_request("can't parse reply parameters JSON object")
        target_chat = self._resolve_chat(reply["chat_id"]) if reply.get("chat_id") else chat
        found = self._messages.get((target_chat["id"], int(reply["message_id"])))
        if found is None:
            if reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply"):
                return None
            raise _bad_request("message to be replied not found")
        quoted = dict(found)
        quoted.pop("reply_to_message", None)
        return quoted

    def _new_bot_message(self, chat: JSONDict) -> JSONDict:
        return {
            "message_id": next(self._message_ids),
            "from": dict(self.bot_user),
            "chat": dict(chat),
            "date": int(time.time()),
        }

    def _member(self, chat: JSONDict, user_id: int) -> JSONDict:
        if user_id == self.bot_id:
            user: JSONDict = dict(self.bot_user)
        elif user_id in self.users:
            user = dict(self.users[user_id])
        elif user_id in self.chat_admins.get(chat["id"], []):
            user = self._remember_user(user_id, first_name=f"Admin{user_id}")
        else:
            raise _bad_request("user not found")
        if chat["type"] == "private":
            if user_id not in (chat["id"], self.bot_id):
                raise _bad_request("user not found")
            return {"status": "member", "user": user}
        admins = self.chat_admins.get(chat["id"], [])
        if user_id in admins:
            if admins[0] == user_id:
                return {"status": "creator", "user": user, "is_anonymous": False}
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
            }
        if user_id == self.bot_id or user_id in self._members.get(chat["id"], set()):
            return {"status": "member", "user": user}
        return {"status": "left", "user": user}

    def _commands_key(self, params: JSONDict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True) + "|" + str(params.get("language_code") or "")

    # ---------------------------------------------------------------- API methods

    async def _m_getMe(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_getUpdates(self, params: JSONDict) -> list[JSONDict]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()  # an older long poll is terminated with 409, as on Telegram

        offset = int(params.get("offset") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = set(allowed) if allowed else None
        timeout = max(float(params.get("timeout") or 0), 0.0)

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            self._updates = [u for u in self._updates if self._is_allowed(u)]
            if self._updates:
                return self._updates[:limit]
            remaining = deadline - loop.time()
            if self._stopping or remaining <= 0:
                return []
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait({waiter}, timeout=remaining)
            finally:
                self._waiters.discard(waiter)

    def _is_allowed(self, update: JSONDict) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        if self._allowed_updates is None:
            return kind not in _DEFAULT_EXCLUDED_UPDATES
        return kind in self._allowed_updates

    async def _m_setWebhook(self, params: JSONDict) -> bool:
        url = params.get("url") or ""
        if not url:
            self._webhook = None
            return True
        if not str(url).lower().startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook = {"url": url}
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = set(params["allowed_updates"]) or None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._wake_pollers()
        return True

    async def _m_deleteWebhook(self, params: JSONDict) -> bool:
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getWebhookInfo(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    async def _m_sendMessage(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"))
        self._check_can_send(chat)
        text, entities = self._format(params, "text", "entities", MAX_TEXT_LENGTH)
        markup = self._inline_markup(params)
        reply_to = self._reply_to(params, chat)
        message = self._new_bot_message(chat)
        message["text"] = text
        if entities:
            message["entities"] = entities
        if markup:
            message["reply_markup"] = markup
        if reply_to:
            message["reply_to_message"] = reply_to
        self._messages[(chat["id"], message["message_id"])] = message
        result = dict(message)
        self._record_sent(chat, params, result)
        return result

    async def _m_editMessageText(self, params: JSONDict) -> JSONDict:
        if params.get("inline_message_id"):
            raise _bad_request("inline messages are not emulated")
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = self._int_param(params, "message_id", "message identifier is not specified")
        stored = self._messages.get((chat["id"], message_id))
        if stored is None:
            raise _bad_request("message to edit not found")
        if stored.get("from", {}).get("id") != self.bot_id:
            raise _bad_request("message can't be edited")
        if "text" not in stored:
            raise _bad_request("there is no text in the message to edit")
        text, entities = self._format(params, "text", "entities", MAX_TEXT_LENGTH)
        markup = self._inline_markup(params)
        if text == stored["text"] and entities == stored.get("entities", []) and markup == stored.get("reply_markup"):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        stored["text"] = text
        stored["edit_date"] = int(time.time())
        if entities:
            stored["entities"] = entities
        else:
            stored.pop("entities", None)
        if markup:
            stored["reply_markup"] = markup
        else:
            stored.pop("reply_markup", None)
        result = dict(stored)
        self._record_sent(chat, params, result)
        return result

    def _record_sent(self, chat: JSONDict, params: JSONDict, result: JSONDict) -> None:
        self._sent.append((chat["id"], params, result))
        self._result_by_params[id(params)] = result
        self._notify_sent()

    async def _m_deleteMessage(self, params: JSONDict) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        message_id = self._int_param(params, "message_id", "message identifier is not specified")
        stored = self._messages.get((chat["id"], message_id))
        if stored is None:
            raise _bad_request("message to delete not found")
        from_bot = stored.get("from", {}).get("id") == self.bot_id
        if chat["type"] != "private" and not from_bot and self.bot_id not in self.chat_admins.get(chat["id"], []):
            raise _bad_request("message can't be deleted")
        del self._messages[(chat["id"], message_id)]
        return True

    async def _m_sendChatAction(self, params: JSONDict) -> bool:
        chat = self._resolve_chat(params.get("chat_id"))
        self._check_can_send(chat)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    async def _m_answerCallbackQuery(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._pending_queries:
            raise _bad_request("query is too old and response timeout expired or query ID is invalid")
        if params.get("text") and utf16_len(str(params["text"])) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        self._pending_queries.discard(query_id)
        return True

    async def _m_getChat(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"))
        info: JSONDict = {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat["type"] == "private":
            user = self.users.get(chat["id"], {})
            for key in ("last_name", "username"):
                if key in user:
                    info[key] = user[key]
        return info

    async def _m_getChatMember(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"))
        user_id = self._int_param(params, "user_id", "user not found")
        return self._member(chat, user_id)

    async def _m_getChatAdministrators(self, params: JSONDict) -> list[JSONDict]:
        chat = self._resolve_chat(params.get("chat_id"))
        if chat["type"] == "private":
            raise _bad_request("there are no administrators in the private chat")
        return [self._member(chat, uid) for uid in self.chat_admins.get(chat["id"], [])]

    async def _m_setMyCommands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("too many commands")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(str(command.get("command"))):
                raise _bad_request("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not (1 <= len(description.strip()) <= 256):
                raise _bad_request("command description is invalid")
        cleaned = [{"command": c["command"], "description": c["description"]} for c in commands]
        key = self._commands_key(params)
        if cleaned:
            self._command_sets[key] = cleaned
        else:
            self._command_sets.pop(key, None)
        self.commands = cleaned
        self._last_commands_key = key
        return True

    async def _m_getMyCommands(self, params: JSONDict) -> list[JSONDict]:
        return list(self._command_sets.get(self._commands_key(params), []))

    async def _m_deleteMyCommands(self, params: JSONDict) -> bool:
        key = self._commands_key(params)
        self._command_sets.pop(key, None)
        if self._last_commands_key == key:
            self.commands = []
        return True

    async def _m_getFile(self, params: JSONDict) -> JSONDict:
        file_id = str(params.get("file_id") or "")
        if file_id in self.unavailable_files:
            raise _bad_request(self.unavailable_files[file_id])
        stored = self._files.get(file_id)
        if stored is None:
            raise _bad_request("invalid file_id")
        if stored["file_size"] > MAX_DOWNLOAD_SIZE:
            raise _bad_request("file is too big")
        return {
            "file_id": stored["file_id"],
            "file_unique_id": stored["file_unique_id"],
            "file_size": stored["file_size"],
            "file_path": stored["file_path"],
        }

    async def _m_sendDocument(self, params: JSONDict) -> JSONDict:
        chat = self._resolve_chat(params.get("chat_id"))
        self._check_can_send(chat)
        document = params.get("document")
        if isinstance(document, dict) and "content" in document:
            if not document["content"]:
                raise _bad_request("file must be non-empty")
            meta = self._store_file(document["content"], document.get("file_name"), document.get("mime_type"))
        elif isinstance(document, str) and document in self._files:
            stored = self._files[document]
            meta = {k: v for k, v in stored.items() if k not in ("content", "file_path")}
        elif document:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        else:
            raise _bad_request("there is no document in the request")
        caption, entities = self._format(params, "caption", "caption_entities", MAX_CAPTION_LENGTH)
        markup = self._inline_markup(params)
        reply_to = self._reply_to(params, chat)
        message = self._new_bot_message(chat)
        message["document"] = meta
        if caption:
            message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
        if markup:
            message["reply_markup"] = markup
        if reply_to:
            message["reply_to_message"] = reply_to
        self._messages[(chat["id"], message["message_id"])] = message
        result = dict(message)
        self._sent_documents.append((chat["id"], params, result))
        self._result_by_params[id(params)] = result
        return result
