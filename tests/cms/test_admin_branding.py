"""Wagtail's admin carries the council's name and logo from the council settings, not the bird."""

import re

import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from cms.models import SiteSettings
from portal import roles

pytestmark = pytest.mark.django_db

WAGTAIL_BIRD = "icon-wagtail"


@pytest.fixture
def council(site):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.council_name = "Northtown City Council"
    settings.save()
    return settings


@pytest.fixture
def with_logo(council):
    council.logo = Image.objects.create(
        title="Northtown logo", file=ImageFile(get_test_image_file().file, name="logo.png")
    )
    council.save()
    return council


def sidebar_branding(html: str) -> str:
    """What Wagtail's sidebar shows in place of its logo (it copies this template in)."""
    match = re.search(
        r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, flags=re.S
    )
    assert match, "no sidebar branding template"
    return match.group(1)


def test_the_dashboard_carries_the_council_name(client, council, staff_with_mfa):
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    html = client.get("/admin/").content.decode()
    branding = sidebar_branding(html)
    assert "Northtown City Council" in branding
    assert WAGTAIL_BIRD not in branding
    # Folded, the sidebar has room for initials only.
    assert ">NCC<" in branding
    assert "<title>Dashboard - Northtown City Council admin</title>" in html
    assert "Social work careers: Northtown City Council" in html


def test_the_council_logo_replaces_the_bird(client, with_logo, staff_with_mfa):
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    branding = sidebar_branding(client.get("/admin/").content.decode())
    rendition = with_logo.logo.get_rendition("height-80")
    assert f'<img class="portal-admin-brand__logo" src="{rendition.url}" alt="">' in branding
    assert "Northtown City Council" in branding


def test_signing_in_to_the_admin_is_the_portals_own_sign_in_with_the_councils_name(
    client, with_logo
):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    html = client.get(response["Location"]).content.decode()
    assert "Northtown City Council" in html
    assert "Sign in to Wagtail" not in html
    assert WAGTAIL_BIRD not in html


def test_the_admin_not_found_page_carries_the_council_name(client, council, staff_with_mfa):
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    response = client.get("/admin/no-such-thing/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Northtown City Council" in html
    assert WAGTAIL_BIRD not in html


def test_the_brand_adds_no_inline_script_or_style(client, with_logo, staff_with_mfa):
    """The admin's policy is not widened for the brand: its styles come from files."""
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    pages = [client.get("/admin/")]
    for response in pages:
        html = response.content.decode()
        brand = re.findall(r'<[^>]*class="portal-admin-[^"]*"[^>]*>', html)
        assert brand, response.request["PATH_INFO"]
        assert not [tag for tag in brand if "style=" in tag]
        assert '<link rel="stylesheet" href="/static/cms/admin.css">' in html
    assert client.get("/static/cms/admin.css").status_code == 200
