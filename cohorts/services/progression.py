"""Writes of the progression panels: conversations, opportunities, decisions,
mentorships and PSDP nominations. A decision to progress changes the grade through
``portal.staff.staff_grade_progress``, so the staff record's History says so."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import progression_rules as rules
from cohorts.models import (
    DevelopmentConversation,
    DevelopmentOpportunity,
    ProgressionDecision,
    PsdpNomination,
    PsdpPolicy,
    StaffMentorship,
)
from cohorts.services.common import CohortsError, day_text
from portal import staff as staff_service
from portal.audit import record
from portal.models import StaffRecord, User

CONVERSATION_RECORDED = "cohorts.progression.conversation"
OPPORTUNITY_OUTCOME = "cohorts.progression.outcome"
DECISION_RECORDED = "cohorts.progression.decision"
MENTORSHIP_RECORDED = "cohorts.progression.mentorship"
NOMINATED = "cohorts.progression.psdp"
PSDP_POLICY_SET = "cohorts.progression.psdp_policy"

AUDIT_ACTIONS = (
    (CONVERSATION_RECORDED, _("Development conversation recorded"), _("Held on {date}")),
    (OPPORTUNITY_OUTCOME, _("Opportunity outcome recorded"), _("Outcome recorded on {date}")),
    (DECISION_RECORDED, _("Progression decision recorded"), _("{decision}, panel of {date}")),
    (MENTORSHIP_RECORDED, _("Mentorship recorded"), _("{mentor} mentors {mentee} from {start}")),
    (NOMINATED, _("PSDP nomination"), _("Nominated on {date}; {left} places left")),
    (PSDP_POLICY_SET, _("PSDP places changed"), _("{places} places every {years} years")),
)


def psdp_policy() -> PsdpPolicy:
    return PsdpPolicy.objects.order_by("pk").first() or PsdpPolicy.objects.create()


def psdp_window(today: datetime.date) -> rules.PsdpWindow:
    policy = psdp_policy()
    start, end = rules.psdp_window(
        today=today, first_year=policy.window_starts_year, years=policy.window_years
    )
    used = (
        PsdpNomination.objects.filter(nominated_on__range=(start, end))
        .exclude(status=PsdpNomination.Status.WITHDRAWN)
        .count()
    )
    return rules.PsdpWindow(start=start, end=end, places=policy.places, used=used)


def _in_scope(staff: StaffRecord) -> None:
    if not rules.in_progression_scope(staff.grade):
        raise CohortsError(
            _("Development conversations are for level 3 social workers and senior practitioners"),
            field="staff",
        )


def conversation_record(
    *,
    staff: StaffRecord,
    held_on: datetime.date,
    held_by: User,
    aspirations: str,
    notes: str = "",
    by: User | None,
    instance: DevelopmentConversation | None = None,
) -> DevelopmentConversation:
    _in_scope(staff)
    if held_on > timezone.localdate():
        raise CohortsError(_("The date held must be today or in the past"), field="held_on")
    with transaction.atomic():
        conversation = instance or DevelopmentConversation()
        conversation.staff = staff
        conversation.held_on = held_on
        conversation.held_by = held_by
        conversation.aspirations = aspirations
        conversation.notes = notes
        conversation.save()
        record(conversation, CONVERSATION_RECORDED, by=by, data={"date": day_text(held_on)})
    return conversation


def opportunity_save(
    *, opportunity: DevelopmentOpportunity, by: User | None
) -> DevelopmentOpportunity:
    """Add or change an opportunity; an outcome gets its recorded-on date once."""
    with transaction.atomic():
        newly_outcome = bool(opportunity.outcome.strip()) and not opportunity.outcome_recorded_on
        if newly_outcome:
            opportunity.outcome_recorded_on = timezone.localdate()
        if not opportunity.outcome.strip():
            opportunity.outcome_recorded_on = None
        opportunity.save()
        if newly_outcome:
            record(
                opportunity,
                OPPORTUNITY_OUTCOME,
                by=by,
                data={"date": day_text(opportunity.outcome_recorded_on)},
            )
    return opportunity


def decision_record(
    *,
    staff: StaffRecord,
    panel_on: datetime.date,
    decision: str,
    reason: str,
    by: User,
    conversation: DevelopmentConversation | None = None,
    new_grade: str = "",
    effective_on: datetime.date | None = None,
) -> ProgressionDecision:
    """Record a panel's decision; to progress changes the grade from ``effective_on``."""
    _in_scope(staff)
    if conversation is not None and conversation.staff_id != staff.pk:
        raise CohortsError(_("That conversation was with someone else"), field="conversation")
    progress = decision == ProgressionDecision.Decision.PROGRESS
    if progress and not new_grade:
        raise CohortsError(_("Choose the grade they progress to"), field="new_grade")
    if progress and effective_on is None:
        raise CohortsError(_("Enter the date the new grade takes effect"), field="effective_on")
    with transaction.atomic():
        from_grade = staff.grade
        if progress:
            try:
                staff_service.staff_grade_progress(
                    staff=staff, grade=new_grade, on=effective_on, panel_on=panel_on, by=by
                )
            except staff_service.StaffError as error:
                raise CohortsError(error.message, field=error.field) from error
        made = ProgressionDecision.objects.create(
            staff=staff,
            conversation=conversation,
            panel_on=panel_on,
            decision=decision,
            from_grade=from_grade,
            new_grade=new_grade if progress else "",
            effective_on=effective_on if progress else None,
            reason=reason,
            decided_by=by,
        )
        record(
            made,
            DECISION_RECORDED,
            by=by,
            data={"decision": made.get_decision_display(), "date": day_text(panel_on)},
        )
    return made


