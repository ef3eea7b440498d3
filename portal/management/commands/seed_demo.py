"""Build the demo portal for people trying it out. Safe to run again."""

import importlib
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that has demo data offers ``<app>.demo.seed(out) -> dict``.
DEMO_APPS = ("portal", "cms", "recruitment", "cohorts", "recruitment.workforce")


def demo_modules():
    for app in DEMO_APPS:
        try:
            yield importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.demo":
                raise


class Command(BaseCommand):
    help = "Create demo pages, people and records. Refused under production settings."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
            raise CommandError("seed_demo refuses to run under production settings.")
        results = {"logins": []}
        # Services log each action they take; for hundreds of demo records
        # that would bury the logins printed at the end.
        logging.disable(logging.INFO)
        try:
            self.seed_all(results)
        finally:
            logging.disable(logging.NOTSET)
        self.print_logins(results)

    def seed_all(self, results):
        with transaction.atomic():
            for module in demo_modules():
                found = dict(module.seed(self.stdout) or {})
                # Apps may add demo people; their logins join the list, not replace it.
                results["logins"].extend(found.pop("logins", []))
                results.update(found)

    def print_logins(self, results):
        write = self.stdout.write
        write(self.style.SUCCESS("Demo data is ready."))
        write("")
        write(f"Demo logins (password for all: {results['password']}):")
        for login in results["logins"]:
            line = f"  {login['email']:<26} {login['role']}"
            if login["totp_secret"]:
                line += f"  TOTP secret {login['totp_secret']}"
            write(line)
        write("")
        write("Staff sign in with a code from an authenticator app set up with the secret, or")
        write("print the current code with: .venv/bin/python manage.py totp_code hr@example.org")
