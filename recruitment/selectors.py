"""Every read of applications, scoped to the person who asks."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from recruitment.models import (
    ACTIVE_INTERVIEW,
    Application,
    DataExport,
    Interview,
    InterviewStatus,
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
        Application.objects.exclude(status="draft")
        .select_related("vacancy", "campaign")
        .order_by("-submitted_at")
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
