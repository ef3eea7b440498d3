"""Bench data and timings for HR's application list and an applicant's "My applications".

``manage.py recruitment_bench`` builds COUNT applications (100,000 by default,
in bulk, once: a second run reuses them; needs ``seed_demo`` pages first), then
times each page in-process through the whole middleware stack (the heap settled
as a server worker settles it) and reports
p50/p95 against the 150 ms target, the CPU time per request and the queries
(which must not grow with the data). Refused under production settings, like the demo data.
"""

import resource
import statistics
import time

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from cms.choices import Route
from cms.models import VacancyPage
from portal import roles
from portal.accounts import mark_mfa_passed
from portal.heap import settle_after_startup
from portal.models import ServiceArea, Team, User
from recruitment.choices import CheckKind, OfferState, Status
from recruitment.models import (
    Application,
    Note,
    Offer,
    OfferLetterTemplate,
    PreEmploymentCheck,
    Referee,
)
from recruitment.pdf import offer_letter_pdf
from recruitment.services import retention as retention_services
from recruitment.tasks import send_offer_letter

TARGET_P95_MS = 150
BENCH_DOMAIN = "bench.example.org"


class Command(BaseCommand):
    help = "Build bench applications and time the HR list and My applications."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=40)
        parser.add_argument("--prepare-only", action="store_true")
        # Offers
        parser.add_argument("--letters", type=int, default=100)

        # Checks, first day, retention ---
        parser.add_argument(
            "--retention",
            type=int,
            default=0,
            metavar="COUNT",
            help="Instead: time the retention task over COUNT unsuccessful applications.",
        )

    def handle(self, *args, count, requests, prepare_only, letters, retention=0, **options):
        allowed = getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False) or settings.DEBUG
        if not allowed and "bench" not in str(settings.DATABASES["default"].get("NAME", "")):
            raise CommandError("recruitment_bench builds data only in a bench or demo database.")
        if retention:
            self.bench_retention(retention)
            return
        applicant, hr = self.prepare(count)
        if prepare_only:
            return
        failures = 0
        settle_after_startup()  # as each web server worker does once it has loaded
        for name, user, path in [
            ("HR application list", hr, "/admin/recruitment/applications/"),
            ("HR list, fast-track filter", hr, "/admin/recruitment/applications/?fast_track=due"),
            ("My applications", applicant, "/applications/"),
        ]:
            failures += self.measure(name, user, path, requests)
        # Offers (``--letters 0`` times the pages only)
        if letters:
            failures += OfferLetterBench(self.stdout, self.style).run(letters)
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
        cpu_started = time.process_time()
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        cpu_ms = (time.process_time() - cpu_started) * 1000 / requests
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        ok = p95 < TARGET_P95_MS
        self.stdout.write(
            f"{name:<28} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  CPU {cpu_ms:5.1f} ms/req  "
            f"{len(queries)} queries ({sum(queries):.1f} ms)  "
            + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
        )
        return 0 if ok else 1


# Offers -----------------------------------------------------------------------------

LETTER_TARGET_MS = 300


