"""Review points, their outcomes, moderation panels, and the only ways a programme ends.

Review points are rows made from the programme's ``review_points`` when a
member is enrolled, and moved (``reviews_schedule``) whenever the start or a
pause changes, by the one rule ``cohorts.progress.review_dates``. A review
already held never moves.

An enrolment is completed or failed only here: by a moderation panel's
decision (programmes with ``has_moderation_panel``, the ASYE), or, for
programmes without a panel, by ``enrolment_complete``, which checks the
practice-learning days of degree routes and an apprenticeship's end-point
assessment. ``enrolments.enrolment_set_status`` refuses both statuses to
every other caller.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cohorts import progress, selectors, tasks
from cohorts.models import (
    Enrolment,
    ModerationPanel,
    PanelDecision,
    Programme,
    ReviewPoint,
)
from cohorts.services.common import (
    EPA_RECORDED,
    PANEL_CHANGED,
    PANEL_CREATED,
    PANEL_DECIDED,
    PANEL_REMOVED,
    REVIEW_RECORDED,
    NotAllowed,
    day_text,
    locked,
)
from cohorts.services.enrolments import enrolment_set_status
from portal.audit import record
from portal.background import after_commit
from portal.models import User

logger = logging.getLogger(__name__)


# Recording a review ------------------------------------------------------------------


def review_record_outcome(
    *,
    review: ReviewPoint,
    held_on: datetime.date,
    recommendation: str,
    summary: str,
    agreed_actions: str = "",
    member_attended: bool,
    line_manager_attended: bool,
    assessor_attended: bool,
    by: User,
) -> ReviewPoint:
    """The assessor records a review: who attended, the recommendation, summary and actions.

    The record PDF is made afterwards by the worker. Raises NotAllowed when
    ``by`` is not the member's assessor, the review was held in the future,
    the recommendation does not fit the review (on track or concerns; at the
    final review pass or fail), there is no summary, or a panel has already
    decided on it.
    """
    with transaction.atomic():
        review = locked(
            ReviewPoint.objects.select_related("enrolment__cohort__programme"), review.pk
        )
        enrolment = review.enrolment
        if enrolment.assessor_id != by.pk:
            raise NotAllowed(_("Only the member's assessor records their reviews."))
        if PanelDecision.objects.filter(review=review).exists():
            raise NotAllowed(_("The moderation panel has decided on this review."))
        if held_on > timezone.localdate():
            raise NotAllowed(_("The date held must be today or in the past."), field="held_on")
        if held_on < enrolment.start_date:
            raise NotAllowed(
                _("The date held must be after the programme started."), field="held_on"
            )
        allowed = ReviewPoint.FINAL if review.is_final else ReviewPoint.INTERIM
        if recommendation not in allowed:
            raise NotAllowed(
                _("At the final review recommend pass or fail.")
                if review.is_final
                else _("Recommend on track or concerns."),
                field="recommendation",
            )
        if not summary.strip():
            raise NotAllowed(_("Enter the assessor's summary."), field="summary")
        review.held_on = held_on
        review.recommendation = recommendation
        review.summary = summary.strip()
        review.agreed_actions = agreed_actions.strip()
        review.member_attended = member_attended
        review.line_manager_attended = line_manager_attended
        review.assessor_attended = assessor_attended
        review.recorded_by = by
        review.recorded_at = timezone.now()
        if review.record_pdf:
            review.record_pdf.delete(save=False)
        review.record_pdf = ""
        review.save()
        record(
            enrolment,
            REVIEW_RECORDED,
            by=by,
            data={
                "month": review.month,
                "date": day_text(held_on),
                "outcome": review.get_recommendation_display(),
            },
        )
    after_commit(tasks.render_review_record, review.pk)
    return review


# Moderation panels ----------------------------------------------------------------------


def panel_create(
    *, date: datetime.date, members: list[User], notes: str = "", by: User
) -> ModerationPanel:
    if not members:
        raise NotAllowed(_("Choose the panel's members."), field="members")
    with transaction.atomic():
        panel = ModerationPanel.objects.create(date=date, notes=notes)
        panel.members.set(members)
        record(
            panel,
            PANEL_CREATED,
            by=by,
            data={"date": day_text(date), "count": len(members)},
        )
    logger.info("Moderation panel %s created (by %s)", panel.pk, by.pk)
    return panel


def panel_change(
    *,
    panel: ModerationPanel,
    date: datetime.date,
    members: list[User],
    notes: str = "",
    by: User,
) -> ModerationPanel:
    """Change a panel's date, members or notes.

    Raises NotAllowed when no members are left, or when the date would move
    after the panel has decided anything (its decisions ended programmes on it).
    """
    if not members:
        raise NotAllowed(_("Choose the panel's members."), field="members")
    with transaction.atomic():
        panel = locked(ModerationPanel.objects.all(), panel.pk)
        if date != panel.date and panel.decisions.exists():
            raise NotAllowed(
                _(
                    "This panel has made decisions on its date, so the date cannot change. "
                    "Set up a new panel for another date."
                ),
                field="date",
            )
        panel.date, panel.notes = date, notes
        panel.save(update_fields=["date", "notes"])
        panel.members.set(members)
        record(
            panel,
            PANEL_CHANGED,
            by=by,
            data={"date": day_text(date), "count": len(members)},
        )
    logger.info("Moderation panel %s changed (by %s)", panel.pk, by.pk)
    return panel


def panel_remove(*, panel: ModerationPanel, by: User) -> None:
    """Delete a panel set up in error. Raises NotAllowed once it has decided anything."""
    with transaction.atomic():
        panel = locked(ModerationPanel.objects.all(), panel.pk)
        decided = panel.decisions.count()
        if decided:
            raise NotAllowed(
                _(
                    "This panel cannot be deleted because it has made decisions "
                    "(%(count)s), and they ended programmes."
                )
                % {"count": decided}
            )
        record(panel, PANEL_REMOVED, by=by, data={"date": day_text(panel.date)}, deleted=True)
        pk = panel.pk
        panel.delete()
    logger.info("Moderation panel %s deleted (by %s)", pk, by.pk)


def panel_reviews_due(panel: ModerationPanel):
    """Final reviews with a recommendation, due by the panel's date, not yet decided."""
    return (
        ReviewPoint.objects.filter(
            is_final=True,
            due_date__lte=panel.date,
            enrolment__status=Enrolment.Status.ACTIVE,
            enrolment__cohort__programme__has_moderation_panel=True,
        )
        .filter(Q(recommendation__in=ReviewPoint.FINAL))
        .exclude(panel_decision__isnull=False)
        .select_related("enrolment__member", "enrolment__cohort", "enrolment__assessor")
        .order_by("due_date", "enrolment__member__last_name")
    )


