"""Bench data and timings for HR's application list and an applicant's "My applications".

``manage.py recruitment_bench`` builds COUNT applications (10,000 by default,
once; needs ``seed_demo`` pages first), then times each page in-process
through the whole middleware stack and reports p50/p95 against the 150 ms
target. Refused under production settings, like the demo data.
"""

import statistics
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from cms.choices import Route
from cms.models import VacancyPage
from portal import roles
from portal.accounts import mark_mfa_passed
from portal.models import User
from recruitment.choices import Status
from recruitment.models import Application

TARGET_P95_MS = 150
BENCH_DOMAIN = "bench.example.org"


class Command(BaseCommand):
    help = "Build bench applications and time the HR list and My applications."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--requests", type=int, default=40)
        parser.add_argument("--prepare-only", action="store_true")

    def handle(self, *args, count, requests, prepare_only, **options):
        allowed = getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False) or settings.DEBUG
        if not allowed and "bench" not in str(settings.DATABASES["default"].get("NAME", "")):
            raise CommandError("recruitment_bench builds data only in a bench or demo database.")
        applicant, hr = self.prepare(count)
        if prepare_only:
            return
        failures = 0
        for name, user, path in [
            ("HR application list", hr, "/admin/recruitment/applications/"),
            ("HR list, fast-track filter", hr, "/admin/recruitment/applications/?fast_track=due"),
            ("My applications", applicant, "/applications/"),
        ]:
            failures += self.measure(name, user, path, requests)
        if failures:
            raise CommandError(f"{failures} page(s) missed the p95 target of {TARGET_P95_MS} ms")

    @transaction.atomic
    def prepare(self, count):
        vacancies = list(VacancyPage.objects.live().order_by("pk")[:50])
        if not vacancies:
            raise CommandError("No vacancies: run seed_demo first.")
        hr, _ = User.objects.get_or_create(email=f"hr@{BENCH_DOMAIN}")
        hr.groups.add(roles.sync_role(roles.HR_OFFICER))
        if not Authenticator.objects.filter(user=hr, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(hr, generate_totp_secret())
        existing = Application.objects.filter(applicant__email__endswith=BENCH_DOMAIN).count()
        missing = max(0, count - existing)
        per_user = len(vacancies)
        users_needed = (missing + per_user - 1) // per_user
        start = User.objects.filter(email__endswith=BENCH_DOMAIN).count()
        new_users = User.objects.bulk_create(
            User(email=f"applicant{start + n}@{BENCH_DOMAIN}", first_name="Bench", last_name=str(n))
            for n in range(users_needed)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new_users
        )
        now = timezone.now()
        statuses = [
            Status.FAST_TRACKED,
            Status.AWAITING_SHORTLISTING,
            Status.SHORTLISTED,
            Status.REJECTED,
        ]
        batch = []
        made = 0
        for user in new_users:
            for vacancy in vacancies:
                if made >= missing:
                    break
                status = statuses[made % len(statuses)]
                batch.append(
                    Application(
                        applicant=user,
                        vacancy=vacancy,
                        route=vacancy.recruitment_route or Route.EXPERIENCED,
                        status=status,
                        submitted_at=now - timezone.timedelta(minutes=made),
                        is_fast_track=status == Status.FAST_TRACKED,
                        fast_track_due=(now.date() + timezone.timedelta(days=made % 9 - 2))
                        if status == Status.FAST_TRACKED
                        else None,
                        tracking_code=["press-2026", "", "radio"][made % 3],
                        first_name="Bench",
                        last_name=str(made),
                        email=user.email,
                    )
                )
                made += 1
            if len(batch) >= 2000:
                Application.objects.bulk_create(batch)
                batch = []
        Application.objects.bulk_create(batch)
        applicant = (
            User.objects.filter(email__endswith=BENCH_DOMAIN, applications__isnull=False)
            .order_by("pk")
            .first()
        )
        self.stdout.write(
            f"Bench applications: {Application.objects.count()} in the database ({made} made now)."
        )
        return applicant, hr

    def measure(self, name, user, path, requests) -> int:
        client = Client(HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
        client.force_login(user)
        mark_mfa_passed(client.session, user)
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        queries = []

        def count(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((time.perf_counter() - started) * 1000)

        with connection.execute_wrapper(count):
            client.get(path)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        ok = p95 < TARGET_P95_MS
        self.stdout.write(
            f"{name:<28} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{len(queries)} queries ({sum(queries):.1f} ms)  "
            + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
        )
        return 0 if ok else 1
