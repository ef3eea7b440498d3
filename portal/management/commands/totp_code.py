"""Print a demo user's current authenticator code (development only)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import totp_secret
from portal.models import User


def current_counter() -> int:
    from allauth.mfa import app_settings

    return int(time.time()) // app_settings.TOTP_PERIOD


class Command(BaseCommand):
    help = "Print the current TOTP code for a demo user, so the MFA path can be tried."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
            raise CommandError("totp_code is for demo data only.")
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        user = User.objects.filter(email__iexact=email).first()
        secret = totp_secret(user) if user else None
        if not secret:
            raise CommandError(f"{email} has no authenticator app.")
        self.stdout.write(format_hotp_value(hotp_value(secret, current_counter())))
