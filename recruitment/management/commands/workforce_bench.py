"""The workforce picture at national scale: build the set once, then time every page.

``manage.py workforce_bench`` builds (once, in a bench or demo database) 5,000
staff over 100 teams with five years of starters, leavers and team moves,
weekly caseload counts for all of them, 2,000 enrolments with their outcomes,
100,000 applications (``recruitment_bench``'s builder) and five years of
monthly snapshots; then times ``/workforce/`` and each section as a workforce
lead and as a head of service through the whole middleware stack, printing p50
and p95 against the 300 ms target, CPU per request and SQL queries per page.
Exits non-zero when a page misses the target.
"""

import datetime
import random
import statistics
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from cms.models import VacancyPage
from cohorts.models import CaseloadCount, Cohort, Enrolment, Programme
from portal import roles
from portal.accounts import mark_mfa_passed
from portal.heap import settle_after_startup
from portal.models import Organisation, ServiceArea, StaffRecord, StaffTeamPeriod, Team, User
from recruitment.workforce import board_pdf, page, rules, snapshots
from recruitment.workforce import reports as board_reports

TARGET_P95_MS = 300
BOARD_PDF_TARGET_S = 5
DOMAIN = "workforce-bench.example.org"
AREAS, TEAMS_PER_AREA = 10, 10
GRADES = [
    StaffRecord.Grade.SOCIAL_WORKER_1,
    StaffRecord.Grade.SOCIAL_WORKER_2,
    StaffRecord.Grade.SOCIAL_WORKER_2,
    StaffRecord.Grade.SOCIAL_WORKER_3,
    StaffRecord.Grade.SOCIAL_WORKER_3,
    StaffRecord.Grade.SENIOR_PRACTITIONER,
    StaffRecord.Grade.TEAM_MANAGER,
]


