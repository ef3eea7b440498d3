"""Real faults for real processes: a database that goes away and comes back.

- ``Outage``: on SQLite, a copy of the test database in a folder that is
  renamed away (the path cannot be opened) and back; on PostgreSQL, the test
  database reached through a TCP port in front of the server's socket, which
  refuses connections (and cuts the open ones) while the database is away.
- ``Gunicorn`` and ``Worker``: the portal's server and task worker as
  subprocesses under production settings (``tests.portal.outage_settings``).
- ``request``: one request, no redirects followed, cookies given by hand (the
  production cookies are Secure, and the tests speak plain HTTP on loopback).
"""

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPMessage
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parents[2]
PG_SOCKET = "/var/run/postgresql/.s.PGSQL.{port}"


def wait_for(condition, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def create_cache_table() -> None:
    """Production keeps its cache in the database; the test settings do not."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "portal_cache",
            }
        }
    ):
        call_command("createcachetable", verbosity=0)


class _Proxy:
    """127.0.0.1:<port> forwarded to PostgreSQL's Unix socket, until taken away."""

    def __init__(self, target: str):
        self.target = target
        self.port = 0
        self.listener: socket.socket | None = None
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut the open ones, as a server that went away."""
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open.clear()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if self.listener is not listener:
                client.close()
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.target)
            with self.lock:
                self.open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class Outage:
    """The database a subprocess uses, which the test can take away and give back."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        self.tmp_path = tmp_path
        if self.vendor == "sqlite":
            self.folder = tmp_path / "database"
            self.away = tmp_path / "database-away"
            self.path = self.folder / "portal.sqlite3"
        elif self.vendor == "postgresql":
            port = connection.settings_dict.get("PORT") or 5432
            self.proxy = _Proxy(PG_SOCKET.format(port=port))
        else:  # pragma: no cover
            raise NotImplementedError(self.vendor)

    def prepare(self) -> str:
        """Make the database reachable by other processes, with what the test made so far.

        Call it once the test's data is in place: on SQLite the server gets a
        copy. Returns the DATABASE_URL for the subprocesses.
        """
        create_cache_table()
        if self.vendor == "sqlite":
            self.folder.mkdir()
            connection.ensure_connection()
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            return f"sqlite:///{self.path}"
        self.proxy.start()
        return f"postgres://127.0.0.1:{self.proxy.port}/{connection.settings_dict['NAME']}"

    def take_away(self) -> None:
        if self.vendor == "sqlite":
            self.folder.rename(self.away)
        else:
            self.proxy.stop()

    def give_back(self) -> None:
        if self.vendor == "sqlite":
            self.away.rename(self.folder)
        else:
            self.proxy.start()

    def close(self) -> None:
        if self.vendor == "postgresql":
            self.proxy.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, **extra) -> dict:
    # Only what the test gives: the machine's own DATABASE_URL or settings must not leak in.
    inherited = ("DJANGO_", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL", "PUBLIC_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.portal.outage_settings",
        # The test's own key, so that sessions the test made are valid on the server.
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PUBLIC_URL="https://careers.example.org",
        SECURE_SSL_REDIRECT="false",
        DATABASE_CONNECT_TIMEOUT="2",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


class _Process:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        with log.open("wb") as out:
            # Our own interpreter and arguments; nothing comes from outside.
            self.process = subprocess.Popen(
                [sys.executable, *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> int:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            return self.process.wait(timeout=5)


class Gunicorn(_Process):
    """The portal's WSGI application under production settings, one worker, on loopback."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        super().__init__(
            [
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
                "--timeout",
                "60",
            ],
            env,
            log,
        )
        wait_for(self._answers, timeout=60, interval=0.2, what=f"gunicorn:\n{self.output()}")

    def _answers(self) -> bool:
        if not self.alive():
            raise AssertionError(f"gunicorn exited:\n{self.output()}")
        try:
            request(self.port, "GET", "/healthz")
        except OSError:
            return False
        return True


class Worker(_Process):
    """``manage.py db_worker`` as production runs it (no autoreload), polling fast."""

    def __init__(self, env: dict, log: Path):
        super().__init__(
            [
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
                "--reconnect-delay",
                "0.5",
                "--max-reconnect-delay",
                "1",
            ],
            env,
            log,
        )


@dataclass
class Response:
    status: int
    headers: HTTPMessage
    text: str

    def cookies(self) -> dict[str, str]:
        found = {}
        for header in self.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            found[name.strip()] = rest.split(";", 1)[0]
        return found


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict | None = None,
    headers: dict | None = None,
    body: str | None = None,
) -> Response:
    """One request to the server on ``port``, as if through the TLS load balancer."""
    sent = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https", **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=sent)
        answer = conn.getresponse()
        return Response(answer.status, answer.headers, answer.read().decode(errors="replace"))
    finally:
        conn.close()