def panel_decide(
    *,
    panel: ModerationPanel,
    review: ReviewPoint,
    decision: str,
    reason: str = "",
    by: User,
) -> PanelDecision:
    """The panel confirms or changes a final recommendation; the enrolment ends accordingly.

    Confirmed: the outcome is the assessor's recommendation. Changed: the
    other outcome, and a reason is required. Pass completes the enrolment,
    fail fails it. Raises NotAllowed when the review is not due for this
    panel, the reason is missing, or the decision is unknown.
    """
    if decision not in PanelDecision.Decision.values:
        raise NotAllowed(_("Choose confirm or change."), field="decision")
    if decision == PanelDecision.Decision.CHANGED and not reason.strip():
        raise NotAllowed(_("Give the reason the panel changed the recommendation."), field="reason")
    with transaction.atomic():
        review = locked(ReviewPoint.objects.select_related("enrolment"), review.pk)
        if not panel_reviews_due(panel).filter(pk=review.pk).exists():
            raise NotAllowed(_("This review is not before this panel."))
        brought = review.recommendation
        if decision == PanelDecision.Decision.CONFIRMED:
            outcome = brought
        else:
            outcome = (
                ReviewPoint.Recommendation.FAIL
                if brought == ReviewPoint.Recommendation.PASS
                else ReviewPoint.Recommendation.PASS
            )
        made = PanelDecision.objects.create(
            panel=panel,
            review=review,
            recommendation=brought,
            decision=decision,
            outcome=outcome,
            reason=reason.strip(),
            decided_by=by,
        )
        panel_words = _g("Moderation panel on %(date)s") % {"date": day_text(panel.date)}
        enrolment_set_status(
            enrolment=review.enrolment,
            status=(
                Enrolment.Status.COMPLETED
                if outcome == PanelDecision.Outcome.PASS
                else Enrolment.Status.FAILED
            ),
            reason=f"{panel_words}: {reason.strip()}" if reason.strip() else panel_words,
            on=panel.date,
            by=by,
            decided_by_outcome=True,
        )
        record(
            review.enrolment,
            PANEL_DECIDED,
            by=by,
            data={
                "decision": made.get_decision_display(),
                "date": day_text(panel.date),
                "outcome": made.get_outcome_display(),
            },
        )
    return made


