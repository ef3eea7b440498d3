import datetime

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def jobs(site):
    duty = factories.ServiceAreaFactory(name="Duty", slug="duty")
    care = factories.ServiceAreaFactory(name="Children in Care", slug="children-in-care")
    leaving = factories.TeamFactory(service_area=care, name="Leaving Care")
    factories.make_vacancy(title="Duty social worker", service_area=duty)
    factories.make_vacancy(
        title="NQSW in care",
        service_area=care,
        recruitment_route="asye",
        salary_min=31_000,
        salary_max=33_000,
    )
    factories.make_vacancy(
        title="Personal adviser",
        service_area=care,
        team=leaving,
        contract_type="secondment",
        salary_min=45_000,
        salary_max=52_000,
        is_rolling=True,
        closing_date=None,
    )
    factories.make_vacancy(title="Closed manager post", service_area=duty, closing_date=days(-1))
    return factories.vacancy_index()


def titles(response) -> list[str]:
    return [vacancy.title for vacancy in response.context["vacancies"]]


def test_closed_vacancies_are_not_listed(client, jobs):
    response = client.get("/jobs/")
    assert response.context["result_count"] == 3
    assert "Closed manager post" not in titles(response)


def test_a_vacancy_closes_at_the_end_of_its_closing_day(client, jobs):
    factories.make_vacancy(title="Closes today", closing_date=days(0))
    assert "Closes today" in titles(client.get("/jobs/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("route=asye", ["NQSW in care"]),
        ("service_area=children-in-care", ["NQSW in care", "Personal adviser"]),
        ("contract_type=secondment", ["Personal adviser"]),
        ("salary=up-to-30000", []),
        ("salary=30000-39999", ["Duty social worker", "NQSW in care"]),
        ("salary=50000-plus", ["Personal adviser"]),
        ("q=leaving", ["Personal adviser"]),
        ("q=duty+social", ["Duty social worker"]),
        ("service_area=children-in-care&contract_type=permanent", ["NQSW in care"]),
        ("route=experienced&service_area=duty&salary=40000-49999", ["Duty social worker"]),
    ],
)
def test_each_filter_and_combinations(client, jobs, query, expected):
    response = client.get(f"/jobs/?{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)
    assert response.context["result_count"] == len(expected)


def test_no_results_shows_help(client, jobs):
    response = client.get("/jobs/?q=astronaut")
    assert response.context["result_count"] == 0
    assert "No vacancies match your filters." in response.text
    assert "0 vacancies" in response.text


def test_unknown_filter_values_do_not_break_the_page(client, jobs):
    response = client.get("/jobs/?route=pirate&service_area=nowhere&page=99")
    assert response.status_code == 200


def test_sort_by_salary(client, jobs):
    response = client.get("/jobs/?sort=salary")
    assert titles(response)[0] == "Personal adviser"


def test_pagination_keeps_the_filters(client, jobs):
    for n in range(25):
        factories.make_vacancy(title=f"Extra duty post {n}", recruitment_route="asye")
    response = client.get("/jobs/?route=asye")
    assert response.context["result_count"] == 26
    assert len(response.context["vacancies"]) == 20
    assert "route=asye&amp;page=2" in response.text
    second = client.get("/jobs/?route=asye&page=2")
    assert len(second.context["vacancies"]) == 6


@pytest.mark.parametrize("count", [10, 200])
def test_public_pages_keep_the_same_number_of_queries(
    client, site, count, django_assert_max_num_queries
):
    area = factories.ServiceAreaFactory(name="Duty", slug="duty")
    campaign = factories.make_campaign(routes=["experienced"])
    vacancies = [factories.make_vacancy(service_area=area, campaign=campaign) for _ in range(count)]
    story = factories.make_story()
    urls = [
        "/",
        "/jobs/",
        "/jobs/?route=experienced&service_area=duty",
        vacancies[0].url,
        campaign.url,
        story.url,
    ]
    for url in urls:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url
