import datetime
import re

import pytest
from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from cms.filters import KEYWORD_MAX_LENGTH, SALARY_BANDS, VacancyFilter
from cms.models import VacancyPage
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


# A campaign's routes ---------------------------------------------------------


def test_the_route_filter_takes_several_routes(client, jobs):
    factories.make_vacancy(title="Degree apprentice", recruitment_route="apprenticeship")
    response = client.get("/jobs/?route=asye&route=apprenticeship")
    assert sorted(titles(response)) == ["Degree apprentice", "NQSW in care"]
    assert response.context["result_count"] == 2
    # Both stay ticked, and the page links keep both.
    html = response.text
    assert 'value="asye" checked' in html and 'value="apprenticeship" checked' in html
    assert 'value="experienced" checked' not in html
    assert response.context["filter_key"] == "route=asye&route=apprenticeship"


def test_see_vacancies_on_a_campaign_opens_the_list_filtered_to_its_routes(client, jobs):
    factories.make_vacancy(title="Degree apprentice", recruitment_route="apprenticeship")
    campaign = factories.make_campaign(
        title="Start in social work", routes=["apprenticeship", "asye"]
    )
    page = client.get(campaign.url)
    campaign_titles = sorted(vacancy.title for vacancy in page.context["vacancies"])
    assert campaign_titles == ["Degree apprentice", "NQSW in care"]

    link = page.context["see_vacancies_url"]
    # The address says what the campaign recruits for, in the portal's order of routes.
    assert link == "/jobs/?route=asye&route=apprenticeship"
    assert f'href="{link.replace("&", "&amp;")}"' in page.text
    listed = client.get(link)
    assert sorted(titles(listed)) == campaign_titles
    assert listed.context["result_count"] == 2


def test_a_campaign_lists_its_vacancies_in_the_lists_order(client, jobs):
    campaign = factories.make_campaign(routes=["experienced"])
    factories.make_vacancy(title="A rolling post", is_rolling=True, closing_date=None)
    factories.make_vacancy(title="Closes soon", closing_date=days(2))
    on_campaign = [vacancy.title for vacancy in client.get(campaign.url).context["vacancies"]]
    on_list = titles(client.get("/jobs/?route=experienced"))
    # Closing soonest first, rolling ones last, on every database.
    expected = ["Closes soon", "Duty social worker", "A rolling post", "Personal adviser"]
    assert on_campaign == on_list == expected


# Each result -----------------------------------------------------------------


def summary_value(html: str, key: str) -> list[str]:
    """The values of a summary list's rows with this key, in page order."""
    pattern = (
        r'<dt class="govuk-summary-list__key">' + re.escape(key) + r"</dt>\s*"
        r'<dd class="govuk-summary-list__value">(.*?)</dd>'
    )
    return [value.strip() for value in re.findall(pattern, html, flags=re.S)]


def test_each_result_gives_the_route_its_own_line(client, jobs):
    html = client.get("/jobs/?route=asye").text
    assert summary_value(html, "Route") == ["Newly qualified social worker (ASYE)"]
    assert summary_value(html, "Contract") == ["Permanent"]
    assert summary_value(html, "Service area") == ["Children in Care"]


# Addresses nobody could make with the form -------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999",
        "page=" + "9" * 5000,
        "page=-1",
        "page=1e9",
        "salary=<script>alert(1)</script>",
        "service_area=" + "9" * 31,
        "route=" + "9" * 31,
        "route=pirate&route=",
        "contract_type=%00",
        "sort=%E2%80%AE",
        "q=" + "x" * 10_000,
        "q=%00duty",
    ],
)
def test_values_that_do_not_parse_count_as_absent(client, jobs, query):
    response = client.get(f"/jobs/?{query}")
    assert response.status_code == 200
    assert response.context["result_count"] == 3
    assert "govuk-error-message" not in response.text
    assert "<script>alert" not in response.text
    assert response.context["filter_key"] == ""
    assert not response.context["filters_applied"]


def test_values_that_parse_are_kept_beside_ones_that_do_not(client, jobs):
    response = client.get("/jobs/?route=asye&route=pirate&salary=lots&q=care")
    assert titles(response) == ["NQSW in care"]
    assert response.context["filter_key"] == "q=care&route=asye"


