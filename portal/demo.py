"""Demo people and the council's structure, for people trying the portal.

Idempotent: running it again finds what it made before.
"""

import secrets

from django.conf import settings

from portal import roles
from portal.env import VAR_DIR, env
from portal.models import Organisation, ServiceArea, Team, User

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


def seed(out) -> dict:
    if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
        raise RuntimeError("Demo data is refused under these settings.")
    seed_structure()
    password = demo_password()
    return {"password": password, "logins": seed_users(password)}
