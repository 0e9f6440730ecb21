"""Several bot replicas on one PostgreSQL database behind one proxy: an update delivered to
each of them (Telegram retries, a proxy that sends it twice) is answered once, and a scheduled
briefing's slot is claimed by one process only. The replicas only store what admins send
(ANALYSIS_WORKERS=external) and a `briefbot worker` analyses it."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, time, timedelta

import aiohttp

from storage import ChatSettings, PostgresStore
from tests.conftest import ADMIN, SEED_FILE, USER
from tests.test_lifecycle import BotProcess, bot_env
from tests.test_webhook import SECRET, free_port


async def test_two_replicas_answer_an_update_once(whserver, postgres_url, tmp_path):
    replicas = []
    for n in range(2):
        port = free_port()
        folder = tmp_path / f"replica-{n}"
        folder.mkdir()
        env = bot_env(whserver, folder / "unused.sqlite3", port, DATABASE_URL=postgres_url, ANALYSIS_WORKERS="external")
        replicas.append((BotProcess(env, folder, f"replica-{n}"), f"http://127.0.0.1:{port}/telegram"))
    try:
        for replica, _ in replicas:
            await replica.wait_healthy()
        update = whserver.push_command("who", user_id=USER)  # delivered to the webhook set last
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            for _, url in replicas:  # and, as a retry through the proxy would, to both replicas
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                async with session.post(url, json=update, headers=headers) as response:
                    assert response.status == 200
        [answer] = await whserver.wait_for_messages(1, chat_id=USER, timeout=30)
        assert "No articles yet" in answer["text"] or "Belum ada" in answer["text"], answer["text"]
        await asyncio.sleep(3)  # time enough for a second answer, were there one
        assert len(whserver.sent_messages(USER)) == 1, [m["text"] for m in whserver.sent_messages(USER)]
        taken = [r.output.count("was taken already") for r, _ in replicas]
        assert sum(taken) == 2, [r.output for r, _ in replicas]  # three deliveries, one handled

        # ANALYSIS_WORKERS=external: the replicas only store what admins send; a worker analyses
        whserver.push_forward_from_channel(SEED_FILE.read_text(encoding="utf-8"), user_id=ADMIN, channel_title="Antara")
        [received] = await whserver.wait_for_messages(1, chat_id=ADMIN, timeout=60)
        assert "analysis worker" in received["text"], received["text"]
        worker = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "worker",
            "--db",
            postgres_url,
            "--exit-when-idle",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await asyncio.wait_for(worker.communicate(), 400)
        assert worker.returncode == 0 and "analysed: 1" in out.decode(), out.decode()
        whserver.push_command("who", user_id=USER)
        later = await whserver.wait_for_messages(2, chat_id=USER, timeout=30)
        assert "Vladimir Putin" in later[1]["text"], later[1]["text"]
    finally:
        for replica, _ in replicas:
            assert await replica.terminate() == 0, replica.output


async def test_a_briefing_slot_is_claimed_by_one_replica(postgres_url):
    stores = [await PostgresStore.open(postgres_url) for _ in range(2)]
    try:
        t0 = datetime(2026, 12, 1, tzinfo=UTC)
        await stores[0].subscriptions.save_settings(ChatSettings(-100, "supergroup"), updated_by=7)
        sub, _ = await stores[0].subscriptions.add(-100, None, time(8), t0, created_by=7)
        slot = t0 + timedelta(hours=1)
        won = await asyncio.gather(*(s.subscriptions.claim(sub, slot) for s in stores))
        assert sorted(w is not None for w in won) == [False, True]
    finally:
        for s in stores:
            await s.close()
