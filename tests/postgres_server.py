"""A throwaway PostgreSQL server for the tests: initdb into a temporary directory, pg_ctl start
on a free loopback port, as an unprivileged user (`postgres` when the tests run as root).

BRIEFBOT_TEST_POSTGRES_URL names a server to use instead (a database the tests may create
databases on). On a machine with neither (no server binaries) the PostgreSQL tests skip and the
summary says why; binaries that are there but fail to start a server fail the tests.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

__all__ = ["PostgresMissing", "PostgresServer", "start_server"]


class PostgresMissing(RuntimeError):
    """This machine has no PostgreSQL to start: nothing the tests could fix by failing."""


@dataclass
class PostgresServer:
    url: str  # the server's maintenance database
    datadir: Path | None = None  # ours to stop and remove; None for a server given by URL
    bindir: Path | None = None
    user: str | None = None

    def database_url(self, name: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def stop(self) -> None:
        if self.datadir is None or self.bindir is None:
            return
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"], self.user, check=False)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def _bindir() -> Path | None:
    for candidate in [shutil.which("pg_ctl"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)]:
        if candidate and Path(candidate).resolve().with_name("initdb").exists():
            return Path(candidate).resolve().parent
    return None


def _run(cmd: list[str], user: str | None, check: bool = True) -> subprocess.CompletedProcess[str]:
    if user is not None:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server() -> PostgresServer:
    """A running server; PostgresMissing where this machine has none to start, RuntimeError where
    one could not be started."""
    given = os.environ.get("BRIEFBOT_TEST_POSTGRES_URL")
    if given:
        return PostgresServer(given)
    bindir = _bindir()
    if bindir is None:
        raise PostgresMissing("no PostgreSQL server binaries (initdb, pg_ctl)")
    user = None
    if os.geteuid() == 0:  # initdb refuses root
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            raise PostgresMissing("running as root and there is no 'postgres' user to run the server as") from None
    base = Path(tempfile.mkdtemp(prefix="briefbot-pg-"))
    datadir = base / "data"
    if user is not None:
        os.chown(base, pwd.getpwnam(user).pw_uid, -1)
    try:
        _run(
            [str(bindir / "initdb"), "-D", str(datadir), "-U", "briefbot", "--auth=trust", "-E", "UTF8", "--no-sync"],
            user,
        )
        port = _free_port()
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200"
        )
        _run([str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-l", str(base / "log"), "-w", "start"], user)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {detail.strip()[-500:]}") from None
    return PostgresServer(f"postgresql://briefbot@127.0.0.1:{port}/postgres", datadir, bindir, user)