def mentorship_record(
    *,
    mentor: StaffRecord,
    mentee: User,
    start_date: datetime.date,
    end_date: datetime.date | None,
    by: User | None,
    instance: StaffMentorship | None = None,
) -> StaffMentorship:
    """Record a senior practitioner as mentor of a colleague; one mentor at a time."""
    if mentor.grade != StaffRecord.Grade.SENIOR_PRACTITIONER or mentor.end_date is not None:
        raise CohortsError(_("The mentor must be a serving senior practitioner"), field="mentor")
    if mentor.person_id == mentee.pk:
        raise CohortsError(_("Nobody mentors themselves"), field="mentee")
    if end_date is not None and end_date < start_date:
        raise CohortsError(_("The end date must be on or after the start date"), field="end_date")
    message = _("%(person)s already has a mentor in that period") % {"person": mentee.display_name}
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=mentee.pk).first()
        others = StaffMentorship.objects.filter(mentee=mentee)
        if instance is not None and instance.pk:
            others = others.exclude(pk=instance.pk)
        for other in others:
            if rules.periods_overlap(start_date, end_date, other.start_date, other.end_date):
                raise CohortsError(message, field="start_date")
        mentorship = instance or StaffMentorship()
        mentorship.mentor = mentor
        mentorship.mentee = mentee
        mentorship.start_date = start_date
        mentorship.end_date = end_date
        try:
            with transaction.atomic():
                mentorship.save()
        except IntegrityError as error:
            raise CohortsError(message, field="start_date") from error
        record(
            mentorship,
            MENTORSHIP_RECORDED,
            by=by,
            data={
                "mentor": mentor.person.display_name,
                "mentee": mentee.display_name,
                "start": day_text(start_date),
            },
        )
    return mentorship


def psdp_nominate(
    *,
    staff: StaffRecord,
    nominated_on: datetime.date,
    cohort_year: str = "",
    by: User | None,
) -> PsdpNomination:
    """Nominate a practice supervisor; refused once the window's places are used."""
    if not rules.may_be_nominated_for_psdp(staff.grade):
        raise CohortsError(
            _("Only senior practitioners, practice supervisors and team managers can be nominated"),
            field="staff",
        )
    with transaction.atomic():
        policy = PsdpPolicy.objects.select_for_update().filter(pk=psdp_policy().pk).get()
        window = psdp_window(nominated_on)
        if window.left <= 0:
            raise CohortsError(
                _(
                    "All %(places)s places from %(start)s to %(end)s are used: "
                    "the next window starts on %(next)s"
                )
                % {
                    "places": policy.places,
                    "start": day_text(window.start),
                    "end": day_text(window.end),
                    "next": day_text(window.end + datetime.timedelta(days=1)),
                },
                field="nominated_on",
            )
        if (
            PsdpNomination.objects.filter(staff=staff)
            .exclude(status=PsdpNomination.Status.WITHDRAWN)
            .exists()
        ):
            raise CohortsError(_("They have already been nominated"), field="staff")
        nomination = PsdpNomination.objects.create(
            staff=staff, nominated_on=nominated_on, cohort_year=cohort_year
        )
        record(
            nomination,
            NOMINATED,
            by=by,
            data={"date": day_text(nominated_on), "left": window.left - 1},
        )
    return nomination


def psdp_policy_set(*, policy: PsdpPolicy, places: int, years: int, first_year: int, by):
    with transaction.atomic():
        policy.places = places
        policy.window_years = years
        policy.window_starts_year = first_year
        policy.save()
        record(policy, PSDP_POLICY_SET, by=by, data={"places": places, "years": years})
    return policy
