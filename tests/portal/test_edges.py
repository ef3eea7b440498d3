"""The portal's edges: sign-out, Wagtail's choosers, rate limits, the public address."""

import re
import subprocess
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hasher
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client

from portal import roles
from portal.accounts import rate_window_seconds, wait_in_words
from tests import factories
from tests.factories import sign_in_with_mfa
from tests.portal.outages import ROOT

pytestmark = pytest.mark.django_db

STRONG = "a long and unusual passphrase 42"


def sign_up(client, email):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": STRONG, "password2": STRONG}
    )


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    sign_in_with_mfa(client, user)
    return client


def token(client, page: str) -> str:
    client.get(page)
    return client.cookies["csrftoken"].value


def still_signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


class TestSignOut:
    """Signing out is a POST with a CSRF token; anything else changes nothing."""

    def test_a_get_of_the_admin_logout_is_refused_and_deletes_no_cookie(self, client, site):
        hr = factories.user_with_role(roles.HR_OFFICER)
        factories.give_totp(hr)
        sign_in_with_mfa(client, hr)
        response = client.get("/admin/logout/")
        assert response.status_code == 405
        assert "sessionid" not in response.cookies
        assert client.get("/admin/").status_code == 200
        # Nor does Wagtail say "You have been successfully logged out" on the next page.
        assert "logged out" not in client.get("/admin/").text

    @pytest.mark.parametrize("path", ["/admin/logout/", "/accounts/logout/"])
    def test_a_post_without_the_token_is_refused_and_changes_nothing(self, site, path):
        client = csrf_client(factories.user_with_role(roles.APPLICANT))
        response = client.post(path)
        assert response.status_code == 403
        assert "sessionid" not in response.cookies
        assert still_signed_in(client)

    def test_the_sign_out_page_asks_and_only_its_form_signs_out(self, site):
        client = csrf_client(factories.user_with_role(roles.APPLICANT))
        page = client.get("/accounts/logout/")
        assert page.status_code == 200
        assert re.search(r'<form method="post" action="/accounts/logout/"', page.text)
        assert still_signed_in(client)
        old_session = client.cookies["sessionid"].value
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token(client, "/")})
        assert response.status_code == 302
        assert not Session.objects.filter(session_key=old_session).exists()
        assert not still_signed_in(client)

    def test_the_admin_logout_with_the_token_ends_the_session_on_the_server(self, site):
        hr = factories.user_with_role(roles.HR_OFFICER)
        factories.give_totp(hr)
        client = csrf_client(hr)
        old_session = client.cookies["sessionid"].value
        response = client.post(
            "/admin/logout/", {"csrfmiddlewaretoken": token(client, "/accounts/logout/")}
        )
        assert response.status_code == 302
        assert not Session.objects.filter(session_key=old_session).exists()
        stolen = Client()
        stolen.cookies["sessionid"] = old_session
        assert not still_signed_in(stolen)


def _document():
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title="Guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )


class TestWagtailChoosers:
    WRONG_SHAPES = [
        "/admin/documents/chooser/chosen/0b7e1f0e-1111-4c3b-9a52-2f6cf3e0c0a1/",
        "/admin/images/chooser/chosen/7d0c6a5e-2c1b-4c8e-9f57-0f1e2d3c4b5a/",
        "/admin/documents/chooser/chosen/-1/",
        "/admin/images/chooser/chosen-multiple/?id=not-a-number",
        "/admin/documents/chooser/chosen-multiple/?id=1&id=" + "9" * 30,
        "/admin/images/chooser/chosen-multiple/?id=" + "9" * 30,
    ]

    @pytest.mark.parametrize("url", WRONG_SHAPES)
    def test_an_id_of_the_wrong_shape_is_not_found(self, client, site, url):
        editor = factories.user_with_role(roles.CONTENT_EDITOR)
        factories.give_totp(editor)
        sign_in_with_mfa(client, editor)
        assert client.get(url).status_code == 404

    def test_choosing_a_real_document_still_works(self, client, site):
        document = _document()
        editor = factories.user_with_role(roles.CONTENT_EDITOR)
        factories.give_totp(editor)
        sign_in_with_mfa(client, editor)
        one = client.get(f"/admin/documents/chooser/chosen/{document.pk}/")
        many = client.get(f"/admin/documents/chooser/chosen-multiple/?id={document.pk}")
        assert one.status_code == 200 and one.json()["result"]["title"] == "Guide"
        assert many.status_code == 200 and many.json()["result"][0]["title"] == "Guide"

    def test_the_choosers_still_need_the_admin(self, client, site):
        document = _document()
        sign_in_with_mfa(client, factories.user_with_role(roles.APPLICANT))
        response = client.get(f"/admin/documents/chooser/chosen/{document.pk}/")
        assert response.status_code in (302, 403)
        assert "Guide" not in response.text