def test_a_page_beyond_the_last_shows_the_last(client, jobs):
    for n in range(25):
        factories.make_vacancy(title=f"Extra post {n}")
    response = client.get("/jobs/?page=99999999999999999999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2


def test_the_keyword_box_says_how_long_a_keyword_may_be(client, jobs):
    assert f'maxlength="{KEYWORD_MAX_LENGTH}"' in client.get("/jobs/").text


# Property-based: whatever the address says, the list answers and is right --------

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def band(slug):
    return next((low, high) for s, _label, low, high in SALARY_BANDS if s == slug)


def matches(vacancy, data) -> bool:
    """The filters' rules, restated over plain values."""
    if data.get("route") and vacancy.recruitment_route not in data["route"]:
        return False
    if data.get("service_area") and vacancy.service_area.slug != data["service_area"]:
        return False
    if data.get("contract_type") and vacancy.contract_type != data["contract_type"]:
        return False
    if data.get("salary"):
        low, high = band(data["salary"])
        if vacancy.salary_max < low or (high is not None and vacancy.salary_min > high):
            return False
    texts = [vacancy.title, vacancy.summary, vacancy.service_area.name]
    if vacancy.team:
        texts.append(vacancy.team.name)
    for word in data.get("q", "").lower().split()[:8]:
        if not any(word in text.lower() for text in texts) and word != vacancy.reference.lower():
            return False
    return True


def chosen(form_data: dict) -> dict:
    """What a visitor chose: empty boxes and empty ticks left out."""
    data = {}
    for name, value in form_data.items():
        value = [v for v in value if v] if isinstance(value, list) else value
        if value:
            data[name] = value
    return data


# Keywords in ASCII: the database's case-insensitive match and Python's differ
# beyond it (the Kelvin sign is a "k" to Python); other text is fed below.
keywords = st.lists(
    st.sampled_from(["duty", "Care", "social", "LEAVING", "adviser", "nqsw", "worker"])
    | st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6),
    max_size=4,
).map(" ".join)


def offered(field) -> st.SearchStrategy:
    """What a choice field offers; django-filter's lazy choices have no len() to infer from."""
    one = st.sampled_from([value for value, _label in field.choices])
    return st.lists(one, max_size=4) if isinstance(field, forms.MultipleChoiceField) else one


def test_any_choice_the_form_offers_lists_exactly_the_matching_vacancies(client, jobs):
    open_vacancies = list(
        VacancyPage.objects.live().open_on(timezone.localdate()).select_related("team")
    )
    form_class = VacancyFilter(queryset=VacancyPage.objects.none()).form.__class__
    choices = {
        name: offered(field)
        for name, field in form_class().fields.items()
        if isinstance(field, forms.ChoiceField)
    }

    @PROPERTIES
    @given(form=from_form(form_class, q=keywords, **choices))
    def check(form):
        data = chosen(form.data)
        response = client.get("/jobs/?" + urlencode(data, doseq=True))
        assert response.status_code == 200
        assert "govuk-error-message" not in response.text
        expected = sorted(v.title for v in open_vacancies if matches(v, data))
        assert sorted(titles(response)) == expected

    check()


query_values = st.one_of(
    st.text(max_size=300),
    st.integers().map(str),
    st.sampled_from(["asye", "duty", "permanent", "50000-plus", "salary", "-0", "1e309"]),
)


def test_no_address_makes_the_list_fail_or_complain(client, jobs):
    names = ["q", "route", "service_area", "contract_type", "salary", "sort", "page", "utm_source"]

    @PROPERTIES
    @given(query=st.dictionaries(st.sampled_from(names), st.lists(query_values, max_size=3)))
    def check(query):
        response = client.get("/jobs/?" + urlencode(query, doseq=True))
        assert response.status_code == 200
        assert "govuk-error-message" not in response.text
        assert 0 <= response.context["result_count"] <= 3
        # The page links carry only what was applied, and parse again to the same list.
        again = client.get("/jobs/?" + response.context["filter_key"])
        assert titles(again) == titles(response)

    check()
