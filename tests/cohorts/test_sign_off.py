"""One rule for "sign-off due", so HR's dashboard and the supervisor's page always agree.

The rule is ``cohorts.progress.supervision_stage``; ``cohorts.selectors`` asks
it of the database, and HR's figure, the supervisor's list and the reminder
mail all count through ``selectors.placements_due_sign_off``.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from cohorts import progress, selectors
from cohorts.models import Placement
from cohorts.services import placements
from cohorts.tasks import send_sign_off_reminders
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

D = datetime.date
TODAY = D(2026, 11, 23)
Stage = progress.SupervisionStage


def placement(start, end, status=Placement.Status.PLANNED) -> Placement:
    return Placement(start_date=start, end_date=end, status=status)


# The rule, without a database ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "status", "stage"),
    [
        # Ends within a week, or has ended, however long ago: due until signed off.
        (D(2026, 9, 1), D(2026, 11, 30), "planned", Stage.SIGN_OFF_DUE),
        (D(2026, 9, 1), D(2026, 11, 23), "in_progress", Stage.SIGN_OFF_DUE),
        (D(2026, 6, 1), D(2026, 8, 31), "planned", Stage.SIGN_OFF_DUE),
        (D(2025, 1, 1), D(2025, 3, 31), "in_progress", Stage.SIGN_OFF_DUE),
        # A day outside the week: still on placement.
        (D(2026, 9, 1), D(2026, 12, 1), "in_progress", Stage.CURRENT),
        (D(2026, 11, 23), D(2027, 2, 1), "planned", Stage.CURRENT),
        (D(2026, 11, 24), D(2027, 2, 1), "planned", Stage.NOT_STARTED),
        # Starting tomorrow for three days: its sign-off is already due.
        (D(2026, 11, 24), D(2026, 11, 26), "planned", Stage.SIGN_OFF_DUE),
        (D(2026, 6, 1), D(2026, 8, 31), "completed", Stage.SIGNED_OFF),
        (D(2026, 6, 1), D(2026, 8, 31), "cancelled", None),
    ],
)
def test_where_a_placement_stands_for_its_supervisor(start, end, status, stage):
    assert progress.supervision_stage(placement(start, end, status), TODAY) == stage
    assert progress.sign_off_due(placement(start, end, status), TODAY) == (
        stage == Stage.SIGN_OFF_DUE
    )


def test_the_week_ahead_is_a_setting(settings):
    settings.COHORTS_SIGN_OFF_DUE_DAYS_AHEAD = 14
    assert progress.sign_off_due_by(TODAY) == D(2026, 12, 7)
    assert progress.sign_off_due(placement(D(2026, 9, 1), D(2026, 12, 7)), TODAY)


# The database asks the same question ---------------------------------------------------


def two_year_cohort(today):
    return f.CohortFactory(programme=f.grow_your_own(), start_date=today - datetime.timedelta(420))


def grid(supervisor, today):
    """Placements at every stage, on both sides of each boundary."""
    made = []
    for start_offset, end_offset in [
        (-400, -300),
        (-120, -60),
        (-60, -1),
        (-60, 0),
        (-60, 7),
        (-60, 8),
        (0, 90),
        (1, 3),
        (1, 7),
        (1, 8),
        (30, 120),
    ]:
        enrolment = f.enrol(cohort=two_year_cohort(today))
        made.append(
            f.place(
                enrolment,
                start=today + datetime.timedelta(start_offset),
                end=today + datetime.timedelta(end_offset),
                supervisor=supervisor,
            )
        )
    signed, cancelled = made[1], made[2]
    placements.placement_sign_off(placement=signed, by=supervisor)
    Placement.objects.filter(pk=cancelled.pk).update(status=Placement.Status.CANCELLED)
    return made


@pytest.mark.django_db
def test_the_database_and_the_rule_agree_on_every_placements_stage():
    today = datetime.date.today()
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    grid(supervisor, today)
    stages = {}
    for row in selectors.supervised_placements(supervisor, today):
        assert row.stage == progress.supervision_stage(row, today), row
        stages[row.pk] = row.stage
    for stage in Stage.values:
        in_stage = selectors.in_stage(Placement.objects.all(), stage, today)
        assert {p.pk for p in in_stage} == {pk for pk, s in stages.items() if s == stage}
    # Every stage is there, and the cancelled placement is in none.
    assert set(stages.values()) == set(Stage.values)
    assert len(stages) == 10


# HR and the supervisor see the same figure ----------------------------------------------


def number_before(text: str, words: str) -> int:
    match = re.search(rf"(\d+) {words}", text)
    assert match, words
    return int(match.group(1))


@pytest.mark.django_db
def test_hrs_dashboard_and_the_supervisors_page_count_the_same_placements(client, site):
    today = datetime.date.today()
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    made = grid(supervisor, today)
    # Another supervisor's, and one with no supervisor: HR count those too.
    other = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    f.place(
        f.enrol(cohort=two_year_cohort(today)),
        start=today - datetime.timedelta(100),
        end=today - datetime.timedelta(50),
        supervisor=other,
    )
    f.place(
        f.enrol(cohort=two_year_cohort(today)),
        start=today - datetime.timedelta(100),
        end=today - datetime.timedelta(45),
    )
    due = [p for p in made if progress.sign_off_due(Placement.objects.get(pk=p.pk), today)]
    assert len(due) == 5

    hr = f.hr()
    give_totp(hr)
    sign_in_with_mfa(client, hr)
    home = client.get(reverse("wagtailadmin_home")).text
    assert number_before(home, "placements ending or ended without sign-off") == 5 + 2
    link = reverse("cohorts_placement:index") + "?stage=due"
    assert link in home
    listing = client.get(link).text
    for p in due:
        assert reverse("cohorts_placement:edit", args=[p.pk]) in listing

    for person, theirs in ((supervisor, 5), (other, 1)):
        give_totp(person)
        sign_in_with_mfa(client, person)
        page = client.get(reverse("cohorts:supervision_home")).text
        assert number_before(page, "placements? (?:is|are) due for sign-off") == theirs
        only_due = client.get(reverse("cohorts:supervision_home"), {"stage": "due"}).text
        heading = re.search(r'id="results-heading">\s*(\d+) placements?', only_due)
        assert int(heading.group(1)) == theirs
        assert only_due.count(">Sign-off due</strong>") == theirs
        assert selectors.placements_due_sign_off(today, supervisor=person).count() == theirs


@pytest.mark.django_db
def test_the_reminder_goes_on_until_the_placement_is_signed_off():
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    long_ago = f.place(
        f.enrol(cohort=f.CohortFactory(start_date=D(2026, 1, 5))),
        start=D(2026, 1, 5),
        end=D(2026, 3, 31),
        supervisor=supervisor,
    )
    f.place(f.enrol(), start=D(2026, 9, 1), end=D(2026, 11, 10))  # nobody to remind
    mail.outbox.clear()
    assert send_sign_off_reminders.call(TODAY.isoformat()) == 1
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert long_ago.enrolment.member.display_name in mail.outbox[0].body
