"""Writes to the growth plan: the plan itself and its planned intakes.

One plan is active at a time: making one active makes the other inactive in the
same transaction (a partial unique constraint backs it up). The target comes
after the baseline, and an intake's month falls within the plan: after the
baseline month, no later than the target's. Each change lands in the object's
Wagtail history (``portal.audit``); the back office saves through here.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import DomainError
from recruitment.workforce import rules
from recruitment.workforce.models import GrowthPlan, PlannedIntake

PLAN_SAVED = "recruitment.growth_plan.save"
INTAKE_ADDED = "recruitment.planned_intake.add"
INTAKE_CHANGED = "recruitment.planned_intake.change"
INTAKE_REMOVED = "recruitment.planned_intake.remove"
AUDIT_ACTIONS = {
    PLAN_SAVED: (
        _("Growth plan saved"),
        _("Grow the permanent workforce by {increase} from {baseline} by {target}"),
    ),
    INTAKE_ADDED: (_("Planned intake added"), _("{size} people in {month}: {label}")),
    INTAKE_CHANGED: (_("Planned intake changed"), _("{size} people in {month}: {label}")),
    INTAKE_REMOVED: (_("Planned intake removed"), _("{size} people in {month}: {label}")),
}


class PlanRefused(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _check_plan(*, baseline_month: datetime.date, target_date: datetime.date) -> None:
    if rules.month_start(target_date) <= rules.month_start(baseline_month):
        raise PlanRefused(
            _("The target date must be in a month after the baseline month."), field="target_date"
        )


def _check_intake_month(*, plan: GrowthPlan, month: datetime.date) -> None:
    first = rules.add_months(rules.month_start(plan.baseline_month), 1)
    last = rules.month_start(plan.target_date)
    if not first <= rules.month_start(month) <= last:
        raise PlanRefused(
            _("An intake's month must be between %(first)s and %(last)s, within the plan.")
            % {"first": f"{first:%B %Y}", "last": f"{last:%B %Y}"},
            field="month",
        )


def growth_plan_save(
    *,
    plan: GrowthPlan | None = None,
    name: str,
    baseline_month: datetime.date,
    increase: int,
    target_date: datetime.date,
    is_active: bool,
    by=None,
) -> GrowthPlan:
    """Create ``plan`` (None) or change it. Activating it deactivates the one active before."""
    _check_plan(baseline_month=baseline_month, target_date=target_date)
    with transaction.atomic():
        if plan is not None and plan.pk:
            plan = GrowthPlan.objects.select_for_update().get(pk=plan.pk)
            outside = [
                intake
                for intake in plan.intakes.all()
                if not (
                    rules.month_start(baseline_month)
                    < rules.month_start(intake.month)
                    <= rules.month_start(target_date)
                )
            ]
            if outside:
                raise PlanRefused(
                    _(
                        "%(count)s planned intakes would fall outside the plan: move or "
                        "remove them first."
                    )
                    % {"count": len(outside)}
                )
        else:
            plan = GrowthPlan()
        if is_active:
            others = GrowthPlan.objects.select_for_update().filter(is_active=True)
            if plan.pk:
                others = others.exclude(pk=plan.pk)
            others.update(is_active=False)
        plan.name = name
        plan.baseline_month = rules.month_start(baseline_month)
        plan.increase = increase
        plan.target_date = target_date
        plan.is_active = is_active
        plan.save()
        audit.record(
            plan,
            PLAN_SAVED,
            by=by,
            data={
                "increase": increase,
                "baseline": f"{plan.baseline_month:%B %Y}",
                "target": f"{target_date:%-d %B %Y}",
            },
        )
    return plan


def _intake_data(intake: PlannedIntake) -> dict:
    return {"size": intake.size, "month": f"{intake.month:%B %Y}", "label": intake.label}


def planned_intake_add(
    *,
    plan: GrowthPlan,
    month: datetime.date,
    size: int,
    label: str,
    cohort=None,
    campaign=None,
    by=None,
) -> PlannedIntake:
    _check_intake_month(plan=plan, month=month)
    with transaction.atomic():
        intake = PlannedIntake.objects.create(
            plan=plan,
            month=rules.month_start(month),
            size=size,
            label=label,
            cohort=cohort,
            campaign=campaign,
        )
        audit.record(intake, INTAKE_ADDED, by=by, data=_intake_data(intake))
    return intake


def planned_intake_change(
    *,
    intake: PlannedIntake,
    plan: GrowthPlan | None = None,
    month: datetime.date,
    size: int,
    label: str,
    cohort=None,
    campaign=None,
    by=None,
) -> PlannedIntake:
    plan = plan or intake.plan
    _check_intake_month(plan=plan, month=month)
    with transaction.atomic():
        intake = PlannedIntake.objects.select_for_update().get(pk=intake.pk)
        intake.plan = plan
        intake.month = rules.month_start(month)
        intake.size = size
        intake.label = label
        intake.cohort = cohort
        intake.campaign = campaign
        intake.save()
        audit.record(intake, INTAKE_CHANGED, by=by, data=_intake_data(intake))
    return intake


def planned_intake_remove(*, intake: PlannedIntake, by=None) -> None:
    with transaction.atomic():
        audit.record(intake, INTAKE_REMOVED, by=by, data=_intake_data(intake), deleted=True)
        intake.delete()
