"""The workforce page's recruitment funnel, every figure worked out by hand."""

import datetime

import pytest
from django.urls import reverse

from portal import roles
from recruitment.choices import InterviewStatus, Status
from recruitment.models import Application, Interview
from recruitment.workforce import funnel, funnel_selectors, rules
from recruitment.workforce.sections import SMALL, Linked, Scope, shown
from tests import factories
from tests.recruitment.factories import ApplicationFactory, at, slot

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)
SCOPE = Scope(first_month=JAN, last_month=MAR, links_to_records=True)


def application(
    vacancy,
    submitted: datetime.datetime,
    *,
    campaign=None,
    fast=False,
    due=None,
    offered=None,
    held=None,
    heard="job_board",
    tracking="",
    status=Status.SUBMITTED,
) -> Application:
    made = ApplicationFactory(vacancy=vacancy, extras=False, heard_about=heard)
    Application.objects.filter(pk=made.pk).update(
        status=status,
        submitted_at=submitted,
        campaign=campaign,
        is_fast_track=fast,
        fast_track_due=due,
        interview_offered_at=offered,
        tracking_code=tracking,
    )
    made.refresh_from_db()
    if held is not None:
        Interview.objects.create(
            slot=slot(vacancy, start=held), application=made, status=InterviewStatus.HELD
        )
    return made


def started_offer(app, *, first_day, state="unconditional"):
    record = factories.staff_record(person=app.applicant, start_date=first_day)
    return factories.offer(
        application=app,
        state=state,
        with_checks=False,
        staff_record=record,
        started_at=at(first_day, 9),
    )


@pytest.fixture
def known():
    """Five applications in January to March 2026, and one before and a draft."""
    vacancy = factories.make_vacancy()
    campaign = factories.make_campaign(title="Spring campaign")
    # Fast-tracked, promise kept, interviewed after 10 days, started after 28.
    a1 = application(
        vacancy,
        at(datetime.date(2026, 1, 5), 10),
        campaign=campaign,
        fast=True,
        due=datetime.date(2026, 1, 12),
        offered=at(datetime.date(2026, 1, 9), 12),
        held=at(datetime.date(2026, 1, 15), 10),
        tracking="JOBSGO",
    )
    started_offer(a1, first_day=datetime.date(2026, 2, 2), state="accepted")
    # Fast-tracked, promise broken (offered late), interviewed after 20 days, declined.
    a2 = application(
        vacancy,
        at(datetime.date(2026, 1, 10), 10),
        campaign=campaign,
        fast=True,
        due=datetime.date(2026, 1, 16),
        offered=at(datetime.date(2026, 1, 20), 12),
        held=at(datetime.date(2026, 1, 30), 10),
        heard="social_media",
    )
    factories.offer(application=a2, state="declined", with_checks=False)
    # Fast-tracked, never offered an interview: broken once the due date passed.
    application(
        vacancy,
        at(datetime.date(2026, 2, 3), 9),
        fast=True,
        due=datetime.date(2026, 2, 10),
    )
    # Standard route: interviewed after 4 days, started after 20.
    a4 = application(
        vacancy, at(datetime.date(2026, 2, 10), 10), held=at(datetime.date(2026, 2, 14), 10)
    )
    started_offer(a4, first_day=datetime.date(2026, 3, 2))
    # Booked but not yet interviewed.
    a5 = application(vacancy, at(datetime.date(2026, 3, 1), 10))
    Interview.objects.create(
        slot=slot(vacancy, start=at(datetime.date(2026, 3, 20), 10)), application=a5
    )
    # Outside the period, and a draft: neither counts.
    application(
        vacancy,
        at(datetime.date(2025, 12, 20), 10),
        fast=True,
        held=at(datetime.date(2026, 1, 3), 10),
    )
    application(vacancy, at(datetime.date(2026, 2, 1), 10), status=Status.DRAFT)
    return {"campaign": campaign, "vacancy": vacancy}


def rows_of(table):
    return {row[0]: [shown(value) for value in row[1:]] for row in table.rows}


def test_an_empty_period_shows_nothing_and_divides_by_nothing():
    section = funnel.build(SCOPE)
    assert section.headlines == []
    assert section.tables == []
    assert "No applications" in section.empty
    assert funnel_selectors.funnel_totals(SCOPE) == dict.fromkeys(funnel_selectors.STAGES, 0)
    assert funnel_selectors.promises_by_month(SCOPE)[0].share is None


