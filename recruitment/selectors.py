"""Every read of applications and interviews, scoped to the person who asks.

Views, exports, reports and tasks read through these; nothing here writes.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import SiteSettings
from cohorts.models import Cohort
from portal import roles
from portal.calendar import local_date
from recruitment import (
    conf,
    fast_track,
    guaranteed_interview,
    history,
    offering,
    reference_chasing,
    routing,
)
from recruitment.choices import (
    ACTIVE_INTERVIEW,
    LIVE_OFFER,
    UNSUCCESSFUL,
    CheckKind,
    CheckStatus,
    InterviewStatus,
    OfferState,
    ReferenceState,
    Status,
)
from recruitment.models import (
    Application,
    DataExport,
    Interview,
    InterviewSlot,
    Offer,
    OfferPolicy,
    PreEmploymentCheck,
    ReferenceRequest,
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


# What HR's list shows of each row (``ApplicationViewSet.list_display``), and nothing more:
# at 100,000 applications a page of fifty rows was spending its time building every
# column of the application, its vacancy page and its campaign page.
LIST_COLUMNS = (
    "id",
    "status",
    "route",
    "suggested_route",
    "is_fast_track",
    "fast_track_due",
    "interview_offered_at",
    "tracking_code",
    "agency_name",
    "submitted_at",
)


def applications_list_for_hr(user) -> QuerySet[Application]:
    """HR's list: the columns it shows, the vacancy's title read in the same query
    (``vacancy_title``) rather than the whole vacancy page."""
    return (
        applications_for_hr(user)
        .select_related(None)
        .only(*LIST_COLUMNS)
        # A subquery, not a join: the page's count leaves it out.
        .annotate(
            vacancy_title=Subquery(Page.objects.filter(pk=OuterRef("vacancy_id")).values("title"))
        )
    )


def applications_export_for_hr(user) -> QuerySet[Application]:
    """HR's list as a spreadsheet: every exported field, without the long answers."""
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


# References -----------------------------------------------------------------------


def can_see_references(user) -> bool:
    """HR only: a reference's answers are never shown to the panel or the applicant."""
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("recruitment.view_referencerequest")
    )


def overdue_references_q(now: datetime.datetime) -> Q:
    """Requested, not answered, and past the second chaser or the link's expiry."""
    return Q(state=ReferenceState.REQUESTED) & (
        Q(requested_at__lt=now - reference_chasing.OVERDUE_AFTER) | Q(expires_at__lte=now)
    )


def references_visible_to(user) -> QuerySet[ReferenceRequest]:
    """Every reference request, for HR; nothing for anyone else. Annotated ``overdue``."""
    if not can_see_references(user):
        return ReferenceRequest.objects.none()
    return (
        ReferenceRequest.objects.select_related("application__vacancy", "assessed_by")
        .annotate(
            overdue=ExpressionWrapper(
                overdue_references_q(timezone.now()), output_field=BooleanField()
            )
        )
        .order_by("-requested_at")
    )


def references_overdue(user) -> QuerySet[ReferenceRequest]:
    return references_visible_to(user).filter(overdue_references_q(timezone.now()))


def reference_for_hr(user, pk) -> ReferenceRequest:
    """One request HR may see (raises DoesNotExist, or ValidationError for a bad id)."""
    return references_visible_to(user).select_related("referee", "requested_by").get(pk=pk)


def references_for_application(user, application: Application) -> QuerySet[ReferenceRequest]:
    return references_visible_to(user).filter(application=application).order_by("requested_at")


def reference_for_mail(pk) -> ReferenceRequest | None:
    return ReferenceRequest.objects.select_related("application__vacancy").filter(pk=pk).first()


def references_due_a_chaser(now: datetime.datetime) -> list:
    """Requests that may be due a chaser (the claim decides, under a lock)."""
    waiting = ReferenceRequest.objects.filter(
        state=ReferenceState.REQUESTED,
        expires_at__gt=now,
        requested_at__lte=now - reference_chasing.FIRST_CHASER,
        second_chaser_sent_at__isnull=True,
    )
    return list(waiting.values_list("pk", flat=True))


@dataclass(frozen=True)
class ReferenceArrival:
    """What the applicant may know of a reference: whom it is from and that it arrived."""

    referee_name: str
    arrived: bool


def references_for_applicant(application: Application) -> list[ReferenceArrival]:
    """One row per referee asked (the latest request each), never the content."""
    requests = ReferenceRequest.objects.filter(application=application).exclude(
        state=ReferenceState.REPLACED
    )
    return [
        ReferenceArrival(referee_name=name, arrived=state == ReferenceState.RECEIVED)
        for name, state in requests.order_by("requested_at").values_list("referee_name", "state")
    ]


# Offers -----------------------------------------------------------------------------
# (Offers part of issue 9: reads for offer_make, the letter, HR's offer list, the
# applicant's offer page and the offer sweeps.)


def offer_response_working_days() -> int:
    """How long an applicant has to answer: HR's setting, else the default (10)."""
    days = OfferPolicy.objects.values_list("response_working_days", flat=True).first()
    return days or offering.DEFAULT_RESPONSE_WORKING_DAYS


def offer_facts(application: Application) -> offering.OfferFacts:
    """What the offer rule (``recruitment.offering``) needs to know about an application."""
    interviews = (
        application.interviews.select_related("slot")
        .prefetch_related("slot__panel", "scorecards")
        .order_by("slot__start")
    )
    return offering.OfferFacts(
        status=application.status,
        interviews=tuple(
            offering.InterviewFacts(
                status=interview.status,
                start=interview.slot.start,
                panel=frozenset(member.pk for member in interview.slot.panel.all()),
                scored_by=frozenset(
                    card.panel_member_id for card in interview.scorecards.all() if card.submitted_at
                ),
            )
            for interview in interviews
        ),
        has_live_offer=Offer.objects.filter(
            application_id=application.pk, state__in=LIVE_OFFER
        ).exists(),
    )


