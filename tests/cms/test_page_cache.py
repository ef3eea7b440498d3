"""Anonymous visitors get cached pages; publishing anything purges them."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from portal import roles
from portal.middleware import CHANNEL_COOKIE, CHANNEL_SALT
from tests import factories
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = True


def test_second_anonymous_visit_is_served_from_the_cache(client, site, page_cache):
    factories.make_vacancy(title="Cached post")
    first = client.get("/jobs/")
    second = client.get("/jobs/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert "Cached post" in second.content.decode()
    # Headers still come from the live middleware, not the stored copy.
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_cached_pages_cost_no_queries(client, site, page_cache, django_assert_num_queries):
    factories.make_vacancy()
    assert client.get("/jobs/").status_code == 200
    with django_assert_num_queries(0):
        client.get("/jobs/")


def test_unpublishing_a_vacancy_purges_the_cache(client, site, page_cache):
    vacancy = factories.make_vacancy(title="Withdrawn post")
    assert "Withdrawn post" in client.get("/jobs/").content.decode()
    vacancy.unpublish()
    response = client.get("/jobs/")
    assert response["X-Page-Cache"] == "miss"
    assert "Withdrawn post" not in response.content.decode()


def test_publishing_a_vacancy_purges_the_cache(client, site, page_cache):
    client.get("/jobs/")
    vacancy = factories.make_vacancy(title="Brand new post")
    vacancy.save_revision().publish()
    assert "Brand new post" in client.get("/jobs/").content.decode()


def test_a_closing_day_passing_drops_the_vacancy_without_a_publish(
    client, site, page_cache, monkeypatch
):
    today = timezone.localdate()
    factories.make_vacancy(title="Closes today", closing_date=today)
    assert "Closes today" in client.get("/jobs/").content.decode()
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    assert "Closes today" not in client.get("/jobs/").content.decode()


def test_signed_in_people_never_get_the_shared_copy(client, site, page_cache):
    client.get("/")
    sign_in_with_mfa(client, factories.user_with_role(roles.APPLICANT))
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "Sign out" in response.content.decode()


def test_not_found_pages_are_not_cached(client, site, page_cache):
    client.get("/missing/")
    assert "X-Page-Cache" not in client.get("/missing/")


def test_only_wagtail_pages_are_cached(client, site, page_cache):
    client.get("/accounts/login/")
    assert "X-Page-Cache" not in client.get("/accounts/login/")


class TestChannel:
    def read(self, response):
        return signing.loads(response.cookies[CHANNEL_COOKIE].value, salt=CHANNEL_SALT)

    def test_visiting_a_campaign_remembers_its_tracking_code(self, client, site, page_cache):
        campaign = factories.make_campaign(tracking_code="press-autumn")
        response = client.get(campaign.url)
        assert self.read(response) == {"tracking_code": "press-autumn"}
        assert "X-Portal-Channel" not in response
        # A cached copy of the campaign page still remembers the channel.
        client.cookies.clear()
        cached = client.get(campaign.url)
        assert cached["X-Page-Cache"] == "hit"
        assert self.read(cached) == {"tracking_code": "press-autumn"}

    def test_utm_values_on_arrival_are_remembered(self, client, site):
        response = client.get("/jobs/?utm_source=linkedin&utm_campaign=autumn")
        assert self.read(response) == {"utm_source": "linkedin", "utm_campaign": "autumn"}

    def test_the_remembered_channel_is_read_back_on_later_requests(self, client, site, rf):
        from portal.middleware import read_channel

        response = client.get("/jobs/?utm_source=newsletter")
        request = rf.get(
            "/", HTTP_COOKIE=f"{CHANNEL_COOKIE}={response.cookies[CHANNEL_COOKIE].value}"
        )
        assert read_channel(request) == {"utm_source": "newsletter"}

    def test_a_forged_channel_cookie_is_ignored(self, rf):
        from portal.middleware import read_channel

        request = rf.get("/", HTTP_COOKIE=f"{CHANNEL_COOKIE}=forged")
        assert read_channel(request) == {}


def test_cached_fragments_follow_a_published_edit(client, site):
    vacancy = factories.make_vacancy(title="Old title")
    assert "Old title" in client.get("/jobs/").content.decode()
    vacancy.title = "New title"
    vacancy.save_revision().publish()
    text = client.get("/jobs/").content.decode()
    assert "New title" in text and "Old title" not in text


def test_renaming_a_service_area_shows_in_the_list_and_filters(client, site):
    area = factories.ServiceAreaFactory(name="Duty", slug="duty")
    factories.make_vacancy(service_area=area)
    client.get("/jobs/")
    area.name = "Duty and Assessment"
    area.save()
    text = client.get("/jobs/").content.decode()
    assert "Duty and Assessment" in text


def test_site_settings_changes_show_at_once(client, site):
    from wagtail.models import Site

    from cms.models import SiteSettings

    client.get("/")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.council_name = "Renamed Council"
    settings.save()
    assert "Renamed Council" in client.get("/").content.decode()
