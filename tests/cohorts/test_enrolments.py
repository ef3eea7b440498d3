"""Enrolments: joining, pausing, moving the start, and the status's transition table."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from wagtail.models import ModelLogEntry

from cohorts import progress
from cohorts.models import Enrolment, EnrolmentPause, Programme
from cohorts.services import enrolments
from cohorts.services.common import (
    BeyondMaximumDuration,
    CohortFull,
    NotAllowed,
    OutsideEnrolment,
    PeriodOverlap,
)
from portal import roles
from portal.errors import TransitionNotAllowed
from portal.states import check_transitions_complete
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def history(instance) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(instance.pk))
        .filter(content_type__model=instance._meta.model_name)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_seeded_programmes_are_data_including_the_24_month_ecdp():
    asye = Programme.objects.get(slug="asye")
    assert asye.length_months == 12
    assert asye.max_duration_months == 24
    assert asye.review_months(include_optional=False) == [3, 6, 12]
    assert asye.review_months() == [3, 6, 9, 12]
    assert asye.has_moderation_panel
    assert asye.caseload_cap == 15
    assert asye.protected_time_percent == 10
    assert asye.supervision_every(1) == "week"
    assert asye.supervision_every(6) == "week"
    assert asye.supervision_every(7) == "fortnight"
    assert asye.supervision_every(27) == "month"
    assert Programme.objects.get(slug="ecdp").length_months == 24
    degree = Programme.objects.get(slug="social-work-degree-apprenticeship")
    assert (degree.practice_learning_days, degree.max_skills_days) == (200, 30)
    assert degree.off_the_job_hours_per_week == Decimal("6.0")
    assert Programme.objects.count() >= 6


def test_expected_end_without_pauses_is_the_programme_length():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    assert enrolment.expected_end_date == D(2027, 8, 31)


def test_enrolling_is_in_the_enrolments_history():
    hr = f.hr()
    enrolment = f.enrol(by=hr)
    entry = ModelLogEntry.objects.get(
        object_id=str(enrolment.pk), action="cohorts.enrolment.create"
    )
    assert entry.user == hr
    assert entry.data["cohort"] == enrolment.cohort.name


def test_a_pause_moves_the_expected_end_by_its_days_and_mails_the_member(
    django_capture_on_commit_callbacks,
):
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pause = enrolments.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 11, 1),
            end_date=D(2026, 11, 30),
            by=f.hr(),
        )
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 8, 31) + datetime.timedelta(days=30)
    assert len(mail.outbox) == 1
    assert "paused" in mail.outbox[0].subject
    # The pause's own history, and the enrolment's: its end moved.
    assert history(pause) == ["cohorts.pause.create"]
    assert history(enrolment) == ["cohorts.enrolment.create", "cohorts.enrolment.end"]


def test_review_dates_move_with_a_pause_before_them():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    pause = enrolments.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.BEREAVEMENT,
        start_date=D(2027, 1, 4),
        end_date=D(2027, 1, 17),
        by=None,
    )
    reviews = {r["month"]: r["date"] for r in progress.review_dates(enrolment, [pause])}
    assert reviews[3] == D(2026, 12, 1)
    assert reviews[6] == D(2027, 3, 1) + datetime.timedelta(days=14)


def test_a_pause_that_would_pass_the_two_year_limit_is_refused():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    enrolments.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.PARENTAL_LEAVE,
        start_date=D(2027, 1, 1),
        end_date=D(2027, 9, 30),
        by=None,
    )
    with pytest.raises(BeyondMaximumDuration):
        enrolments.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2027, 11, 1),
            end_date=D(2028, 3, 31),
            by=None,
        )
    assert enrolment.pauses.count() == 1


def test_a_pause_exactly_up_to_the_limit_is_allowed():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    # 12 months of pause from the first day: ends on the last day of month 24.
    days = (D(2028, 8, 31) - D(2027, 8, 31)).days
    enrolments.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.PARENTAL_LEAVE,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 1) + datetime.timedelta(days=days - 1),
        by=None,
    )
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2028, 8, 31)


def test_overlapping_pauses_are_refused():
    enrolment = f.enrol()
    enrolments.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.ILLNESS,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 14),
        by=None,
    )
    with pytest.raises(PeriodOverlap):
        enrolments.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 10, 14),
            end_date=D(2026, 10, 20),
            by=None,
        )


def test_a_pause_before_the_programme_starts_is_refused():
    enrolment = f.enrol()
    with pytest.raises(OutsideEnrolment):
        enrolments.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 8, 1),
            end_date=D(2026, 8, 14),
            by=None,
        )


def test_changing_and_removing_a_pause_move_the_end_and_are_in_its_history():
    hr = f.hr()
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    pause = enrolments.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.ILLNESS,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 10),
        by=hr,
    )
    enrolments.pause_change(
        pause=pause,
        reason=EnrolmentPause.Reason.ILLNESS,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 5),
        by=hr,
    )
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 9, 5)
    enrolments.pause_remove(pause=pause, by=hr)
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 8, 31)
    assert history(pause) == [
        "cohorts.pause.create",
        "cohorts.pause.change",
        "cohorts.pause.remove",
    ]


def test_one_member_cannot_be_in_two_cohorts_at_once():
    member = f.user_with_role(roles.COHORT_MEMBER)
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    with pytest.raises(PeriodOverlap):
        f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 3, 1)))
    # After the first ends, a new enrolment is fine.
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 9, 1)))
    assert Enrolment.objects.filter(member=member).count() == 2


def test_a_withdrawn_enrolment_frees_the_member():
    hr = f.hr()
    member = f.user_with_role(roles.COHORT_MEMBER)
    first = f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    with pytest.raises(NotAllowed):
        enrolments.enrolment_set_status(enrolment=first, status=Enrolment.Status.WITHDRAWN, by=hr)
    enrolments.enrolment_set_status(
        enrolment=first, status=Enrolment.Status.WITHDRAWN, reason="Moved away", by=hr
    )
    first.refresh_from_db()
    assert first.status_reason == "Moved away" and first.status_changed_on
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 1, 1)))


def test_the_enrolment_transition_table_covers_every_status():
    check_transitions_complete(Enrolment.TRANSITIONS, Enrolment.Status)


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED, True),
        (Enrolment.Status.PAUSED, Enrolment.Status.ACTIVE, True),
        (Enrolment.Status.PAUSED, Enrolment.Status.WITHDRAWN, True),
        (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED, True),
        (Enrolment.Status.PAUSED, Enrolment.Status.COMPLETED, False),
        (Enrolment.Status.COMPLETED, Enrolment.Status.ACTIVE, False),
        (Enrolment.Status.WITHDRAWN, Enrolment.Status.ACTIVE, False),
        (Enrolment.Status.FAILED, Enrolment.Status.COMPLETED, False),
    ],
)
def test_an_enrolments_status_moves_only_as_its_table_allows(start, to, allowed):
    hr = f.hr()
    enrolment = f.enrol()
    Enrolment.objects.filter(pk=enrolment.pk).update(status=start)
    move = {"enrolment": enrolment, "status": to, "reason": "Agreed at panel", "by": hr}
    # The table governs outcome moves too; only the reviews service may ask for them.
    move["decided_by_outcome"] = to in Enrolment.OUTCOME_STATUSES
    if allowed:
        enrolments.enrolment_set_status(**move)
        enrolment.refresh_from_db()
        assert enrolment.status == to
        assert history(enrolment)[-1] == "cohorts.enrolment.status"
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            enrolments.enrolment_set_status(**move)
        enrolment.refresh_from_db()
        assert enrolment.status == start
        assert str(refused.value) == (
            f"An enrolment that is '{Enrolment.Status(start).label}' cannot become "
            f"'{Enrolment.Status(to).label}'."
        )


def test_moving_the_start_moves_the_end_and_is_refused_into_another_enrolment():
    hr = f.hr()
    member = f.user_with_role(roles.COHORT_MEMBER)
    enrolment = f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 11, 1)))
    enrolments.enrolment_change_start(enrolment=enrolment, start_date=D(2026, 10, 1), by=hr)
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 9, 30)
    assert history(enrolment)[-2:] == ["cohorts.enrolment.start", "cohorts.enrolment.end"]
    with pytest.raises(PeriodOverlap):
        enrolments.enrolment_change_start(enrolment=enrolment, start_date=D(2027, 1, 1), by=hr)
    enrolment.refresh_from_db()
    assert enrolment.start_date == D(2026, 10, 1)


def test_a_full_cohort_refuses_another_member():
    cohort = f.CohortFactory(capacity=1)
    f.enrol(cohort=cohort)
    with pytest.raises(CohortFull):
        f.enrol(cohort=cohort)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints")
def test_postgres_itself_refuses_overlapping_pauses_and_enrolments():
    enrolment = f.enrol()
    EnrolmentPause.objects.create(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.ILLNESS,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 9),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentPause.objects.create(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 10, 5),
            end_date=D(2026, 10, 20),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            member=enrolment.member,
            cohort=f.CohortFactory(),
            employer=enrolment.employer,
            start_date=D(2027, 1, 1),
            expected_end_date=D(2027, 12, 31),
        )


def test_cost_shares_and_totals_per_organisation():
    shire = f.OrganisationFactory(name="Shire County Council")
    cohort = f.CohortFactory(
        programme=f.grow_your_own(),
        fee_per_learner=Decimal("9000"),
        council_contribution_per_learner=Decimal("1500"),
    )
    f.CohortPartnerFactory(cohort=cohort, organisation=shire, contribution_per_learner=2500)
    for _ in range(3):
        f.enrol(cohort=cohort)
    for _ in range(2):
        f.enrol(cohort=cohort, employer=shire)
    withdrawn = f.enrol(cohort=cohort, employer=shire)
    enrolments.enrolment_set_status(
        enrolment=withdrawn, status=Enrolment.Status.WITHDRAWN, reason="Left", by=f.hr()
    )

    def shares(organisation=None):
        return progress.cost_shares(
            cohort=cohort,
            enrolments=cohort.enrolments.select_related("employer"),
            partners=cohort.partners.all(),
            organisation=organisation,
        )

    rows = {row["organisation"].name: row for row in shares()["rows"]}
    council = rows["Example City Council"]
    assert council["learners"] == 3
    assert council["organisation_total"] == Decimal("4500")
    assert council["loan_total"] == Decimal("22500")
    partner = rows["Shire County Council"]
    assert partner["learners"] == 2
    assert partner["organisation_total"] == Decimal("5000")
    assert partner["loan_per_learner"] == Decimal("6500")
    assert shares()["totals"]["fee_total"] == Decimal("45000")
    assert shares()["totals"]["organisation_total"] + shares()["totals"]["loan_total"] == Decimal(
        "45000"
    )
    only_shire = shares(organisation=shire)
    assert [r["organisation"].name for r in only_shire["rows"]] == ["Shire County Council"]
