"""``make bench``: CPU per request, requests per second and latency of the public site.

Builds a bench database (SQLite under var/ unless DATABASE_URL is set) with the
demo data and enough extra vacancies for 2,000 live ones, starts gunicorn with
production settings (2 workers, DEBUG off) on loopback and drives each page with
wrk. Every row reports the **CPU time per request** of the gunicorn workers
(user + system, read from /proc before and after the run, divided by the
requests wrk completed), which barely moves when the machine is busy, beside
requests a second, latency and, counted in-process through the test client, the
SQL queries and template renders one request costs.

The uncached pages are measured twice: at the demo data (the extra vacancies
unpublished) and at 2,000 live vacancies. The page-cached pages are measured at
2,000 vacancies against one static CSS file from the same server.

``cms/bench_baseline.json`` keeps the figures measured on the code before the
speed work (issue 13); each row prints its CPU per request as a ratio of that
baseline. ``--save-baseline`` rewrites the file from this run.
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
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.base import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.cache import purge_page_cache
from cms.models import CampaignPage, VacancyIndexPage, VacancyPage
from portal.models import ServiceArea

BENCH_SUMMARY = "A bench vacancy."
LARGE_VACANCIES = 2000
BASELINE_FILE = Path(__file__).resolve().parents[2] / "bench_baseline.json"
# Targets (issue 13): uncached pages at most a third of the baseline's CPU per
# request with at most 8 queries; page-cached pages at most twice the static file's.
TARGET_CPU_RATIO = 1 / 3
TARGET_QUERIES = 8
TARGET_CACHED_VS_STATIC = 2.0
DEMO, LARGE = "demo", "2,000 vacancies"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    data: str
    name: str
    path: str
    mode: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    requests: int
    queries: int | None = None
    renders: int | None = None

    @property
    def key(self) -> str:
        return f"{self.data}|{self.mode}|{self.name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def to_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> tuple[float, float, float, int]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    served = int(re.search(r"(\d+) requests in", output).group(1))
    return rps, p50, p99, served


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == parent:
            found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # utime and stime are the 14th and 15th fields of stat; fields[0] is the 3rd.
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


class Command(BaseCommand):
    help = "Benchmark the public site with gunicorn and wrk (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=8, help="Seconds per measurement.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--skip-prepare", action="store_true")
        parser.add_argument(
            "--save-baseline",
            action="store_true",
            help=f"Store this run's figures as the baseline ({BASELINE_FILE.name}).",
        )

    def handle(self, *args, duration, connections, skip_prepare, save_baseline, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install -y wrk (make bench does).")
        if not Path("/proc/self/stat").exists():
            raise CommandError("The bench reads CPU time from /proc: run it on Linux.")
        if not skip_prepare:
            self.prepare_database()
        static_path = self.collect_static()
        results = []
        for data in (DEMO, LARGE):
            self.use_data(data)
            pages = self.pages()
            modes = [("uncached", False)] + ([("page-cached", True)] if data == LARGE else [])
            for mode, cache_enabled in modes:
                counts = self.count_work(pages, cache_enabled)
                with self.gunicorn(cache_enabled) as server:
                    targets = [*pages, ("static CSS", static_path)] if cache_enabled else pages
                    for name, path in targets:
                        rps, p50, p99, cpu_ms, served = self.wrk(
                            server, path, duration, connections
                        )
                        queries, renders = counts.get(path, (None, None))
                        results.append(
                            Result(
                                data, name, path, mode, rps, p50, p99, cpu_ms, served,
                                queries, renders,
                            )
                        )  # fmt: skip
        self.report(results)
        if save_baseline:
            self.save_baseline(results)

    # Preparation ---------------------------------------------------------------

    def prepare_database(self):
        self.stdout.write(f"Preparing the bench database ({connection.vendor})…")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        os.environ.setdefault("DEMO_PASSWORD", "bench-" + secrets.token_urlsafe(8))
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        demo = VacancyPage.objects.exclude(summary=BENCH_SUMMARY).count()
        self.add_vacancies(max(0, LARGE_VACANCIES - demo))

    def add_vacancies(self, count: int) -> None:
        """Enough vacancies that a page whose queries grew with them would show it."""
        index = VacancyIndexPage.objects.get()
        existing = VacancyPage.objects.filter(summary=BENCH_SUMMARY).count()
        areas = list(ServiceArea.objects.all())
        if existing < count:
            self.stdout.write(f"Adding {count - existing} bench vacancies…")
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

    def use_data(self, data: str) -> None:
        """The demo data alone (the bench vacancies unpublished), or 2,000 live vacancies."""
        bench = VacancyPage.objects.filter(summary=BENCH_SUMMARY)
        bench.update(live=data == LARGE)
        purge_page_cache()
        live = VacancyPage.objects.live().count()
        self.stdout.write(f"Data: {data} ({live} live vacancies).")

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

    def count_work(self, pages, cache_enabled: bool) -> dict[str, tuple[int, int]]:
        """SQL queries and template renders of one warm request to each page, in-process."""
        client = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        renders = []
        original = Template._render

        def counted(template, context):
            renders.append(template.origin.name)
            return original(template, context)

        previous = settings.PORTAL_PAGE_CACHE_ENABLED
        settings.PORTAL_PAGE_CACHE_ENABLED = cache_enabled
        try:
            for _name, path in pages:
                client.get(path)
                renders.clear()
                with (
                    CaptureQueriesContext(connection) as captured,
                    mock.patch.object(Template, "_render", counted),
                ):
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                counts[path] = (len(captured), len(renders))
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
                self.base_url = f"http://127.0.0.1:{self.port}"
                command.wait_until_up(self.base_url)
                return self

            def workers(self) -> list[int]:
                return child_pids(self.process.pid)

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

    def wrk(self, server, path: str, duration: int, connections: int):
        url = server.base_url + path
        # Warm up the workers (templates, the page cache) before measuring.
        base = ["wrk", "-t2", f"-c{connections}", "-H", "X-Forwarded-Proto: https"]
        subprocess.run([*base, "-d2s", url], capture_output=True, check=True)  # noqa: S603
        workers = server.workers()
        cpu_before = cpu_seconds(workers)
        result = subprocess.run(  # noqa: S603
            [*base, f"-d{duration}s", "--latency", url],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu = cpu_seconds(workers) - cpu_before
        if "Non-2xx" in result.stdout:
            raise CommandError(f"{url} answered errors under load:\n{result.stdout}")
        rps, p50, p99, served = parse_wrk(result.stdout)
        return rps, p50, p99, cpu * 1000 / max(served, 1), served

    # Report --------------------------------------------------------------------

    def load_baseline(self) -> dict:
        if not BASELINE_FILE.exists():
            return {}
        return json.loads(BASELINE_FILE.read_text()).get("rows", {})

    def save_baseline(self, results: list[Result]) -> None:
        rows = {
            r.key: {
                "cpu_ms": round(r.cpu_ms, 3),
                "rps": round(r.rps, 1),
                "p99_ms": round(r.p99_ms, 1),
                "queries": r.queries,
                "renders": r.renders,
            }
            for r in results
        }
        revision = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        document = {
            "about": "make bench figures before the speed work of issue 13; the bench "
            "prints each row's CPU per request as a ratio of these.",
            "commit": revision,
            "database": connection.vendor,
            "cores": os.cpu_count(),
            "measured": time.strftime("%Y-%m-%d"),
            "rows": rows,
        }
        BASELINE_FILE.write_text(json.dumps(document, indent=2) + "\n")
        self.stdout.write(f"Baseline written to {BASELINE_FILE}.")

    def report(self, results: list[Result]) -> None:
        baseline = self.load_baseline()
        static = next(r for r in results if r.name == "static CSS")
        write = self.stdout.write
        write("")
        write(
            f"{'data':<15} {'page':<14} {'mode':<11} {'CPU ms/req':>10} {'vs before':>9} "
            f"{'req/s':>7} {'p99 ms':>7} {'queries':>7} {'renders':>7}  target"
        )
        failures = 0
        for r in results:
            before = baseline.get(r.key)
            ratio = f"{r.cpu_ms / before['cpu_ms']:.2f}" if before else "-"
            if r.name == "static CSS":
                verdict = "ceiling"
            elif r.mode == "uncached":
                ok = before is not None and r.cpu_ms <= before["cpu_ms"] * TARGET_CPU_RATIO
                ok = ok and (r.queries or 0) <= TARGET_QUERIES
                verdict = "met" if ok else "MISSED"
                failures += not ok
            else:
                ok = r.cpu_ms <= static.cpu_ms * TARGET_CACHED_VS_STATIC
                verdict = f"met ({r.cpu_ms / static.cpu_ms:.1f}x static)" if ok else "MISSED"
                verdict = verdict if ok else f"MISSED ({r.cpu_ms / static.cpu_ms:.1f}x static)"
                failures += not ok
            queries = "" if r.queries is None else str(r.queries)
            renders = "" if r.renders is None else str(r.renders)
            write(
                f"{r.data:<15} {r.name:<14} {r.mode:<11} {r.cpu_ms:>10.2f} {ratio:>9} "
                f"{r.rps:>7.0f} {r.p99_ms:>7.1f} {queries:>7} {renders:>7}  {verdict}"
            )
        write("")
        write(
            f"Targets: uncached CPU per request <= {TARGET_CPU_RATIO:.2f} of the baseline "
            f"({BASELINE_FILE.name}) with <= {TARGET_QUERIES} queries; page-cached CPU per "
            f"request <= {TARGET_CACHED_VS_STATIC:.0f}x the static file's."
        )
        write(self.style.SUCCESS("All targets met.") if not failures else f"{failures} missed.")
