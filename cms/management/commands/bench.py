"""``make bench``: requests per second and latency of the public site, with wrk.

Builds a bench database (SQLite under var/ unless DATABASE_URL is set), starts
gunicorn with production settings (2 workers, DEBUG off) on loopback, and
measures each page uncached and page-cached against one static CSS file
served by the same server, which is the ceiling. Also counts the SQL queries
each page costs. Prints a table and whether each target is met.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import CampaignPage, VacancyIndexPage, VacancyPage
from portal.models import ServiceArea

EXTRA_VACANCIES = 300
BENCH_SUMMARY = "A bench vacancy."
TARGET_RPS = 150
TARGET_P99_MS = 150
TARGET_QUERIES = 10
TARGET_CACHED_SHARE = 0.25


@dataclass
class Result:
    name: str
    path: str
    mode: str
    rps: float
    p50_ms: float
    p99_ms: float
    queries: int | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> tuple[float, float, float]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    return rps, p50, p99


class Command(BaseCommand):
    help = "Benchmark the public site with gunicorn and wrk (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=8, help="Seconds per measurement.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--skip-prepare", action="store_true")

    def handle(self, *args, duration, connections, skip_prepare, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install -y wrk (make bench does).")
        if not skip_prepare:
            self.prepare_database()
        pages = self.pages()
        queries = self.count_queries(pages)
        static_path = self.collect_static()
        results = []
        for mode, cache_enabled in (("uncached", False), ("page-cached", True)):
            with self.gunicorn(cache_enabled) as base_url:
                targets = [*pages, ("static CSS", static_path)] if cache_enabled else pages
                for name, path in targets:
                    rps, p50, p99 = self.wrk(base_url + path, duration, connections)
                    results.append(Result(name, path, mode, rps, p50, p99, queries.get(path)))
        self.report(results)

    # Preparation ---------------------------------------------------------------

    def prepare_database(self):
        self.stdout.write(f"Preparing the bench database ({connection.vendor})…")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        os.environ.setdefault("DEMO_PASSWORD", "bench-" + secrets.token_urlsafe(8))
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.add_vacancies(EXTRA_VACANCIES)

    def add_vacancies(self, count: int) -> None:
        """Enough vacancies that a page whose queries grew with them would show it."""
        index = VacancyIndexPage.objects.get()
        existing = VacancyPage.objects.filter(summary=BENCH_SUMMARY).count()
        areas = list(ServiceArea.objects.all())
        for n in range(existing, count):
            # No slug: Wagtail makes one from the title, as for a page an editor adds.
            index.add_child(
                instance=VacancyPage(
                    title=f"Social worker {n}",
                    summary=BENCH_SUMMARY,
                    recruitment_route=["experienced", "asye", "apprenticeship"][n % 3],
                    service_area=areas[n % len(areas)],
                    grade="P4",
                    salary_min=30_000 + 100 * (n % 100),
                    salary_max=40_000 + 100 * (n % 100),
                    contract_type="permanent",
                    is_rolling=True,
                    description="<p>Bench.</p>",
                    person_specification=[],
                )
            )

    def pages(self) -> list[tuple[str, str]]:
        """The pages measured: the first demo campaign and the first demo vacancy among them."""
        campaign = CampaignPage.objects.live().order_by("path").first()
        vacancy = VacancyPage.objects.live().exclude(summary=BENCH_SUMMARY).order_by("path").first()
        if campaign is None or vacancy is None:
            raise CommandError("There is no campaign or vacancy to measure: run seed_demo first.")
        return [
            ("home", "/"),
            ("campaign", campaign.url),
            ("vacancy list", "/jobs/"),
            ("filtered list", "/jobs/?route=asye&service_area=duty"),
            ("vacancy", vacancy.url),
        ]

    def count_queries(self, pages) -> dict[str, int]:
        client = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        previous = settings.PORTAL_PAGE_CACHE_ENABLED
        settings.PORTAL_PAGE_CACHE_ENABLED = False
        try:
            for _name, path in pages:
                client.get(path)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                counts[path] = len(captured)
        finally:
            settings.PORTAL_PAGE_CACHE_ENABLED = previous
        return counts

    def collect_static(self) -> str:
        env = self.production_env(cache_enabled=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
        return settings.STATIC_URL + manifest["paths"]["css/portal.css"]

    # Running -------------------------------------------------------------------

    def production_env(self, cache_enabled: bool) -> dict:
        database_url = os.environ.get("DATABASE_URL") or (
            "sqlite:///" + str(settings.DATABASES["default"]["NAME"])
        )
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1"),
            "PAGE_CACHE_ENABLED": "true" if cache_enabled else "false",
            "LOG_LEVEL": "WARNING",
        }

    def gunicorn(self, cache_enabled: bool):
        command = self

        class Server:
            def __enter__(self):
                self.port = free_port()
                # Our own interpreter and arguments; nothing comes from outside.
                self.process = subprocess.Popen(  # noqa: S603
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "portal.wsgi:application",
                        "--workers",
                        "2",
                        "--bind",
                        f"127.0.0.1:{self.port}",
                        "--access-logfile",
                        "/dev/null",
                        "--log-level",
                        "warning",
                    ],
                    env=command.production_env(cache_enabled),
                    start_new_session=True,
                )
                base = f"http://127.0.0.1:{self.port}"
                command.wait_until_up(base)
                return base

            def __exit__(self, *exc):
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)

        return Server()

    def wait_until_up(self, base_url: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(  # noqa: S310 (our own loopback server)
                    base_url + "/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start within 30 seconds")

    def wrk(self, url: str, duration: int, connections: int) -> tuple[float, float, float]:
        # Warm up the workers (templates, the page cache) before measuring.
        base = ["wrk", "-t2", f"-c{connections}", "-H", "X-Forwarded-Proto: https"]
        subprocess.run([*base, "-d2s", url], capture_output=True, check=True)  # noqa: S603
        result = subprocess.run(  # noqa: S603
            [*base, f"-d{duration}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        )
        if "Non-2xx" in result.stdout:
            raise CommandError(f"{url} answered errors under load:\n{result.stdout}")
        return parse_wrk(result.stdout)

    # Report --------------------------------------------------------------------

    def report(self, results: list[Result]) -> None:
        static = next(r for r in results if r.name == "static CSS")
        write = self.stdout.write
        write("")
        write(
            f"{'page':<15} {'mode':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'queries':>8} {'vs static':>10}  target"
        )
        failures = 0
        for r in results:
            ratio = r.rps / static.rps
            if r.name == "static CSS":
                verdict = "ceiling"
            elif r.mode == "uncached":
                ok = r.rps >= TARGET_RPS and r.p99_ms < TARGET_P99_MS
                ok = ok and (r.queries or 0) <= TARGET_QUERIES
                verdict = "met" if ok else "MISSED"
                failures += not ok
            else:
                ok = ratio >= TARGET_CACHED_SHARE
                verdict = "met" if ok else "MISSED"
                failures += not ok
            queries = "" if r.queries is None or r.mode != "uncached" else str(r.queries)
            write(
                f"{r.name:<15} {r.mode:<12} {r.rps:>9.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
                f"{queries:>8} {ratio:>9.0%}  {verdict}"
            )
        write("")
        write(
            f"Targets: uncached >= {TARGET_RPS} req/s, p99 < {TARGET_P99_MS} ms, "
            f"<= {TARGET_QUERIES} queries; page-cached >= {TARGET_CACHED_SHARE:.0%} of static."
        )
        write(self.style.SUCCESS("All targets met.") if not failures else f"{failures} missed.")
