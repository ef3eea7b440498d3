"""Every address, for anonymous people, each role, and other applicants' objects."""

import uuid

import pytest
from django.urls import reverse

from portal import roles
from recruitment.services import drafts, screening, submission
from tests.factories import UserFactory, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

DRAFT_URLS = [
    ("application", ()),
    ("check", ()),
    ("delete", ()),
    ("employment", ()),
    ("employment_add", ()),
    ("referees", ()),
    ("cv", ()),
    ("equality", ()),
    ("section", ("personal-details",)),
    ("section", ("statement",)),
]
SUBMITTED_URLS = [
    ("application", ()),
    ("check", ()),
    ("confirmation", ()),
    ("withdraw", ()),
    ("cv_download", ()),
]


@pytest.fixture
def draft(site):
    return factories.ApplicationFactory()


@pytest.fixture
def submitted(site):
    application = factories.ApplicationFactory()

    drafts.cv_save(application=application, upload=factories.pdf_upload(), kind="pdf", by=None)
    application, _ = submission.application_submit(
        application=application, by=application.applicant
    )
    return application


def _urls(application, names):
    return [reverse(f"recruitment:{name}", args=[application.pk, *args]) for name, args in names]


def test_anonymous_people_are_asked_to_sign_in(client, draft, submitted):
    urls = _urls(draft, DRAFT_URLS) + _urls(submitted, SUBMITTED_URLS)
    urls += [
        reverse("recruitment:my_applications"),
        reverse("recruitment:my_data"),
        reverse("recruitment:my_data_json"),
        reverse("recruitment:my_data_pdf_request"),
        reverse("recruitment:my_data_pdf", args=[uuid.uuid4()]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_owner_reaches_every_address(client, draft, submitted):
    sign_in_with_mfa(client, draft.applicant)
    for url in _urls(draft, DRAFT_URLS):
        assert client.get(url).status_code == 200, url
    sign_in_with_mfa(client, submitted.applicant)
    for url in _urls(submitted, SUBMITTED_URLS):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_everyone_else_gets_404(client, draft, submitted, role, user_for_role):
    user = user_for_role(role)
    sign_in_with_mfa(client, user)
    for url in _urls(draft, DRAFT_URLS) + _urls(submitted, SUBMITTED_URLS):
        assert client.get(url).status_code == 404, (role.slug, url)
        assert client.post(url).status_code == 404, (role.slug, url)


def test_another_applicant_cannot_touch_objects(client, draft, submitted):
    other = UserFactory()
    sign_in_with_mfa(client, other)
    entry = draft.employment.first()
    for url in [
        reverse("recruitment:employment_change", args=[draft.pk, entry.pk]),
        reverse("recruitment:employment_remove", args=[draft.pk, entry.pk]),
    ]:
        assert client.post(url).status_code == 404
    assert draft.employment.exists()
    # Their own application cannot reach someone else's job either.
    own = factories.ApplicationFactory(applicant=other)
    url = reverse("recruitment:employment_change", args=[own.pk, entry.pk])
    assert client.get(url).status_code == 404


def test_my_applications_shows_only_mine(client, draft, submitted):
    sign_in_with_mfa(client, draft.applicant)
    body = client.get(reverse("recruitment:my_applications")).content.decode()
    assert draft.vacancy.title in body
    assert submitted.vacancy.title not in body


def test_closed_application_cannot_be_withdrawn_again(client, submitted):

    screening.application_withdraw(application=submitted, by=submitted.applicant, reason="other")
    sign_in_with_mfa(client, submitted.applicant)
    assert client.get(reverse("recruitment:withdraw", args=[submitted.pk])).status_code == 404


def test_unknown_section_is_404(client, draft):
    sign_in_with_mfa(client, draft.applicant)
    assert client.get(reverse("recruitment:section", args=[draft.pk, "nope"])).status_code == 404
    # Eligibility belongs to the degree routes only.
    assert (
        client.get(reverse("recruitment:section", args=[draft.pk, "eligibility"])).status_code
        == 404
    )
