"""Every read of applications and interviews, scoped to the person who asks.

Views, exports, reports and tasks read through these; nothing here writes.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal import roles
from recruitment import conf, fast_track, guaranteed_interview, history, routing
from recruitment.choices import (
    ACTIVE_INTERVIEW,
    UNSUCCESSFUL,
    CheckKind,
    CheckStatus,
    InterviewStatus,
    OfferState,
    Status,
)
from recruitment.models import (
    Application,
    DataExport,
    Interview,
    InterviewSlot,
    Offer,
    PreEmploymentCheck,
    RetentionPolicy,
    RoutingRule,
    Scorecard,
)


def applications_for_applicant(user) -> QuerySet[Application]:
    """An applicant's own applications; nobody else's, ever."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(applicant=user).select_related("vacancy").order_by("-created_at")
    )


def can_review(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("recruitment.view_application")
    )


def applications_for_hr(user) -> QuerySet[Application]:
    """Every submitted application, for people whose role reviews them."""
    if not can_review(user):
        return Application.objects.none()
    return (
        Application.objects.exclude(status=Status.DRAFT)
        .select_related("vacancy", "campaign")
        .order_by("-submitted_at")
    )


def fast_tracks_waiting(user) -> QuerySet[Application]:
    """Fast-tracked applications waiting for an interview offer, soonest due first."""
    return (
        applications_for_hr(user)
        .filter(status=Status.FAST_TRACKED)
        .order_by("fast_track_due", "submitted_at")
    )


# Long answers a list never shows: not fetched for a page of fifty rows.
LIST_DEFERRED = (
    "supporting_statement",
    "address",
    "gap_explanations",
    "interview_availability",
    "adjustments",
    "right_to_work_detail",
    "rejection_message",
    "withdrawal_detail",
    "completed_sections",
    "vacancy__description",
    "vacancy__person_specification",
    "vacancy__summary",
)


def applications_list_for_hr(user) -> QuerySet[Application]:
    return applications_for_hr(user).defer(*LIST_DEFERRED)


def application_for_hr(user, pk) -> Application:
    return (
        applications_for_hr(user)
        .select_related("cv", "routing_rule", "vacancy__service_area", "vacancy__team")
        .prefetch_related(
            "employment", "referees", "timeline__by", "notes__author", "rejection_reasons"
        )
        .get(pk=pk)
    )


# Interviews ------------------------------------------------------------------------


PANEL_DEFERRED = (
    "application__supporting_statement",
    "application__address",
    "application__gap_explanations",
    "application__right_to_work_detail",
    "application__rejection_message",
    "application__withdrawal_detail",
    "application__completed_sections",
    "application__vacancy__description",
    "application__vacancy__person_specification",
    "application__vacancy__summary",
)


def interviews_for_panel(user):
    """Interviews on a panel the user sits on: booked, held or missed; never moved or cancelled.

    Fetches only what the panel may see of the application (no equality data).
    """
    if not user.is_authenticated:
        return Interview.objects.none()
    mine = Scorecard.objects.filter(
        interview=OuterRef("pk"), panel_member=user, submitted_at__isnull=False
    )
    return (
        Interview.objects.filter(
            slot__panel=user,
            status__in=[InterviewStatus.BOOKED, InterviewStatus.HELD, InterviewStatus.NO_SHOW],
        )
        .select_related("slot", "application__vacancy")
        .defer(*PANEL_DEFERRED)
        .annotate(scored=Exists(mine))
        .order_by("slot__start")
    )


def interview_for_panel(user, pk):
    return (
        Interview.objects.filter(pk__in=interviews_for_panel(user).values("pk"))
        .select_related("slot", "application__vacancy")
        .get(pk=pk)
    )


def interviews_for_hr(user) -> QuerySet[Interview]:
    """Every interview of an application HR may review; nothing for anyone else."""
    return Interview.objects.filter(application__in=applications_for_hr(user)).select_related(
        "slot", "application"
    )


def slots_starting_between(start: datetime.datetime, end: datetime.datetime):
    """Slots in [start, end) for HR's calendar, with the panel and any active booking."""
    return (
        InterviewSlot.objects.filter(start__gte=start, start__lt=end)
        .select_related("vacancy", "bespoke_for")
        .prefetch_related(
            "panel",
            Prefetch(
                "interviews",
                queryset=Interview.objects.filter(status__in=ACTIVE_INTERVIEW).select_related(
                    "application"
                ),
                to_attr="active",
            ),
        )
        .order_by("start")
    )


def interviews_starting_between(
    user, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Interview]:
    """Booked and held interviews in [start, end), earliest first, for HR's dashboard."""
    return (
        interviews_for_hr(user)
        .filter(status__in=ACTIVE_INTERVIEW, slot__start__gte=start, slot__start__lt=end)
        .select_related("application__vacancy")
        .only(
            "id",
            "application_id",
            "application__id",
            "application__vacancy__title",
            "application__vacancy__id",
            "slot__start",
            "slot__end",
            "slot__format",
            "slot__place",
        )
        .order_by("slot__start")
    )


