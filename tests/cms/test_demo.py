"""The demo site and the bench make vacancies as an editor would: addressed by their titles."""

from io import StringIO

import pytest
from django.utils.text import slugify

from cms import demo
from cms.management.commands.bench import Command as Bench
from cms.models import CampaignPage, VacancyPage
from portal import demo as portal_demo
from tests import factories

pytestmark = pytest.mark.django_db


def seed():
    portal_demo.seed_structure()
    demo.seed(StringIO())


def test_demo_vacancies_are_addressed_by_their_titles(client):
    seed()
    vacancies = list(VacancyPage.objects.live())
    assert len(vacancies) == len(demo.VACANCIES)
    for vacancy in vacancies:
        assert vacancy.slug == slugify(vacancy.title)
        assert not vacancy.slug.startswith("vacancy-")
    duty = VacancyPage.objects.get(title="Social worker, Duty and Assessment")
    assert duty.url == "/jobs/social-worker-duty-and-assessment/"
    assert client.get(duty.url).status_code == 200


def test_seeding_again_finds_the_same_vacancies(client):
    seed()
    before = sorted(VacancyPage.objects.values_list("pk", "slug"))
    seed()
    assert sorted(VacancyPage.objects.values_list("pk", "slug")) == before


def test_seeding_renames_what_an_earlier_demo_made(client, site):
    """A demo database made before this change gets title addresses, and no second copy."""
    portal_demo.seed_structure()
    old = factories.make_vacancy(
        title="Social worker, Duty and Assessment",
        slug="vacancy-1",
        reference=demo.vacancy_reference(1),
    )
    old.save_revision().publish()
    index = factories.campaign_index()
    campaign = index.add_child(
        instance=CampaignPage(
            title="Experienced social workers",
            slug="experienced-social-workers",
            summary="Apply at any time.",
            routes=["experienced"],
            is_rolling=True,
            tracking_code="experienced-rolling",
            body=[
                {"type": "paragraph", "value": "<p>Apply at any time.</p>"},
                {"type": "call_to_action", "value": {"text": "See vacancies", "url": "/jobs/"}},
            ],
        )
    )
    campaign.save_revision().publish()

    demo.seed(StringIO())

    old.refresh_from_db()
    assert old.slug == "social-worker-duty-and-assessment"
    assert VacancyPage.objects.filter(reference=demo.vacancy_reference(1)).count() == 1
    campaign.refresh_from_db()
    assert [block.block_type for block in campaign.body] == ["paragraph"]
    # Its own "See vacancies" leads to its routes' vacancies.
    page = client.get(campaign.url)
    assert page.context["see_vacancies_url"] == "/jobs/?route=experienced"


def test_two_vacancies_with_one_title_get_two_addresses(client, site):
    # No slug given, as the demo and the bench give none: Wagtail makes it from the title.
    first = factories.make_vacancy(title="Duty social worker", slug="", summary="The first.")
    second = factories.make_vacancy(title="Duty social worker", slug="", summary="The second.")
    assert first.slug == "duty-social-worker"
    assert second.slug == "duty-social-worker-2"
    assert "The first." in client.get(first.url).text
    assert "The second." in client.get(second.url).text


def test_the_bench_measures_pages_that_exist(client):
    seed()
    bench = Bench(stdout=StringIO())
    bench.add_vacancies(3)
    added = VacancyPage.objects.filter(summary="A bench vacancy.")
    assert sorted(added.values_list("slug", flat=True)) == [
        "social-worker-0",
        "social-worker-1",
        "social-worker-2",
    ]
    pages = dict(bench.pages())
    # The first demo vacancy, not a bench one.
    assert pages["vacancy"] == "/jobs/social-worker-duty-and-assessment/"
    for name, path in pages.items():
        assert client.get(path).status_code == 200, name