def test_each_step_and_its_conversion(known):
    section = funnel.build(SCOPE)
    assert rows_of(section.table("funnel")) == {
        "Applications": ["5", "–", "100.0%"],
        "Fast-tracked to a bespoke interview": ["3", "–", "60.0%"],
        "Interviewed": ["3", "60.0%", "60.0%"],
        "Offered a post": ["3", "100.0%", "60.0%"],
        "Accepted": ["2", "66.7%", "40.0%"],
        "Started": ["2", "100.0%", "40.0%"],
    }
    assert section.summary == "5 applications, of whom 2 started."
    applications = section.table("funnel").rows[0][1]
    assert isinstance(applications, Linked)
    assert applications.href == reverse("recruitment_application:index")


def test_median_and_90th_percentile_of_the_times(known):
    # To interview: 10, 20 and 4 days; to the first day: 28 and 20 days (nearest rank).
    section = funnel.build(SCOPE)
    assert rows_of(section.table("times")) == {
        "From application to interview": ["3", "10.0", "20.0"],
        "From application to first day": ["2", "20", "28"],
    }
    median = next(h for h in section.headlines if h.label == "Median time to interview")
    assert median.text == "10 days"


def test_the_fast_track_promise_kept_by_month(known):
    section = funnel.build(SCOPE)
    assert [[shown(v) for v in row] for row in section.table("promises").rows] == [
        ["January 2026", "2", "1", "50.0%"],
        ["February 2026", "1", "0", "0.0%"],
        ["March 2026", "0", "0", "–"],
    ]
    kept = next(h for h in section.headlines if h.label == "Fast-track promises kept")
    assert (kept.text, kept.hint) == ("33.3%", "1 of 3 due")


def test_a_promise_not_yet_due_is_not_counted(known):
    # On 11 February the third application's promise (due the 10th) had just fallen due.
    on_the_day = funnel_selectors.promises_by_month(SCOPE, today=datetime.date(2026, 2, 10))
    assert [(m.due, m.kept) for m in on_the_day] == [(2, 1), (0, 0), (0, 0)]
    assert rules.fast_track_promise(due=None, offered_on=None, today=JAN) is None


def test_bespoke_hires_against_the_one_or_two_expected(known, settings):
    section = funnel.build(SCOPE)
    # Only the fast-tracked starter counts, in the month of their first day.
    assert [[shown(v) for v in row] for row in section.table("bespoke-hires").rows] == [
        ["January 2026", "0", "1", "2"],
        ["February 2026", "1", "1", "2"],
        ["March 2026", "0", "1", "2"],
    ]
    hires = next(h for h in section.headlines if h.label == "Bespoke hires")
    assert hires.text == "1"
    assert "met in 1 of 3 months" in hires.hint
    settings.RECRUITMENT_BESPOKE_HIRES_EXPECTED = (2, 3)
    assert (
        "met in 0 of 3 months"
        in next(h for h in funnel.build(SCOPE).headlines if h.label == "Bespoke hires").hint
    )


def test_three_charts_each_with_its_table(known):
    section = funnel.build(SCOPE)
    assert len(section.charts) == 3
    ids = {f"table-{table.slug}" for table in section.tables}
    for chart in section.charts:
        assert chart.table_id in ids
        assert chart.summary
        assert chart.svg.startswith("<svg")
    assert section.charts[0].summary == (
        "Of 5 applications, 3 were interviewed, 3 offered a post and 2 started."
    )


def test_breakdowns_suppress_counts_under_five_and_link_to_the_applications():
    vacancy = factories.make_vacancy()
    big = factories.make_campaign(title="Big campaign")
    small = factories.make_campaign(title="Small campaign")
    for day in range(1, 6):
        application(vacancy, at(datetime.date(2026, 1, day + 4), 10), campaign=big, tracking="ad1")
    application(vacancy, at(datetime.date(2026, 1, 20), 10), campaign=small, heard="press")
    table = funnel.build(SCOPE).table("by-campaign")
    assert table.rows[0][0] == "Big campaign"
    assert table.rows[0][1] == Linked(
        5, reverse("recruitment_application:index") + f"?campaign={big.pk}"
    )
    assert table.rows[0][2:7] == [0, 0, 0, 0, 0]
    assert shown(table.rows[0][7]) == "0.0%"
    assert table.rows[1][0] == "Small campaign"
    assert table.rows[1][1].value is SMALL
    assert table.rows[1][7] is None  # a conversion from a suppressed count
    source = funnel.build(SCOPE).table("by-source")
    assert [row[0] for row in source.rows] == ["ad1", "None recorded"]
    assert source.rows[0][1].href.endswith("?channel=ad1")
    channel = funnel.build(SCOPE).table("by-heard-about")
    assert [(row[0], shown(row[1])) for row in channel.rows] == [
        ("A job board", "5"),
        ("Newspaper or trade press", "fewer than 5"),
    ]
    route = funnel.build(SCOPE).table("by-route")
    assert route.rows[0][0] == "Experienced social worker"


