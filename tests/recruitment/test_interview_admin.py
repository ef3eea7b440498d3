"""HR's interview back office: slots, the calendar, bespoke offers, decisions and the report."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from recruitment import selectors
from recruitment.choices import InterviewStatus, Status
from recruitment.models import Application, InterviewSlot
from recruitment.services import interviews as interview_services
from recruitment.services import scorecards
from tests import factories as base_factories
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client, site, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


@pytest.fixture
def panel(site):
    return factories.UserFactory(roles=[roles.PANEL_MEMBER], first_name="Pat", last_name="Panel")


def test_hr_make_a_slot_and_see_clashes(client, hr, panel):
    vacancy = base_factories.make_vacancy()
    day = factories.working_day_ahead()
    data = {
        "vacancy": vacancy.pk,
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "format": "video",
        "video_link": "https://meet.example.org/a",
        "panel": [panel.pk],
    }
    url = reverse("recruitment_interviews:slot_new")
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert InterviewSlot.objects.count() == 1
    response = client.post(url, {**data, "start_time": "10:30", "end_time": "11:30"})
    assert response.status_code == 200
    assert "Pat Panel is already on a panel at that time" in response.text
    assert InterviewSlot.objects.count() == 1


def test_a_bank_holiday_slot_needs_the_box_ticked(client, hr, panel):
    vacancy = base_factories.make_vacancy()
    data = {
        "vacancy": vacancy.pk,
        "date": "2030-12-26",
        "start_time": "10:00",
        "end_time": "11:00",
        "format": "phone",
        "panel": [panel.pk],
    }
    url = reverse("recruitment_interviews:slot_new")
    response = client.post(url, data)
    assert "is a bank holiday" in response.text
    assert client.post(url, {**data, "confirm_bank_holiday": "on"}).status_code == 302
    assert InterviewSlot.objects.count() == 1


def test_hr_make_slots_in_bulk(client, hr, panel):
    vacancy = base_factories.make_vacancy()
    response = client.post(
        reverse("recruitment_interviews:slots_bulk"),
        {
            "vacancy": vacancy.pk,
            "first_day": "2030-08-23",
            "last_day": "2030-08-27",
            "weekdays": ["0", "1", "2", "3", "4"],
            "day_start": "09:00",
            "day_end": "11:00",
            "length_minutes": "60",
            "gap_minutes": "0",
            "format": "video",
            "video_link": "https://meet.example.org/b",
            "panel": [panel.pk],
        },
    )
    assert response.status_code == 200
    # Friday 23 and Tuesday 27 August; Monday 26 August 2030 is a bank holiday.
    assert InterviewSlot.objects.count() == 4
    assert "4 slots made" in response.text


def test_hr_offer_a_bespoke_interview_from_the_application(client, hr, panel):
    application = factories.fast_tracked()
    slot = factories.slot(application.vacancy, panel=[panel])
    inspect = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert "Offer bespoke interview" in inspect.text
    url = reverse("recruitment_interviews:offer", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {})
    assert "Choose at least one interview slot" in response.text
    response = client.post(url, {"slots": [str(slot.pk)]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    slot.refresh_from_db()
    assert slot.bespoke_for == application
    # The HR list says whether the promise was kept.
    listing = client.get(reverse("recruitment_application:index"))
    assert "Offered on time" in listing.text


def test_a_late_offer_is_shown_as_late(client, hr):
    application = factories.fast_tracked()
    Application.objects.filter(pk=application.pk).update(
        fast_track_due=timezone.localdate() - datetime.timedelta(days=3),
        interview_offered_at=timezone.now(),
        status=Status.INTERVIEWING,
    )
    listing = client.get(reverse("recruitment_application:index"))
    assert "Offered late" in listing.text


def test_hr_see_scorecards_side_by_side_and_record_outcomes(client, hr, panel):
    application = factories.invited()
    colleague = factories.UserFactory(roles=[roles.PANEL_MEMBER], first_name="Cal")
    slot = factories.slot(application.vacancy, panel=[panel, colleague])
    interview = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    factories.started(interview)
    criteria = application.vacancy.criteria
    for member, evidence in ((panel, "Strong on risk"), (colleague, "Clear on law")):
        scorecards.scorecard_submit(
            interview=interview,
            by=member,
            scores=[
                {"criterion": c["criterion"], "score": 3, "evidence": evidence} for c in criteria
            ],
            recommendation="appoint",
        )
    inspect = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert "Strong on risk" in inspect.text and "Clear on law" in inspect.text
    # No status button makes an offer: the offer page does, once the interview is held.
    assert "Move to: Offered" not in inspect.text
    make_offer = reverse("recruitment_application:make_offer", args=[application.pk])
    assert make_offer not in inspect.text
    response = client.post(
        reverse("recruitment_interviews:interview_outcome", args=[interview.pk, "held"])
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.HELD
    inspect = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert make_offer in inspect.text


def test_hr_cancel_with_a_reason(client, hr, panel):
    application = factories.invited()
    slot = factories.slot(application.vacancy, panel=[panel])
    interview = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    url = reverse("recruitment_interviews:interview_cancel", args=[interview.pk])
    assert "Give a reason the applicant will see" in client.post(url, {}).text
    assert client.post(url, {"reason": "The panel chair is ill"}).status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert interview.change_reason == "The panel chair is ill"


@pytest.mark.parametrize("rows", [10, 200])
def test_calendar_query_count_does_not_grow(client, hr, panel, django_assert_max_num_queries, rows):
    vacancy = base_factories.make_vacancy()
    monday = datetime.date(2030, 6, 3)
    for index in range(rows):
        day = monday + datetime.timedelta(days=index % 5)
        start = factories.at(day, 8) + datetime.timedelta(minutes=2 * (index // 5))
        factories.slot(vacancy, panel=[panel], start=start, minutes=2)
    url = reverse("recruitment_interviews:calendar") + f"?week={monday.isoformat()}"
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count("Free") >= rows
    filtered = client.get(url + f"&panel={panel.pk}&vacancy={vacancy.pk}")
    assert filtered.text.count("Free") >= rows
    other = client.get(url + "&panel=999999")
    assert "No slots" in other.text


def test_report_and_csv(client, hr):
    application = factories.fast_tracked()
    Application.objects.filter(pk=application.pk).update(
        interview_offered_at=application.submitted_at + datetime.timedelta(days=2),
        status=Status.INTERVIEWING,
    )
    page = client.get(reverse("recruitment_interviews:report"))
    assert page.status_code == 200
    assert "Fast-tracked" in page.text
    csv = client.get(reverse("recruitment_interviews:report") + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0].startswith("Month,Route")
    assert lines[1].endswith(",1,1,100%")


def test_report_percentiles():
    from recruitment.reports import percentile

    values = list(range(1, 11))
    assert percentile(values, 0.9) == 9
    assert percentile(values, 0.5) == 5
    assert percentile([], 0.9) is None


@pytest.mark.parametrize(
    "role", [r for r in roles.ROLES if r != roles.HR_OFFICER], ids=lambda r: r.slug
)
def test_other_roles_cannot_reach_the_interview_back_office(client, site, staff_with_mfa, role):
    staff_with_mfa(role, client)
    application = factories.fast_tracked()
    for url in [
        reverse("recruitment_interviews:calendar"),
        reverse("recruitment_interviews:slot_new"),
        reverse("recruitment_interviews:slots_bulk"),
        reverse("recruitment_interviews:report"),
        reverse("recruitment_interviews:offer", args=[application.pk]),
    ]:
        assert client.get(url).status_code in (302, 403), (role.slug, url)


def test_hr_move_an_interview_with_a_reason_even_within_24_hours(client, hr, panel):
    application = factories.invited()
    soon = factories.slot(
        application.vacancy, panel=[panel], start=timezone.now() + datetime.timedelta(hours=3)
    )
    later = factories.slot(
        application.vacancy, start=factories.at(factories.working_day_ahead(4), 14)
    )
    interview = interview_services.interview_book(
        application=application, slot=soon, by=application.applicant
    )
    inspect = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert "Move interview" in inspect.text
    url = reverse("recruitment_interviews:interview_move", args=[interview.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"slot": str(later.pk)})
    assert "Give a reason the applicant will see" in response.text
    response = client.post(url, {"slot": str(later.pk), "reason": "A panel member is ill"})
    assert response.status_code == 302
    moved = selectors.current_interview(application)
    assert moved.slot == later
    assert moved.sequence == 1
    assert moved.change_reason == "A panel member is ill"


def test_hr_dashboard_shows_interviews_today(client, hr, panel):
    # A fixed clock: 9am on a Wednesday, with interviews at 11am that day and the next.
    nine_am = factories.at(datetime.date(2030, 6, 5), 9)
    with mock.patch("django.utils.timezone.now", return_value=nine_am):
        application = factories.invited()
        later = factories.invited()
        today = factories.slot(
            application.vacancy, panel=[panel], start=factories.at(nine_am.date(), 11)
        )
        tomorrow = factories.slot(
            later.vacancy, panel=[panel], start=factories.at(datetime.date(2030, 6, 6), 11)
        )
        interview_services.interview_book(
            application=application, slot=today, by=application.applicant
        )
        interview_services.interview_book(application=later, slot=tomorrow, by=later.applicant)
        sign_in_with_mfa(client, hr)  # a session that starts on the same clock
        dashboard = client.get(reverse("wagtailadmin_home"))
    assert "Interviews today (1)" in dashboard.text
    assert application.reference in dashboard.text
    assert later.reference not in dashboard.text


def test_hr_remove_a_free_slot_but_not_a_booked_one(client, hr, panel):
    application = factories.invited()
    free = factories.slot(application.vacancy, panel=[panel])
    booked = factories.slot(application.vacancy, start=free.end)
    interview_services.interview_book(
        application=application, slot=booked, by=application.applicant
    )
    assert (
        client.post(reverse("recruitment_interviews:slot_delete", args=[free.pk])).status_code
        == 302
    )
    assert not InterviewSlot.objects.filter(pk=free.pk).exists()
    response = client.post(
        reverse("recruitment_interviews:slot_delete", args=[booked.pk]), follow=True
    )
    assert "cannot be removed" in response.text
    assert InterviewSlot.objects.filter(pk=booked.pk).exists()