def data_exports_for(user) -> QuerySet[DataExport]:
    """A person's own "Download my data" files, newest first. Staff get no wider view:
    these are made for the person alone."""
    if not user.is_authenticated:
        return DataExport.objects.none()
    return DataExport.objects.filter(user=user).order_by("-requested_at")


# Routing, history and people -----------------------------------------------------------


def active_routing_rules() -> list[RoutingRule]:
    """HR's active rules; the defaults from DOMAIN.md (unsaved) only while there are none."""
    rules = list(RoutingRule.objects.all())
    if not rules:
        return [RoutingRule(**rule) for rule in routing.DEFAULT_RULES]
    return [rule for rule in rules if rule.is_active]


def guaranteed_interview_facts(application: Application) -> guaranteed_interview.SchemeFacts:
    """What the guaranteed interview scheme's rule needs to know about an application.

    The essential criteria are the requirements of the route the application is on
    (the post's, or the one HR moved it to), judged as on the day it was submitted.
    """
    if not application.guaranteed_interview:
        return guaranteed_interview.SchemeFacts(
            guaranteed_interview=False, meets_essential_criteria=False, status=application.status
        )
    on = (
        timezone.localdate(application.submitted_at)
        if application.submitted_at
        else timezone.localdate()
    )
    decision = routing.decide(
        facts=routing.Facts.from_application(application),
        vacancy_route=application.route,
        rules=active_routing_rules(),
        today=on,
    )
    return guaranteed_interview.SchemeFacts(
        guaranteed_interview=True,
        meets_essential_criteria=decision.fits,
        status=application.status,
        interview_statuses=frozenset(application.interviews.values_list("status", flat=True)),
    )


def unsuccessful_retention_months() -> int:
    """How long unsuccessful applicants' data is kept: HR's setting, else the default."""
    months = RetentionPolicy.objects.values_list("unsuccessful_months", flat=True).first()
    return months or conf.unsuccessful_retention_months()


def applications_past_retention(cutoff: datetime.datetime) -> QuerySet[Application]:
    """Unsuccessful applications decided on or before ``cutoff`` and not yet anonymised."""
    return Application.objects.filter(
        status__in=UNSUCCESSFUL, decided_at__lte=cutoff, anonymised_at__isnull=True
    )


def employment_gaps(application: Application, *, today: datetime.date | None = None):
    """The gaps in an application's employment history that need explaining."""
    return history.employment_gaps(
        application.employment.all(),
        gap_months=conf.employment_gap_months(),
        today=today or timezone.localdate(),
    )


