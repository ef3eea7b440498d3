"""The practice supervisor's home: every placement of theirs, filtered, sorted and paged in the
address, with a count and an empty state that says what to do."""

import datetime
import re

import pytest
from django.urls import reverse

from cohorts.models import Placement
from cohorts.services import placements
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db

URL = "/supervision/"


@pytest.fixture
def supervisor(client, site):
    person = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    give_totp(person)
    sign_in_with_mfa(client, person)
    return person


def two_year_cohort(name, today):
    return f.CohortFactory(
        name=name, programme=f.grow_your_own(), start_date=today - datetime.timedelta(300)
    )


def placed(supervisor, cohort, team, *, start, end, first="Sam", last="Smith"):
    member = f.user_with_role(roles.COHORT_MEMBER, first_name=first, last_name=last)
    today = datetime.date.today()
    return f.place(
        f.enrol(cohort=cohort, member=member),
        team=team,
        start=today + datetime.timedelta(start),
        end=today + datetime.timedelta(end),
        supervisor=supervisor,
    )


@pytest.fixture
def caseload(supervisor):
    """One placement at each stage, over two cohorts and two teams, and someone else's."""
    today = datetime.date.today()
    north, south = f.TeamFactory(name="Duty North"), f.TeamFactory(name="Fieldwork South")
    spring, autumn = (
        two_year_cohort("Spring intake", today),
        two_year_cohort("Autumn intake", today),
    )
    made = {
        "due": placed(supervisor, spring, north, start=-90, end=-30, first="Ada", last="Ames"),
        "current": placed(supervisor, spring, south, start=-10, end=60, first="Bo", last="Birch"),
        "not_started": placed(supervisor, autumn, north, start=20, end=90, first="Cy", last="Cole"),
        "signed_off": placed(
            supervisor, autumn, south, start=-200, end=-120, first="Di", last="Dunn"
        ),
    }
    placements.placement_sign_off(placement=made["signed_off"], by=supervisor)
    elsewhere = two_year_cohort("Somebody else's intake", today)
    made["theirs"] = placed(
        f.user_with_role(roles.PRACTICE_SUPERVISOR),
        elsewhere,
        f.TeamFactory(name="Someone else's team"),
        start=-10,
        end=60,
        first="Ed",
        last="Eyre",
    )
    made.update(spring=spring, autumn=autumn, north=north, south=south, elsewhere=elsewhere)
    return made


def learners(html: str) -> list[str]:
    """The learners listed, in order."""
    return re.findall(r'href="/supervision/placements/[^"]+/">([^<]+)</a>', html)


def heading_count(html: str) -> int:
    return int(re.search(r'id="results-heading">\s*(\d+) placements?', html).group(1))


def test_every_placement_of_theirs_in_one_list_sign_off_due_first(client, caseload):
    page = client.get(URL).text
    assert learners(page) == ["Ada Ames", "Bo Birch", "Cy Cole", "Di Dunn"]
    assert heading_count(page) == 4
    for tag in ("Sign-off due", "On placement now", "Not started yet", "Signed off"):
        assert f">{tag}</strong>" in page
    assert "Ed Eyre" not in page
    assert "1 placement is due for sign-off" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"stage": "due"}, ["Ada Ames"]),
        ({"stage": "current"}, ["Bo Birch"]),
        ({"stage": "not_started"}, ["Cy Cole"]),
        ({"stage": "signed_off"}, ["Di Dunn"]),
        ({"team": "north"}, ["Ada Ames", "Cy Cole"]),
        ({"cohort": "autumn"}, ["Cy Cole", "Di Dunn"]),
        ({"q": "birch"}, ["Bo Birch"]),
        ({"q": "cy cole"}, ["Cy Cole"]),
        ({"q": "cole", "team": "south"}, []),
        ({"sort": "name"}, ["Ada Ames", "Bo Birch", "Cy Cole", "Di Dunn"]),
        ({"sort": "end"}, ["Di Dunn", "Ada Ames", "Bo Birch", "Cy Cole"]),
        ({"sort": "start"}, ["Cy Cole", "Bo Birch", "Ada Ames", "Di Dunn"]),
    ],
)
def test_filters_and_sort_are_in_the_address(client, caseload, query, shown):
    params = {
        key: caseload[value].public_id
        if key == "cohort"
        else caseload[value].pk
        if key == "team"
        else value
        for key, value in query.items()
    }
    page = client.get(URL, params).text
    assert learners(page) == shown
    assert heading_count(page) == len(shown)
    if any(key != "sort" for key in query):
        assert "Clear filters" in page