class Command(BaseCommand):
    help = "Build the national-scale workforce set and time every workforce page (p95 < 300 ms)."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=5_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--enrolments", type=int, default=2_000)
        parser.add_argument("--applications", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument("--prepare-only", action="store_true")

    def handle(
        self, *args, staff, years, enrolments, applications, requests, prepare_only, **options
    ):
        allowed = getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False) or settings.DEBUG
        if not allowed and "bench" not in str(settings.DATABASES["default"].get("NAME", "")):
            raise CommandError("workforce_bench builds data only in a bench or demo database.")
        today = timezone.localdate()
        first = rules.add_months(rules.last_complete_month(today), -(12 * years - 1))
        began = time.perf_counter()
        lead, head = self.people()
        if not StaffRecord.objects.filter(person__email__endswith=DOMAIN).exists():
            self.build_staff(staff, first, today)
            self.build_enrolments(enrolments, first, today)
        if applications and not VacancyPage.objects.live().exists():
            self.stdout.write("No vacancies (run seed_demo first): no bench applications built.")
        elif applications:
            call_command(
                "recruitment_bench", count=applications, prepare_only=True, stdout=self.stdout
            )
        made = snapshots.backfill(first=first, last=rules.last_complete_month(today))
        self.stdout.write(
            f"Workforce bench set ready in {time.perf_counter() - began:.0f} s "
            f"({len(made)} months snapshot now; {StaffRecord.objects.count()} staff records, "
            f"{CaseloadCount.objects.count()} caseload counts, {Enrolment.objects.count()} enrolments)."
        )
        if prepare_only:
            return
        failures = 0
        settle_after_startup()  # as each web server worker does once it has loaded
        paths = [("/workforce/", "Workforce, every section")]
        paths += [
            (f"/workforce/{slug}/?period=60", f"{title} (5 years)")
            for slug, title in page.TITLES.items()
        ]
        area = ServiceArea.objects.filter(slug="bench-area-1").first()
        if area:
            paths.append((f"/workforce/headcount/?area={area.slug}", "Headcount, one area"))
        for path, name in paths:
            failures += self.measure(name, lead, path, requests)
        failures += self.measure("Head of service's view", head, "/workforce/", requests)
        failures += self.measure_board_report(lead)
        if failures:
            raise CommandError(
                f"{failures} page(s) missed the p95 target of {TARGET_P95_MS} ms "
                f"or the board report its {BOARD_PDF_TARGET_S} s"
            )

    # Building --------------------------------------------------------------------------

    def people(self) -> tuple[User, User]:
        made = []
        for name, role in (("lead", roles.WORKFORCE_LEAD), ("head", roles.MENTOR)):
            user, _ = User.objects.get_or_create(
                email=f"{name}@{DOMAIN}", defaults={"first_name": "Bench", "last_name": name}
            )
            user.groups.add(roles.sync_role(role))
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, generate_totp_secret())
            made.append(user)
        return made[0], made[1]

    def teams(self) -> list[Team]:
        teams = []
        for a in range(1, AREAS + 1):
            area, _ = ServiceArea.objects.get_or_create(
                slug=f"bench-area-{a}",
                defaults={"name": f"Bench service area {a}", "sort_order": 100 + a},
            )
            for t in range(1, TEAMS_PER_AREA + 1):
                team, _ = Team.objects.get_or_create(service_area=area, name=f"Bench team {a}.{t}")
                teams.append(team)
        return teams

    @transaction.atomic
    def build_staff(self, count: int, first: datetime.date, today: datetime.date) -> None:
        """``count`` open records at the end, plus the leavers of five years, agency use
        falling from about 40% to about 12% over the period."""
        rng = random.Random(11)  # noqa: S311 (bench data, not secrets)
        teams = self.teams()
        agency, _ = Organisation.objects.get_or_create(
            name="Bench Staffing Ltd", defaults={"kind": Organisation.Kind.AGENCY}
        )
        span = (today - first).days
        leavers = count * 3 // 10
        people = User.objects.bulk_create(
            User(email=f"staff{n}@{DOMAIN}", first_name="Staff", last_name=str(n))
            for n in range(count + leavers)
        )
        head = User.objects.get(email=f"head@{DOMAIN}")
        records, periods = [], []
        for n, person in enumerate(people):
            leaves = n >= count
            start = (
                first - datetime.timedelta(days=rng.randint(0, 3000))
                if rng.random() < 0.6
                else (first + datetime.timedelta(days=rng.randint(0, span - 40)))
            )
            end = None
            if leaves:
                end = max(start, first) + datetime.timedelta(days=rng.randint(30, 900))
                end = min(end, today - datetime.timedelta(days=3))
                if end < start:
                    end = start
            # Agency workers are mostly among those who left, early in the period.
            share = 0.55 if leaves else 0.12
            kind = (
                StaffRecord.EmploymentType.AGENCY
                if rng.random() < share
                else rng.choice(
                    [StaffRecord.EmploymentType.PERMANENT] * 8
                    + [StaffRecord.EmploymentType.FIXED_TERM, StaffRecord.EmploymentType.LEARNER]
                )
            )
            records.append(
                StaffRecord(
                    person=person,
                    job_title="Social worker",
                    grade=rng.choice(GRADES),
                    employment_type=kind,
                    agency=agency if kind == StaffRecord.EmploymentType.AGENCY else None,
                    start_date=start,
                    end_date=end,
                    leaving_reason=StaffRecord.LeavingReason.RESIGNED if end else "",
                )
            )
        head_record = StaffRecord(
            person=head,
            job_title="Head of service",
            grade=StaffRecord.Grade.HEAD_OF_SERVICE,
            employment_type=StaffRecord.EmploymentType.PERMANENT,
            start_date=first,
        )
        records = StaffRecord.objects.bulk_create([*records, head_record], batch_size=2000)
        for record in records:
            team = teams[0] if record.person_id == head.pk else rng.choice(teams)
            if record.person_id != head.pk and rng.random() < 0.15 and record.end_date is None:
                # A team move in the period: the first team until the move, the next after it.
                moved = max(record.start_date, first) + datetime.timedelta(
                    days=rng.randint(30, 600)
                )
                if moved < today:
                    periods.append(
                        StaffTeamPeriod(
                            staff=record,
                            team=team,
                            start_date=record.start_date,
                            end_date=moved - datetime.timedelta(days=1),
                        )
                    )
                    team, record_start = rng.choice(teams), moved
                    periods.append(
                        StaffTeamPeriod(staff=record, team=team, start_date=record_start)
                    )
                    continue
            periods.append(
                StaffTeamPeriod(
                    staff=record, team=team, start_date=record.start_date, end_date=record.end_date
                )
            )
        StaffTeamPeriod.objects.bulk_create(periods, batch_size=5000)
        self.build_caseloads(records, first, today, rng)

    def build_caseloads(self, records, first, today, rng) -> None:
        """A weekly count for every worker while they work, easing from about 19 to 16."""
        weeks = (today - first).days // 7
        batch, made = [], 0
        for record in records:
            if record.grade in (StaffRecord.Grade.TEAM_MANAGER, StaffRecord.Grade.HEAD_OF_SERVICE):
                continue
            for week in range(weeks):
                day = first + datetime.timedelta(days=7 * week)
                if day < record.start_date or (record.end_date and day > record.end_date):
                    continue
                easing = 19 - 3 * week / max(1, weeks)
                batch.append(
                    CaseloadCount(
                        person_id=record.person_id,
                        date=day,
                        count=max(0, int(rng.gauss(easing, 3))),
                    )
                )
            if len(batch) >= 20_000:
                CaseloadCount.objects.bulk_create(batch, batch_size=5000)
                made += len(batch)
                batch = []
        CaseloadCount.objects.bulk_create(batch, batch_size=5000)

    def build_enrolments(self, count: int, first: datetime.date, today: datetime.date) -> None:
        rng = random.Random(12)  # noqa: S311 (bench data, not secrets)
        council = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).first()
        if council is None:
            council = Organisation.objects.create(
                name="Bench City Council", kind=Organisation.Kind.COUNCIL
            )
        programmes = list(Programme.objects.all())
        if not programmes:
            return
        cohorts = []
        for programme in programmes:
            for year in range(first.year, today.year + 1):
                cohorts.append(
                    Cohort(
                        programme=programme,
                        name=f"Bench {programme.name[:60]} {year}",
                        start_date=datetime.date(year, 9, 1),
                        capacity=60,
                    )
                )
        cohorts = Cohort.objects.bulk_create(cohorts)
        members = list(
            StaffRecord.objects.filter(person__email__endswith=DOMAIN)
            .order_by("pk")
            .values_list("person_id", flat=True)[:count]
        )
        enrolments = []
        for n, member in enumerate(members):
            cohort = cohorts[n % len(cohorts)]
            months = cohort.programme.length_months or 12
            end = rules.add_months(cohort.start_date, months)
            finished = end < today
            status = Enrolment.Status.ACTIVE
            if finished:
                status = rng.choice(
                    [Enrolment.Status.COMPLETED] * 8
                    + [Enrolment.Status.FAILED, Enrolment.Status.WITHDRAWN]
                )
            enrolments.append(
                Enrolment(
                    member_id=member,
                    cohort=cohort,
                    employer=council,
                    start_date=cohort.start_date,
                    expected_end_date=end,
                    status=status,
                    status_reason="Bench" if status in Enrolment.REASON_NEEDED else "",
                    status_changed_on=end if finished else None,
                )
            )
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)

    # Timing ----------------------------------------------------------------------------

    def measure_board_report(self, lead) -> int:
        """The last month's board report made as the worker makes it (target: 5 s)."""
        month = rules.last_complete_month(timezone.localdate())
        report = board_reports.board_report_request(
            month=month, filters=board_reports.filters_for(lead), by=lead
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        board_pdf.board_report_make(report.pk)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        report.refresh_from_db()
        ok = report.state == report.State.READY and seconds < BOARD_PDF_TARGET_S
        self.stdout.write(
            f"{'Board report PDF':<34} {seconds:6.2f} s  CPU {cpu:6.2f} s  "
            f"{report.file.size if report.file else 0:,} bytes  "
            + (self.style.SUCCESS("OK") if ok else self.style.ERROR(f"SLOW or {report.state}"))
        )
        return 0 if ok else 1

    def measure(self, name, user, path, requests) -> int:
        client = Client(HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
        client.force_login(user)
        mark_mfa_passed(client.session, user)
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        queries = []
        with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
            client.get(path)
        timings, cpu = [], []
        for _ in range(requests):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        timings.sort()
        p50, p95 = statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]
        ok = p95 < TARGET_P95_MS
        self.stdout.write(
            f"{name:<34} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  CPU {statistics.median(cpu):6.1f} ms  "
            f"{len(queries):3d} queries  "
            + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
        )
        return 0 if ok else 1
