"""Progress rules: how far along a member is, what they owe, and what needs a mentor's eye.

Pure functions over plain values and model instances already in memory, in
the pattern of ``cohorts.planner``: no database reads or writes, so each rule
is tested without a database. Services call them to decide, selectors and
presenters to describe. The sources are DOMAIN.md's rules table and the
programme's own data (length, review points, limits), which staff edit.

Supervision frequency, review outcomes and caseload caps land here next.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cohorts import caseload_rules, conf, coverage, supervision_rules
from cohorts.models import (
    Attendance,
    Cohort,
    CohortPartner,
    Enrolment,
    EvidenceEntry,
    Placement,
    Programme,
)
from portal.calendar import add_months
from portal.models import Organisation

# Dates and length --------------------------------------------------------------


def paused_days(pauses: Iterable) -> int:
    """Days paused, both ends included (a pause from the 1st to the 2nd is 2 days)."""
    return sum((p.end_date - p.start_date).days + 1 for p in pauses)


def expected_end_date(
    *, programme: Programme, start_date: datetime.date, pauses: Iterable = ()
) -> datetime.date:
    """The last day of the programme: its length, moved on by each day of pause."""
    return (
        add_months(start_date, programme.length_months)
        - datetime.timedelta(days=1)
        + datetime.timedelta(days=paused_days(pauses))
    )


def latest_end_date(*, programme: Programme, start_date: datetime.date) -> datetime.date | None:
    """The programme must be finished by this day, pauses included (ASYE: 2 years)."""
    if not programme.max_duration_months:
        return None
    return add_months(start_date, programme.max_duration_months) - datetime.timedelta(days=1)


def review_dates(enrolment: Enrolment, pauses: Iterable = ()) -> list[dict]:
    """Each review point's date, moved on by pauses that began before it.

    ASYE: reviews at 3, 6, an optional 9, and 12 months (the programme's data).
    """
    programme = enrolment.cohort.programme
    pauses = list(pauses)
    points = []
    for point in sorted(programme.review_points or [], key=lambda p: p["month"]):
        due = add_months(enrolment.start_date, point["month"])
        for pause in pauses:
            if pause.start_date < due:
                due += datetime.timedelta(days=(pause.end_date - pause.start_date).days + 1)
        points.append(
            {"month": point["month"], "optional": bool(point.get("optional")), "date": due}
        )
    return points


# Cohorts -----------------------------------------------------------------------


def cohort_size_warning(*, cohort: Cohort, size: int) -> str | None:
    """NQSW intakes work best at 7-10 people: outside that, a warning (never a refusal)."""
    if not cohort.programme.is_nqsw_programme:
        return None
    low, high = conf.nqsw_cohort_size_min(), conf.nqsw_cohort_size_max()
    if size < low or size > high:
        return _(
            "This NQSW intake has %(size)s members. Intakes of %(low)s to %(high)s work best."
        ) % {"size": size, "low": low, "high": high}
    return None


def cost_shares(
    *,
    cohort: Cohort,
    enrolments: Iterable[Enrolment],
    partners: Iterable[CohortPartner],
    organisation: Organisation | None = None,
) -> dict:
    """Who pays what for a cohort, by employing organisation.

    Each learner's fee is split between their employer (this council's
    contribution, or the partner's agreed contribution) and the learner's own
    loan-funded part. Withdrawn learners cost nothing. Returns
    ``{"rows": [...], "totals": {...}, "fee_per_learner": ...}``; with
    ``organisation`` only that organisation's row (a partner sees only its own).
    """
    fee = cohort.fee_per_learner
    contributions = {p.organisation_id: p.contribution_per_learner for p in partners}
    counts: dict[int, int] = {}
    employers: dict[int, Organisation] = {}
    for enrolment in enrolments:
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            continue
        counts[enrolment.employer_id] = counts.get(enrolment.employer_id, 0) + 1
        employers[enrolment.employer_id] = enrolment.employer
    rows = []
    for org_id, learners in sorted(counts.items(), key=lambda item: employers[item[0]].name):
        if organisation is not None and org_id != organisation.pk:
            continue
        employer = employers[org_id]
        if employer.kind == Organisation.Kind.COUNCIL:
            per_learner = cohort.council_contribution_per_learner
        else:
            per_learner = contributions.get(org_id, Decimal("0"))
        per_learner = min(per_learner, fee)
        rows.append(
            {
                "organisation": employer,
                "learners": learners,
                "contribution_per_learner": per_learner,
                "loan_per_learner": fee - per_learner,
                "organisation_total": per_learner * learners,
                "loan_total": (fee - per_learner) * learners,
                "fee_total": fee * learners,
            }
        )
    totals = {
        key: sum((row[key] for row in rows), Decimal("0"))
        for key in ("organisation_total", "loan_total", "fee_total")
    }
    totals["learners"] = sum(row["learners"] for row in rows)
    return {"rows": rows, "totals": totals, "fee_per_learner": fee}


# Placements ----------------------------------------------------------------------


def peak_overlap(periods, start: datetime.date, end: datetime.date) -> int:
    """The most of ``periods`` (start, end pairs, both included) running on one day in start-end."""
    events = []
    for period_start, period_end in periods:
        if period_start > end or period_end < start:
            continue
        events.append((max(period_start, start), 1))
        events.append((min(period_end, end) + datetime.timedelta(days=1), -1))
    events.sort(key=lambda event: (event[0], event[1]))
    peak = current = 0
    for _day, change in events:
        current += change
        peak = max(peak, current)
    return peak


class SupervisionStage(models.TextChoices):
    """Where a placement stands for its practice supervisor today (``supervision_stage``)."""

    SIGN_OFF_DUE = "due", gettext_lazy("Sign-off due")
    CURRENT = "current", gettext_lazy("On placement now")
    NOT_STARTED = "not_started", gettext_lazy("Not started yet")
    SIGNED_OFF = "signed_off", gettext_lazy("Signed off")


def sign_off_due_by(today: datetime.date) -> datetime.date:
    """The last end date of the placements due for sign-off today.

    A placement is due for sign-off from ``COHORTS_SIGN_OFF_DUE_DAYS_AHEAD``
    days (7) before it ends until its supervisor signs it off (or it is
    cancelled), however long ago it ended: an unsigned placement does not stop
    needing a signature because a month has passed. HR's dashboard, the
    supervisor's list and the reminder mail all count by this one rule.
    """
    return today + datetime.timedelta(days=conf.sign_off_due_days_ahead())


def supervision_stage(placement: Placement, today: datetime.date) -> SupervisionStage | None:
    """The placement's stage today; None once cancelled.

    In this order: signed off; sign-off due (open, and ending by
    ``sign_off_due_by``, whatever its start); not started yet (open, starting
    after today); on placement now (open, the rest). Every open placement is in
    exactly one stage. ``cohorts.selectors`` asks the same questions of the
    database, and a test holds the two together.
    """
    if placement.status == Placement.Status.COMPLETED:
        return SupervisionStage.SIGNED_OFF
    if not placement.is_open:
        return None
    if placement.end_date <= sign_off_due_by(today):
        return SupervisionStage.SIGN_OFF_DUE
    if placement.start_date > today:
        return SupervisionStage.NOT_STARTED
    return SupervisionStage.CURRENT


def sign_off_due(placement: Placement, today: datetime.date) -> bool:
    return supervision_stage(placement, today) == SupervisionStage.SIGN_OFF_DUE


# Attendance -----------------------------------------------------------------------


def attendance_rate(counts: dict) -> float | None:
    """Present or late over all sessions counted; excused absences do not count."""
    attended = counts.get(Attendance.Status.PRESENT, 0) + counts.get(Attendance.Status.LATE, 0)
    counted = attended + counts.get(Attendance.Status.ABSENT, 0)
    if not counted:
        return None
    return attended / counted


# What a dashboard says about a member ---------------------------------------------------


def describe(enrolment: Enrolment, today: datetime.date | None = None) -> Enrolment:
    """Work out, without queries, what a dashboard says about an annotated enrolment.

    ``enrolment`` comes from ``cohorts.selectors.with_progress`` (counts and sums
    annotated, placements and pauses prefetched); this adds the attributes the
    pages read (attendance, placements now and next, days counted, off-the-job
    average, supervision frequency, reviews, and why it needs attention).
    """
    today = today or timezone.localdate()
    programme = enrolment.cohort.programme
    counts = {
        Attendance.Status.PRESENT: enrolment.attended_present,
        Attendance.Status.LATE: enrolment.attended_late,
        Attendance.Status.ABSENT: enrolment.attended_absent,
        Attendance.Status.EXCUSED: enrolment.attended_excused,
    }
    enrolment.attendance_rate = attendance_rate(counts)
    enrolment.attendance_percent = (
        round(enrolment.attendance_rate * 100) if enrolment.attendance_rate is not None else None
    )
    enrolment.sessions_recorded = sum(counts.values())
    placements = sorted(enrolment.placement_list, key=lambda p: p.start_date)
    enrolment.current_placement = next((p for p in placements if p.is_current_on(today)), None)
    enrolment.next_placement = next((p for p in placements if p.start_date > today), None)
    enrolment.past_placements = [p for p in placements if p.end_date < today]
    enrolment.timeline = placements
    skills_counted = enrolment.skills_days
    if programme.max_skills_days is not None:
        skills_counted = min(skills_counted, Decimal(programme.max_skills_days))
    enrolment.days_counted = enrolment.practice_days + skills_counted
    enrolment.days_required = programme.practice_learning_days
    week = max((today - enrolment.start_date).days // 7 + 1, 1)
    enrolment.off_the_job_target = programme.off_the_job_hours_per_week
    if enrolment.off_the_job_target:
        paused = sum(
            (min(p.end_date, today) - p.start_date).days + 1
            for p in enrolment.pause_list
            if p.start_date <= today
        )
        weeks = max(((today - enrolment.start_date).days - paused) / 7, 1)
        enrolment.off_the_job_average = (
            Decimal(enrolment.off_the_job_hours) / Decimal(weeks)
        ).quantize(Decimal("0.1"))
    else:
        enrolment.off_the_job_average = None
    every = programme.supervision_every(week)
    enrolment.supervision_every = (
        Programme.SupervisionEvery(every).label
        if every in Programme.SupervisionEvery.values
        else None
    )
    reviews = review_dates(enrolment, enrolment.pause_list)
    rows = getattr(enrolment, "review_list", None)
    if rows:
        # The dates come from the one rule (so a change to the programme's data shows
        # at once); each review point's row adds whether it was held, and a held
        # review keeps the date it was held on. The next one is the first not held.
        by_month = {r.month: r for r in rows}
        reviews = [
            {
                **point,
                "date": by_month[point["month"]].due_date
                if point["month"] in by_month and by_month[point["month"]].held_on
                else point["date"],
                "held_on": by_month[point["month"]].held_on if point["month"] in by_month else None,
                "review": by_month.get(point["month"]),
            }
            for point in reviews
        ]
    enrolment.reviews = reviews
    enrolment.next_review = next(
        (r for r in reviews if r["date"] >= today and not r.get("held_on")), None
    )
    # Protected caseloads (cohorts.caseload_rules): the cap today and the open breach.
    enrolment.caseload_cap = caseload_rules.cap_on(enrolment, today, enrolment.pause_list)
    enrolment.caseload_breach = next(iter(getattr(enrolment, "open_caseload_breaches", [])), None)
    enrolment.supervision = supervision_rules.compliance(
        rule=programme.supervision_rule,
        start=enrolment.start_date,
        pauses=[(p.start_date, p.end_date) for p in enrolment.pause_list],
        confirmed=[
            supervision_rules.Session(s.date, s.minutes)
            for s in getattr(enrolment, "confirmed_supervision", [])
        ],
        today=today,
    )
    enrolment.evidence_coverage = _evidence_coverage(enrolment, today)
    enrolment.attention = attention_reasons(enrolment, today)
    return enrolment


def _evidence_coverage(enrolment: Enrolment, today: datetime.date):
    """Evidence coverage from the entries ``with_progress`` prefetched (None without them)."""
    entries = getattr(enrolment, "evidence_list", None)
    if entries is None:
        return None
    return coverage.coverage(
        requirements=enrolment.cohort.programme.evidence_requirements,
        entries=coverage.entries_from(entries),
        labels=dict(EvidenceEntry.Kind.choices),
        today=today,
        start_date=enrolment.start_date,
        length_months=enrolment.cohort.programme.length_months,
        pauses=enrolment.pause_list,
    )


def no_meeting_words(days: int) -> str:
    """ "No mentoring meeting for over 6 weeks", from the threshold in days."""
    if days % 7 == 0:
        weeks = days // 7
        return ngettext(
            "No mentoring meeting for over %(count)s week",
            "No mentoring meeting for over %(count)s weeks",
            weeks,
        ) % {"count": weeks}
    return ngettext(
        "No mentoring meeting for over %(count)s day",
        "No mentoring meeting for over %(count)s days",
        days,
    ) % {"count": days}


def attention_reasons(enrolment: Enrolment, today: datetime.date) -> list[str]:
    """Why a mentor should look at this member first; the longer the list, the sooner.

    A member needs attention when their programme is paused; when it has
    started and they have no placement now (or none planned); when attendance
    is below ``COHORTS_ATTENDANCE_ATTENTION_BELOW``; when they have not met
    their mentor for ``COHORTS_MEETING_ATTENTION_AFTER_DAYS``; when their
    practice-learning days are under three quarters of where they should be
    by now (once 10 are due); when their off-the-job average is under target
    after four weeks; when supervision is overdue by the
    programme's rule (``cohorts.supervision_rules``); and when a review is within ``COHORTS_REVIEW_SOON_DAYS``.
    """
    reasons = []
    if enrolment.status == Enrolment.Status.PAUSED:
        reasons.append(_("Programme paused"))
    if not enrolment.is_current:
        return reasons
    started = enrolment.start_date <= today
    if started and enrolment.current_placement is None and enrolment.timeline:
        reasons.append(_("No placement at the moment"))
    elif started and not enrolment.timeline:
        reasons.append(_("No placements planned"))
    if (
        enrolment.attendance_rate is not None
        and enrolment.attendance_rate < conf.attendance_attention_below()
    ):
        reasons.append(_("Attendance %(percent)s%%") % {"percent": enrolment.attendance_percent})
    quiet_since = enrolment.last_meeting or enrolment.start_date
    threshold = conf.meeting_attention_after_days()
    if started and (today - quiet_since).days > threshold:
        reasons.append(no_meeting_words(threshold))
    if enrolment.days_required and started:
        length = max((enrolment.expected_end_date - enrolment.start_date).days, 1)
        elapsed = min((today - enrolment.start_date).days, length)
        expected = Decimal(enrolment.days_required) * Decimal(elapsed) / Decimal(length)
        if expected >= 10 and enrolment.days_counted < expected * Decimal("0.75"):
            reasons.append(_("Practice-learning days behind"))
    if (
        enrolment.off_the_job_target
        and started
        and (today - enrolment.start_date).days >= 28
        and enrolment.off_the_job_average < enrolment.off_the_job_target
    ):
        reasons.append(_("Off-the-job training below target"))
    if getattr(enrolment, "caseload_breach", None) is not None:
        reasons.append(_("Caseload over cap"))
    supervision = getattr(enrolment, "supervision", None)
    if supervision and supervision.overdue and started:
        reasons.append(_("Supervision overdue"))
    evidence = getattr(enrolment, "evidence_coverage", None)
    if started and evidence is not None and evidence.behind:
        reasons.append(_("Evidence behind"))
    review = enrolment.next_review
    if review and (review["date"] - today).days <= conf.review_soon_days():
        reasons.append(_("Review due %(date)s") % {"date": review["date"].strftime("%-d %B %Y")})
    return reasons