def test_the_campaign_and_area_in_the_scope_narrow_it(known):
    campaign = known["campaign"]
    narrowed = funnel_selectors.funnel_totals(
        Scope(first_month=JAN, last_month=MAR, campaign_id=campaign.pk)
    )
    assert (narrowed["applications"], narrowed["started"]) == (2, 1)
    elsewhere = Scope(first_month=JAN, last_month=MAR, area_ids=frozenset({0}))
    assert funnel_selectors.funnel_totals(elsewhere)["applications"] == 0
    here = Scope(
        first_month=JAN, last_month=MAR, area_ids=frozenset({known["vacancy"].service_area_id})
    )
    assert funnel_selectors.funnel_totals(here)["applications"] == 5
    linked = funnel.build(
        Scope(first_month=JAN, last_month=MAR, campaign_id=campaign.pk, links_to_records=True)
    )
    assert linked.table("funnel").rows[0][1].href.endswith(f"?campaign={campaign.pk}")


def test_no_links_for_viewers_who_may_not_open_the_records(known):
    section = funnel.build(Scope(first_month=JAN, last_month=MAR))
    assert not any(isinstance(v, Linked) for t in section.tables for row in t.rows for v in row)
    assert all(not headline.href for headline in section.headlines)


@pytest.mark.parametrize("size", [3, 30])
def test_queries_do_not_grow_with_the_applications(django_assert_max_num_queries, size):
    vacancy = factories.make_vacancy()
    campaign = factories.make_campaign()
    for n in range(size):
        day = datetime.date(2026, 1 + n % 3, 1 + n % 27)
        app = application(
            vacancy,
            at(day, 9),
            campaign=campaign if n % 2 else None,
            fast=n % 3 == 0,
            due=day + datetime.timedelta(days=7),
            offered=at(day, 15) if n % 4 else None,
            held=at(day + datetime.timedelta(days=3), 10 + n % 6) if n % 2 else None,
            tracking=f"code{n % 4}",
        )
        if n % 5 == 0:
            started_offer(app, first_day=day + datetime.timedelta(days=40))
    with django_assert_max_num_queries(5):
        section = funnel.build(SCOPE)
    assert section.table("funnel").rows[0][1].value == size
    # The percentiles PostgreSQL works out are those of every application's own days.
    assert funnel_selectors.interview_times(SCOPE) == funnel_selectors.Times.of(
        funnel_selectors.days_to_first_interview(SCOPE)
    )
    assert funnel_selectors.start_times(SCOPE) == funnel_selectors.Times.of(
        funnel_selectors.days_to_start(SCOPE)
    )
    # The breakdowns add up to the totals, each from the one read of the groups.
    for breakdown in funnel_selectors.BREAKDOWNS:
        rows = funnel_selectors.funnel_by(SCOPE, breakdown)
        assert sum(row["applications"] for row in rows) == size


def test_the_csv_of_the_funnel(client, staff_with_mfa, known):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    # Five years, so the test does not expire: the December 2025 application counts too.
    response = client.get("/workforce/funnel/funnel.csv?period=60")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "Step,People,Of the step before,Of applications"
    assert lines[1] == "Applications,6,,100.0%"
    assert lines[-1] == "Started,2,100.0%,33.3%"
    assert client.get("/workforce/funnel/").status_code == 200


def test_the_page_shows_the_headlines_and_charts_not_their_objects(client, staff_with_mfa, known):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    html = client.get("/workforce/funnel/?period=60").content.decode()
    assert "Headline(" not in html
    assert "Chart(" not in html
    assert html.count('<img class="portal-chart" src="data:image/svg+xml;base64,') == 3
    assert '<a class="govuk-link" href="/admin/recruitment/applications/">6</a>' in html
    home = client.get("/workforce/?period=60").content.decode()
    assert "Headline(" not in home
    assert "6 applications, of whom 2 started." in home


def test_the_source_is_the_tracking_code_else_the_utm_source_in_lower_case():
    assert funnel_selectors.source("JOBSGO", "Indeed") == "jobsgo"
    assert funnel_selectors.source("", "Indeed") == "indeed"
    assert funnel_selectors.source("", "") == ""
