import re

import pytest
from django.core import mail

from portal import roles
from portal.management.commands.totp_code import current_counter
from tests import factories
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db

STRONG = "a long and unusual passphrase 42"


def sign_up(client, email="new.person@example.org", password=STRONG):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, current_counter()))


class TestSignUp:
    def test_sign_up_sends_a_verification_email_and_waits_for_it(self, client, site):
        response = sign_up(client)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/confirm-email/"
        assert len(mail.outbox) == 1
        assert "new.person@example.org" in mail.outbox[0].to
        # Not verified yet: logging in only re-sends the verification.
        client.logout()
        login = client.post(
            "/accounts/login/", {"login": "new.person@example.org", "password": STRONG}
        )
        assert login["Location"] == "/accounts/confirm-email/"

    def test_following_the_link_verifies_and_signs_in(self, client, site):
        sign_up(client)
        link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body)
        assert link, mail.outbox[0].body
        page = client.get(link.group(1))
        assert page.status_code == 200
        confirmed = client.post(link.group(1))
        assert confirmed.status_code == 302
        assert client.get("/account/").status_code == 200

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short pass", "at least 12 characters"),
            ("password1234", "too common"),
        ],
    )
    def test_weak_passwords_are_refused_with_a_clear_message(self, client, site, password, message):
        response = sign_up(client, password=password)
        assert response.status_code == 200
        assert message in response.text
        assert "govuk-error-summary" in response.text
        assert 'value="new.person@example.org"' in response.text  # nothing entered is lost
        assert not mail.outbox

    def test_empty_sign_up_shows_each_error_by_its_field(self, client, site):
        response = client.post("/accounts/signup/", {})
        assert 'href="#id_email"' in response.text
        assert "govuk-form-group--error" in response.text
        assert response.text.count("govuk-error-message") >= 2


class TestLogIn:
    def test_applicant_logs_in_and_lands_on_their_account(self, client, site):
        user = factories.user_with_role(roles.APPLICANT)
        response = client.post(
            "/accounts/login/", {"login": user.email, "password": factories.TEST_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] in ("/account/", "/applications/")

    def test_login_is_rate_limited_after_repeated_failures(self, client, site):
        user = factories.user_with_role(roles.APPLICANT)
        for _attempt in range(5):
            client.post("/accounts/login/", {"login": user.email, "password": "wrong password!"})
        response = client.post(
            "/accounts/login/", {"login": user.email, "password": factories.TEST_PASSWORD}
        )
        assert response.status_code in (200, 429)
        assert "Too many failed login attempts" in response.text
        assert "_auth_user_id" not in client.session


class TestStaffMFA:
    def test_staff_without_an_authenticator_are_sent_to_set_one_up(self, client, site):
        hr = factories.user_with_role(roles.HR_OFFICER)
        sign_in_with_mfa(client, hr)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate/")

    def test_staff_with_an_authenticator_must_give_a_code_to_log_in(self, client, site):
        hr = factories.user_with_role(roles.HR_OFFICER)
        secret = factories.give_totp(hr)
        response = client.post(
            "/accounts/login/", {"login": hr.email, "password": factories.TEST_PASSWORD}
        )
        assert response["Location"] == "/accounts/2fa/authenticate/"
        assert "_auth_user_id" not in client.session
        wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert wrong.status_code == 200
        right = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
        assert right.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_applicants_need_no_authenticator(self, client, site):
        applicant = factories.user_with_role(roles.APPLICANT)
        sign_in_with_mfa(client, applicant)
        assert client.get("/account/").status_code == 200

    def test_the_development_setting_can_relax_mfa(self, client, site, settings):
        settings.PORTAL_STAFF_MFA_REQUIRED = False
        sign_in_with_mfa(client, factories.user_with_role(roles.CONTENT_EDITOR))
        assert client.get("/admin/").status_code == 200

    def test_production_always_requires_mfa(self):
        from pathlib import Path

        source = Path("portal/settings/production.py").read_text()
        assert "PORTAL_STAFF_MFA_REQUIRED = True" in source


class TestRoleHomes:
    def test_content_editor_lands_in_the_back_office(self, client, site):
        editor = factories.user_with_role(roles.CONTENT_EDITOR)
        secret = factories.give_totp(editor)
        client.post(
            "/accounts/login/", {"login": editor.email, "password": factories.TEST_PASSWORD}
        )
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
        assert response["Location"] == "/admin/"

    def test_a_person_with_two_roles_sees_both_in_the_navigation(self, client, site):
        person = factories.UserFactory(roles=[roles.HR_OFFICER, roles.CONTENT_EDITOR])
        factories.give_totp(person)
        sign_in_with_mfa(client, person)
        response = client.get("/account/")
        assert "HR officer" in response.text and "Content editor" in response.text