class TestSignUpTiming:
    def test_a_known_address_and_a_new_one_both_hash_the_password_once(self, client, site):
        """The hash is the slow part (a second in production): both answers cost one."""
        known = factories.user_with_role(roles.APPLICANT)
        hasher = type(get_hasher())
        counts = {}
        real_encode = hasher.encode
        for name, email in (("known", known.email), ("new", "someone.new@example.org")):
            mail.outbox.clear()
            hashed = []

            def encode(self, password, *args, hashed=hashed, **kwargs):
                hashed.append(password)
                return real_encode(self, password, *args, **kwargs)

            with mock.patch.object(hasher, "encode", encode):
                response = Client().post(
                    "/accounts/signup/",
                    {"email": email, "password1": STRONG, "password2": STRONG},
                )
            counts[name] = (hashed, response.status_code, response["Location"])
            assert len(mail.outbox) == 1  # each learns what it needs by mail
        assert counts["known"] == counts["new"] == ([STRONG], 302, "/accounts/confirm-email/")


class TestRateLimitPage:
    def test_too_many_reset_requests_show_the_portals_page_with_the_wait(self, client, site):
        user = factories.user_with_role(roles.APPLICANT)
        for _attempt in range(5):
            client.post("/accounts/password/reset/", {"email": user.email})
        response = client.post("/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 429
        assert response["Retry-After"] == "3600"
        html = response.text
        assert '<html lang="en-GB"' in html
        assert "govuk-template__body" in html and "govuk-footer" in html
        assert '<h1 class="govuk-heading-l">You have tried too many times</h1>' in html
        assert "Wait 1 hour, then try again." in html
        assert "Too Many Requests" not in html

    def test_the_wait_is_the_longest_window_of_the_limit(self):
        assert rate_window_seconds("5/5m/ip,5/5m/key") == 300
        assert rate_window_seconds("10/h/ip,5/h/key") == 3600
        assert rate_window_seconds("1/180s/key") == 180
        assert rate_window_seconds(None) == 0
        assert [wait_in_words(s) for s in (30, 60, 300, 3600, 5400)] == [
            "1 minute",
            "1 minute",
            "5 minutes",
            "1 hour",
            "2 hours",
        ]


class TestPublicAddress:
    def test_account_mail_links_start_with_the_public_address(self, client, site, settings):
        settings.PORTAL_PUBLIC_URL = "https://careers.example.gov.uk"
        sign_up(client, "new.person@example.org")
        client.post("/accounts/password/reset/", {"email": "new.person@example.org"})
        links = [link for m in mail.outbox for link in re.findall(r"https?://\S+", m.body)]
        assert links, [m.body for m in mail.outbox]
        assert all(link.startswith("https://careers.example.gov.uk/accounts/") for link in links)
        assert all("testserver" not in m.body for m in mail.outbox)

    def test_make_run_points_links_at_its_own_port(self):
        dry_run = subprocess.run(
            ["make", "-n", "run", "PORT=8101"], cwd=ROOT, capture_output=True, text=True
        )
        assert dry_run.returncode == 0, dry_run.stderr
        assert "export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:8101};" in dry_run.stdout
        assert "runserver 127.0.0.1:8101" in dry_run.stdout
        # The worker that sends the mail runs after the export, in the same shell.
        assert "db_worker --interval 1 --no-reload" in dry_run.stdout.split("export PUBLIC_URL")[1]


class TestStaffMustUseTheirAuthenticator:
    """Having an authenticator app is not enough: the session must have used it."""

    def test_wagtails_own_sign_in_form_is_not_served(self, client, site):
        hr = factories.user_with_role(roles.HR_OFFICER)
        factories.give_totp(hr)
        response = client.post(
            "/admin/login/", {"username": hr.email, "password": factories.TEST_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session
        assert client.get("/admin/recruitment/applications/").status_code == 302

    def test_a_session_that_skipped_the_code_is_asked_for_it(self, client, site):
        hr = factories.user_with_role(roles.HR_OFFICER)
        factories.give_totp(hr)
        client.force_login(hr)  # a password alone, as Wagtail's form used to allow
        response = client.get("/admin/recruitment/applications/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
        factories.sign_in_with_mfa(client, hr)
        assert client.get("/admin/recruitment/applications/").status_code == 200
