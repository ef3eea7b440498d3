"""Every address the foundation adds, tried by an anonymous visitor and by each role."""

import pytest

from portal import roles
from tests import factories
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db

BACK_OFFICE_ROLES = {roles.HR_OFFICER, roles.CONTENT_EDITOR, roles.WORKFORCE_LEAD}
ROLE_IDS = ["anonymous"] + [role.slug for role in roles.ROLES]


@pytest.fixture
def pages(site):
    vacancy = factories.make_vacancy()
    campaign = factories.make_campaign()
    story = factories.make_story()
    factories.make_standard_page("accessibility", "Accessibility statement")
    factories.make_standard_page("privacy", "Privacy notice")
    factories.make_standard_page("faqs", "Frequently asked questions")
    return {
        "/": 200,
        "/jobs/": 200,
        "/jobs/?route=asye&service_area=duty": 200,
        vacancy.url: 200,
        "/campaigns/": 200,
        campaign.url: 200,
        "/stories/": 200,
        story.url: 200,
        "/accessibility/": 200,
        "/privacy/": 200,
        "/faqs/": 200,
        "/healthz": 200,
        "/theme.css": 200,
        "/no-such-page/": 404,
    }


def log_in_as(client, role):
    if role is None:
        return None
    user = factories.user_with_role(role)
    if role.staff:
        factories.give_totp(user)
    sign_in_with_mfa(client, user)
    return user


@pytest.mark.parametrize("role", [None, *roles.ROLES], ids=ROLE_IDS)
def test_public_pages_answer_everyone_alike(client, pages, role):
    log_in_as(client, role)
    for url, status in pages.items():
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("role", [None, *roles.ROLES], ids=ROLE_IDS)
def test_account_pages(client, site, role):
    log_in_as(client, role)
    response = client.get("/account/")
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 200
        assert role.name in response.text
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        assert client.get(url).status_code in (200, 302), url
    mfa = client.get("/accounts/2fa/")
    assert mfa.status_code == (302 if role is None else 200)


@pytest.mark.parametrize("role", [None, *roles.ROLES], ids=ROLE_IDS)
def test_back_office_is_for_its_roles_only(client, site, role):
    log_in_as(client, role)
    response = client.get("/admin/")
    if role in BACK_OFFICE_ROLES:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_content_editor_edits_pages_but_hr_does_not(client, site):
    vacancy = factories.make_vacancy()
    log_in_as(client, roles.CONTENT_EDITOR)
    assert client.get(f"/admin/pages/{vacancy.pk}/edit/").status_code == 200
    client.logout()
    log_in_as(client, roles.HR_OFFICER)
    assert client.get(f"/admin/pages/{vacancy.pk}/edit/").status_code in (302, 403)


def test_every_declared_permission_exists(db):
    from portal.roles import _permission

    for role in roles.ROLES:
        for name in (*role.permissions, *role.page_permissions, *role.collection_permissions):
            assert _permission(name), name


def test_roles_are_created_by_migration_with_their_permissions(db):
    from django.contrib.auth.models import Group

    roles.sync_roles()
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.name for role in roles.ROLES} <= names
    editor = Group.objects.get(name=roles.CONTENT_EDITOR.name)
    assert editor.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=roles.APPLICANT.name).permissions.exists()