class OfferLetterBench:
    """One offer letter rendered (target under 300 ms), then ``count`` letters sent through
    the task queue and the worker, as "Send" does (mail to an in-memory outbox)."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style

    def run(self, count: int) -> int:

        offers = self.prepare(count)
        offer_letter_pdf(offers[0])  # WeasyPrint loads its fonts once
        started = time.perf_counter()
        offer_letter_pdf(offers[0])
        one = (time.perf_counter() - started) * 1000
        ok = one < LETTER_TARGET_MS
        self.stdout.write(
            f"{'One offer letter rendered':<28} {one:6.1f} ms  "
            + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
        )
        locmem = "django.core.mail.backends.locmem.EmailBackend"
        with override_settings(PORTAL_DELIVERY_EMAIL_BACKEND=locmem):
            started = time.perf_counter()
            for offer in offers:
                send_offer_letter.enqueue(str(offer.pk))
            if send_offer_letter.get_backend().supports_defer:
                call_command(
                    "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
                )
            total = time.perf_counter() - started
        sent = Offer.objects.filter(pk__in=[o.pk for o in offers], state=Offer.State.SENT).count()
        self.stdout.write(
            f"{count} letters through the worker: {total:.1f} s in all, "
            f"{total * 1000 / count:.0f} ms a letter, {sent} sent"
        )
        return 0 if ok and sent == count else 1

    @transaction.atomic
    def prepare(self, count):
        vacancy = VacancyPage.objects.live().order_by("pk").first()
        if vacancy is None:
            raise CommandError("No vacancies: run seed_demo first.")
        team = Team.objects.first() or Team.objects.create(
            service_area=ServiceArea.objects.create(name="Bench", slug="bench"), name="Bench"
        )
        template = OfferLetterTemplate.objects.filter(is_default=True).first()
        start = User.objects.filter(email__startswith="letter").count()
        users = User.objects.bulk_create(
            User(email=f"letter{start + n}@{BENCH_DOMAIN}", first_name="Bench", last_name=str(n))
            for n in range(count)
        )
        now = timezone.now()
        applications = Application.objects.bulk_create(
            Application(
                applicant=user,
                vacancy=vacancy,
                route=Route.EXPERIENCED,
                status=Status.INTERVIEWING,
                submitted_at=now,
                first_name="Bench",
                last_name=user.last_name,
                email=user.email,
            )
            for user in users
        )
        return Offer.objects.bulk_create(
            Offer(
                application=application,
                state=Offer.State.SENDING,
                job_title="Social worker",
                team=team,
                grade="sw2",
                salary_point="Grade 9, point 32",
                employment_type="permanent",
                proposed_start_date=now.date() + timezone.timedelta(days=40),
                letter_template=template,
                send_requested_at=now,
            )
            for application in applications
        )

    # Checks, first day, retention ------------------------------------------------------

    def bench_retention(self, count: int) -> None:
        """Time ``applications_anonymise_expired`` over ``count`` unsuccessful applications
        decided 7 months ago, each with a referee, a note, an offer and its checks; print
        the time and the process's peak resident memory before and after."""
        self.prepare_retention(count)
        before = peak_rss_mb()
        started = time.perf_counter()
        result = retention_services.applications_anonymise_expired()
        seconds = time.perf_counter() - started
        ok = seconds < TARGET_RETENTION_SECONDS
        self.stdout.write(
            f"Retention task: {result.applications} applications anonymised in {seconds:.1f} s "
            f"({result.offers} offers, {result.checks} checks, {result.referees} referees); "
            f"peak RSS {before:.0f} MB before, {peak_rss_mb():.0f} MB after  "
            + (self.style.SUCCESS("OK") if ok else self.style.ERROR("SLOW"))
        )
        if not ok:
            raise CommandError(f"The retention task missed its {TARGET_RETENTION_SECONDS} s target")

    def prepare_retention(self, count: int) -> None:
        vacancies = list(VacancyPage.objects.live().order_by("pk")[:50])
        team = Team.objects.order_by("pk").first()
        template = OfferLetterTemplate.objects.filter(is_default=True).first()
        if not vacancies or team is None or template is None:
            raise CommandError("No vacancies or teams: run seed_demo first.")
        decided = timezone.now() - relativedelta(months=7)
        made = 0
        while made < count:
            size = min(RETENTION_BATCH, count - made)
            with transaction.atomic():
                applications = Application.objects.bulk_create(
                    Application(
                        vacancy=vacancies[(made + n) % len(vacancies)],
                        route=Route.EXPERIENCED,
                        status=Status.OFFER_DECLINED if n % 2 else Status.REJECTED,
                        submitted_at=decided,
                        decided_at=decided,
                        first_name="Bench",
                        last_name=f"Retention {made + n}",
                        email=f"retention{made + n}@{BENCH_DOMAIN}",
                        supporting_statement="Personal words to remove.",
                    )
                    for n in range(size)
                )
                Referee.objects.bulk_create(
                    Referee(
                        application=a,
                        position=1,
                        name="Referee",
                        job_title="Manager",
                        organisation="Council",
                        email="referee@example.org",
                        relationship="Manager",
                    )
                    for a in applications
                )
                Note.objects.bulk_create(Note(application=a, text="A note") for a in applications)
                offers = Offer.objects.bulk_create(
                    Offer(
                        application=a,
                        state=OfferState.DECLINED,
                        job_title="Social worker",
                        team=team,
                        grade="sw2",
                        salary_point="Grade 9",
                        employment_type="permanent",
                        proposed_start_date=decided.date(),
                        letter_template=template,
                        decline_reason="Personal reasons",
                    )
                    for a in applications
                    if a.status == Status.OFFER_DECLINED
                )
                PreEmploymentCheck.objects.bulk_create(
                    PreEmploymentCheck(offer=o, kind=kind, note="A note", swe_number="SW123456")
                    for o in offers
                    for kind in (CheckKind.DBS, CheckKind.SWE_REGISTRATION)
                )
            made += size
        self.stdout.write(f"Retention bench: {made} unsuccessful applications made.")


TARGET_RETENTION_SECONDS = 60
RETENTION_BATCH = 2000


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
