"""People and the council's structure, shared by every part of the portal."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class PortalUserManager(UserManager):
    """Users are identified by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    # A public identifier for addresses and exports; the integer key stays internal.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = PortalUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class Organisation(models.Model):
    """The council itself, or a partner council, university or agency."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("This council")
        PARTNER_COUNCIL = "partner_council", _("Partner council")
        UNIVERSITY = "university", _("University")
        AGENCY = "agency", _("Employment agency")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ServiceArea(models.Model):
    """A part of children's services: Duty, Fieldwork, Children in Care…"""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="teams", verbose_name=_("service area")
    )
    name = models.CharField(_("name"), max_length=150)
    learner_capacity = models.PositiveSmallIntegerField(
        _("learners at once"),
        default=2,
        help_text=_("How many learners on placement the team can take at the same time."),
    )

    class Meta:
        ordering = ["service_area__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service_area", "name"], name="team_unique_per_area"),
        ]

    def __str__(self):
        return f"{self.name} ({self.service_area.name})"


class UndeliveredMail(models.Model):
    """A mail the worker gave up on after its last attempt: HR see why and may send it again.

    The message itself is kept to send it again, and never shown: account
    mail carries sign-in and password reset links that only its recipient
    may see.
    """

    class Status(models.TextChoices):
        NOT_DELIVERED = "not_delivered", _("Not delivered")
        SENT_AGAIN = "sent_again", _("Sent again")

    # A public identifier: the admin's addresses name it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.CharField(_("to"), max_length=1000)
    subject = models.CharField(_("subject"), max_length=998)
    reason = models.TextField(_("reason"))
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    failed_at = models.DateTimeField(_("failed at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_DELIVERED
    )
    message = models.JSONField(_("message"), editable=False)
    sent_again_at = models.DateTimeField(_("sent again at"), null=True, blank=True)
    sent_again_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("undelivered mail")
        verbose_name_plural = _("undelivered mail")
        permissions = [("resend_undeliveredmail", _("Can send an undelivered mail again"))]
        indexes = [models.Index(fields=["status", "-failed_at"], name="undelivered_status_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to}"


swe_number_validator = RegexValidator(
    r"^SW\d{1,8}$",
    _("Enter a Social Work England registration number in the correct format, like SW123456"),
)
dbs_certificate_validator = RegexValidator(
    r"^\d{12}$", _("Enter a DBS certificate number in the correct format, 12 digits")
)


def _recorder(item: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("%(item)s recorded by") % {"item": item},
    )


# A full-time week (hours); part-time hours are fewer, and FTE is hours over this.
FULL_TIME_WEEKLY_HOURS = Decimal("37")


class StaffRecord(models.Model):
    """One spell of someone working for the council: the one source of who works where.

    A person who leaves and comes back gets a new record; at most one record of a
    person is open (no end date) at a time. Their team is the open
    ``StaffTeamPeriod``; a move closes one period and opens the next. An agency
    worker's record has no start date until their vetting (``AgencyVetting``) is
    complete. Written only by ``portal.staff``.
    """

    class Grade(models.TextChoices):
        SOCIAL_WORKER_1 = "sw1", _("Social worker level 1 (ASYE)")
        SOCIAL_WORKER_2 = "sw2", _("Social worker level 2")
        SOCIAL_WORKER_3 = "sw3", _("Social worker level 3")
        SENIOR_PRACTITIONER = "senior_practitioner", _("Senior practitioner")
        PRACTICE_SUPERVISOR = "practice_supervisor", _("Practice supervisor")
        TEAM_MANAGER = "team_manager", _("Team manager")
        HEAD_OF_SERVICE = "head_of_service", _("Head of service")
        OTHER = "other", _("Other")

    class EmploymentType(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        FIXED_TERM = "fixed_term", _("Fixed term")
        SECONDMENT = "secondment", _("Secondment")
        AGENCY = "agency", _("Agency")
        LEARNER = "learner", _("Learner (apprentice or grow-your-own student)")

    class Hours(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")

    class LeavingReason(models.TextChoices):
        RESIGNED = "resigned", _("Resigned")
        ANOTHER_COUNCIL = "another_council", _("Moved to another council")
        RETIRED = "retired", _("Retired")
        CONTRACT_ENDED = "contract_ended", _("Fixed term or secondment ended")
        ASSIGNMENT_ENDED = "assignment_ended", _("Agency assignment ended")
        DISMISSED = "dismissed", _("Dismissed")
        REDUNDANCY = "redundancy", _("Redundancy")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="staff_records", verbose_name=_("person")
    )
    job_title = models.CharField(_("job title"), max_length=150)
    grade = models.CharField(_("career grade"), max_length=30, choices=Grade.choices)
    grade_since = models.DateField(
        _("grade since"),
        null=True,
        blank=True,
        help_text=_("Set when a progression panel's decision takes effect."),
    )
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices
    )
    agency = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_workers",
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
        verbose_name=_("agency"),
        help_text=_("Only for agency workers: the agency that supplies them."),
    )
    hours = models.CharField(
        _("hours"), max_length=20, choices=Hours.choices, default=Hours.FULL_TIME
    )
    weekly_hours = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("36.9"))],
        help_text=_("Only for part-time: a full-time week is 37 hours."),
    )
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("An agency worker has none until their vetting is complete."),
    )
    end_date = models.DateField(_("last day"), null=True, blank=True)
    leaving_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeavingReason.choices, blank=True
    )
    leaving_note = models.TextField(_("about their leaving"), max_length=2000, blank=True)
    swe_number = models.CharField(
        _("Social Work England number"),
        max_length=10,
        blank=True,
        validators=[swe_number_validator],
        help_text=_("When registered, like SW123456."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "-start_date"]
        verbose_name = _("staff record")
        verbose_name_plural = _("staff records")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(end_date__isnull=True),
                name="staff_one_open_record_per_person",
            ),
            models.CheckConstraint(
                condition=(Q(employment_type="agency") & Q(agency__isnull=False))
                | (~Q(employment_type="agency") & Q(agency__isnull=True)),
                name="staff_agency_exactly_for_agency_workers",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=False) | Q(employment_type="agency"),
                name="staff_start_unless_agency",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(start_date__isnull=False) & Q(end_date__gte=models.F("start_date"))),
                name="staff_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(leaving_reason=""))
                | (Q(end_date__isnull=False) & ~Q(leaving_reason="")),
                name="staff_leaving_reason_with_end",
            ),
            models.CheckConstraint(
                condition=(Q(hours="full_time") & Q(weekly_hours__isnull=True))
                | (
                    Q(hours="part_time")
                    & Q(weekly_hours__gt=0)
                    & Q(weekly_hours__lt=FULL_TIME_WEEKLY_HOURS)
                ),
                name="staff_part_time_hours",
            ),
        ]

    def __str__(self):
        return f"{self.person.display_name}: {self.job_title}"

    def clean(self):
        errors = {}
        is_agency = self.employment_type == self.EmploymentType.AGENCY
        if is_agency and self.agency_id is None:
            errors["agency"] = _("Select the agency that supplies this worker")
        if not is_agency and self.agency_id is not None:
            errors["agency"] = _("Only agency workers have an agency: leave it empty")
        if self.hours == self.Hours.PART_TIME and self.weekly_hours is None:
            errors["weekly_hours"] = _("Enter the hours a week they work")
        if self.hours == self.Hours.FULL_TIME and self.weekly_hours is not None:
            errors["weekly_hours"] = _("Leave hours a week empty for a full-time worker")
        if errors:
            raise ValidationError(errors)

    @property
    def is_agency(self) -> bool:
        return self.employment_type == self.EmploymentType.AGENCY

    @property
    def fte(self) -> Decimal:
        """Full-time equivalent: 1 for full-time, hours over a 37-hour week otherwise."""
        if self.hours == self.Hours.FULL_TIME or self.weekly_hours is None:
            return Decimal("1")
        return (self.weekly_hours / FULL_TIME_WEEKLY_HOURS).quantize(Decimal("0.01"))

    @property
    def current_team(self) -> "Team | None":
        """The open period's team (from prefetched periods when there are some)."""
        for period in self.team_periods.all():
            if period.end_date is None:
                return period.team
        return None

    def is_working_on(self, day: datetime.date) -> bool:
        return (
            self.start_date is not None
            and self.start_date <= day
            and (self.end_date is None or day <= self.end_date)
        )


