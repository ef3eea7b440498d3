"""Applications, how they are routed, and everything HR and the applicant record on them."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import RevisionMixin

from cms.choices import Route
from portal.models import StaffRecord
from portal.uploads import private_storage
from recruitment.choices import (
    ACTIVE_INTERVIEW,
    APPLICANT_STATUS,
    BEFORE_SCREENING,
    LIVE_OFFER,
    TERMINAL,
    TRANSITIONS,
    AsyeStatus,
    CheckKind,
    CheckStatus,
    DataExportState,
    DbsOutcome,
    HeardAbout,
    InterviewFormat,
    InterviewStatus,
    OfferState,
    Recommendation,
    ReferenceState,
    RightToWork,
    Status,
    Suitability,
    SweStatus,
    TimelineAction,
    WithdrawalReason,
)
from recruitment.placeholders import placeholder_problems

swe_number_validator = RegexValidator(
    r"^SW\d{1,8}$",
    _("Enter a Social Work England registration number in the correct format, like SW123456"),
)


class RoutingRule(models.Model):
    """One rule HR can edit: who applying to which route goes where.

    Rules are tried in order; the first that fits the vacancy's route decides.
    When none fits, the first rule for another route that fits is suggested.
    """

    class Asye(models.TextChoices):
        ANY = "any", _("Does not matter")
        COMPLETED = "completed", _("Must have completed the ASYE")
        NOT_COMPLETED = "not_completed", _("Must not have completed the ASYE")

    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    applies_to_route = models.CharField(
        _("vacancy route"),
        max_length=20,
        choices=Route.choices,
        help_text=_("The route of the vacancy the applicant applies to."),
    )
    requires_registration = models.BooleanField(
        _("must be registered with Social Work England"), default=False
    )
    min_post_qualifying_months = models.PositiveSmallIntegerField(
        _("at least this many months' post-qualifying experience"), null=True, blank=True
    )
    qualified_within_months = models.PositiveSmallIntegerField(
        _("qualified within this many months"), null=True, blank=True
    )
    asye = models.CharField(_("ASYE"), max_length=20, choices=Asye.choices, default=Asye.ANY)
    requires_eligibility = models.BooleanField(
        _("must answer yes to the route's eligibility questions"), default=False
    )
    fast_track = models.BooleanField(_("fast-track to a bespoke interview"), default=False)
    interview_within_working_days = models.PositiveSmallIntegerField(
        _("offer an interview within (working days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text=_("Fast-track only. Bank holidays in England and Wales are not working days."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("routing rule")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.fast_track and self.applies_to_route != Route.EXPERIENCED:
            raise ValidationError(
                {"fast_track": _("Only experienced social workers are fast-tracked.")}
            )
        if not self.fast_track and self.interview_within_working_days:
            raise ValidationError(
                {
                    "interview_within_working_days": _(
                        "Leave this blank unless the rule fast-tracks applicants."
                    )
                }
            )
        if self.applies_to_route == Route.ASYE and self.min_post_qualifying_months:
            raise ValidationError(
                {
                    "min_post_qualifying_months": _(
                        "The ASYE intake is for newly qualified social workers: "
                        "do not ask for post-qualifying experience."
                    )
                }
            )


class RejectionReason(models.Model):
    """Structured reasons HR choose from when they reject an application."""

    title = models.CharField(_("reason"), max_length=200, unique=True)
    applicant_text = models.TextField(
        _("what the applicant reads"), help_text=_("Plain English, kind and specific.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("rejection reason")

    def __str__(self):
        return self.title


class Application(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Empty once the application is anonymised: the account no longer reaches it.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="applications",
    )
    vacancy = models.ForeignKey(
        "cms.VacancyPage", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    suggested_route = models.CharField(
        _("suggested route"), max_length=20, choices=Route.choices, blank=True
    )
    routing_rule = models.ForeignKey(
        RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routing_note = models.CharField(_("routing note"), max_length=300, blank=True)
    route_notice = models.TextField(
        _("what the applicant was told about their route"),
        blank=True,
        help_text=_("Why the post's route did not fit, or why HR moved the application."),
    )
    is_fast_track = models.BooleanField(_("fast-tracked"), default=False)
    fast_track_due = models.DateField(_("interview offer due"), null=True, blank=True)
    interview_offered_at = models.DateTimeField(_("interview offered"), null=True, blank=True)
    hr_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    screening_started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_sections = models.JSONField(default=list, blank=True)

    # Channel
    campaign = models.ForeignKey(
        "cms.CampaignPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tracking_code = models.CharField(_("tracking code"), max_length=60, blank=True)
    utm_source = models.CharField(_("UTM source"), max_length=100, blank=True)
    utm_medium = models.CharField(_("UTM medium"), max_length=100, blank=True)
    utm_campaign = models.CharField(_("UTM campaign"), max_length=100, blank=True)
    heard_about = models.CharField(
        _("Where did you hear about this job?"),
        max_length=20,
        choices=HeardAbout.choices,
        blank=True,
    )
    heard_about_detail = models.CharField(_("Tell us where"), max_length=200, blank=True)
    through_agency = models.BooleanField(_("Are you applying through an agency?"), null=True)
    agency_name = models.CharField(_("Agency name"), max_length=200, blank=True)

    # Personal details
    first_name = models.CharField(_("First name"), max_length=100, blank=True)
    last_name = models.CharField(_("Last name"), max_length=100, blank=True)
    email = models.EmailField(_("Email address"), blank=True)
    phone = models.CharField(_("Phone number"), max_length=30, blank=True)
    address = models.TextField(_("Address"), blank=True)
    postcode = models.CharField(_("Postcode"), max_length=10, blank=True)

    # Right to work
    right_to_work = models.CharField(
        _("Do you have the right to work in the UK?"),
        max_length=20,
        choices=RightToWork.choices,
        blank=True,
    )
    right_to_work_detail = models.TextField(_("Give details"), blank=True)

    # Registration and qualification
    swe_status = models.CharField(
        _("Social Work England registration"), max_length=20, choices=SweStatus.choices, blank=True
    )
    swe_number = models.CharField(
        _("Registration number"), max_length=10, blank=True, validators=[swe_number_validator]
    )
    qualification = models.CharField(_("Qualification"), max_length=200, blank=True)
    awarding_body = models.CharField(_("Awarding body"), max_length=200, blank=True)
    qualified_on = models.DateField(_("Date qualified"), null=True, blank=True)
    asye_status = models.CharField(
        _("Assessed and Supported Year in Employment (ASYE)"),
        max_length=20,
        choices=AsyeStatus.choices,
        blank=True,
    )

    # Experience
    post_qualifying_months_calculated = models.PositiveSmallIntegerField(null=True, blank=True)
    post_qualifying_months = models.PositiveSmallIntegerField(
        _("Months of post-qualifying experience"), null=True, blank=True
    )
    gap_explanations = models.JSONField(default=dict, blank=True)

    # Eligibility (apprenticeship and grow your own)
    works_for_council_or_partner = models.BooleanField(
        _("Do you work for the council or one of its partner organisations now?"), null=True
    )
    works_with_children_or_families = models.BooleanField(
        _("Do you have experience of working with children, families or vulnerable adults?"),
        null=True,
    )
    has_level_2_english_maths = models.BooleanField(
        _("Do you have English and maths at level 2 (GCSE grade 4 or C) or above?"), null=True
    )

    # Statement
    supporting_statement = models.TextField(_("Supporting statement"), blank=True)

    # Availability and adjustments
    interview_availability = models.TextField(_("When can you come to an interview?"), blank=True)
    needs_adjustments = models.BooleanField(
        _("Do you need any reasonable adjustments for your interview?"), null=True
    )
    adjustments = models.TextField(_("What adjustments do you need?"), blank=True)

    # Guaranteed interview scheme
    guaranteed_interview = models.BooleanField(
        _("Do you want to apply under the guaranteed interview scheme?"), null=True
    )

    # Declaration
    declaration_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Outcomes
    rejection_reasons = models.ManyToManyField(RejectionReason, blank=True, related_name="+")
    rejection_message = models.TextField(_("message to the applicant"), blank=True)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_detail = models.TextField(_("withdrawal detail"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("application")
        permissions = [("screen_application", "Can shortlist, reject and route applications")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "vacancy"], name="application_one_per_vacancy"
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(submitted_at__isnull=False),
                name="application_submitted_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="application_applicant_idx"),
            models.Index(fields=["status", "fast_track_due"], name="application_due_idx"),
            models.Index(fields=["-submitted_at"], name="application_submitted_idx"),
            # HR's list sorts by these columns too: a page of fifty without sorting 100,000.
            models.Index(fields=["route"], name="application_route_idx"),
            models.Index(fields=["fast_track_due"], name="application_fast_track_due_idx"),
            models.Index(fields=["tracking_code"], name="application_tracking_code_idx"),
            # The workforce page's fast-track promise by month reads these few columns
            # of the fast-tracked applications only: on PostgreSQL from this index alone.
            models.Index(
                fields=["submitted_at"],
                include=[
                    "id",
                    "status",
                    "vacancy",
                    "campaign",
                    "fast_track_due",
                    "interview_offered_at",
                ],
                condition=models.Q(is_fast_track=True),
                name="application_fast_track_idx",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """Short and anonymous: what reviewers call an application before shortlisting."""
        return self.reference_for(self.pk)

    @staticmethod
    def reference_for(pk) -> str:
        """The reference of the application ``pk``, without loading it (bulk History)."""
        return f"A-{str(pk)[:8].upper()}"

    @property
    def applicant_status(self) -> str:
        return APPLICANT_STATUS[Status(self.status)][0]

    @property
    def status_colour(self) -> str:
        return APPLICANT_STATUS[Status(self.status)][1]

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status in TERMINAL

    @property
    def can_be_changed_by_applicant(self) -> bool:
        if self.status == Status.DRAFT:
            return True
        return self.status in BEFORE_SCREENING and self.screening_started_at is None

    @property
    def can_be_withdrawn(self) -> bool:
        return Status.WITHDRAWN in TRANSITIONS[self.status] and not self.is_draft

    @property
    def is_blind(self) -> bool:
        """Reviewers see no name or contact details until shortlisting is decided."""
        return self.status in {
            Status.DRAFT,
            Status.SUBMITTED,
            Status.FAST_TRACKED,
            Status.AWAITING_SHORTLISTING,
        }

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class EmploymentEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="employment"
    )
    employer = models.CharField(_("Employer"), max_length=200)
    job_title = models.CharField(_("Job title"), max_length=200)
    started_on = models.DateField(_("Start date"))
    ended_on = models.DateField(_("End date"), null=True, blank=True)
    is_social_work = models.BooleanField(
        _("This was a qualified social worker role"), default=False
    )
    duties = models.TextField(_("Main duties"), blank=True)
    reason_for_leaving = models.CharField(_("Reason for leaving"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("job")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="employment_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.job_title}, {self.employer}"


class Referee(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("Full name"), max_length=200)
    job_title = models.CharField(_("Job title"), max_length=200)
    organisation = models.CharField(_("Organisation"), max_length=200)
    email = models.EmailField(_("Email address"))
    phone = models.CharField(_("Phone number"), max_length=30, blank=True)
    relationship = models.CharField(_("How do they know you?"), max_length=200)
    is_current_employer = models.BooleanField(
        _("This referee is from my current or most recent employer"), default=False
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="referee_position_unique"
            )
        ]

    def __str__(self):
        return self.name


class CV(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="cv")
    file = models.FileField(upload_to="cvs/%Y/%m/", storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CV")

    def __str__(self):
        return self.original_name


PREFER_NOT = ("prefer_not", _("Prefer not to say"))


class EqualityMonitoring(models.Model):
    """Special-category data, kept apart: never shown to shortlisters or panels, never exported."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        PREFER_NOT = PREFER_NOT

    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", _("Under 25")
        A25_34 = "25_34", _("25 to 34")
        A35_44 = "35_44", _("35 to 44")
        A45_54 = "45_54", _("45 to 54")
        A55_64 = "55_64", _("55 to 64")
        A65 = "65_plus", _("65 or over")
        PREFER_NOT = PREFER_NOT

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", _("Asian or Asian British")
        BLACK = "black", _("Black, Black British, Caribbean or African")
        MIXED = "mixed", _("Mixed or multiple ethnic groups")
        WHITE = "white", _("White")
        OTHER = "other", _("Another ethnic group")
        PREFER_NOT = PREFER_NOT

    class YesNo(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PREFER_NOT = PREFER_NOT

    class Religion(models.TextChoices):
        NONE = "none", _("No religion")
        CHRISTIAN = "christian", _("Christian")
        MUSLIM = "muslim", _("Muslim")
        HINDU = "hindu", _("Hindu")
        SIKH = "sikh", _("Sikh")
        JEWISH = "jewish", _("Jewish")
        BUDDHIST = "buddhist", _("Buddhist")
        OTHER = "other", _("Another religion or belief")
        PREFER_NOT = PREFER_NOT

    class Orientation(models.TextChoices):
        STRAIGHT = "straight", _("Straight or heterosexual")
        GAY_LESBIAN = "gay_lesbian", _("Gay or lesbian")
        BISEXUAL = "bisexual", _("Bisexual")
        OTHER = "other", _("Another sexual orientation")
        PREFER_NOT = PREFER_NOT

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="equality"
    )
    sex = models.CharField(_("What is your sex?"), max_length=20, choices=Sex.choices, blank=True)
    age_band = models.CharField(
        _("What is your age?"), max_length=20, choices=AgeBand.choices, blank=True
    )
    ethnicity = models.CharField(
        _("What is your ethnic group?"), max_length=20, choices=Ethnicity.choices, blank=True
    )
    disability = models.CharField(
        _("Do you consider yourself to have a disability?"),
        max_length=20,
        choices=YesNo.choices,
        blank=True,
    )
    religion = models.CharField(
        _("What is your religion or belief?"), max_length=20, choices=Religion.choices, blank=True
    )
    sexual_orientation = models.CharField(
        _("Which of the following best describes your sexual orientation?"),
        max_length=20,
        choices=Orientation.choices,
        blank=True,
    )
    gender_identity_same = models.CharField(
        _("Is the gender you identify with the same as your sex registered at birth?"),
        max_length=20,
        choices=YesNo.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("equality monitoring answers")
        default_permissions = ()

    def __str__(self):
        return str(_("Equality monitoring"))


class TimelineEntry(models.Model):
    """Who moved an application from which state to which, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    action = models.CharField(max_length=60, choices=TimelineAction.choices)
    reason = models.TextField(blank=True)
    # A text field: a route notice names every unmet requirement, which can run past
    # any fixed length (PostgreSQL refused a 300-character limit).
    applicant_text = models.TextField(
        blank=True, help_text=_("Shown to the applicant; blank means HR only.")
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")

    def __str__(self):
        return f"{self.action} {self.from_status}->{self.to_status}"


class Note(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.text[:50]


# Interviews (issue 4) -----------------------------------------------------------


class InterviewSlot(models.Model):
    """A time a panel can interview one applicant.

    A vacancy's slots are open to every applicant invited to interview for it;
    a bespoke slot (``bespoke_for``) is offered to one fast-tracked applicant only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vacancy = models.ForeignKey(
        "cms.VacancyPage",
        on_delete=models.PROTECT,
        related_name="interview_slots",
        verbose_name=_("vacancy"),
    )
    bespoke_for = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="bespoke_slots",
        verbose_name=_("bespoke for"),
        help_text=_("Leave blank for a slot any invited applicant may book."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    format = models.CharField(
        _("format"), max_length=20, choices=InterviewFormat.choices, default=InterviewFormat.VIDEO
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="interview_slots",
        verbose_name=_("panel members"),
    )
    booking_deadline = models.DateTimeField(
        _("book by"), null=True, blank=True, help_text=_("Blank means until the slot starts.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("interview slot")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(format=InterviewFormat.IN_PERSON) | ~models.Q(place=""),
                name="slot_in_person_has_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(format=InterviewFormat.VIDEO) | ~models.Q(video_link=""),
                name="slot_video_has_link",
            ),
        ]
        indexes = [models.Index(fields=["vacancy", "start"], name="slot_vacancy_start_idx")]

    def __str__(self):
        return f"{self.vacancy_id} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_bespoke(self) -> bool:
        return self.bespoke_for_id is not None

    @property
    def where(self) -> str:
        if self.format == InterviewFormat.IN_PERSON:
            return self.place
        if self.format == InterviewFormat.VIDEO:
            return self.video_link
        return str(_("We will phone you on the number in your application"))


def new_calendar_uid() -> str:
    return f"{uuid.uuid4()}@interviews.portal"


class Interview(models.Model):
    """One booking of one slot by one application.

    Moving an interview marks this row "moved" and books a new row that keeps
    the calendar ``uid`` with the next ``sequence``, so calendars update the
    same event instead of adding another.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slot = models.ForeignKey(InterviewSlot, on_delete=models.PROTECT, related_name="interviews")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterviewStatus.choices,
        default=InterviewStatus.BOOKED,
    )
    uid = models.CharField(max_length=120, default=new_calendar_uid, db_index=True)
    sequence = models.PositiveIntegerField(default=0)
    booked_at = models.DateTimeField(auto_now_add=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    change_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Shown to the applicant.")
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["slot__start", "pk"]
        verbose_name = _("interview")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status__in=list(ACTIVE_INTERVIEW)),
                name="interview_one_active_per_slot",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status=InterviewStatus.BOOKED),
                name="interview_one_booked_per_application",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_INTERVIEW


class Scorecard(models.Model):
    """One panel member's scores for one interview, against the person specification.

    ``scores`` is a list of {"criterion", "score" (1–4), "evidence"} in the
    vacancy's criteria order.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    panel_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(default=list, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=30, choices=Recommendation.choices, blank=True
    )
    notes = models.TextField(_("overall notes"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scorecard")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "panel_member"], name="scorecard_one_per_panel_member"
            )
        ]

    def __str__(self):
        return f"{self.interview_id} {self.panel_member_id}"

    @property
    def total(self) -> int:
        return sum(int(row.get("score") or 0) for row in self.scores)


# Download my data ---------------------------------------------------------------


class DataExport(models.Model):
    """A readable PDF of everything the portal holds about one person.

    WeasyPrint can take seconds on a long history, so the worker makes the file
    and emails the person; the page only asks for it and offers the download.
    Files live in private storage and are deleted after a few days (sweep).
    """

    State = DataExportState

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREPARING)
    file = models.FileField(
        upload_to="exports/%Y/%m/", storage=private_storage, max_length=200, blank=True
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        ordering = ["-requested_at"]
        default_permissions = ()
        constraints = [
            # A double click, or two tabs, asks for one file, not two.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state=DataExportState.PREPARING),
                name="data_export_one_preparing_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.state} {self.requested_at:%Y-%m-%d}"


# Retention -----------------------------------------------------------------------

RETENTION_MONTHS_MIN = 1
RETENTION_MONTHS_MAX = 120
RETENTION_MONTHS_MESSAGE = _("Enter a number of months between 1 and 120")


class RetentionPolicy(models.Model):
    """How long unsuccessful applicants' personal data is kept (one row; HR edit it).

    DOMAIN.md: 6 months after the decision, then anonymised
    (``services.retention.applications_anonymise_expired``).
    """

    unsuccessful_months = models.PositiveSmallIntegerField(
        _("keep unsuccessful applicants' personal data for (months)"),
        default=6,
        validators=[
            MinValueValidator(RETENTION_MONTHS_MIN, message=RETENTION_MONTHS_MESSAGE),
            MaxValueValidator(RETENTION_MONTHS_MAX, message=RETENTION_MONTHS_MESSAGE),
        ],
        help_text=_(
            "Counted from the decision (rejected, withdrawn, offer declined or withdrawn). "
            "Then names, contact details, answers, CVs and notes are removed; the counts "
            "reports use stay. Between 1 and 120 months."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data retention")
        verbose_name_plural = _("data retention")
        default_permissions = ("view", "change")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    unsuccessful_months__gte=RETENTION_MONTHS_MIN,
                    unsuccessful_months__lte=RETENTION_MONTHS_MAX,
                ),
                name="retention_months_in_range",
            )
        ]

    def __str__(self):
        return str(_("Data retention"))


# Offers --------------------------------------------------------------------------

OFFER_DAYS_MIN = 1
OFFER_DAYS_MAX = 30
OFFER_DAYS_MESSAGE = _("Enter a number of working days between 1 and 30")


class OfferPolicy(models.Model):
    """How long an applicant has to answer an offer (one row; HR edit it)."""

    response_working_days = models.PositiveSmallIntegerField(
        _("working days to answer an offer"),
        default=10,
        validators=[
            MinValueValidator(OFFER_DAYS_MIN, message=OFFER_DAYS_MESSAGE),
            MaxValueValidator(OFFER_DAYS_MAX, message=OFFER_DAYS_MESSAGE),
        ],
        help_text=_(
            "Counted from the day the letter is sent, without weekends and bank holidays. "
            "An offer not answered by then is declined by default. Between 1 and 30."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer deadline")
        verbose_name_plural = _("offer deadline")
        default_permissions = ("view", "change")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    response_working_days__gte=OFFER_DAYS_MIN,
                    response_working_days__lte=OFFER_DAYS_MAX,
                ),
                name="offer_policy_days_in_range",
            )
        ]

    def __str__(self):
        return str(_("Offer deadline"))


