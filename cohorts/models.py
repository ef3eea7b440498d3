"""Programmes, cohorts, enrolments, placements, taught sessions and mentoring.

Programme rules (length, review points, evidence, supervision frequency,
caseload cap...) are data, so a change of national rules is an edit in the
back office, not a release. Rules over plain values live in
``cohorts.progress`` and ``cohorts.planner``; every write that means something
goes through ``cohorts.services``. Each status keeps its transition table
beside its values (``portal.states``); one service function moves it.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cohorts import caseload_rules
from portal.calendar import add_months
from portal.models import Organisation, Team
from portal.uploads import private_storage

# A caseload count above this is a typing error, not a caseload.
CASELOAD_MAX = 200


class Programme(models.Model):
    class Kind(models.TextChoices):
        ASYE = "asye", _("Assessed and Supported Year in Employment (ASYE)")
        ECDP = "ecdp", _("Early Career Development Programme")
        APPRENTICESHIP = "apprenticeship", _("Social work degree apprenticeship")
        GROW_YOUR_OWN = "grow_your_own", _("Grow-your-own degree by distance learning")
        PSDP = "psdp", _("Practice Supervisor Development Programme")
        PROGRESSION = "progression", _("Experienced staff progression")

    # Kinds whose intakes are newly qualified social workers (cohorts of 7-10).
    NQSW_KINDS = (Kind.ASYE, Kind.ECDP)

    class SupervisionEvery(models.TextChoices):
        WEEK = "week", _("every week")
        FORTNIGHT = "fortnight", _("every fortnight")
        MONTH = "month", _("every month")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(
        _("open for new cohorts"),
        default=True,
        help_text=_("Retired programmes stay for existing cohorts."),
    )
    length_months = models.PositiveSmallIntegerField(_("length in months"))
    max_duration_months = models.PositiveSmallIntegerField(
        _("longest duration in months, including pauses"),
        null=True,
        blank=True,
        help_text=_("Leave empty when pauses may extend the programme without limit."),
    )
    review_points = models.JSONField(
        _("review points"),
        default=list,
        blank=True,
        help_text=_(
            'Months after the start, for example [{"month": 3}, {"month": 9, "optional": true}].'
        ),
    )
    has_moderation_panel = models.BooleanField(
        _("ends with a moderation panel"),
        default=False,
    )
    evidence_requirements = models.JSONField(
        _("evidence required"),
        default=list,
        blank=True,
        help_text=_('Type and count, for example [{"type": "Direct observation", "count": 3}].'),
    )
    supervision_rule = models.JSONField(
        _("supervision frequency"),
        default=list,
        blank=True,
        help_text=_(
            'In order, for example [{"to_week": 6, "every": "week"}, '
            '{"to_week": 26, "every": "fortnight"}, {"every": "month"}].'
        ),
    )
    caseload_cap = models.PositiveSmallIntegerField(_("caseload cap"), null=True, blank=True)
    caseload_cap_phases = models.JSONField(
        _("caseload cap by month"),
        default=list,
        blank=True,
        help_text=_(
            'Optional, in order, for example [{"to_month": 3, "cap": 10}, '
            '{"to_month": 6, "cap": 12}, {"cap": 15}]. Pauses move the months.'
        ),
    )
    protected_time_percent = models.PositiveSmallIntegerField(
        _("protected development time (%)"), null=True, blank=True
    )
    practice_learning_days = models.PositiveSmallIntegerField(
        _("practice-learning days required"), null=True, blank=True
    )
    max_skills_days = models.PositiveSmallIntegerField(
        _("most skills days that count"), null=True, blank=True
    )
    off_the_job_hours_per_week = models.DecimalField(
        _("off-the-job training hours a week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    rotation = models.JSONField(
        _("placement rotation"),
        default=dict,
        blank=True,
        help_text=_(
            "Service area slugs, for example "
            '{"induction_months": 1, "induction_areas": ["early-help", "camhs"], '
            '"first_area": "duty", "areas": ["duty", "fieldwork"]}.'
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_duration_months__isnull=True)
                | Q(max_duration_months__gte=models.F("length_months")),
                name="programme_max_duration_not_shorter",
            ),
            models.CheckConstraint(
                condition=Q(max_skills_days__isnull=True)
                | Q(practice_learning_days__isnull=True)
                | Q(max_skills_days__lte=models.F("practice_learning_days")),
                name="programme_skills_days_within_total",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        # JSON could be any value: a number or a string here is a message, not a crash.
        for name in ("review_points", "evidence_requirements", "supervision_rule"):
            if not isinstance(getattr(self, name) or [], list):
                errors[name] = _("Give a list, like the example.")
        if errors:
            raise ValidationError(errors)
        for point in self.review_points or []:
            if not isinstance(point, dict) or not isinstance(point.get("month"), int):
                errors["review_points"] = _('Each review point needs a whole "month".')
            elif not 0 < point["month"] <= (self.max_duration_months or self.length_months or 0):
                errors["review_points"] = _("A review point falls outside the programme.")
        for item in self.evidence_requirements or []:
            if not (
                isinstance(item, dict)
                and item.get("type")
                and isinstance(item.get("count"), int)
                and item["count"] > 0
            ):
                errors["evidence_requirements"] = _(
                    'Each requirement needs a "type" and a "count".'
                )
            elif item.get("at_months") is not None and not (
                isinstance(item["at_months"], list)
                and all(isinstance(m, int) and m > 0 for m in item["at_months"])
            ):
                errors["evidence_requirements"] = _(
                    '"at_months" must be a list of whole months, like [6, 12].'
                )
        valid_every = set(self.SupervisionEvery.values)
        for step in self.supervision_rule or []:
            if not isinstance(step, dict) or step.get("every") not in valid_every:
                errors["supervision_rule"] = _('Each step needs "every": week, fortnight or month.')
        if self.rotation and not isinstance(self.rotation, dict):
            errors["rotation"] = _("The rotation must be an object.")
        if problem := caseload_rules.phases_problem(self.caseload_cap_phases):
            errors["caseload_cap_phases"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def is_nqsw_programme(self) -> bool:
        return self.kind in self.NQSW_KINDS

    def review_months(self, *, include_optional: bool = True) -> list[int]:
        return sorted(
            point["month"]
            for point in self.review_points or []
            if include_optional or not point.get("optional")
        )

    def supervision_every(self, week: int) -> str | None:
        """How often supervision is due in ``week`` (1 = the first week)."""
        for step in self.supervision_rule or []:
            if step.get("to_week") is None or week <= step["to_week"]:
                return step["every"]
        return None

    @property
    def rotation_areas(self) -> list[str]:
        return list((self.rotation or {}).get("areas", []))

    @property
    def induction_areas(self) -> list[str]:
        return list((self.rotation or {}).get("induction_areas", []))

    @property
    def induction_months(self) -> int:
        return int((self.rotation or {}).get("induction_months", 0) or 0)

    @property
    def first_area(self) -> str:
        return (self.rotation or {}).get("first_area", "")


class Cohort(ClusterableModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("For example: ASYE intake September 2026")
    )
    start_date = models.DateField(_("start date"))
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_cohorts",
        verbose_name=_("head of service mentor"),
        help_text=_("The head of service who is this cohort's champion."),
    )
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="university_cohorts",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
        verbose_name=_("university partner"),
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=10)
    fee_per_learner = models.DecimalField(
        _("course fee per learner (£)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("Leave at 0 when there is no fee."),
    )
    council_contribution_per_learner = models.DecimalField(
        _("council's contribution per learner (£)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("What this council pays towards each of its own learners' fees."),
    )

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_unique_name"),
            models.CheckConstraint(
                condition=Q(council_contribution_per_learner__lte=models.F("fee_per_learner")),
                name="cohort_contribution_within_fee",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def end_date(self) -> datetime.date:
        return add_months(self.start_date, self.programme.length_months)


class CohortPartner(models.Model):
    """Another organisation (usually a partner council) sending learners to a cohort."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cohort_partnerships",
        verbose_name=_("organisation"),
    )
    contribution_per_learner = models.DecimalField(
        _("contribution per learner (£)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("What this organisation pays towards each of its learners' fees."),
    )
    places = models.PositiveSmallIntegerField(_("places agreed"), default=0)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "organisation"], name="cohort_partner_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.cohort}"