# Programmes without a panel -------------------------------------------------------------


DEGREE_KINDS = (Programme.Kind.APPRENTICESHIP, Programme.Kind.GROW_YOUR_OWN)


def enrolment_record_epa(
    *, enrolment: Enrolment, result: str, on: datetime.date, by: User
) -> Enrolment:
    """HR record an apprentice's end-point assessment result. Raises NotAllowed."""
    valid = {value for value, _label in Enrolment._meta.get_field("epa_result").choices}
    if result not in valid:
        raise NotAllowed(_("Choose the end-point assessment result."), field="epa_result")
    with transaction.atomic():
        enrolment = locked(Enrolment.objects.select_related("cohort__programme"), enrolment.pk)
        if enrolment.cohort.programme.kind != Programme.Kind.APPRENTICESHIP:
            raise NotAllowed(_("Only apprenticeships have an end-point assessment."))
        enrolment.epa_result, enrolment.epa_date = result, on
        enrolment.save(update_fields=["epa_result", "epa_date"])
        record(
            enrolment,
            EPA_RECORDED,
            by=by,
            data={"result": enrolment.get_epa_result_display(), "date": day_text(on)},
        )
    return enrolment


def completion_problems(enrolment: Enrolment) -> list[str]:
    """Why ``enrolment`` (from ``selectors.with_progress``, described) cannot complete yet."""
    programme = enrolment.cohort.programme
    if programme.has_moderation_panel:
        return [_g("This programme ends with a moderation panel's decision.")]
    problems = []
    if (
        programme.practice_learning_days
        and enrolment.days_counted < programme.practice_learning_days
    ):
        problems.append(
            _g("%(counted)s of %(required)s practice-learning days counted.")
            % {
                "counted": f"{enrolment.days_counted:g}",
                "required": programme.practice_learning_days,
            }
        )
    if programme.kind == Programme.Kind.APPRENTICESHIP and not enrolment.epa_result:
        problems.append(_g("The end-point assessment result is not recorded."))
    return problems


def enrolment_complete(*, enrolment: Enrolment, by: User) -> Enrolment:
    """End a programme without a moderation panel: completed, or failed at end-point assessment.

    Raises NotAllowed when the programme has a panel, a degree route's
    practice-learning days are short (skills days count up to the
    programme's limit), or an apprenticeship's end-point assessment is not
    recorded.
    """
    described = progress.describe(
        selectors.with_progress(Enrolment.objects.select_related("cohort__programme")).get(
            pk=enrolment.pk
        )
    )
    problems = completion_problems(described)
    if problems:
        raise NotAllowed(" ".join(problems))
    failed = described.epa_result == "fail"
    return enrolment_set_status(
        enrolment=enrolment,
        status=Enrolment.Status.FAILED if failed else Enrolment.Status.COMPLETED,
        reason=_g("End-point assessment: fail") if failed else "",
        on=described.epa_date if described.epa_result else None,
        by=by,
        decided_by_outcome=True,
    )