def cohorts_for_offer(route: str, *, offered_on: datetime.date):
    """The cohorts an offer on ``route`` may name: its programmes', starting after the day."""
    kinds = offering.cohort_kinds(route)
    if not kinds:
        return Cohort.objects.none()
    return (
        Cohort.objects.filter(programme__kind__in=kinds, start_date__gt=offered_on)
        .select_related("programme")
        .order_by("start_date", "name")
    )


def can_see_offers(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm("recruitment.view_offer"))


def offers_visible_to(user):
    """Every offer, for HR (``recruitment.view_offer``); nothing for anyone else."""
    if not can_see_offers(user):
        return Offer.objects.none()
    return (
        Offer.objects.select_related("application__vacancy", "team")
        .defer(*(f"application__{name}" for name in LIST_DEFERRED if "__" not in name))
        .order_by("-made_at")
    )


def offers_awaiting_answer(user):
    """Letters sent and not yet answered, soonest deadline first."""
    return (
        offers_visible_to(user)
        .filter(state=OfferState.SENT)
        .order_by("response_deadline", "sent_at")
    )


def offers_send_failed(user):
    """Letters the worker could not render or mail: HR send them again."""
    return offers_visible_to(user).filter(state=OfferState.SEND_FAILED).order_by("-send_failed_at")


def starters_within(user, days: int, *, today: datetime.date | None = None):
    """Offers accepted or unconditional whose start date (confirmed, else proposed) falls
    from today to ``days`` days ahead, soonest first."""

    today = today or timezone.localdate()
    return (
        offers_visible_to(user)
        .filter(state__in=[OfferState.ACCEPTED, OfferState.UNCONDITIONAL])
        .annotate(starts_on=Coalesce("confirmed_start_date", "proposed_start_date"))
        .filter(starts_on__gte=today, starts_on__lte=today + datetime.timedelta(days=days))
        .order_by("starts_on")
    )


def offer_for_hr(user, pk):
    return (
        offers_visible_to(user)
        .select_related("cohort__programme", "letter_template", "made_by", "withdrawn_by")
        .prefetch_related("checks")
        .get(pk=pk)
    )


def live_offer(application: Application):
    return (
        Offer.objects.filter(application_id=application.pk, state__in=LIVE_OFFER)
        .select_related("team", "cohort")
        .first()
    )


def offer_for_applicant(user, application_pk):
    """The applicant's own offer once its letter was sent (the latest); None otherwise.

    A draft, a letter being sent or one that failed is HR's business, not yet theirs."""

    hidden = (OfferState.DRAFT, OfferState.SENDING, OfferState.SEND_FAILED)
    return (
        Offer.objects.filter(
            application__in=applications_for_applicant(user), application_id=application_pk
        )
        .exclude(state__in=hidden)
        .exclude(sent_at__isnull=True)
        .select_related("application__vacancy", "team", "cohort")
        .order_by("-sent_at")
        .first()
    )


def offer_for_mail(pk):
    return (
        Offer.objects.select_related(
            "application__vacancy", "application__applicant", "team", "cohort", "letter_template"
        )
        .filter(pk=pk)
        .first()
    )


@dataclasses.dataclass(frozen=True)
class LetterFacts:
    council_name: str
    deadline: datetime.date
    conditions: list
    site_settings: object


def site_settings():
    """The public site's settings (council name, logo, brand colour) for the letterhead."""

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def letter_facts(offer) -> LetterFacts:
    """What a letter says beyond the offer's own fields. Until the letter is sent, the
    deadline is the one it would have if sent today."""
    deadline = offer.response_deadline or offering.response_deadline(
        local_date(offer.sent_at or timezone.now()), offer_response_working_days()
    )
    settings = site_settings()
    return LetterFacts(
        council_name=settings.council_name,
        deadline=deadline,
        conditions=[check.get_kind_display() for check in offer.checks.all()],
        site_settings=settings,
    )


def offers_due_a_reminder(today: datetime.date) -> list:
    """Sent offers whose reminder day has come, not yet reminded."""

    waiting = Offer.objects.filter(
        state=OfferState.SENT, reminder_sent_at__isnull=True, response_deadline__gte=today
    ).values_list("pk", "response_deadline")
    return [pk for pk, deadline in waiting if offering.reminder_due(deadline, today)]


def offers_past_deadline(today: datetime.date) -> list:
    """Sent offers nobody answered by the end of their deadline's day."""

    return list(
        Offer.objects.filter(state=OfferState.SENT, response_deadline__lt=today).values_list(
            "pk", flat=True
        )
    )


# A letter still "being sent" after this long lost its task: the sweep sends it.
SENDING_STUCK_AFTER = datetime.timedelta(minutes=15)


def offers_stuck_sending(now: datetime.datetime) -> list:
    return list(
        Offer.objects.filter(
            state=OfferState.SENDING, send_requested_at__lt=now - SENDING_STUCK_AFTER
        ).values_list("pk", flat=True)
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
    return pending_among(checks_visible_to(user))


def pending_among(checks: QuerySet[PreEmploymentCheck]) -> QuerySet[PreEmploymentCheck]:
    """Of ``checks``, those not done yet on offers still going ahead (the dashboard's count
    and the list's "Not done yet" filter are the same rows)."""
    return checks.filter(status=CheckStatus.PENDING, offer__state__in=CHECKS_OPEN_OFFER)


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
