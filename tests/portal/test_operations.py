"""Health check, production settings, security headers, demo data and mail."""

import os
import subprocess
import sys
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError

from portal import roles
from portal.models import User
from tests import factories
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "k3y-" + "x7Yq!pL0" * 8,
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "ALLOWED_HOSTS": "careers.example.org",
    "PUBLIC_URL": "https://careers.example.org",
}


def run_manage(*args, env):
    # Only what the test gives: CI's own DATABASE_URL must not fill a gap.
    inherited = ("DJANGO_", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL", "PUBLIC_URL")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestHealth:
    def test_healthz_answers_200_when_the_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.content.decode().splitlines()[0] == "ok"
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    def test_healthz_answers_503_without_a_stack_trace_when_it_does_not(self, client):
        with mock.patch("portal.views.connection") as connection:
            connection.cursor.side_effect = OperationalError("could not connect to server")
            response = client.get("/healthz")
        assert response.status_code == 503
        assert b"Traceback" not in response.content
        assert b"could not connect" not in response.content

    def test_pages_show_a_styled_503_when_the_database_is_down(self, client, site):
        with mock.patch("cms.models.HomePage.get_context", side_effect=OperationalError("down")):
            response = client.get("/")
        assert response.status_code == 503
        assert "Sorry, the service is unavailable" in response.content.decode()


class TestProductionSettings:
    def test_check_deploy_reports_no_issues(self):
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    @pytest.mark.parametrize(
        "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "PUBLIC_URL"]
    )
    def test_refuses_to_start_without_its_secrets(self, missing):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = run_manage("check", env=env)
        assert result.returncode != 0
        assert f"{missing} must be set in production" in result.stderr

    @pytest.mark.parametrize("address", ["careers.example.org", "https://x.org/portal", "ftp://x"])
    def test_refuses_a_public_address_that_is_not_one(self, address):
        result = run_manage("check", env={**PRODUCTION_ENV, "PUBLIC_URL": address})
        assert result.returncode != 0
        assert "PUBLIC_URL must be the portal's public address" in result.stderr

    def test_links_and_the_rate_limits_follow_the_environment(self):
        script = (
            "from django.conf import settings; "
            "print(settings.PORTAL_PUBLIC_URL, settings.WAGTAILADMIN_BASE_URL, "
            "settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
        )
        default = run_manage("shell", "--no-imports", "-c", script, env=PRODUCTION_ENV)
        assert default.stdout.split() == ["https://careers.example.org"] * 2 + ["1"], default.stderr
        env = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2"}
        two = run_manage("shell", "--no-imports", "-c", script, env=env)
        assert two.stdout.split()[-1] == "2", two.stderr

    def test_seed_demo_refuses_under_production_settings(self):
        result = run_manage("seed_demo", env=PRODUCTION_ENV)
        assert result.returncode != 0
        assert "refuses" in result.stderr


class TestSecurityHeaders:
    def test_every_response_carries_the_security_headers(self, client, site):
        response = client.get("/")
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]

    def test_pages_have_no_inline_scripts(self, client, site):
        html = client.get("/").content.decode()
        assert "<script>" not in html


class TestDemoData:
    def test_seed_demo_twice_makes_everything_once(self, settings, tmp_path, monkeypatch):
        from cms.models import CampaignPage, StandardPage, StoryPage, VacancyPage

        monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")

        def counts():
            models = (User, CampaignPage, VacancyPage, StoryPage, StandardPage)
            return tuple(model.objects.count() for model in models)

        call_command("seed_demo", stdout=StringIO())
        first = counts()
        call_command("seed_demo", stdout=StringIO())
        assert counts() == first
        counts = first
        assert counts[1] >= 4 and counts[2] >= 12 and counts[3] >= 2 and counts[4] >= 3
        routes = set(VacancyPage.objects.values_list("recruitment_route", flat=True))
        assert routes == {"experienced", "asye", "apprenticeship", "grow_your_own"}
        assert VacancyPage.objects.filter(is_rolling=True).exists()
        for email in [
            "applicant@example.org",
            "hr@example.org",
            "panel@example.org",
            "mentor@example.org",
            "supervisor@example.org",
            "nqsw@example.org",
            "lead@example.org",
            "editor@example.org",
            "partner@example.org",
        ]:
            assert User.objects.get(email=email).check_password("demo password for tests")

    def test_seed_demo_prints_logins_with_staff_totp_secrets(self, monkeypatch):
        monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
        out = StringIO()
        call_command("seed_demo", stdout=out)
        text = out.getvalue()
        assert "demo password for tests" in text
        hr_line = next(line for line in text.splitlines() if "hr@example.org" in line)
        assert "TOTP secret" in hr_line
        applicant_line = next(line for line in text.splitlines() if "applicant@" in line)
        assert "TOTP" not in applicant_line


class TestMailThroughTasks:
    def test_mail_is_queued_until_commit_then_delivered_by_the_task(
        self, settings, django_capture_on_commit_callbacks
    ):
        from django.core.mail import send_mail

        settings.EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send_mail("Hello", "Body", "careers@example.org", ["a@example.org"])
        assert mail.outbox == []  # nothing is sent inside the request
        for callback in callbacks:
            callback()
        assert [m.subject for m in mail.outbox] == ["Hello"]

    def test_a_failing_mail_server_is_retried_then_succeeds(
        self, settings, django_capture_on_commit_callbacks
    ):
        from django.core.mail import send_mail
        from django.core.mail.backends.locmem import EmailBackend

        settings.EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
        real_send = EmailBackend.send_messages
        attempts = []

        def flaky(self, messages):
            attempts.append(1)
            if len(attempts) < 3:
                raise ConnectionRefusedError("mail server down")
            return real_send(self, messages)

        with (
            mock.patch.object(EmailBackend, "send_messages", flaky),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_mail("Retry me", "Body", "careers@example.org", ["a@example.org"])
        assert len(attempts) == 3
        assert [m.subject for m in mail.outbox] == ["Retry me"]

    def test_retries_back_off(self):
        from portal.mail import retry_delay

        assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3)] == [1, 4, 16]


def test_account_page_lists_only_built_places(client, site):
    user = factories.user_with_role(roles.APPLICANT)
    sign_in_with_mfa(client, user)
    response = client.get("/account/")
    assert response.status_code == 200
    assert "Find a social work job" in response.text


def test_the_500_page_renders_without_the_database(rf, django_assert_num_queries):
    from portal.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "govuk-skip-link" in response.content.decode()


def test_date_errors_in_the_summary_link_to_the_day_box():
    from django import forms

    from portal.forms import GovukDateField
    from portal.templatetags.govuk import govuk_error_summary

    class StartForm(forms.Form):
        start = GovukDateField(label="Start date")

    form = StartForm(data={"start_day": "31", "start_month": "2", "start_year": "2026"})
    assert not form.is_valid()
    anchor = govuk_error_summary(form)["errors"][0]["anchor"]
    assert f'id="{anchor}"' in str(form["start"])
