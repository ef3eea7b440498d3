"""Demo people and the council's structure, for people trying the portal.

Idempotent: running it again finds what it made before.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings

from portal import roles, staff
from portal.env import VAR_DIR, env
from portal.models import Organisation, ServiceArea, StaffRecord, Team, User

SERVICE_AREAS = [
    ("Duty", "duty", ["Duty and Assessment North", "Duty and Assessment South"]),
    ("Fieldwork", "fieldwork", ["Fieldwork East", "Fieldwork West"]),
    ("Children in Care", "children-in-care", ["Children in Care 1", "Leaving Care"]),
    ("Whole Life Disabilities", "whole-life-disabilities", ["Whole Life Disabilities"]),
    ("Early Help", "early-help", ["Early Help Hub"]),
    ("CAMHS", "camhs", ["CAMHS Social Work"]),
    ("Family Intervention", "family-intervention", ["Family Intervention Project"]),
    ("Multi-Systemic Therapy", "multi-systemic-therapy", ["MST Team"]),
]

DEMO_USERS = [
    ("applicant@example.org", "Amira", "Khan", roles.APPLICANT),
    ("hr@example.org", "Harriet", "Reid", roles.HR_OFFICER),
    ("panel@example.org", "Paul", "Nwosu", roles.PANEL_MEMBER),
    ("mentor@example.org", "Margaret", "Okafor", roles.MENTOR),
    ("supervisor@example.org", "Simon", "Patel", roles.PRACTICE_SUPERVISOR),
    ("nqsw@example.org", "Niamh", "Quinn", roles.COHORT_MEMBER),
    ("lead@example.org", "Leon", "Edwards", roles.WORKFORCE_LEAD),
    ("editor@example.org", "Esther", "Davies", roles.CONTENT_EDITOR),
    ("partner@example.org", "Priya", "Sharma", roles.PARTNER_COORDINATOR),
]


def demo_password() -> str:
    """DEMO_PASSWORD, or one made up once and kept under var/ so reruns agree."""
    given = env.str("DEMO_PASSWORD", default="")
    if given:
        return given
    stored = VAR_DIR / "demo-password.txt"
    if stored.exists():
        return stored.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(12)
    VAR_DIR.mkdir(exist_ok=True)
    stored.write_text(password + "\n")
    stored.chmod(0o600)
    return password


def totp_secret(user) -> str | None:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return get_adapter().decrypt(authenticator.data["secret"])


def ensure_totp(user) -> str:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = totp_secret(user)
    if existing:
        return existing
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def seed_structure() -> None:
    Organisation.objects.get_or_create(
        name="Example City Council", defaults={"kind": Organisation.Kind.COUNCIL}
    )
    Organisation.objects.get_or_create(
        name="Shire County Council", defaults={"kind": Organisation.Kind.PARTNER_COUNCIL}
    )
    Organisation.objects.get_or_create(
        name="Metropolitan University", defaults={"kind": Organisation.Kind.UNIVERSITY}
    )
    for order, (name, slug, teams) in enumerate(SERVICE_AREAS):
        area, _ = ServiceArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        for team in teams:
            Team.objects.get_or_create(service_area=area, name=team)


def seed_users(password: str) -> list[dict]:
    from allauth.account.models import EmailAddress

    roles.sync_roles()
    logins = []
    for email, first, last, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        user.groups.add(roles.sync_role(role) if created else _group(role))
        secret = ensure_totp(user) if role.staff else None
        logins.append({"email": email, "role": role.name, "totp_secret": secret})
    return logins


def _group(role):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=role.name)


DEMO_AGENCY = "Northern Social Care Recruitment Ltd"
# (email, first, last, job title, grade, employment type, team, start, part-time hours)
DEMO_STAFF = [
    (
        "mentor@example.org", "Margaret", "Okafor", "Head of Service, Fieldwork",
        StaffRecord.Grade.HEAD_OF_SERVICE, StaffRecord.EmploymentType.PERMANENT,
        "Fieldwork East", datetime.date(2015, 4, 1), None,
    ),
    (
        "supervisor@example.org", "Simon", "Patel", "Practice supervisor",
        StaffRecord.Grade.PRACTICE_SUPERVISOR, StaffRecord.EmploymentType.PERMANENT,
        "Duty and Assessment North", datetime.date(2019, 9, 2), None,
    ),
    (
        "omar.hussain@example.org", "Omar", "Hussain", "Senior practitioner",
        StaffRecord.Grade.SENIOR_PRACTITIONER, StaffRecord.EmploymentType.PERMANENT,
        "Duty and Assessment South", datetime.date(2021, 1, 4), None,
    ),
    (
        "tom.whitfield@example.org", "Tom", "Whitfield", "Social worker",
        StaffRecord.Grade.SOCIAL_WORKER_2, StaffRecord.EmploymentType.FIXED_TERM,
        "Early Help Hub", datetime.date(2022, 5, 3), Decimal("22.5"),
    ),
]  # fmt: skip


def _staff_person(email: str, first: str, last: str) -> User:
    person, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        person.set_unusable_password()
        person.save(update_fields=["password"])
    return person


def seed_staff() -> int:
    """A handful of staff records, made through the services: permanent staff, a team
    move, a part-time leaver and an agency worker whose vetting is complete."""
    made = 0
    teams = {team.name: team for team in Team.objects.all()}
    for email, first, last, title, grade, kind, team, start, hours in DEMO_STAFF:
        person = _staff_person(email, first, last)
        if person.staff_records.exists():
            continue
        record = staff.staff_record_create(
            person=person,
            job_title=title,
            grade=grade,
            employment_type=kind,
            team=teams[team],
            start_date=start,
            hours=StaffRecord.Hours.PART_TIME if hours else StaffRecord.Hours.FULL_TIME,
            weekly_hours=hours,
            swe_number=f"SW{100200 + made}",
            by=None,
        )
        made += 1
        if email == "omar.hussain@example.org":
            staff.staff_move_team(
                staff=record,
                team=teams["Children in Care 1"],
                on=datetime.date(2024, 6, 3),
                by=None,
            )
        if email == "tom.whitfield@example.org":
            staff.staff_record_leave(
                staff=record,
                on=datetime.date(2025, 7, 31),
                reason=StaffRecord.LeavingReason.ANOTHER_COUNCIL,
                note="A permanent post nearer home.",
                by=None,
            )
    agency_worker = _staff_person("grace.mensah@example.org", "Grace", "Mensah")
    if not agency_worker.staff_records.exists():
        agency, _ = Organisation.objects.get_or_create(
            name=DEMO_AGENCY, defaults={"kind": Organisation.Kind.AGENCY}
        )
        record = staff.staff_record_create(
            person=agency_worker,
            job_title="Locum social worker",
            grade=StaffRecord.Grade.SOCIAL_WORKER_3,
            employment_type=StaffRecord.EmploymentType.AGENCY,
            agency=agency,
            by=None,
        )
        checked = datetime.date(2025, 9, 15)
        for item, values in [
            ("registration", {"registration_checked_on": checked}),
            (
                "qualification",
                {
                    "qualification": "MA Social Work",
                    "qualified_on": datetime.date(2016, 7, 1),
                    "in_asye": False,
                },
            ),
            ("interview", {"interviewed_on": datetime.date(2025, 9, 10)}),
            (
                "dbs",
                {
                    "dbs_certificate_number": "001987654321",
                    "dbs_issued_on": datetime.date(2025, 9, 24),
                    "dbs_barred_list_checked": True,
                    "dbs_outcome": "clear",
                },
            ),
            (
                "references",
                {
                    "first_referee": "Team manager, previous local authority",
                    "first_reference_received_on": datetime.date(2025, 9, 18),
                    "second_referee": "Service manager, earlier local authority",
                    "second_reference_received_on": datetime.date(2025, 9, 22),
                },
            ),
        ]:
            staff.agency_vetting_record(
                vetting=record.vetting,
                item=item,
                values=values,
                swe_number="SW100900" if item == "registration" else None,
                by=None,
            )
        staff.agency_worker_start(
            staff=record, team=teams["Fieldwork West"], on=datetime.date(2025, 10, 6), by=None
        )
        made += 1
    return made


def seed(out) -> dict:
    if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
        raise RuntimeError("Demo data is refused under these settings.")
    seed_structure()
    password = demo_password()
    logins = seed_users(password)
    seed_staff()
    return {"password": password, "logins": logins}