def test_the_choices_are_the_supervisors_own_cohorts_and_teams(client, caseload):
    page = client.get(URL).text
    assert "Spring intake" in page and "Autumn intake" in page and "Duty North" in page
    assert "Somebody else&#x27;s intake" not in page
    assert "Someone else&#x27;s team" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"stage": "asleep"},
        {"cohort": "not-a-uuid"},
        {"cohort": "00000000-0000-0000-0000-000000000000"},
        {"team": "9" * 30},
        {"team": "-1"},
        {"sort": "'; drop table"},
        {"q": "x" * 500},
        {"q": "\x00"},
        {"page": "9" * 30},
        {"page": "-3"},
        {"page": "1e309"},
    ],
)
def test_an_address_that_does_not_parse_lists_as_if_it_were_not_there(client, caseload, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert heading_count(response.text) == 4
    assert "govuk-error-message" not in response.text


def test_another_supervisors_cohort_or_team_filters_nothing(client, caseload):
    page = client.get(
        URL, {"cohort": caseload["elsewhere"].public_id, "team": caseload["theirs"].team_id}
    ).text
    assert heading_count(page) == 4
    assert "Ed Eyre" not in page


def test_a_long_list_is_paged_keeping_its_filters(client, supervisor, settings):
    settings.COHORTS_SUPERVISION_PLACEMENTS_PER_PAGE = 5
    today = datetime.date.today()
    cohort = two_year_cohort("Big intake", today)
    team = f.TeamFactory(name="Big team", learner_capacity=50)
    for n in range(12):
        placed(supervisor, cohort, team, start=-10, end=40 + n, first=f"Learner{n:02d}", last="X")
    first = client.get(URL, {"team": team.pk, "sort": "end"}).text
    assert heading_count(first) == 12
    assert len(learners(first)) == 5
    assert 'class="govuk-pagination"' in first
    assert f'href="?team={team.pk}&amp;sort=end&amp;page=2"' in first
    assert 'aria-current="page">1</a>' in first
    last = client.get(URL, {"team": team.pk, "sort": "end", "page": 3}).text
    assert learners(last) == ["Learner10 X", "Learner11 X"]
    assert 'rel="prev"' in last and 'rel="next"' not in last
    # Past the end is the last page; not a number is the first.
    assert learners(client.get(URL, {"page": 99}).text) == learners(
        client.get(URL, {"page": 3}).text
    )
    assert learners(client.get(URL, {"page": "two"}).text) == learners(client.get(URL).text)


def test_nobody_placed_yet_says_what_happens_next(client, supervisor):
    page = client.get(URL).text
    assert "Nobody is placed with you yet." in page
    assert "ask the workforce team" in page
    assert "Filter placements" not in page


def test_filters_that_match_nothing_say_what_to_try(client, caseload):
    page = client.get(URL, {"q": "nobody by this name"}).text
    assert heading_count(page) == 0
    assert "No placements match your filters." in page
    assert 'href="/supervision/">seeing all your placements</a>' in page


def test_cancelled_placements_are_not_listed(client, supervisor, caseload):
    hr = f.hr()
    placements.placement_set_status(
        placement=caseload["current"], status=Placement.Status.CANCELLED, by=hr
    )
    assert "Bo Birch" not in client.get(reverse("cohorts:supervision_home")).text
