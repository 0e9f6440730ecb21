"""The local Bot API server of tests/telegram_server.py, delivering updates by webhook.

Once the bot calls setWebhook, every pushed update is POSTed to the webhook URL with the
``X-Telegram-Bot-Api-Secret-Token`` header, one at a time and in order, as Telegram does: an
update leaves the queue only when the bot answers 200, anything else (a refusal, a bot that is
down) is retried, so updates pushed while the bot is stopped arrive after it starts again.

TLS ends at a reverse proxy in a real deployment; here the https:// URL the bot registers is
delivered to over plain http on the same host and port.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp

from tests.telegram_server import ApiError, FakeBotApi, JSONDict

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class WebhookBotApi(FakeBotApi):
    """FakeBotApi with webhook delivery (see the module docstring)."""

    def __init__(self, *args: Any, retry_delay: float = 0.2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_delay = retry_delay
        #: the secret_token of the last setWebhook (None without one)
        self.webhook_secret: str | None = None
        #: (update_id, HTTP status or 0 when the connection failed), every attempt in order
        self.deliveries: list[tuple[int, int]] = []
        self._wake = asyncio.Event()
        self._session: aiohttp.ClientSession | None = None
        self._delivery: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await super().start()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._delivery = asyncio.create_task(self._deliver_forever(), name="webhook-delivery")

    async def stop(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            await asyncio.gather(self._delivery, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        await super().stop()

    def push_update(self, payload: JSONDict) -> JSONDict:
        update = super().push_update(payload)
        self._wake.set()
        return update

    @property
    def webhook_url(self) -> str | None:
        return self._webhook["url"] if self._webhook else None

    def delivered(self, status: int = 200) -> list[int]:
        """Update ids delivered with this answer."""
        return [uid for uid, s in self.deliveries if s == status]

    async def _m_setWebhook(self, params: JSONDict) -> bool:
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        result = await super()._m_setWebhook(params)
        self.webhook_secret = str(secret) if secret else None
        self._wake.set()
        return result

    def _target(self) -> str:
        assert self._webhook is not None
        return re.sub(r"^https://", "http://", self._webhook["url"], flags=re.IGNORECASE)

    async def _deliver_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._webhook is not None and self._updates:
                update = self._updates[0]
                if not self._is_allowed(update):
                    self._updates.pop(0)
                    continue
                status = await self._post(update)
                self.deliveries.append((update["update_id"], status))
                if status == 200:
                    self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
                else:
                    await asyncio.sleep(self.retry_delay)

    async def _post(self, update: JSONDict) -> int:
        assert self._session is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret} if self.webhook_secret else {}
        try:
            async with self._session.post(self._target(), json=update, headers=headers) as response:
                await response.read()
                return response.status
        except (TimeoutError, aiohttp.ClientError, OSError):
            return 0
