"""Every mail has one shape: subject and body templates, the public address, a plain signature."""

import pytest
from django.core import mail
from wagtail.models import Site

from cms.models import SiteSettings
from portal.notify import render_mail, send_mail_template
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(settings):
    settings.PORTAL_PUBLIC_URL = "https://careers.example.gov.uk/"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.council_name = "Northshire Council"
    site_settings.save()
    return site_settings


def test_mail_is_signed_with_the_councils_name_and_links_use_the_public_address(council):
    user = UserFactory(first_name="Amira")
    subject, body = render_mail("recruitment/email/data_export_ready", {"user": user, "days": 7})
    assert subject == "Your data is ready to download"
    assert "Dear Amira" in body
    assert "https://careers.example.gov.uk/my-data/" in body
    assert body.endswith("--\nSocial work careers\nNorthshire Council\n")
    assert "127.0.0.1" not in body


def test_one_message_per_recipient_and_none_for_nobody(council, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = UserFactory()
        template, context = "recruitment/email/data_export_ready", {"user": user, "days": 7}
        sent = send_mail_template(template, context, ["b@example.org", "a@example.org", ""])
        assert send_mail_template(template, context, []) == 0
    assert sent == 2
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]