def hr_officer_emails() -> list[str]:
    """Where HR's notices go: every active HR officer."""
    users = (
        get_user_model()
        .objects.filter(groups__name=roles.HR_OFFICER.name, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def panel_members():
    """Everyone who may sit on an interview panel, by name."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.PANEL_MEMBER.name, is_active=True)
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


def application_for_mail(pk) -> Application | None:
    return Application.objects.select_related("vacancy", "applicant").filter(pk=pk).first()


def fast_tracks_due_a_reminder(now: datetime.datetime) -> list:
    """Fast-tracked applications whose reminder time has come and that HR have not had."""
    waiting = Application.objects.filter(
        status=Status.FAST_TRACKED, hr_reminder_sent_at__isnull=True, fast_track_due__isnull=False
    ).values_list("pk", "fast_track_due")
    return [
        pk for pk, due in waiting if fast_track.reminder_at(due, hour=conf.reminder_hour()) <= now
    ]


# Slots on offer --------------------------------------------------------------------


def slots_offered_to(application: Application) -> QuerySet[InterviewSlot]:
    """Slots the applicant may book now: the bespoke slots HR made for them when there
    are any (a fast-track offer is theirs alone, not a place in the general queue),
    otherwise the vacancy's open slots; free, in the future, before their deadline."""
    now = timezone.now()
    if application.status != Status.INTERVIEWING:
        return InterviewSlot.objects.none()
    if InterviewSlot.objects.filter(bespoke_for=application).exists():
        offered = Q(bespoke_for=application)
    else:
        offered = Q(vacancy_id=application.vacancy_id, bespoke_for__isnull=True)
    return (
        InterviewSlot.objects.filter(offered, start__gt=now)
        .filter(Q(booking_deadline__isnull=True) | Q(booking_deadline__gt=now))
        .exclude(interviews__status__in=ACTIVE_INTERVIEW)
        .order_by("start")
    )


def slots_free_for_bespoke_offer(application: Application) -> QuerySet[InterviewSlot]:
    """Future slots of the application's vacancy that nobody holds, for HR to offer it."""
    return (
        InterviewSlot.objects.filter(vacancy=application.vacancy, start__gt=timezone.now())
        .filter(Q(bespoke_for__isnull=True) | Q(bespoke_for=application))
        .exclude(interviews__status__in=ACTIVE_INTERVIEW)
        .order_by("start")
    )


def current_interview(application: Application) -> Interview | None:
    """The application's booked or held interview, if any."""
    return (
        application.interviews.filter(status__in=ACTIVE_INTERVIEW)
        .select_related("slot")
        .order_by("-booked_at")
        .first()
    )


def cancelled_with_reason(application: Application, *, besides: Interview | None = None):
    """Interviews HR cancelled with a reason the applicant should read."""
    return (
        application.interviews.exclude(pk=besides.pk if besides else None)
        .filter(status=InterviewStatus.CANCELLED, change_reason__gt="")
        .select_related("slot")
    )


def interview_for_mail(pk) -> Interview:
    return (
        Interview.objects.select_related("slot", "application__vacancy", "application__applicant")
        .prefetch_related("slot__panel")
        .get(pk=pk)
    )


def interviews_due_a_reminder(now: datetime.datetime, *, hours: int) -> list:
    """Booked interviews starting within ``hours`` whose reminder has not gone."""
    return list(
        Interview.objects.filter(
            status=InterviewStatus.BOOKED,
            reminder_sent_at__isnull=True,
            slot__start__gt=now,
            slot__start__lte=now + datetime.timedelta(hours=hours),
        ).values_list("pk", flat=True)
    )


def interviews_with_scorecards(application: Application) -> QuerySet[Interview]:
    """The application's interviews, newest first, with slots, panels and scorecards."""
    return (
        Interview.objects.filter(application=application)
        .select_related("slot")
        .prefetch_related("slot__panel", "scorecards__panel_member")
        .order_by("-booked_at")
    )


# Pre-employment checks and the first day -----------------------------------------------

# Checks still to do on offers that are still going ahead.
CHECKS_OPEN_OFFER = (
    OfferState.DRAFT,
    OfferState.SENDING,
    OfferState.SEND_FAILED,
    OfferState.SENT,
    OfferState.ACCEPTED,
)


def can_see_checks(user) -> bool:
    """Only HR see check details (numbers, outcomes, notes)."""
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("recruitment.view_preemploymentcheck")
    )


def checks_visible_to(user) -> QuerySet[PreEmploymentCheck]:
    """Every offer's checks for HR; nothing for anyone else."""
    if not can_see_checks(user):
        return PreEmploymentCheck.objects.none()
    return PreEmploymentCheck.objects.select_related(
        "offer__application__vacancy", "checked_by"
    ).order_by("offer__proposed_start_date", "offer_id", "kind")


def checks_pending(user) -> QuerySet[PreEmploymentCheck]:
    """HR's dashboard: checks not done yet on offers still going ahead."""
    return checks_visible_to(user).filter(
        status=CheckStatus.PENDING, offer__state__in=CHECKS_OPEN_OFFER
    )


def checks_needed_from_applicant(offer: Offer) -> list[PreEmploymentCheck]:
    """What the applicant still has to do: pending checks' kind and plain-words action,
    nothing about outcomes or numbers (only those two fields are read)."""
    if offer.state not in CHECKS_OPEN_OFFER:
        return []
    return list(
        offer.checks.filter(status=CheckStatus.PENDING).only(
            "id", "offer_id", "kind", "applicant_action"
        )
    )


def check_for_hr(user, pk) -> PreEmploymentCheck:
    """One check HR may record; raises PreEmploymentCheck.DoesNotExist otherwise."""
    return checks_visible_to(user).get(pk=pk)


def offer_for_hr(user, pk) -> Offer | None:
    """An offer for whoever may see checks (HR); None when it is not theirs to see."""
    if not can_see_checks(user):
        return None
    try:
        return Offer.objects.select_related("application").filter(pk=pk).first()
    except (ValueError, ValidationError):
        return None


def offers_due_to_start(today: datetime.date) -> list:
    """Unconditional offers whose confirmed first day has come and who have not started."""
    return list(
        Offer.objects.filter(
            state=OfferState.UNCONDITIONAL,
            started_at__isnull=True,
            confirmed_start_date__lte=today,
        )
        .order_by("confirmed_start_date", "pk")
        .values_list("pk", flat=True)
    )


def offer_for_start_mail(pk) -> Offer | None:
    return (
        Offer.objects.select_related(
            "application__applicant", "cohort__mentor", "team", "staff_record"
        )
        .filter(pk=pk)
        .first()
    )


def dbs_checks_past_keeping(cutoff: datetime.date) -> QuerySet[PreEmploymentCheck]:
    """DBS checks made on or before ``cutoff`` whose certificate details are still held."""
    return PreEmploymentCheck.objects.filter(
        kind=CheckKind.DBS, checked_on__lte=cutoff, dbs_details_removed_at__isnull=True
    )