class PartnerCoordinator(models.Model):
    """Links a partner coordinator's account to the organisation they speak for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_coordinator",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coordinators",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("partner coordinator")
        verbose_name_plural = _("partner coordinators")

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class PracticeSupervisor(models.Model):
    """A team manager or senior practitioner who supervises learners on placement."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_supervisor",
        verbose_name=_("person"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_supervisors",
        verbose_name=_("team"),
    )
    restorative_trained = models.BooleanField(
        _("trained in restorative supervision"), default=False
    )
    restorative_trained_on = models.DateField(_("date trained"), null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("practice supervisor")
        verbose_name_plural = _("practice supervisors")

    def __str__(self):
        return str(self.user)


class Enrolment(models.Model):
    class Service(models.TextChoices):
        CHILDRENS = "childrens", _("Children's services")
        ADULTS = "adults", _("Adults' services")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        FAILED = "failed", _("Did not pass")

    # Enrolments that still hold the member's time (see the overlap rule).
    CURRENT_STATUSES = (Status.ACTIVE, Status.PAUSED)
    # Statuses that need a reason recorded with them.
    REASON_NEEDED = (Status.WITHDRAWN, Status.FAILED)
    # Statuses only an outcome sets (cohorts.services.reviews: panel or completion checks).
    OUTCOME_STATUSES = (Status.COMPLETED, Status.FAILED)
    # Where each status may go (portal.states). A paused programme resumes or
    # ends in withdrawal; it finishes, or is failed, only once it runs again.
    # The outcomes are final: a new programme is a new enrolment.
    TRANSITIONS = {
        Status.ACTIVE: frozenset(
            {Status.PAUSED, Status.COMPLETED, Status.WITHDRAWN, Status.FAILED}
        ),
        Status.PAUSED: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
        Status.COMPLETED: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.FAILED: frozenset(),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("member"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("employer"),
    )
    service = models.CharField(
        _("service"), max_length=20, choices=Service.choices, default=Service.CHILDRENS
    )
    # The people around a member besides their head of service mentor: the line
    # manager who holds their caseload and supervises them, and the assessor who
    # judges their evidence and makes the recommendation at each review.
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_enrolments",
        verbose_name=_("line manager"),
        help_text=_("The team manager who holds the member's caseload and supervises them."),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessed_enrolments",
        verbose_name=_("assessor"),
        help_text=_("Judges the member's evidence and recommends at each review."),
    )
    start_date = models.DateField(_("start date"))
    # Kept by cohorts.services from the programme's length and the pauses.
    expected_end_date = models.DateField(_("expected end date"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    # Reviews part: an apprenticeship's end-point assessment, recorded by HR
    # (cohorts.services.reviews.enrolment_record_epa).
    epa_result = models.CharField(
        _("end-point assessment result"),
        max_length=12,
        blank=True,
        choices=[
            ("pass", _("Pass")),
            ("merit", _("Merit")),
            ("distinction", _("Distinction")),
            ("fail", _("Fail")),
        ],
    )
    epa_date = models.DateField(_("end-point assessment date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "member__last_name", "member__first_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["member", "cohort"], name="enrolment_once_per_cohort"),
            models.CheckConstraint(
                condition=Q(expected_end_date__gt=models.F("start_date")),
                name="enrolment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.cohort}"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES


class EnrolmentPause(models.Model):
    class Reason(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        BEREAVEMENT = "bereavement", _("Bereavement")
        PARENTAL_LEAVE = "parental_leave", _("Parental leave")
        OTHER = "other", _("Other agreed reason")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("enrolment")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    start_date = models.DateField(_("first day of the pause"))
    end_date = models.DateField(_("last day of the pause"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="pause_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.start_date} to {self.end_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Placement(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Signed off")
        CANCELLED = "cancelled", _("Cancelled")

    # Days may be logged and the placement signed off only while it is open.
    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)
    # Where each status may go (portal.states). Logging the first day starts a
    # placement; a planned one may be signed off directly because programmes
    # without practice-learning days (the ASYE) never log any. Sign-off and
    # cancelling are final.
    TRANSITIONS = {
        Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.COMPLETED, Status.CANCELLED}),
        Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.CANCELLED}),
        Status.COMPLETED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="placements", verbose_name=_("member")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="placements", verbose_name=_("team")
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
        verbose_name=_("practice supervisor"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    planned_days = models.PositiveSmallIntegerField(_("planned days"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.member} in {self.team.name}"

    def is_current_on(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.COMPLETED


class PlacementDayLog(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice-learning")
        SKILLS = "skills", _("Skills")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="day_logs", verbose_name=_("placement")
    )
    week_starting = models.DateField(_("week starting"))
    days = models.DecimalField(_("days"), max_digits=3, decimal_places=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PRACTICE)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_starting"]
        verbose_name = _("days logged")
        verbose_name_plural = _("days logged")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gt=0) & Q(days__lte=7), name="day_log_between_0_and_7"
            ),
        ]

    def __str__(self):
        return f"{self.days} {self.get_kind_display()} days from {self.week_starting}"


class TaughtSession(models.Model):
    class Kind(models.TextChoices):
        TAUGHT = "taught", _("Taught session")
        PRACTICE_IMPROVEMENT = "practice_improvement", _("Practice improvement day")
        WORKSHOP = "workshop", _("Workshop")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.TAUGHT)
    topic = models.CharField(_("topic"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video call link"), blank=True)
    facilitator = models.CharField(_("facilitator"), max_length=150, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("taught session")
        verbose_name_plural = _("taught sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""), name="session_has_place_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.topic} ({self.date})"

    def clean(self):
        if not self.place and not self.video_link:
            raise ValidationError(_("Give a place or a video call link."))
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The session must end after it starts.")})


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        TaughtSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("member")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
        ]

    def __str__(self):
        return f"{self.enrolment.member}: {self.get_status_display()}"


class MentoringMeeting(models.Model):
    """A head of service's meeting with one member. Notes are for the two of them only."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("member")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="mentoring_meetings",
        verbose_name=_("mentor"),
    )
    date = models.DateField(_("date of the meeting"))
    notes = models.TextField(_("notes"), blank=True)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")

    def __str__(self):
        return f"{self.enrolment.member} – {self.date}"


class OffTheJobLog(models.Model):
    """Off-the-job training an apprentice logs for a week (they need 6 hours a week on average)."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="off_the_job_logs",
        verbose_name=_("member"),
    )
    week_starting = models.DateField(_("week starting"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    activity = models.CharField(_("what you did"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_starting", "-created_at"]
        verbose_name = _("off-the-job training")
        verbose_name_plural = _("off-the-job training")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=60), name="off_the_job_hours_in_a_week"
            ),
        ]

    def __str__(self):
        return f"{self.hours} hours from {self.week_starting}"


class CalendarFeed(models.Model):
    """How often a learner has reset their calendar address.

    The address carries a signed token of the learner and this generation; a reset
    raises the generation, so every older address stops working. Nobody needs a row
    until their first reset (generation 0), so showing the address writes nothing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    generation = models.PositiveIntegerField(_("resets"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(_("last reset"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(_("Calendar address of %(person)s") % {"person": self.user})


# Progression panels for experienced staff (issue 10) ---------------------------------
# Written only by cohorts.services.progression; a grade change goes through
# portal.staff.staff_grade_progress.

PROGRESSION_GRADES = ("sw3", "senior_practitioner")
PSDP_GRADES = ("senior_practitioner", "practice_supervisor", "team_manager")


class DevelopmentConversation(models.Model):
    """The yearly development conversation of a level 3 social worker or senior practitioner."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff = models.ForeignKey(
        "portal.StaffRecord",
        on_delete=models.PROTECT,
        related_name="development_conversations",
        verbose_name=_("staff record"),
    )
    held_on = models.DateField(_("date held"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="development_conversations_held",
        verbose_name=_("held by"),
        help_text=_("The line manager or head of service who held the conversation."),
    )
    aspirations = models.TextField(_("aspirations"), max_length=4000)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("development conversation")
        verbose_name_plural = _("development conversations")

    def __str__(self):
        return str(
            _("Development conversation with %(person)s on %(day)s")
            % {"person": self.staff.person, "day": self.held_on.strftime("%-d %B %Y")}
        )


class DevelopmentOpportunity(models.Model):
    class Kind(models.TextChoices):
        SHADOW_TEAM_MANAGER = "shadow_team_manager", _("Shadowing a team manager")
        LEGAL_PLANNING = "legal_planning", _("Observing a legal planning meeting")
        MENTORING = "mentoring", _("Mentoring a less experienced colleague")
        PSDP = "psdp", _("A place on the practice supervisor development programme")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(
        DevelopmentConversation,
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("conversation"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    planned_on = models.DateField(_("planned date"))
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)
    outcome_recorded_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("development opportunity")
        verbose_name_plural = _("development opportunities")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.planned_on.strftime('%-d %B %Y')})"


class ProgressionDecision(models.Model):
    class Decision(models.TextChoices):
        STAY = "stay", _("Stay at grade")
        PROGRESS = "progress", _("Progress to a new grade")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff = models.ForeignKey(
        "portal.StaffRecord",
        on_delete=models.PROTECT,
        related_name="progression_decisions",
        verbose_name=_("staff record"),
    )
    conversation = models.ForeignKey(
        DevelopmentConversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("conversation"),
    )
    panel_on = models.DateField(_("panel date"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    from_grade = models.CharField(_("grade before"), max_length=30, editable=False)
    new_grade = models.CharField(
        _("new grade"),
        max_length=30,
        blank=True,
        choices=[
            ("senior_practitioner", _("Senior practitioner")),
            ("practice_supervisor", _("Practice supervisor")),
            ("team_manager", _("Team manager")),
        ],
    )
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-panel_on", "-pk"]
        verbose_name = _("progression decision")
        verbose_name_plural = _("progression decisions")

    def __str__(self):
        return f"{self.get_decision_display()} ({self.panel_on.strftime('%-d %B %Y')})"


class StaffMentorship(models.Model):
    """A senior practitioner recorded as the mentor of a less experienced colleague.

    One mentee has one mentor at a time: periods never overlap (PostgreSQL refuses it,
    migration 0007; the service checks first on every database).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentor = models.ForeignKey(
        "portal.StaffRecord",
        on_delete=models.PROTECT,
        related_name="mentorships_given",
        verbose_name=_("mentor"),
        help_text=_("A senior practitioner."),
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff_mentorships",
        verbose_name=_("mentee"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("staff mentorship")
        verbose_name_plural = _("staff mentorships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="mentorship_ends_after_start",
            )
        ]

    def __str__(self):
        return str(
            _("%(mentor)s mentors %(mentee)s")
            % {"mentor": self.mentor.person, "mentee": self.mentee}
        )


PSDP_PLACES_MIN = 1
PSDP_PLACES_MAX = 50


class PsdpPolicy(models.Model):
    """How many practice supervisor development programme places the council has (one row)."""

    places = models.PositiveSmallIntegerField(
        _("places"),
        default=3,
        validators=[MinValueValidator(PSDP_PLACES_MIN), MaxValueValidator(PSDP_PLACES_MAX)],
        help_text=_("Nominations the council may make in each window. Between 1 and 50."),
    )
    window_years = models.PositiveSmallIntegerField(
        _("window (years)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Windows start on 1 April. Between 1 and 5 years."),
    )
    window_starts_year = models.PositiveSmallIntegerField(
        _("first window starts in"),
        default=2025,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year (from 1 April) the first window began."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("PSDP places")
        verbose_name_plural = _("PSDP places")
        default_permissions = ("view", "change")

    def __str__(self):
        return str(_("PSDP places"))


class PsdpNomination(models.Model):
    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        ACCEPTED = "accepted", _("Accepted")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    staff = models.ForeignKey(
        "portal.StaffRecord",
        on_delete=models.PROTECT,
        related_name="psdp_nominations",
        verbose_name=_("staff record"),
    )
    nominated_on = models.DateField(_("nominated on"))
    cohort_year = models.CharField(
        _("programme cohort"), max_length=20, blank=True, help_text=_("For example 2026 to 2027.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOMINATED
    )

    class Meta:
        ordering = ["-nominated_on", "pk"]
        verbose_name = _("PSDP nomination")
        verbose_name_plural = _("PSDP nominations")

    def __str__(self):
        return str(
            _("PSDP nomination of %(person)s on %(day)s")
            % {"person": self.staff.person, "day": self.nominated_on.strftime("%-d %B %Y")}
        )


# Protected caseloads ---------------------------------------------------------------


def _private_storage():
    """The private storage of every uploaded document: never served directly."""
    return private_storage()


class CaseloadImport(models.Model):
    """A CSV of caseload counts from the case management system, previewed before saving.

    The worker parses the file into ``preview`` (every accepted and rejected row
    with its reason) and saves only when HR confirm. The file's hash is kept, so
    the same file imported again is recognised; saving it again changes nothing.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be read")
        READING = "reading", _("Reading")
        PREVIEW = "preview", _("Ready to check")
        SAVING = "saving", _("Saving")
        SAVED = "saved", _("Saved")
        FAILED = "failed", _("Could not be read")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(
        _("file"), upload_to="caseloads/%Y/%m/", storage=_private_storage, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    preview = models.JSONField(_("preview"), default=dict, blank=True, editable=False)
    saved_count = models.PositiveIntegerField(_("counts saved"), default=0)
    unchanged_count = models.PositiveIntegerField(_("counts unchanged"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("caseload import")
        verbose_name_plural = _("caseload imports")

    def __str__(self):
        return self.file_name

    @property
    def percent_done(self) -> int:
        return round(100 * self.done_rows / self.total_rows) if self.total_rows else 0


class CaseloadCount(models.Model):
    """How many cases a worker holds on a day: a count only, never anything about children.

    One per person and day; a second entry for the day replaces the first
    (``cohorts.services.caseloads``), and the history says so.
    """

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by the team manager")
        IMPORT = "import", _("Imported")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="caseload_counts",
        verbose_name=_("worker"),
    )
    date = models.DateField(_("date"))
    count = models.PositiveSmallIntegerField(
        _("cases"), validators=[MaxValueValidator(CASELOAD_MAX)]
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    source_import = models.ForeignKey(
        CaseloadImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counts",
        verbose_name=_("import"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("caseload count")
        verbose_name_plural = _("caseload counts")
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="caseload_one_per_day"),
            models.CheckConstraint(
                condition=Q(count__lte=CASELOAD_MAX), name="caseload_count_bounded"
            ),
        ]
        indexes = [models.Index(fields=["person", "-date"], name="caseload_person_date_idx")]

    def __str__(self):
        return f"{self.person} {self.date}: {self.count}"


class CaseloadBreach(models.Model):
    """A spell of a learner's caseload over their cap: from the count over it to one within.

    Mailed once to the line manager (or placement supervisor) and the mentor:
    ``notified_at`` is set when the mail is sent, and nothing sends it again.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="caseload_breaches",
        verbose_name=_("enrolment"),
    )
    count = models.PositiveSmallIntegerField(_("cases"))
    cap = models.PositiveSmallIntegerField(_("cap"))
    started_on = models.DateField(_("over the cap from"))
    ended_on = models.DateField(_("within the cap again on"), null=True, blank=True)
    notified_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("caseload breach")
        verbose_name_plural = _("caseload breaches")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(ended_on__isnull=True),
                name="caseload_one_open_breach",
            ),
        ]

    def __str__(self):
        return str(
            _("%(count)s cases against a cap of %(cap)s from %(date)s")
            % {"count": self.count, "cap": self.cap, "date": self.started_on}
        )

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


# Supervision (issue 10) ------------------------------------------------------------


class SupervisionSession(models.Model):
    """One supervision session of a member. Notes are for the member and the supervisor only.

    Logged by either; it counts for compliance once the other party confirms it.
    """

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")
        RESTORATIVE = "restorative", _("Restorative")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="supervision_sessions",
        verbose_name=_("member"),
    )
    date = models.DateField(_("date of the session"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_sessions_given",
        verbose_name=_("supervisor"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_sessions_logged",
        verbose_name=_("logged by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_sessions_confirmed",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15) & Q(minutes__lte=480),
                name="supervision_minutes_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.member} – {self.date}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SupervisionAction(models.Model):
    """An action agreed in a supervision session, with its due date."""

    session = models.ForeignKey(
        SupervisionSession,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("session"),
    )
    text = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("supervision action")
        verbose_name_plural = _("supervision actions")

    def __str__(self):
        return self.text


class SupervisionReminder(models.Model):
    """Marks that the overdue reminder for one due date was sent, so it is sent once."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="supervision_reminders"
    )
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "due_on"], name="supervision_reminder_once_per_due_date"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment_id} – {self.due_on}"


# Evidence and the capability framework (issue 10) ---------------------------------
# Files are kept in the same private storage as caseload imports (``_private_storage``).


class CapabilityDomain(models.Model):
    """One of the Professional Capabilities Framework's 9 domains (reference data)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    end_of_asye_level = models.TextField(
        _("level at the end of the ASYE"), blank=True, max_length=4000
    )
    sort = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort", "number"]
        verbose_name = _("capability domain (PCF)")
        verbose_name_plural = _("capability domains (PCF)")

    def __str__(self):
        return f"{self.number}. {self.name}"


class KnowledgeStatement(models.Model):
    """One of the Knowledge and Skills Statements for child and family practitioners."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("knowledge and skills statement")
        verbose_name_plural = _("knowledge and skills statements")

    def __str__(self):
        return f"{self.number}. {self.title}"


class EvidenceEntry(models.Model):
    """A piece of evidence a member logs towards their programme; private to the member,
    their assessor, line manager, current placement supervisor and the cohort's mentor."""

    class Kind(models.TextChoices):
        DIRECT_OBSERVATION = "direct_observation", _("Direct observation")
        FEEDBACK_CHILD = "feedback_child", _("Feedback from a child or young person")
        FEEDBACK_PROFESSIONAL = "feedback_professional", _("Feedback from another professional")
        WRITTEN_REPORT = "written_report", _("Assessed written report")
        CRITICAL_REFLECTION = "critical_reflection", _("Critical reflection")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        "Enrolment",
        on_delete=models.CASCADE,
        related_name="evidence_entries",
        verbose_name=_("enrolment"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    reflection = models.TextField(_("reflection"), max_length=10000, blank=True)
    file = models.FileField(
        upload_to="evidence/%Y/%m/", storage=_private_storage, max_length=200, blank=True
    )
    file_name = models.CharField(max_length=100, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    domains = models.ManyToManyField(
        CapabilityDomain, blank=True, related_name="evidence", verbose_name=_("PCF domains")
    )
    statements = models.ManyToManyField(
        KnowledgeStatement,
        blank=True,
        related_name="evidence",
        verbose_name=_("knowledge and skills statements"),
    )
    assessor_comment = models.TextField(_("assessor's comment"), max_length=5000, blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commented by"),
    )
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("evidence entry")
        verbose_name_plural = _("evidence entries")

    def __str__(self):
        return self.title


class EvidenceReminder(models.Model):
    """A sent-marker: the "evidence behind" reminder for one review date went out."""

    enrolment = models.ForeignKey(
        "Enrolment", on_delete=models.CASCADE, related_name="evidence_reminders"
    )
    review_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "review_date"], name="one_evidence_reminder_per_review"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id} {self.review_date}"


# Review points and moderation panels (reviews part) ------------------------------


class ReviewPoint(models.Model):
    """A review meeting at one of the programme's review points (months after the start).

    Made and moved by ``cohorts.services.reviews`` from ``progress.review_dates``;
    once held it never moves.
    """

    class Recommendation(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        CONCERNS = "concerns", _("Concerns")
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")

    INTERIM = (Recommendation.ON_TRACK, Recommendation.CONCERNS)
    FINAL = (Recommendation.PASS, Recommendation.FAIL)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="review_points", verbose_name=_("member")
    )
    month = models.PositiveSmallIntegerField(_("month of the programme"))
    is_final = models.BooleanField(_("final review"), default=False)
    optional = models.BooleanField(_("optional"), default=False)
    due_date = models.DateField(_("due"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    member_attended = models.BooleanField(_("member attended"), default=False)
    line_manager_attended = models.BooleanField(_("line manager attended"), default=False)
    assessor_attended = models.BooleanField(_("assessor attended"), default=False)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("assessor's summary"), blank=True)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    record_pdf = models.FileField(
        _("record"),
        upload_to="reviews/%Y/%m/",
        storage=_private_storage,
        max_length=200,
        blank=True,
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "month"]
        verbose_name = _("review point")
        verbose_name_plural = _("review points")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="review_once_per_month"),
        ]

    def __str__(self):
        return f"{self.enrolment.member} – {self.month} months"

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


class ModerationPanel(models.Model):
    """An internal panel that confirms or changes assessors' final recommendations."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date = models.DateField(_("date of the panel"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="moderation_panels", verbose_name=_("panel members")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("moderation panel")
        verbose_name_plural = _("moderation panels")

    def __str__(self):
        return str(_("Moderation panel on %(date)s") % {"date": self.date.strftime("%-d %B %Y")})


class PanelDecision(models.Model):
    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Recommendation confirmed")
        CHANGED = "changed", _("Recommendation changed")

    class Outcome(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")

    panel = models.ForeignKey(
        ModerationPanel, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("panel")
    )
    review = models.OneToOneField(
        ReviewPoint,
        on_delete=models.PROTECT,
        related_name="panel_decision",
        verbose_name=_("final review"),
    )
    recommendation = models.CharField(
        _("recommendation brought"), max_length=10, choices=ReviewPoint.Recommendation.choices
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    outcome = models.CharField(_("outcome"), max_length=4, choices=Outcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["panel", "decided_at"]
        verbose_name = _("panel decision")
        verbose_name_plural = _("panel decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="changed") | ~Q(reason=""),
                name="panel_decision_changed_needs_reason",
            ),
        ]

    def __str__(self):
        return f"{self.review.enrolment.member} – {self.get_outcome_display()}"