class OfferLetterTemplate(RevisionMixin, models.Model):
    """The words of an offer letter, kept by content editors with revisions.

    ``body`` holds placeholders like ``{{ start_date }}``; ``recruitment.letters``
    names the ones that exist and refuses any other when the template is saved.
    The letterhead (council name, logo, colour) comes from the site settings.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    body = RichTextField(
        _("letter"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("Use placeholders like {{ first_name }} for the offer's details."),
    )
    is_default = models.BooleanField(
        _("use unless HR choose another"),
        default=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("offer letter template")
        verbose_name_plural = _("offer letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="offer_letter_one_default",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """A template naming an unknown or broken placeholder cannot be saved."""
        super().clean()
        problems = placeholder_problems(self.body)
        if problems:
            raise ValidationError({"body": problems})


class Offer(models.Model):
    """A conditional offer of a post to an application: its terms, letter and answer.

    Written only by ``recruitment.services.offers`` (and the checks and references
    services, which make it unconditional). ``staff_record`` and ``enrolment`` are
    set once, by the start-date task, so running it twice creates nothing twice.
    """

    State = OfferState

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    state = models.CharField(
        _("state"), max_length=20, choices=OfferState.choices, default=OfferState.DRAFT
    )

    # The terms
    job_title = models.CharField(_("post"), max_length=150)
    team = models.ForeignKey(
        "portal.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    grade = models.CharField(_("career grade"), max_length=30, choices=StaffRecord.Grade.choices)
    salary_point = models.CharField(
        _("grade and salary point"),
        max_length=100,
        help_text=_("As the pay scale names it, for example: Grade 9, point 32 (£38,626)."),
    )
    hours = models.CharField(
        _("hours"),
        max_length=20,
        choices=StaffRecord.Hours.choices,
        default=StaffRecord.Hours.FULL_TIME,
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
    employment_type = models.CharField(
        _("contract type"), max_length=20, choices=StaffRecord.EmploymentType.choices
    )
    proposed_start_date = models.DateField(_("proposed start date"))
    confirmed_start_date = models.DateField(_("confirmed start date"), null=True, blank=True)
    cohort = models.ForeignKey(
        "cohorts.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("cohort"),
        help_text=_("For the ASYE, apprenticeship and grow-your-own routes."),
    )
    letter_template = models.ForeignKey(
        OfferLetterTemplate,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("letter template"),
    )

    # Made and sent
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    send_requested_at = models.DateTimeField(null=True, blank=True)
    send_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    send_failure = models.TextField(_("why the letter was not sent"), blank=True)
    send_failed_at = models.DateTimeField(null=True, blank=True)
    letter = models.FileField(
        upload_to="offers/%Y/%m/", storage=private_storage, max_length=200, blank=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    response_deadline = models.DateField(_("answer by"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The answer
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("why the offer was declined"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(_("why the offer was withdrawn"), blank=True)
    unconditional_at = models.DateTimeField(null=True, blank=True)

    # The first day (the start-date task)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    staff_record = models.OneToOneField(
        "portal.StaffRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offer",
        editable=False,
    )
    enrolment = models.OneToOneField(
        "cohorts.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offer",
        editable=False,
    )

    class Meta:
        ordering = ["-made_at"]
        verbose_name = _("offer")
        permissions = [("make_offer", "Can make, send and withdraw offers")]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(state__in=list(LIVE_OFFER)),
                name="offer_one_live_per_application",
            ),
            models.CheckConstraint(
                condition=models.Q(hours=StaffRecord.Hours.FULL_TIME, weekly_hours__isnull=True)
                | models.Q(hours=StaffRecord.Hours.PART_TIME, weekly_hours__isnull=False),
                name="offer_weekly_hours_only_part_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "response_deadline"], name="offer_deadline_idx"),
            models.Index(fields=["state", "confirmed_start_date"], name="offer_start_idx"),
        ]

    def __str__(self):
        return f"{self.job_title} ({self.get_state_display()})"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_OFFER


# References ----------------------------------------------------------------------


class ReferenceRequest(models.Model):
    """One request to one referee, reached by a signed single-use link.

    The link carries ``nonce``; changing the referee replaces this request with a
    new one (new nonce), so the old link stops working. The referee's answers, or
    their uploaded letter, are read by HR only; the applicant sees that it arrived.
    """

    State = ReferenceState

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reference_requests"
    )
    referee = models.ForeignKey(
        Referee, null=True, on_delete=models.SET_NULL, related_name="requests"
    )
    # Copied from the referee when asked: what was asked of whom, even if the referee changes.
    referee_name = models.CharField(_("referee"), max_length=200)
    referee_email = models.EmailField(_("referee's email address"))
    referee_organisation = models.CharField(_("organisation"), max_length=200)
    is_current_employer = models.BooleanField(
        _("from the current or most recent employer"), default=False
    )
    nonce = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=20, choices=ReferenceState.choices, default=ReferenceState.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("link expires"))
    first_chaser_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    second_chaser_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The referee's answers
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    how_known = models.TextField(_("How do you know the applicant?"), blank=True)
    known_from = models.DateField(_("Known from"), null=True, blank=True)
    known_to = models.DateField(_("Known until"), null=True, blank=True)
    applicant_role = models.CharField(_("Their role"), max_length=200, blank=True)
    suitable_with_children = models.CharField(
        _("Are they suitable to work with children?"),
        max_length=20,
        choices=Suitability.choices,
        blank=True,
    )
    safeguarding_concerns = models.BooleanField(
        _("Do you know of any safeguarding concerns about them?"), null=True
    )
    safeguarding_detail = models.TextField(_("Give details"), blank=True)
    disciplinary_action = models.BooleanField(
        _("Have they been subject to disciplinary action?"), null=True
    )
    disciplinary_detail = models.TextField(_("Give details"), blank=True)
    sickness_absence = models.TextField(_("Sickness absence in the last 2 years"), blank=True)
    letter = models.FileField(
        upload_to="references/%Y/%m/", storage=private_storage, max_length=200, blank=True
    )
    letter_name = models.CharField(max_length=200, blank=True)
    letter_content_type = models.CharField(max_length=100, blank=True)
    letter_size = models.PositiveIntegerField(null=True, blank=True)
    declined_reason = models.TextField(_("Why can you not give a reference?"), blank=True)

    # HR's assessment
    satisfactory = models.BooleanField(_("satisfactory"), null=True)
    assessment_note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("reference")
        indexes = [
            models.Index(fields=["state", "requested_at"], name="reference_chaser_idx"),
        ]

    def __str__(self):
        return f"{self.referee_name} ({self.get_state_display()})"


# Pre-employment checks -----------------------------------------------------------


class CheckRequirement(models.Model):
    """Which checks a route needs before an offer is unconditional (data HR edit).

    Seeded by a data migration: every route needs DBS, references, right to work,
    occupational health and the qualification; qualified routes (experienced, ASYE)
    also Social Work England registration.
    """

    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    kind = models.CharField(_("check"), max_length=30, choices=CheckKind.choices)
    applicant_action = models.CharField(
        _("what we need from the applicant"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the applicant while the check is not done, in plain words."),
    )

    class Meta:
        ordering = ["route", "kind"]
        verbose_name = _("pre-employment check required")
        verbose_name_plural = _("pre-employment checks required")
        constraints = [
            models.UniqueConstraint(fields=["route", "kind"], name="check_requirement_unique")
        ]

    def __str__(self):
        return f"{self.get_route_display()}: {self.get_kind_display()}"


class PreEmploymentCheck(models.Model):
    """One condition of one offer: its status, when and by whom it was cleared.

    Only HR see the details. For DBS only the certificate number, issue date and
    outcome are kept, never the disclosure; the number and date are removed 6 months
    after the check (``dbs_details_removed_at``), leaving the outcome and who cleared it.
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("check"), max_length=30, choices=CheckKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CheckStatus.choices, default=CheckStatus.PENDING
    )
    checked_on = models.DateField(_("date checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )
    note = models.TextField(_("note"), blank=True)
    applicant_action = models.CharField(max_length=300, blank=True)
    swe_number = models.CharField(
        _("registration number"), max_length=10, blank=True, validators=[swe_number_validator]
    )
    dbs_certificate_number = models.CharField(
        _("DBS certificate number"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^\d{12}$", _("Enter the 12-digit number on the DBS certificate"))
        ],
    )
    dbs_issue_date = models.DateField(_("DBS certificate issue date"), null=True, blank=True)
    dbs_outcome = models.CharField(
        _("DBS outcome"), max_length=30, choices=DbsOutcome.choices, blank=True
    )
    dbs_details_removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["offer", "kind"]
        verbose_name = _("pre-employment check")
        constraints = [
            models.UniqueConstraint(fields=["offer", "kind"], name="check_once_per_offer"),
        ]
        indexes = [
            models.Index(fields=["kind", "checked_on"], name="check_dbs_age_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_status_display()}"


# The workforce picture's history and plans (issue 11), defined apart so that this
# file stays about applications; imported here so that Django registers them.
from recruitment.workforce.models import (  # noqa: E402, F401
    AgencyDayRate,
    BoardReport,
    GrowthPlan,
    PlannedIntake,
    SnapshotMonth,
    StaffSnapshot,
    VacancyMonth,
    WorkforceMonth,
)
