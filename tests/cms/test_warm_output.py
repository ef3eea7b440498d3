"""What the per-generation caches keep (the page an address leads to, the lists, the
header, the footer, a vacancy's body) never changes what a visitor is shown."""

import re

import pytest
from django.core.cache import caches

from cms.cache import _config, _pages
from cms.generation import forget_tree_data
from portal import roles
from tests import factories

pytestmark = pytest.mark.django_db

# A CSP nonce or a CSRF token may differ from one response to the next.
PER_RESPONSE = re.compile(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"')


def forget_everything() -> None:
    caches["fragments"].clear()
    _pages.clear()
    _config.clear()
    forget_tree_data()


def html(response) -> str:
    assert response.status_code == 200
    return PER_RESPONSE.sub(r'\1=""', response.content.decode())


@pytest.fixture
def public_pages(site):
    area = factories.ServiceAreaFactory(name="Duty", slug="duty")
    vacancies = [
        factories.make_vacancy(
            title=f"Social worker {n}",
            recruitment_route=["asye", "experienced"][n % 2],
            service_area=area,
        )
        for n in range(25)
    ]
    campaign = factories.make_campaign(routes=["asye"])
    story = factories.make_story()
    standard = factories.make_standard_page("accessibility", "Accessibility statement")
    return {
        "home": "/",
        "list": "/jobs/",
        "second page": "/jobs/?page=2",
        "filtered list": "/jobs/?route=asye&service_area=duty",
        "unparseable filter": "/jobs/?route=nonsense&salary=x",
        "vacancy": vacancies[0].url,
        "campaign": campaign.url,
        "story": story.url,
        "standard page": standard.url,
    }


@pytest.mark.parametrize("page_cache", [False, True])
def test_every_public_page_is_the_same_cold_and_warm(client, settings, public_pages, page_cache):
    settings.PORTAL_PAGE_CACHE_ENABLED = page_cache
    for name, path in public_pages.items():
        forget_everything()
        cold = html(client.get(path))
        warm = [html(client.get(path)) for _ in range(2)]
        assert warm == [cold, cold], name


def test_warm_public_pages_cost_at_most_one_query(
    client, settings, public_pages, django_assert_max_num_queries
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    for path in public_pages.values():
        forget_everything()
        # Cold: the site, its settings and the page tree read again.
        with django_assert_max_num_queries(10):
            client.get(path)
        with django_assert_max_num_queries(1):
            client.get(path)


def test_signed_in_people_see_their_own_header_not_the_anonymous_one(client, public_pages):
    anonymous = client.get("/jobs/").content.decode()
    assert "Sign in" in anonymous and "Sign out" not in anonymous
    applicant = factories.user_with_role(roles.APPLICANT)
    client.force_login(applicant)
    signed_in = client.get("/jobs/").content.decode()
    assert "Sign out" in signed_in and "Your account" in signed_in
    assert "Sign in<" not in signed_in
    client.logout()
    assert "Sign out" not in client.get("/jobs/").content.decode()


def test_a_new_vacancy_shows_in_the_list_once_published(client, public_pages):
    assert "A brand new post" not in client.get("/jobs/").content.decode()
    vacancy = factories.make_vacancy(title="A brand new post", live=False)
    vacancy.save_revision().publish()
    assert "A brand new post" in client.get("/jobs/").content.decode()


def test_a_view_restriction_hides_a_page_at_once(client, public_pages):
    from wagtail.models import Page, PageViewRestriction

    path = public_pages["story"]
    assert client.get(path).status_code == 200
    PageViewRestriction.objects.create(
        page=Page.objects.get(url_path__endswith=path), restriction_type="login"
    )
    assert client.get(path).status_code == 302
