"""Time the cohorts' pages and work on the issues' yardsticks.

``manage.py cohorts_bench``:

1. plans a 40-member, 12-month rotation REPEAT times (pure planner, no
   database) against one second;
2. builds, once (keyed by a marker organisation named after the sizes), a bench
   data set: ENROLMENTS enrolments in cohorts of 20 with mentors, line managers
   and assessors, placements, review points, supervision and evidence, and
   WEEKS weekly caseload counts for STAFF staff in teams of 25;
3. times the mentor's dashboard and a cohort page, and the manager's
   ``/supervision/``, ``/supervision/caseloads/`` and ``/supervision/teams/``
   in-process through the whole middleware stack, with the heap settled as a
   server worker settles it (p95 under 150 ms; CPU time and SQL queries per
   request);
4. imports an IMPORT_ROWS-row caseload CSV through the worker's path (upload,
   read, confirm, save: the tasks run by ``db_worker`` as in production, or at
   once under the immediate backend) against 30 seconds.

It prints a table and exits non-zero when any target is missed. The data is
built on SQLite too (a year for 5,000 staff takes seconds); the figures that
count are PostgreSQL's (``DATABASE_URL``). Refused under production settings.
"""

import datetime
import math
import random
import statistics
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from cohorts import caseload_tasks, planner, progress
from cohorts.models import (
    CaseloadCount,
    CaseloadImport,
    Cohort,
    Enrolment,
    EvidenceEntry,
    Placement,
    PracticeSupervisor,
    Programme,
    ReviewPoint,
    SupervisionSession,
)
from cohorts.planner import MemberInfo, Rules, TeamInfo
from cohorts.services import caseload_imports
from portal import roles
from portal.accounts import mark_mfa_passed
from portal.calendar import add_months
from portal.heap import settle_after_startup
from portal.models import Organisation, ServiceArea, StaffRecord, StaffTeamPeriod, Team, User

TARGET_SECONDS = 1.0
TARGET_P95_MS = 150
TARGET_IMPORT_SECONDS = 30
MEMBERS = 40
START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 8, 31)
# Places per team, by service area: a large council's children's services.
CAPACITIES = {
    "early-help": [5, 5, 4],
    "camhs": [7, 7],
    "family-intervention": [14],
    "duty": [5, 5, 4],
    "fieldwork": [4, 4, 3, 3],
    "children-in-care": [6, 4, 4],
    "whole-life-disabilities": [2],
}
NQSW = Rules(
    areas=("duty", "fieldwork", "children-in-care"),
    induction_areas=("early-help", "camhs", "family-intervention"),
    induction_months=1,
    first_area="duty",
)

BENCH_DOMAIN = "cohorts-bench.example.org"
COHORT_SIZE = 20
COHORTS_PER_MENTOR = 4
TEAM_SIZE = 25
TEAMS_PER_AREA = 10
BATCH = 5000


def bench_teams() -> list[TeamInfo]:
    made = []
    for area, places in CAPACITIES.items():
        for capacity in places:
            made.append(TeamInfo(id=len(made) + 1, area=area, capacity=capacity))
    return made


def bench_members() -> list[MemberInfo]:
    return [MemberInfo(id=n, start=START, end=END) for n in range(1, MEMBERS + 1)]


# The bench data set ------------------------------------------------------------------