class StaffTeamPeriod(models.Model):
    """A staff record's time in one team. Periods of one record never overlap
    (PostgreSQL refuses it, migration 0004); the open one is the current team."""

    staff = models.ForeignKey(
        StaffRecord,
        on_delete=models.CASCADE,
        related_name="team_periods",
        verbose_name=_("staff record"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="staff_periods", verbose_name=_("team")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)

    class Meta:
        ordering = ["staff", "start_date"]
        verbose_name = _("time in a team")
        verbose_name_plural = _("team history")
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=Q(end_date__isnull=True),
                name="staff_one_open_team_period",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="staff_team_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.team.name} from {self.start_date}"


class AgencyVetting(models.Model):
    """The council's own vetting of one agency worker, item by item, before they start.

    Only what the rule needs is kept: of the council's own enhanced DBS check,
    the certificate number, issue date and outcome, never the disclosure itself.
    Each item says who recorded it and when. Rules: ``portal.staffing``.
    """

    class DbsOutcome(models.TextChoices):
        CLEAR = "clear", _("Clear: nothing disclosed")
        ACCEPTED = "accepted", _("Information disclosed, risk assessed and accepted")
        NOT_ACCEPTED = "not_accepted", _("Information disclosed, not accepted")

    staff = models.OneToOneField(
        StaffRecord, on_delete=models.CASCADE, related_name="vetting", verbose_name=_("worker")
    )
    # Registered with Social Work England: the number is the record's own.
    registration_checked_on = models.DateField(_("register checked on"), null=True, blank=True)
    registration_recorded_by = _recorder("registration")
    registration_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Qualified, with enough post-qualifying experience (never an NQSW).
    qualification = models.CharField(_("qualification"), max_length=200, blank=True)
    qualified_on = models.DateField(_("date qualified"), null=True, blank=True)
    in_asye = models.BooleanField(_("in their ASYE"), default=False)
    qualification_recorded_by = _recorder("qualification")
    qualification_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The council's own interview, before appointment.
    interviewed_on = models.DateField(_("interviewed on"), null=True, blank=True)
    interview_recorded_by = _recorder("interview")
    interview_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The council's own enhanced DBS check with the children's barred list.
    dbs_certificate_number = models.CharField(
        _("DBS certificate number"),
        max_length=12,
        blank=True,
        validators=[dbs_certificate_validator],
    )
    dbs_issued_on = models.DateField(_("DBS certificate issued on"), null=True, blank=True)
    dbs_barred_list_checked = models.BooleanField(
        _("children's barred list checked"), default=False
    )
    dbs_outcome = models.CharField(
        _("DBS outcome"), max_length=20, choices=DbsOutcome.choices, blank=True
    )
    dbs_recorded_by = _recorder("dbs")
    dbs_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Two full references.
    first_referee = models.CharField(_("first referee"), max_length=200, blank=True)
    first_reference_received_on = models.DateField(
        _("first reference received on"), null=True, blank=True
    )
    second_referee = models.CharField(_("second referee"), max_length=200, blank=True)
    second_reference_received_on = models.DateField(
        _("second reference received on"), null=True, blank=True
    )
    references_recorded_by = _recorder("references")
    references_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("agency vetting")
        verbose_name_plural = _("agency vetting")

    def __str__(self):
        return str(_("Vetting of %(person)s") % {"person": self.staff.person.display_name})
