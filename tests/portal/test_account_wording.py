"""Every allauth page a person can reach speaks the portal's words, in sentence case."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client

from cms.models import SiteSettings
from portal import roles
from tests import factories
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db

STRONG = "a long and unusual passphrase 42"
# allauth's own wording, which must not reach a page.
LIBRARY_WORDS = [
    "Sign In",
    "Sign Out",
    "Sign Up",
    "Remember Me",
    "Forgot your password?",
    "Verify Your Email Address",
    "Confirm Email Address",
    "Email Addresses",
    "Password Reset",
    "Change Password",
    "Set Password",
    "Confirm Access",
    "Two-Factor Authentication",
    "Activate Authenticator App",
    "Deactivate Authenticator App",
    "Recovery Codes",
    "Re-send Verification",
    "Make Primary",
    "Bad Token",
    "Please",
]
# Words that keep their capital inside a sentence.
PROPER = {"I", "QR", "Microsoft", "Google", "Authenticator", "Success", "Important"}
TEXT_TAGS = {"title", "h1", "h2", "button", "label", "legend", "dt", "th"}


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[list] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in TEXT_TAGS or (tag == "a" and "govuk-button" in (dict(attrs).get("class") or "")):
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            name, text = self.open.pop()
            self.found.append((name, " ".join(text.split())))

    def handle_data(self, data):
        if self.open:
            self.open[-1][1] += data


def not_sentence_case(html: str, brand: list[str]) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    wrong = []
    for tag, text in parser.found:
        if tag == "title":
            text = text.split(" – ")[0]
        for name in brand:
            text = text.replace(name, "")
        words = re.findall(r"[A-Za-z][\w'-]*", text)
        capitals = [w for w in words[1:] if w[0].isupper() and w not in PROPER and not w.isupper()]
        if capitals:
            wrong.append(f"<{tag}> {text!r}: {capitals}")
    return wrong


def signed_in(role=roles.APPLICANT, *, totp=False):
    user = factories.user_with_role(role)
    if totp:
        factories.give_totp(user)
    client = Client()
    sign_in_with_mfa(client, user)
    return client, user


def reauthenticated(client):
    client.post("/accounts/reauthenticate/", {"password": factories.TEST_PASSWORD})
    return client


def pages(site) -> list[tuple[str, Client, str]]:
    """(what, client, path) for every allauth page the portal's settings let people reach."""
    anonymous = Client()
    found = [
        ("sign in", anonymous, "/accounts/login/"),
        ("sign up", anonymous, "/accounts/signup/"),
        ("reset password", anonymous, "/accounts/password/reset/"),
        ("reset sent", anonymous, "/accounts/password/reset/done/"),
        ("reset link expired", anonymous, "/accounts/password/reset/key/1-nonsense/"),
        ("reset done", anonymous, "/accounts/password/reset/key/done/"),
        ("confirm link expired", anonymous, "/accounts/confirm-email/nonsense/"),
        ("account closed", anonymous, "/accounts/inactive/"),
    ]
    # Sign-up: "check your email", then the link's page.
    newcomer = Client()
    newcomer.post(
        "/accounts/signup/",
        {"email": "newcomer@example.org", "password1": STRONG, "password2": STRONG},
    )
    found.append(("verification sent", newcomer, "/accounts/confirm-email/"))
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    found.append(("confirm email", newcomer, link.group(1)))
    # A reset link that works.
    reset = Client()
    reset.post("/accounts/password/reset/", {"email": "newcomer@example.org"})
    key_link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body
    )
    reset.get(key_link.group(1))  # allauth moves the key into the session and redirects
    found.append(("choose a new password", reset, reset.get(key_link.group(1))["Location"]))

    applicant, _ = signed_in()
    found += [
        ("sign out", applicant, "/accounts/logout/"),
        ("email", applicant, "/accounts/email/"),
        ("change password", applicant, "/accounts/password/change/"),
        ("reauthenticate", applicant, "/accounts/reauthenticate/"),
        ("2fa", applicant, "/accounts/2fa/"),
    ]
    found.append(("activate totp", reauthenticated(signed_in()[0]), "/accounts/2fa/totp/activate/"))
    staff, _ = signed_in(roles.CONTENT_EDITOR, totp=True)
    reauthenticated(staff)
    found += [
        ("2fa with an app", staff, "/accounts/2fa/"),
        ("deactivate totp", staff, "/accounts/2fa/totp/deactivate/"),
        ("make recovery codes", staff, "/accounts/2fa/recovery-codes/generate/"),
        ("mfa reauthenticate", staff, "/accounts/2fa/reauthenticate/"),
    ]
    staff.post("/accounts/2fa/recovery-codes/generate/")
    found.append(("recovery codes", staff, "/accounts/2fa/recovery-codes/"))
    editor = factories.user_with_role(roles.CONTENT_EDITOR)
    factories.give_totp(editor)
    code_prompt = Client()
    code_prompt.post(
        "/accounts/login/", {"login": editor.email, "password": factories.TEST_PASSWORD}
    )
    found.append(("code prompt", code_prompt, "/accounts/2fa/authenticate/"))
    return found


def test_every_account_page_is_in_the_portals_words_and_sentence_case(site):
    brand = [SiteSettings.for_site(site.get_site()).council_name]
    brand.append(SiteSettings.for_site(site.get_site()).service_name)
    problems = []
    for what, client, path in pages(site):
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{what} ({path}): {response.status_code}")
            continue
        html = response.text
        problems += [f"{what}: library words {w!r}" for w in LIBRARY_WORDS if w in html]
        problems += [f"{what}: {line}" for line in not_sentence_case(html, brand)]
        if html.count("Forgotten your password?") > 1:
            problems.append(f"{what}: two password reset links")
    assert not problems, "\n".join(problems)


def test_confirming_an_email_shows_one_banner(site):
    client = Client()
    sent = client.post(
        "/accounts/signup/",
        {"email": "newcomer@example.org", "password1": STRONG, "password2": STRONG},
        follow=True,
    )
    assert sent.text.count('data-module="govuk-notification-banner"') == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    response = client.post(link.group(1), follow=True)
    assert response.status_code == 200
    assert response.text.count('data-module="govuk-notification-banner"') == 1
    assert "Your email address newcomer@example.org is confirmed." in response.text


def test_the_sign_in_page_has_one_way_to_reset_a_password(client, site):
    html = client.get("/accounts/login/").text
    assert html.count("/accounts/password/reset/") == 1
    assert "Forgot your password?" not in html
    assert "placeholder=" not in html


def test_account_mail_carries_the_council_and_the_signature_not_a_host(client, site, settings):
    from django.template.loader import render_to_string

    from portal.notify import mail_context

    settings.PORTAL_PUBLIC_URL = "https://careers.example.gov.uk"
    known = factories.user_with_role(roles.APPLICANT)
    client.post(
        "/accounts/signup/",
        {"email": "newcomer@example.org", "password1": STRONG, "password2": STRONG},
    )
    client.post(
        "/accounts/signup/", {"email": known.email, "password1": STRONG, "password2": STRONG}
    )
    Client().post("/accounts/password/reset/", {"email": known.email})
    Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    signature = render_to_string("portal/email/signature.txt", mail_context({})).strip()
    council = mail_context({})["council_name"]
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert message.body.rstrip().endswith(signature), message.body
        assert council in message.body
        assert "Hello from" not in message.body
        assert "testserver" not in message.body and "127.0.0.1" not in message.body
        assert message.subject == message.subject[0] + message.subject[1:].lower(), message.subject