class BenchData:
    """The people to measure as, found in (or first built into) the database."""

    def __init__(self, *, enrolments: int, staff: int, weeks: int, today: datetime.date):
        if enrolments > staff:
            raise CommandError("Every enrolled member is one of the staff: --staff >= --enrolments")
        self.enrolments, self.staff, self.weeks, self.today = enrolments, staff, weeks, today
        self.key = f"e{enrolments}-s{staff}-w{weeks}"
        self.domain = f"{self.key}.{BENCH_DOMAIN}"
        self.built_now = False

    @property
    def marker_name(self) -> str:
        return f"Cohorts bench council ({self.key})"

    def ensure(self) -> "BenchData":
        if not Organisation.objects.filter(name=self.marker_name).exists():
            self.build()
            self.built_now = True
            if connection.vendor == "postgresql":
                # Plans as autovacuum would leave them, not as for empty tables.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        self.mentor = User.objects.get(email=f"mentor0@{self.domain}")
        self.manager = User.objects.get(email=f"manager0@{self.domain}")
        self.cohort = (
            Cohort.objects.filter(mentor=self.mentor).order_by("-start_date", "name").first()
        )
        self.people = list(
            StaffRecord.objects.filter(person__email__endswith=f"@{self.domain}")
            .order_by("pk")
            .values_list("person__email", flat=True)
        )
        return self

    def sizes(self) -> dict:
        domain = f"@{self.domain}"
        return {
            "enrolments": Enrolment.objects.filter(member__email__endswith=domain).count(),
            "staff": StaffRecord.objects.filter(person__email__endswith=domain).count(),
            "caseload counts": CaseloadCount.objects.filter(person__email__endswith=domain).count(),
        }

    @transaction.atomic
    def build(self):
        rng = random.Random(self.key)  # noqa: S311 - bench figures, not secrets
        today = self.today
        council = Organisation.objects.create(name=self.marker_name, kind=Organisation.Kind.COUNCIL)
        programme = Programme.objects.get(slug="asye")
        team_count = max(1, -(-self.staff // TEAM_SIZE))
        area_count = max(1, -(-team_count // TEAMS_PER_AREA))
        areas = ServiceArea.objects.bulk_create(
            ServiceArea(name=f"Bench {self.key} area {a}", slug=f"bench-{self.key}-area-{a}")
            for a in range(area_count)
        )
        teams = Team.objects.bulk_create(
            Team(service_area=areas[t // TEAMS_PER_AREA], name=f"Bench team {t}")
            for t in range(team_count)
        )
        staff_users = self._users("staff", self.staff)
        managers = self._users("manager", team_count, grade_first="Team")
        cohort_count = max(1, -(-self.enrolments // COHORT_SIZE))
        mentors = self._users("mentor", max(1, -(-cohort_count // COHORTS_PER_MENTOR)))
        roles.sync_role(roles.MENTOR).user_set.add(*mentors)
        roles.sync_role(roles.PRACTICE_SUPERVISOR).user_set.add(*managers)
        PracticeSupervisor.objects.bulk_create(
            PracticeSupervisor(
                user=manager,
                team=team,
                restorative_trained=n % 3 == 0,
                restorative_trained_on=today - datetime.timedelta(days=400) if n % 3 == 0 else None,
            )
            for n, (manager, team) in enumerate(zip(managers, teams, strict=True))
        )
        start = today - datetime.timedelta(days=3 * 365)
        records = StaffRecord.objects.bulk_create(
            (
                StaffRecord(
                    person=user,
                    job_title="Social worker",
                    grade=StaffRecord.Grade.SOCIAL_WORKER_1
                    if n < self.enrolments
                    else StaffRecord.Grade.SOCIAL_WORKER_2,
                    employment_type=StaffRecord.EmploymentType.PERMANENT,
                    start_date=start,
                )
                for n, user in enumerate(staff_users)
            ),
            batch_size=BATCH,
        )
        # Learners spread over the teams, ten or so a team; everyone else fills them.
        team_of = [n % team_count for n in range(self.staff)]
        StaffTeamPeriod.objects.bulk_create(
            (
                StaffTeamPeriod(staff=record, team=teams[team_of[n]], start_date=start)
                for n, record in enumerate(records)
            ),
            batch_size=BATCH,
        )
        # Cohorts starting month by month over the last year, all still running.
        cohorts = Cohort.objects.bulk_create(
            Cohort(
                programme=programme,
                name=f"Bench {self.key} cohort {c}",
                start_date=add_months(today.replace(day=1), -(c % 11) - 1),
                mentor=mentors[c // COHORTS_PER_MENTOR],
                capacity=COHORT_SIZE,
            )
            for c in range(cohort_count)
        )
        enrolments = Enrolment.objects.bulk_create(
            (
                Enrolment(
                    member=staff_users[n],
                    cohort=cohorts[n // COHORT_SIZE],
                    employer=council,
                    line_manager=managers[team_of[n]],
                    assessor=managers[(team_of[n] + 1) % team_count],
                    start_date=cohorts[n // COHORT_SIZE].start_date,
                    expected_end_date=add_months(
                        cohorts[n // COHORT_SIZE].start_date, programme.length_months
                    ),
                )
                for n in range(self.enrolments)
            ),
            batch_size=BATCH,
        )
        by_member = {e.member_id: e for e in enrolments}
        placements, reviews, sessions, evidence = [], [], [], []
        kinds = list(EvidenceEntry.Kind.values)
        for n, user in enumerate(staff_users[: self.enrolments]):
            enrolment = by_member[user.pk]
            enrolment.cohort = cohorts[n // COHORT_SIZE]
            manager = managers[team_of[n]]
            placements.append(
                Placement(
                    enrolment=enrolment,
                    team=teams[team_of[n]],
                    supervisor=manager,
                    start_date=enrolment.start_date,
                    end_date=enrolment.expected_end_date,
                    status=Placement.Status.IN_PROGRESS,
                )
            )
            final = None
            dates = progress.review_dates(enrolment, [])
            if dates:
                final = max(point["month"] for point in dates)
            for point in dates:
                reviews.append(
                    ReviewPoint(
                        enrolment=enrolment,
                        month=point["month"],
                        optional=point["optional"],
                        is_final=point["month"] == final,
                        due_date=point["date"],
                    )
                )
            for s in range(6):
                day = today - datetime.timedelta(days=7 + 14 * s + n % 5)
                if day < enrolment.start_date:
                    break
                sessions.append(
                    SupervisionSession(
                        enrolment=enrolment,
                        date=day,
                        minutes=rng.choice([60, 90]),
                        supervisor=manager,
                        kind=SupervisionSession.Kind.INDIVIDUAL,
                        logged_by=manager,
                        confirmed_by=user,
                        confirmed_at=timezone.now(),
                    )
                )
            for e in range(n % 4):
                evidence.append(
                    EvidenceEntry(
                        enrolment=enrolment,
                        kind=kinds[e % len(kinds)],
                        date=max(enrolment.start_date, today - datetime.timedelta(days=10 * e)),
                        title=f"Bench evidence {e}",
                    )
                )
        Placement.objects.bulk_create(placements, batch_size=BATCH)
        ReviewPoint.objects.bulk_create(reviews, batch_size=BATCH)
        SupervisionSession.objects.bulk_create(sessions, batch_size=BATCH)
        EvidenceEntry.objects.bulk_create(evidence, batch_size=BATCH)
        # A year of weekly counts: learners around their cap of 15, others around 17.
        counts = []
        for n, user in enumerate(staff_users):
            base = 12 if n < self.enrolments else 17
            for week in range(self.weeks):
                counts.append(
                    CaseloadCount(
                        person=user,
                        date=today - datetime.timedelta(days=7 * week),
                        count=max(0, base + rng.randint(-4, 5)),
                        source=CaseloadCount.Source.IMPORT,
                    )
                )
            if len(counts) >= BATCH * 4:
                CaseloadCount.objects.bulk_create(counts, batch_size=BATCH)
                counts = []
        CaseloadCount.objects.bulk_create(counts, batch_size=BATCH)

    def _users(self, prefix: str, count: int, grade_first: str = "Bench") -> list[User]:
        users = User.objects.bulk_create(
            (
                User(
                    email=f"{prefix}{n}@{self.domain}",
                    first_name=grade_first,
                    last_name=f"{prefix.title()} {n:05d}",
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )
        if users and users[0].pk is None:  # a database without RETURNING
            users = list(
                User.objects.filter(email__startswith=prefix, email__endswith=f"@{self.domain}")
            )
            order = {f"{prefix}{n}@{self.domain}": n for n in range(count)}
            users.sort(key=lambda u: order[u.email])
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
            batch_size=BATCH,
        )
        return users


# Measuring -------------------------------------------------------------------------


def signed_in(user) -> Client:
    """A client signed in as ``user``, past the staff MFA step as allauth leaves it."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client = Client(HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
    client.force_login(user)
    mark_mfa_passed(client.session, user)
    return client


def time_page(client: Client, path: str, requests: int) -> dict:
    """p50/p95 wall time, CPU time and SQL queries per request for ``path``."""
    response = client.get(path)
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code}")
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    walls, cpus = [], []
    for _ in range(requests):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    walls.sort()
    return {
        "p50": statistics.median(walls),
        "p95": walls[max(0, math.ceil(len(walls) * 0.95) - 1)],
        "cpu": statistics.mean(cpus),
        "queries": len(queries),
    }


def time_import(data: BenchData, rows: int) -> dict:
    """Upload a ``rows``-row CSV and let the worker read it, then confirm and let it save.

    The counts of the bench's earlier imports are removed first, so every run writes.
    """
    earlier = CaseloadImport.objects.filter(file_name__startswith=f"bench-{data.key}")
    CaseloadCount.objects.filter(source_import__in=earlier).delete()
    earlier.delete()
    people = data.people
    lines = ["worker,date,count"]
    for n in range(rows):
        # Days between the weekly counts, so every row is a new count.
        day = data.today - datetime.timedelta(
            days=1 + n // len(people) % 6 + 7 * (n // (6 * len(people)))
        )
        lines.append(f"{people[n % len(people)]},{day.isoformat()},{n % 19}")
    upload = SimpleUploadedFile(
        f"bench-{data.key}.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv"
    )
    hr = data.manager
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    deferred = caseload_tasks.read_caseload_import.get_backend().supports_defer
    with override_settings(PORTAL_DELIVERY_EMAIL_BACKEND=locmem):
        began, began_at = time.perf_counter(), timezone.now()
        row = caseload_imports.import_upload(upload=upload, by=hr)
        if deferred:
            run_worker()
        read = time.perf_counter() - began
        row.refresh_from_db()
        if row.status != CaseloadImport.Status.PREVIEW:
            raise CommandError(f"The bench import was not read: {row.status}")
        caseload_imports.import_confirm(row=row, by=hr)
        if deferred:
            run_worker()
        drained = time.perf_counter() - began
    row.refresh_from_db()
    return {
        "read": read,
        # Until the save task finished; the breach mails it queued come after it.
        "total": (row.saved_at - began_at).total_seconds() if row.saved_at else drained,
        "drained": drained,
        "accepted": len(row.preview.get("accepted", [])),
        "saved": row.saved_count,
        "status": row.status,
    }


PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


def plain_static_storages() -> dict:
    return settings.STORAGES | {"staticfiles": {"BACKEND": PLAIN_STATIC}}


def as_production():
    """DEBUG off, and static files without a manifest (none is built for the bench).

    STORAGES is overridden only when it must be: overriding it makes Django build
    every storage again, and a model's file field keeps the one it was given, so
    files saved through one would not be found through the other."""
    if settings.STORAGES["staticfiles"]["BACKEND"] == PLAIN_STATIC:
        return override_settings(DEBUG=False)
    return override_settings(DEBUG=False, STORAGES=plain_static_storages())


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


class Command(BaseCommand):
    help = (
        "Time the rotation planner, the mentor's and manager's dashboards on 2,000 "
        "enrolments and a year of caseloads for 5,000 staff, and a 10,000-row caseload import."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Planner runs.")
        parser.add_argument("--enrolments", type=int, default=2000)
        parser.add_argument("--staff", type=int, default=5000)
        parser.add_argument("--weeks", type=int, default=52)
        parser.add_argument("--requests", type=int, default=30, help="Requests per page.")
        parser.add_argument("--import-rows", type=int, default=10_000)
        parser.add_argument("--planner-only", action="store_true")

    def handle(self, *args, repeat, planner_only, **options):
        failures = self.bench_planner(repeat)
        if not planner_only:
            failures += self.bench_pages(**options)
        if failures:
            raise CommandError(f"{failures} target(s) missed")

    def bench_planner(self, repeat) -> int:
        teams, members = bench_teams(), bench_members()
        timings, placements = [], 0
        for _ in range(repeat):
            began = time.perf_counter()
            proposal = planner.propose(members=members, teams=teams, rules=NQSW)
            timings.append(time.perf_counter() - began)
            placements = len(proposal.placements)
        median, slowest = statistics.median(timings), max(timings)
        self.stdout.write(
            f"Rotation planner, {MEMBERS} members x 12 months ({placements} placements): "
            f"median {median * 1000:.1f} ms, slowest {slowest * 1000:.1f} ms "
            f"over {repeat} runs (target {TARGET_SECONDS * 1000:.0f} ms)"
        )
        if slowest >= TARGET_SECONDS:
            self.stderr.write(f"The planner took {slowest:.2f} s, over {TARGET_SECONDS} s")
            return 1
        return 0

    def bench_pages(self, *, enrolments, staff, weeks, requests, import_rows, **options) -> int:
        allowed = getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False) or settings.DEBUG
        if not allowed and "bench" not in str(settings.DATABASES["default"].get("NAME", "")):
            raise CommandError("cohorts_bench builds data only in a bench or demo database.")
        call_command("createcachetable", verbosity=0)
        began = time.perf_counter()
        data = BenchData(
            enrolments=enrolments, staff=staff, weeks=weeks, today=timezone.localdate()
        ).ensure()
        sizes = ", ".join(f"{v:,} {k}" for k, v in data.sizes().items())
        self.stdout.write(
            f"Bench data on {connection.vendor} ({'built' if data.built_now else 'reused'} "
            f"in {time.perf_counter() - began:.1f} s): {sizes}"
        )
        failures = 0
        mentor, manager = signed_in(data.mentor), signed_in(data.manager)
        settle_after_startup()  # as each web server worker does once it has loaded
        pages = [
            ("Mentor: /mentor/", mentor, "/mentor/"),
            ("Mentor: a cohort", mentor, f"/mentor/cohorts/{data.cohort.public_id}/"),
            ("Manager: /supervision/", manager, "/supervision/"),
            ("Manager: caseloads", manager, "/supervision/caseloads/"),
            ("Manager: teams", manager, "/supervision/teams/"),
        ]
        self.stdout.write(
            f"{'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}  "
            f"(target p95 {TARGET_P95_MS} ms, {requests} requests)"
        )
        for name, client, path in pages:
            # As production serves them: cached templates, no query log (the static
            # files' manifest is the one thing left as in development: none is built).
            with as_production():
                figures = time_page(client, path, requests)
            ok = figures["p95"] < TARGET_P95_MS
            failures += 0 if ok else 1
            self.stdout.write(
                f"{name:<26} {figures['p50']:8.1f} {figures['p95']:8.1f} {figures['cpu']:8.1f} "
                f"{figures['queries']:8d}  "
                + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
            )
        if import_rows:
            figures = time_import(data, import_rows)
            ok = figures["total"] < TARGET_IMPORT_SECONDS and figures["saved"] == import_rows
            failures += 0 if ok else 1
            self.stdout.write(
                f"Caseload import, {import_rows:,} rows through the worker: read "
                f"{figures['read']:.1f} s, saved {figures['saved']:,} in {figures['total']:.1f} s "
                f"in all (target {TARGET_IMPORT_SECONDS} s; the worker done, breach mails "
                f"too, at {figures['drained']:.1f} s)  "
                + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
            )
        return failures
