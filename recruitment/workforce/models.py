"""Workforce history and planning, kept apart from the live staff records.

Imported by ``recruitment.models`` so that Django finds them; they name other
models by string, so this module imports no other model module of the app.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import StaffRecord
from portal.uploads import private_storage

EMPLOYED_TYPES = (
    StaffRecord.EmploymentType.PERMANENT,
    StaffRecord.EmploymentType.FIXED_TERM,
    StaffRecord.EmploymentType.SECONDMENT,
)


class StaffSnapshot(models.Model):
    """One staff record as it stood on the last day of a month.

    Taken once per month by ``snapshots.snapshot_month`` (a scheduled task, or the
    backfill for past months), so later edits to the record do not rewrite
    history. A caseload is a count only.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    staff = models.ForeignKey(
        "portal.StaffRecord", on_delete=models.CASCADE, related_name="snapshots"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    service_area = models.ForeignKey(
        "portal.ServiceArea", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey("portal.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    employment_type = models.CharField(max_length=20, choices=StaffRecord.EmploymentType.choices)
    grade = models.CharField(max_length=30, choices=StaffRecord.Grade.choices)
    fte = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"))
    service_start = models.DateField(
        help_text=_("The record's start date: the start of continuous service.")
    )
    left_on = models.DateField(null=True, help_text=_("Set when the record ended this month."))
    started_this_month = models.BooleanField(default=False)
    caseload = models.PositiveSmallIntegerField(null=True)
    caseload_cap = models.PositiveSmallIntegerField(
        null=True, help_text=_("Set for a protected learner: their programme's cap that day.")
    )

    class Meta:
        ordering = ["month", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["month", "staff"], name="snapshot_once_a_month"),
        ]
        indexes = [
            models.Index(fields=["month", "employment_type"], name="snapshot_month_type_idx"),
            models.Index(fields=["month", "team"], name="snapshot_month_team_idx"),
        ]

    def __str__(self):
        return f"{self.staff_id} in {self.month:%B %Y}"


class WorkforceMonth(models.Model):
    """The month's snapshot added up by team, employment type and grade.

    Built with the snapshot and rebuilt with it, never edited: the page reads
    these few rows rather than every person's snapshot.
    """

    month = models.DateField()
    service_area = models.ForeignKey(
        "portal.ServiceArea", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey("portal.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    employment_type = models.CharField(max_length=20, choices=StaffRecord.EmploymentType.choices)
    grade = models.CharField(max_length=30, choices=StaffRecord.Grade.choices)
    headcount = models.PositiveIntegerField(default=0)
    fte = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    starters = models.PositiveIntegerField(default=0)
    leavers = models.PositiveIntegerField(default=0)
    # Working on the month's last day with a year's continuous service by then.
    stable = models.PositiveIntegerField(default=0)
    caseload_workers = models.PositiveIntegerField(default=0)
    caseload_total = models.PositiveIntegerField(default=0)
    protected_workers = models.PositiveIntegerField(default=0)
    protected_caseload_total = models.PositiveIntegerField(default=0)
    over_cap = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month"]
        indexes = [
            models.Index(fields=["month", "service_area"], name="workforce_month_area_idx"),
        ]

    def __str__(self):
        return f"{self.month:%B %Y}: {self.headcount}"


class VacancyMonth(models.Model):
    """Posts on vacancies open on a month's last day, by team (taken with the snapshot)."""

    month = models.DateField()
    service_area = models.ForeignKey(
        "portal.ServiceArea", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey("portal.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    posts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%B %Y}: {self.posts}"


class SnapshotMonth(models.Model):
    """That a month's snapshot was taken, and when: running it again changes nothing."""

    month = models.DateField(unique=True)
    taken_at = models.DateTimeField(auto_now_add=True)
    backfilled = models.BooleanField(
        default=False, help_text=_("Rebuilt later from the staff records' dates.")
    )

    class Meta:
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%B %Y}"


class AgencyDayRate(models.Model):
    """The rate card: what an agency worker of a grade costs a day, from a date (a
    regional agreement on standard agency pay sets these)."""

    grade = models.CharField(_("career grade"), max_length=30, choices=StaffRecord.Grade.choices)
    day_rate = models.DecimalField(
        _("day rate (£)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5000"))],
    )
    valid_from = models.DateField(_("from"))

    class Meta:
        ordering = ["grade", "-valid_from"]
        verbose_name = _("agency day rate")
        verbose_name_plural = _("agency rate card")
        constraints = [
            models.UniqueConstraint(
                fields=["grade", "valid_from"], name="one_rate_per_grade_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_grade_display()}: £{self.day_rate} from {self.valid_from}"


class GrowthPlan(models.Model):
    """A target for the permanent workforce: grow it by ``increase`` by ``target_date``."""

    name = models.CharField(_("name"), max_length=150)
    baseline_month = models.DateField(
        _("from"), help_text=_("The month whose permanent headcount the plan grows from.")
    )
    increase = models.PositiveSmallIntegerField(
        _("increase"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    target_date = models.DateField(_("by"))
    is_active = models.BooleanField(_("the plan leaders see"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_active", "target_date"]
        verbose_name = _("growth plan")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_growth_plan"
            ),
            models.CheckConstraint(
                condition=Q(target_date__gt=models.F("baseline_month")),
                name="growth_plan_target_after_baseline",
            ),
        ]

    def __str__(self):
        return self.name


class PlannedIntake(models.Model):
    """People expected to join the permanent workforce in a month under a plan."""

    plan = models.ForeignKey(GrowthPlan, on_delete=models.CASCADE, related_name="intakes")
    month = models.DateField(_("month"))
    size = models.PositiveSmallIntegerField(
        _("people"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    label = models.CharField(_("what it is"), max_length=150)
    cohort = models.ForeignKey(
        "cohorts.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    campaign = models.ForeignKey(
        "cms.CampaignPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["month"]
        verbose_name = _("planned intake")

    def __str__(self):
        return f"{self.label}: {self.size}"


class BoardReport(models.Model):
    """The monthly board report PDF, made by the worker and kept for download."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        MAKING = "making", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    month = models.DateField(_("month"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    filters = models.JSONField(default=dict, blank=True)
    file = models.FileField(storage=private_storage, upload_to="board-reports/", blank=True)
    failure = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-requested_at"]
        verbose_name = _("board report")

    def __str__(self):
        return f"Board report {self.month:%B %Y}"
