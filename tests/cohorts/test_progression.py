"""Progression panels: grade change through a decision, refusals, the PSDP window,
mentorships, the reminder, access to the pages and the back office list."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts import progression_rules as rules
from cohorts.models import DevelopmentOpportunity, ProgressionDecision, PsdpPolicy
from cohorts.progression_tasks import send_opportunity_outcome_reminders
from cohorts.services import progression
from cohorts.services.common import CohortsError
from portal import roles
from portal.models import StaffRecord
from portal.staff import PROGRESSED
from tests.cohorts import factories as f
from tests.factories import UserFactory, staff_record

pytestmark = pytest.mark.django_db

D = datetime.date
G = StaffRecord.Grade


def sw3(**kw):
    return staff_record(grade=G.SOCIAL_WORKER_3, **kw)


HELD_ON = D(2026, 3, 2)


def conversation(staff, held_on=HELD_ON, by=None):
    by = by or f.hr()
    return progression.conversation_record(
        staff=staff, held_on=held_on, held_by=by, aspirations="Lead on court work", by=by
    )


# Rules -------------------------------------------------------------------------------


def test_conversation_due_after_12_months():
    today = D(2026, 12, 2)
    assert rules.conversation_due(None, today)
    assert not rules.conversation_due(D(2025, 12, 2), today)
    assert rules.conversation_due(D(2025, 12, 1), today)


@pytest.mark.parametrize(
    "today, start, end",
    [
        (D(2025, 4, 1), D(2025, 4, 1), D(2027, 3, 31)),
        (D(2027, 3, 31), D(2025, 4, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 4, 1), D(2029, 3, 31)),
        (D(2025, 3, 31), D(2023, 4, 1), D(2025, 3, 31)),
    ],
)
def test_psdp_window_boundaries(today, start, end):
    assert rules.psdp_window(today=today, first_year=2025, years=2) == (start, end)


# Grade change through the decision ----------------------------------------------------


def test_a_decision_to_progress_changes_the_grade_with_its_date_and_history():
    staff = sw3()
    hr = f.hr()
    talk = conversation(staff)
    decision = progression.decision_record(
        staff=staff,
        conversation=talk,
        panel_on=D(2026, 6, 1),
        decision=ProgressionDecision.Decision.PROGRESS,
        new_grade=G.SENIOR_PRACTITIONER,
        effective_on=D(2026, 7, 1),
        reason="Strong court work",
        by=hr,
    )
    staff.refresh_from_db()
    assert staff.grade == G.SENIOR_PRACTITIONER
    assert staff.grade_since == D(2026, 7, 1)
    assert decision.from_grade == G.SOCIAL_WORKER_3
    entry = ModelLogEntry.objects.get(object_id=str(staff.pk), action=PROGRESSED)
    assert entry.user == hr
    assert entry.data["on"] == "1 July 2026"
    assert entry.data["to"] == "Senior practitioner"


def test_a_decision_to_stay_leaves_the_grade():
    staff = sw3()
    progression.decision_record(
        staff=staff, panel_on=D(2026, 6, 1), decision="stay", reason="Not yet", by=f.hr()
    )
    staff.refresh_from_db()
    assert staff.grade == G.SOCIAL_WORKER_3 and staff.grade_since is None


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"new_grade": ""}, "new_grade"),
        ({"effective_on": None}, "effective_on"),
        ({"effective_on": D(2026, 5, 1)}, "effective_on"),  # before the panel
        ({"new_grade": G.SOCIAL_WORKER_3}, "new_grade"),  # already at that grade
    ],
)
def test_a_progression_is_refused_without_its_facts(kwargs, field):
    staff = sw3()
    args = {
        "staff": staff,
        "panel_on": D(2026, 6, 1),
        "decision": "progress",
        "new_grade": G.SENIOR_PRACTITIONER,
        "effective_on": D(2026, 7, 1),
        "reason": "x",
        "by": f.hr(),
    } | kwargs
    with pytest.raises(CohortsError) as refused:
        progression.decision_record(**args)
    assert refused.value.field == field
    staff.refresh_from_db()
    assert staff.grade == G.SOCIAL_WORKER_3
    assert not ProgressionDecision.objects.exists()


def test_only_level_3_and_senior_practitioners_have_conversations_and_panels():
    level_2 = staff_record(grade=G.SOCIAL_WORKER_2)
    with pytest.raises(CohortsError, match="level 3"):
        conversation(level_2)
    with pytest.raises(CohortsError, match="level 3"):
        progression.decision_record(
            staff=level_2, panel_on=D(2026, 6, 1), decision="stay", reason="x", by=f.hr()
        )


# PSDP --------------------------------------------------------------------------------


def test_psdp_places_are_refused_once_used_and_counted():
    PsdpPolicy.objects.update_or_create(
        pk=1, defaults={"places": 3, "window_years": 2, "window_starts_year": 2025}
    )
    hr = f.hr()
    for _ in range(3):
        progression.psdp_nominate(
            staff=staff_record(grade=G.PRACTICE_SUPERVISOR), nominated_on=D(2026, 1, 5), by=hr
        )
    window = progression.psdp_window(D(2026, 1, 5))
    assert (window.used, window.left) == (3, 0)
    with pytest.raises(CohortsError, match="All 3 places from 1 April 2025 to 31 March 2027"):
        progression.psdp_nominate(
            staff=staff_record(grade=G.TEAM_MANAGER), nominated_on=D(2027, 3, 31), by=hr
        )
    # The next window has its own places.
    progression.psdp_nominate(
        staff=staff_record(grade=G.TEAM_MANAGER), nominated_on=D(2027, 4, 1), by=hr
    )


def test_a_level_3_social_worker_is_not_nominated_for_psdp():
    with pytest.raises(CohortsError, match="Only senior practitioners"):
        progression.psdp_nominate(staff=sw3(), nominated_on=D(2026, 1, 5), by=f.hr())


# Mentorships -------------------------------------------------------------------------


def test_overlapping_mentorships_of_one_mentee_are_refused():
    mentor = staff_record(grade=G.SENIOR_PRACTITIONER)
    other = staff_record(grade=G.SENIOR_PRACTITIONER)
    mentee = UserFactory()
    progression.mentorship_record(
        mentor=mentor, mentee=mentee, start_date=D(2026, 1, 1), end_date=D(2026, 6, 30), by=None
    )
    with pytest.raises(CohortsError, match="already has a mentor"):
        progression.mentorship_record(
            mentor=other, mentee=mentee, start_date=D(2026, 6, 30), end_date=None, by=None
        )
    progression.mentorship_record(
        mentor=other, mentee=mentee, start_date=D(2026, 7, 1), end_date=None, by=None
    )


def test_a_mentor_must_be_a_senior_practitioner():
    with pytest.raises(CohortsError, match="senior practitioner"):
        progression.mentorship_record(
            mentor=sw3(), mentee=UserFactory(), start_date=D(2026, 1, 1), end_date=None, by=None
        )


# Reminder ----------------------------------------------------------------------------


def test_an_opportunity_past_its_date_without_outcome_is_reminded_once():
    holder = f.hr()
    talk = conversation(sw3(), by=holder)
    passed = DevelopmentOpportunity.objects.create(
        conversation=talk, kind="legal_planning", planned_on=D(2026, 11, 1)
    )
    DevelopmentOpportunity.objects.create(
        conversation=talk, kind="shadow_team_manager", planned_on=D(2026, 12, 20)
    )
    DevelopmentOpportunity.objects.create(
        conversation=talk, kind="mentoring", planned_on=D(2026, 10, 1), outcome="Went well"
    )
    mail.outbox.clear()
    assert send_opportunity_outcome_reminders.call("2026-12-02") == 1
    assert [m.to for m in mail.outbox] == [[holder.email]]
    assert "1 November 2026" in mail.outbox[0].body
    assert "Lead on court work" not in mail.outbox[0].body  # nothing private
    assert send_opportunity_outcome_reminders.call("2026-12-03") == 0
    assert len(mail.outbox) == 1
    passed.refresh_from_db()
    assert passed.reminded_at is not None


def test_reminders_command_queues_the_opportunity_reminders(capsys):
    call_command("cohorts_reminders")
    assert "development opportunity reminders" in capsys.readouterr().out


# Pages -------------------------------------------------------------------------------


def test_the_staff_member_sees_their_own_development_read_only(client):
    staff = sw3()
    talk = conversation(staff)
    DevelopmentOpportunity.objects.create(
        conversation=talk, kind="legal_planning", planned_on=D(2026, 4, 1)
    )
    client.force_login(staff.person)
    response = client.get(reverse("cohorts:my_development"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Lead on court work" in text
    assert "Observing a legal planning meeting" in text
    assert "2 March 2026" in text


def test_nobody_else_sees_someone_elses_development(client):
    conversation(sw3())
    client.force_login(UserFactory())
    assert client.get(reverse("cohorts:my_development")).status_code == 404
    client.logout()
    assert client.get(reverse("cohorts:my_development")).status_code == 302


def test_a_mentorship_shows_on_both_peoples_pages(client):
    mentor = staff_record(grade=G.SENIOR_PRACTITIONER)
    mentee = staff_record(grade=G.SOCIAL_WORKER_2)
    progression.mentorship_record(
        mentor=mentor, mentee=mentee.person, start_date=D(2026, 1, 5), end_date=None, by=None
    )
    client.force_login(mentee.person)
    assert (
        f"{mentor.person.display_name} mentors you"
        in client.get(reverse("cohorts:my_development")).content.decode()
    )
    client.force_login(mentor.person)
    assert (
        f"You mentor {mentee.person.display_name}"
        in client.get(reverse("cohorts:my_development")).content.decode()
    )


# Back office -------------------------------------------------------------------------

PROGRESSION_INDEXES = [
    "cohorts_progression:index",
    "cohorts_development_conversation:index",
    "cohorts_development_opportunity:index",
    "cohorts_progression_decision:index",
    "cohorts_staff_mentorship:index",
    "cohorts_psdp_nomination:index",
    "cohorts_psdp_policy:index",
]


@pytest.mark.parametrize("index", PROGRESSION_INDEXES)
@pytest.mark.parametrize("role", [roles.HR_OFFICER, roles.WORKFORCE_LEAD])
def test_hr_and_workforce_leads_see_the_progression_back_office(
    client, site, staff_with_mfa, index, role
):
    staff_with_mfa(role, client)
    conversation(sw3())
    assert client.get(reverse(index)).status_code == 200


@pytest.mark.parametrize("role", [roles.MENTOR, roles.PRACTICE_SUPERVISOR, roles.CONTENT_EDITOR])
def test_other_staff_do_not_see_the_progression_list(client, site, staff_with_mfa, role):
    staff_with_mfa(role, client)
    assert client.get(reverse("cohorts_progression:index")).status_code in (302, 403)


def test_the_list_shows_latest_conversation_and_due_filters_and_exports(
    client, site, staff_with_mfa
):
    staff_with_mfa(roles.HR_OFFICER, client)
    recent = sw3()
    conversation(recent, held_on=datetime.date.today() - datetime.timedelta(days=30))
    never = staff_record(grade=G.SENIOR_PRACTITIONER)
    level_2 = staff_record(grade=G.SOCIAL_WORKER_2)
    url = reverse("cohorts_progression:index")
    text = client.get(url).content.decode()
    assert recent.person.display_name in text and never.person.display_name in text
    assert level_2.person.display_name not in text
    due = client.get(url, {"due": "true"}).content.decode()
    assert never.person.display_name in due and recent.person.display_name not in due
    csv = client.get(url, {"export": "csv"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Latest conversation" in body and never.person.email in body


def test_hr_records_a_progression_through_the_back_office_form(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    staff = sw3()
    response = client.post(
        reverse("cohorts_progression_decision:add"),
        {
            "staff": staff.pk,
            "panel_on": "2026-06-01",
            "decision": "progress",
            "new_grade": G.SENIOR_PRACTITIONER,
            "effective_on": "2026-05-01",
            "reason": "Ready",
        },
    )
    assert response.status_code == 200
    assert "on or after the panel date" in response.content.decode()
    staff.refresh_from_db()
    assert staff.grade == G.SOCIAL_WORKER_3


def test_psdp_nomination_page_shows_places_used_and_left(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    text = client.get(reverse("cohorts_psdp_nomination:index")).content.decode()
    assert "places used from" in text and "left" in text
