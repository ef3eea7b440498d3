"""Every read a view, export or report needs, scoped to the person asking.

One ``*_visible_to(user)`` per model decides which rows a person may see:
members their own, mentors their cohorts', supervisors their placements',
partner coordinators their organisation's, HR and workforce leads all. Views
look objects up through these, so anything else answers 404. Selectors only
read: what a page says about what it reads comes from ``cohorts.progress``.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cohorts import conf, evidence_selectors, feeds, planner, progress
from cohorts.models import (
    Attendance,
    CalendarFeed,
    CaseloadBreach,
    CaseloadCount,
    Cohort,
    Enrolment,
    EnrolmentPause,
    MentoringMeeting,
    OffTheJobLog,
    PartnerCoordinator,
    Placement,
    PlacementDayLog,
    PracticeSupervisor,
    Programme,
    ReviewPoint,
    SupervisionSession,
    TaughtSession,
)
from portal import roles
from portal.models import StaffRecord, Team, User
from portal.roles import has_role


def sees_everything(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or has_role(user, roles.HR_OFFICER, roles.WORKFORCE_LEAD)
    )


def coordinated_organisation_id(user) -> int | None:
    if not has_role(user, roles.PARTNER_COORDINATOR):
        return None
    cached = getattr(user, "_cohorts_partner_org", False)
    if cached is False:
        cached = (
            PartnerCoordinator.objects.filter(user=user)
            .values_list("organisation_id", flat=True)
            .first()
        )
        user._cohorts_partner_org = cached
    return cached


def _enrolment_scope(user, prefix: str = "") -> Q | None:
    """Which enrolments ``user`` may see, as a Q on ``prefix`` + enrolment fields."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if sees_everything(user):
        return None
    # Line managers and assessors see the members they manage or assess, whatever
    # their role, as a placement's supervisor sees the learner placed with them.
    scope = (
        Q(**{f"{prefix}member": user})
        | Q(**{f"{prefix}line_manager": user})
        | Q(**{f"{prefix}assessor": user})
    )
    if has_role(user, roles.MENTOR):
        scope |= Q(**{f"{prefix}cohort__mentor": user})
    if has_role(user, roles.PRACTICE_SUPERVISOR):
        scope |= Q(
            **{f"{prefix}pk__in": Placement.objects.filter(supervisor=user).values("enrolment_id")}
        )
    organisation_id = coordinated_organisation_id(user)
    if organisation_id:
        scope |= Q(**{f"{prefix}employer_id": organisation_id})
    return scope


def enrolments_visible_to(user):
    scope = _enrolment_scope(user)
    queryset = Enrolment.objects.select_related("member", "cohort__programme", "employer")
    return queryset if scope is None else queryset.filter(scope)


def cohorts_visible_to(user):
    queryset = Cohort.objects.select_related("programme", "mentor", "university")
    if sees_everything(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    visible = Enrolment.objects.filter(_enrolment_scope(user)).values("cohort_id")
    scope = Q(pk__in=visible)
    if has_role(user, roles.MENTOR):
        scope |= Q(mentor=user)
    return queryset.filter(scope)


def mentored_cohorts(user):
    """The cohorts a head of service mentors (their own page shows only these)."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    return Cohort.objects.select_related("programme").filter(mentor=user)


def placements_visible_to(user):
    queryset = Placement.objects.select_related(
        "enrolment__member", "enrolment__cohort__programme", "team__service_area", "supervisor"
    )
    if sees_everything(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    scope = Q(enrolment__member=user)
    if has_role(user, roles.PRACTICE_SUPERVISOR):
        scope |= Q(supervisor=user)
    if has_role(user, roles.MENTOR):
        scope |= Q(enrolment__cohort__mentor=user)
    organisation_id = coordinated_organisation_id(user)
    if organisation_id:
        scope |= Q(enrolment__employer_id=organisation_id)
    return queryset.filter(scope)


def supervised_placements(user, today: datetime.date | None = None):
    """Placements where ``user`` is the practice supervisor, with days logged.

    Each carries ``stage``, where it stands today (``progress.SupervisionStage``),
    and ``stage_order``, the stages in the order a supervisor deals with them.
    """
    today = today or timezone.localdate()
    return with_days_logged(
        Placement.objects.filter(supervisor=user)
        .exclude(status=Placement.Status.CANCELLED)
        .select_related("enrolment__member", "enrolment__cohort__programme", "team")
        .annotate(stage=_stage(today), stage_order=_stage_order(today))
        .order_by("end_date", "enrolment__member__last_name", "pk")
    )


def supervised_cohorts(user):
    """The cohorts of the learners placed with ``user``: the supervisor's cohort filter."""
    return (
        Cohort.objects.filter(
            pk__in=Placement.objects.filter(supervisor=user)
            .exclude(status=Placement.Status.CANCELLED)
            .values("enrolment__cohort_id")
        )
        .select_related("programme")
        .order_by("-start_date", "name")
    )


def supervised_teams(user):
    """The teams ``user`` supervises placements in: the supervisor's team filter."""
    return Team.objects.filter(
        pk__in=Placement.objects.filter(supervisor=user)
        .exclude(status=Placement.Status.CANCELLED)
        .values("team_id")
    ).order_by("name")


def sessions_visible_to(user):
    queryset = TaughtSession.objects.select_related("cohort")
    if sees_everything(user):
        return queryset
    return queryset.filter(cohort__in=cohorts_visible_to(user).values("pk"))


def meetings_visible_to(user):
    """Mentoring notes are private to the mentor and the member: nobody else, not even HR."""
    if not user.is_authenticated:
        return MentoringMeeting.objects.none()
    return MentoringMeeting.objects.select_related("mentor", "enrolment__member").filter(
        Q(mentor=user) | Q(enrolment__member=user)
    )


def programmes_visible_to(user):
    return Programme.objects.all() if user.is_authenticated else Programme.objects.none()


# People a field may hold ---------------------------------------------------------
# Every drop-down of people in cohorts' forms, back office and front end, lists
# only who may hold that field, from one of these: never every account on the
# portal, whose applicants no cohorts page may name. ``keep`` is the person the
# field holds already, shown even if they no longer qualify, so that saving a
# record for another change never quietly empties the field.


def _with_role(*held: roles.Role) -> Q:
    members = User.groups.through.objects.filter(group__name__in=[role.name for role in held])
    return Q(pk__in=members.values("user_id"))


def _people(may_hold: Q, keep: int | None = None):
    people = Q(may_hold, is_active=True)
    if keep is not None:
        people |= Q(pk=keep)
    return User.objects.filter(people).order_by("last_name", "first_name", "email")


def mentor_choices(*, keep: int | None = None):
    """Who may mentor a cohort: heads of service (the MENTOR role)."""
    return _people(_with_role(roles.MENTOR), keep)


def assessor_choices(*, keep: int | None = None):
    """Who may assess a member or manage them: staff (a staff role, or Django staff)."""
    return staff_choices(keep=keep)


def supervisor_choices(*, keep: int | None = None):
    """Who may supervise a placement: the PRACTICE_SUPERVISOR role, or a practice supervisor's
    record in the back office."""
    return _people(
        _with_role(roles.PRACTICE_SUPERVISOR)
        | Q(pk__in=PracticeSupervisor.objects.values("user_id")),
        keep,
    )


def member_choices(*, keep: int | None = None):
    """Who may be enrolled in a cohort: never someone who has only applied for a post.

    The rule is people with a staff record (``portal.StaffRecord``) or an accepted
    offer. Offers do not exist yet, so the COHORT_MEMBER role (which a recruited
    applicant will gain on acceptance, recruitment may use cohorts but not the other
    way round) stands in for them; anyone already enrolled stays a choice.
    """
    return _people(
        _with_role(roles.COHORT_MEMBER)
        | Q(pk__in=StaffRecord.objects.values("person_id"))
        | Q(pk__in=Enrolment.objects.values("member_id")),
        keep,
    )


def partner_coordinator_choices(*, keep: int | None = None):
    """Who may speak for a partner organisation: the PARTNER_COORDINATOR role."""
    return _people(_with_role(roles.PARTNER_COORDINATOR), keep)


def staff_choices(*, keep: int | None = None):
    """Who may have a practice supervisor's record: staff (a staff role, or Django staff)."""
    return _people(
        _with_role(*(role for role in roles.ROLES if role.staff))
        | Q(is_staff=True)
        | Q(is_superuser=True),
        keep,
    )


def cohort_mentors():
    """The people who mentor a cohort now: the back office's filter of cohorts by mentor."""
    return User.objects.filter(pk__in=Cohort.objects.values("mentor_id")).order_by(
        "last_name", "first_name", "email"
    )


def open_placement_choices(*, keep: int | None = None):
    """Placements days may be logged on (open ones), for the back office's days-logged form."""
    placements = Q(status__in=Placement.OPEN_STATUSES)
    if keep is not None:
        placements |= Q(pk=keep)
    return (
        Placement.objects.filter(placements)
        .select_related("enrolment__member", "team")
        .order_by("enrolment__member__last_name", "enrolment__member__first_name", "start_date")
    )


def off_the_job_enrolment_choices(*, keep: int | None = None):
    """Enrolments that log off-the-job hours: current, on a programme that asks for them."""
    enrolments = Q(
        status__in=Enrolment.CURRENT_STATUSES,
        cohort__programme__off_the_job_hours_per_week__isnull=False,
    )
    if keep is not None:
        enrolments |= Q(pk=keep)
    return (
        Enrolment.objects.filter(enrolments)
        .select_related("member", "cohort")
        .order_by("member__last_name", "member__first_name", "cohort__start_date")
    )


# Shapes for the dashboards ---------------------------------------------------


def _sum_days(kind: str, outer: str = "pk", via: str = "placement__enrolment"):
    return Coalesce(
        Subquery(
            PlacementDayLog.objects.filter(**{via: OuterRef(outer), "kind": kind})
            .order_by()
            .values(via)
            .annotate(total=Sum("days"))
            .values("total")[:1],
            output_field=DecimalField(max_digits=7, decimal_places=1),
        ),
        Decimal("0"),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def _count_attendance(status: str):
    return Coalesce(
        Subquery(
            Attendance.objects.filter(enrolment=OuterRef("pk"), status=status)
            .order_by()
            .values("enrolment")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def with_days_logged(placements):
    return placements.annotate(
        practice_days=_sum_days(PlacementDayLog.Kind.PRACTICE, via="placement"),
        skills_days=_sum_days(PlacementDayLog.Kind.SKILLS, via="placement"),
    )


def with_progress(enrolments):
    """Enrolments annotated and prefetched for a dashboard: a fixed number of queries."""
    placements = Placement.objects.exclude(status=Placement.Status.CANCELLED).select_related(
        "team__service_area", "supervisor"
    )
    return enrolments.annotate(
        attended_present=_count_attendance(Attendance.Status.PRESENT),
        attended_late=_count_attendance(Attendance.Status.LATE),
        attended_absent=_count_attendance(Attendance.Status.ABSENT),
        attended_excused=_count_attendance(Attendance.Status.EXCUSED),
        practice_days=_sum_days(PlacementDayLog.Kind.PRACTICE),
        skills_days=_sum_days(PlacementDayLog.Kind.SKILLS),
        off_the_job_hours=Coalesce(
            Subquery(
                OffTheJobLog.objects.filter(enrolment=OuterRef("pk"))
                .order_by()
                .values("enrolment")
                .annotate(total=Sum("hours"))
                .values("total")[:1],
                output_field=DecimalField(max_digits=8, decimal_places=1),
            ),
            Decimal("0"),
            output_field=DecimalField(max_digits=8, decimal_places=1),
        ),
        last_meeting=Subquery(
            MentoringMeeting.objects.filter(enrolment=OuterRef("pk"))
            .order_by("-date")
            .values("date")[:1]
        ),
        # Protected caseloads: the latest count; the open breach is prefetched.
        latest_caseload=Subquery(
            CaseloadCount.objects.filter(person=OuterRef("member_id"))
            .order_by("-date")
            .values("count")[:1]
        ),
        latest_caseload_on=Subquery(
            CaseloadCount.objects.filter(person=OuterRef("member_id"))
            .order_by("-date")
            .values("date")[:1]
        ),
    ).prefetch_related(
        Prefetch(
            "caseload_breaches",
            queryset=CaseloadBreach.objects.filter(ended_on__isnull=True),
            to_attr="open_caseload_breaches",
        ),
        Prefetch("placements", queryset=placements, to_attr="placement_list"),
        Prefetch("pauses", queryset=EnrolmentPause.objects.all(), to_attr="pause_list"),
        # Reviews part: the review points, for next_review and the review panels.
        Prefetch("review_points", queryset=ReviewPoint.objects.all(), to_attr="review_list"),
        # Supervision: confirmed sessions' dates and lengths only, never the notes.
        Prefetch(
            "supervision_sessions",
            queryset=SupervisionSession.objects.filter(confirmed_at__isnull=False).only(
                "id", "enrolment_id", "date", "minutes"
            ),
            to_attr="confirmed_supervision",
        ),
        evidence_selectors.entries_prefetch(),
    )


def my_enrolments(user, today: datetime.date | None = None) -> list[Enrolment]:
    """A member's own enrolments, newest first, described for "My training"."""
    enrolments = with_progress(
        Enrolment.objects.filter(member=user)
        .select_related("cohort__programme", "cohort__mentor", "cohort__university", "employer")
        .order_by("-start_date")
    )
    return [progress.describe(e, today) for e in enrolments]


def upcoming_sessions_for(user, today: datetime.date | None = None, limit: int | None = None):
    today = today or timezone.localdate()
    sessions = (
        TaughtSession.objects.filter(
            cohort__enrolments__member=user,
            cohort__enrolments__status__in=Enrolment.CURRENT_STATUSES,
            date__gte=today,
        )
        .select_related("cohort")
        .order_by("date", "start_time")
        .distinct()
    )
    return sessions[:limit] if limit else sessions


def sessions_for_calendar(user):
    """Every session of the member's current cohorts, a year back and onwards."""
    since = timezone.localdate() - datetime.timedelta(days=365)
    return (
        TaughtSession.objects.filter(
            cohort__enrolments__member=user,
            cohort__enrolments__status__in=Enrolment.CURRENT_STATUSES,
            date__gte=since,
        )
        .select_related("cohort")
        .order_by("date", "start_time")
        .distinct()
    )


def mentor_dashboard(user, today: datetime.date | None = None) -> list[Cohort]:
    """The mentor's cohorts, each with its members described, neediest first."""
    today = today or timezone.localdate()
    cohorts = list(mentored_cohorts(user).order_by("-start_date"))
    enrolments = with_progress(
        Enrolment.objects.filter(cohort__in=[c.pk for c in cohorts])
        .select_related("member", "employer")
        .order_by("member__last_name", "member__first_name")
    )
    by_cohort: dict[int, list] = {c.pk: [] for c in cohorts}
    for enrolment in _with_cohorts(enrolments, cohorts):
        by_cohort[enrolment.cohort_id].append(progress.describe(enrolment, today))
    for cohort in cohorts:
        members = by_cohort[cohort.pk]
        members.sort(key=lambda e: (-len(e.attention), e.member.last_name))
        cohort.members = members
        cohort.current_count = sum(1 for e in members if e.is_current)
        cohort.needing_attention = sum(1 for e in members if e.attention)
    return cohorts


def _with_cohorts(enrolments, cohorts) -> list[Enrolment]:
    """The enrolments, each given its cohort (and programme) from ``cohorts``: one instance
    a cohort, not one an enrolment, because a cohort and its programme are costly to build
    from a row (the dashboards' time went there)."""
    by_pk = {cohort.pk: cohort for cohort in cohorts}
    enrolments = list(enrolments)
    for enrolment in enrolments:
        enrolment.cohort = by_pk[enrolment.cohort_id]
    return enrolments


def cohort_members(cohort: Cohort, today: datetime.date | None = None) -> list[Enrolment]:
    today = today or timezone.localdate()
    enrolments = with_progress(
        cohort.enrolments.select_related("member", "employer").order_by(
            "member__last_name", "member__first_name"
        )
    )
    members = [progress.describe(e, today) for e in _with_cohorts(enrolments, [cohort])]
    members.sort(key=lambda e: (-len(e.attention), e.member.last_name))
    return members


def attendance_for(enrolment: Enrolment):
    return (
        Attendance.objects.filter(enrolment=enrolment)
        .select_related("session")
        .order_by("-session__date")
    )


def partner_enrolments(organisation_id: int):
    return with_progress(
        Enrolment.objects.filter(employer_id=organisation_id)
        .select_related("member", "cohort__programme", "employer")
        .order_by("cohort__start_date", "member__last_name")
    )


def partner_cohorts(organisation_id: int):
    return (
        Cohort.objects.filter(
            Q(partners__organisation_id=organisation_id)
            | Q(enrolments__employer_id=organisation_id)
        )
        .distinct()
        .select_related("programme")
        .prefetch_related("partners", "enrolments__employer")
        .order_by("-start_date")
    )


def managed_enrolments(user):
    """Members ``user`` is responsible for day to day: as line manager, as assessor, or as
    the practice supervisor of their placement now. The manager's pages
    (``/supervision/learners/``) show only these."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    today = timezone.localdate()
    placed_now = Placement.objects.filter(
        supervisor=user, start_date__lte=today, end_date__gte=today
    ).exclude(status=Placement.Status.CANCELLED)
    return Enrolment.objects.select_related(
        "member", "cohort__programme", "cohort__mentor", "employer", "line_manager", "assessor"
    ).filter(Q(line_manager=user) | Q(assessor=user) | Q(pk__in=placed_now.values("enrolment_id")))


def managed_learners(user, today: datetime.date | None = None) -> list[Enrolment]:
    """The manager's current learners, described, neediest first (the manager's dashboard)."""
    today = today or timezone.localdate()
    enrolments = list(
        with_progress(
            managed_enrolments(user)
            .select_related(None)
            .select_related("member", "employer", "line_manager", "assessor")
            .filter(status__in=Enrolment.CURRENT_STATUSES)
            .order_by("member__last_name", "member__first_name")
        )
    )
    cohorts = Cohort.objects.select_related("programme", "mentor").filter(
        pk__in={e.cohort_id for e in enrolments}
    )
    members = [progress.describe(e, today) for e in _with_cohorts(enrolments, cohorts)]
    members.sort(key=lambda e: (-len(e.attention), e.member.last_name))
    return members


def mentored_enrolments(user):
    """Members of the cohorts ``user`` mentors: the mentor's pages show only these."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.select_related(
        "member", "cohort__programme", "cohort__mentor", "employer"
    ).filter(cohort__mentor=user)


def coordinated_organisation(user):
    link = PartnerCoordinator.objects.select_related("organisation").filter(user=user).first()
    return link.organisation if link else None


def cohorts_for_back_office():
    """Every cohort with its current member count, for the back-office listing."""
    return Cohort.objects.select_related("programme", "mentor").annotate(
        member_count=Count(
            "enrolments", filter=Q(enrolments__status__in=Enrolment.CURRENT_STATUSES)
        )
    )


def off_the_job_logs_for(enrolment: Enrolment):
    return OffTheJobLog.objects.filter(enrolment=enrolment)


# Sign-off: one rule (``progress.supervision_stage``) asked of the database ------------


def _sign_off_due(today: datetime.date) -> Q:
    """``progress.sign_off_due`` as a query: open, and ending by ``sign_off_due_by(today)``."""
    return Q(status__in=Placement.OPEN_STATUSES, end_date__lte=progress.sign_off_due_by(today))


def _stage_conditions(today: datetime.date) -> list[tuple[Q, str]]:
    """``progress.supervision_stage`` as queries, in its order (the first that holds wins)."""
    stage = progress.SupervisionStage
    return [
        (Q(status=Placement.Status.COMPLETED), stage.SIGNED_OFF),
        (_sign_off_due(today), stage.SIGN_OFF_DUE),
        (Q(status__in=Placement.OPEN_STATUSES, start_date__gt=today), stage.NOT_STARTED),
        (Q(status__in=Placement.OPEN_STATUSES), stage.CURRENT),
    ]


def _stage(today: datetime.date) -> Case:
    return Case(
        *(When(condition, then=Value(value)) for condition, value in _stage_conditions(today)),
        default=Value(""),
        output_field=CharField(),
    )


# The order a supervisor deals with them: sign-off first, signed off last.
STAGE_ORDER = (
    progress.SupervisionStage.SIGN_OFF_DUE,
    progress.SupervisionStage.CURRENT,
    progress.SupervisionStage.NOT_STARTED,
    progress.SupervisionStage.SIGNED_OFF,
)


def _stage_order(today: datetime.date) -> Case:
    return Case(
        *(
            When(condition, then=Value(STAGE_ORDER.index(value)))
            for condition, value in _stage_conditions(today)
        ),
        default=Value(len(STAGE_ORDER)),
        output_field=IntegerField(),
    )


def in_stage(placements, stage: str, today: datetime.date):
    """Of ``placements``, those in ``stage`` today (a ``progress.SupervisionStage`` value)."""
    conditions = _stage_conditions(today)
    for position, (condition, value) in enumerate(conditions):
        if value == stage:
            # An earlier stage wins: a placement due for sign-off is not "current".
            for earlier, _value in conditions[:position]:
                condition &= ~earlier
            return placements.filter(condition)
    return placements.none()


def placements_due_sign_off(today: datetime.date, *, supervisor: User | None = None):
    """Placements due for sign-off today (``progress.sign_off_due_by``), oldest end first.

    HR's dashboard counts all of them (one without a supervisor too: nobody can
    sign it off until HR names one); with ``supervisor``, only theirs, which is
    what the supervisor's own page counts. The reminders mail each supervisor
    theirs. One selector, so the figures always agree.
    """
    placements = Placement.objects.filter(_sign_off_due(today))
    if supervisor is not None:
        placements = placements.filter(supervisor=supervisor)
    return placements.select_related("supervisor", "enrolment__member", "team").order_by(
        "supervisor_id", "end_date", "pk"
    )


def paused_count() -> int:
    return Enrolment.objects.filter(status=Enrolment.Status.PAUSED).count()


def current_member_count(cohort: Cohort) -> int:
    """Members who still hold a place (active or paused): the size the 7-10 guidance means."""
    return cohort.enrolments.filter(status__in=Enrolment.CURRENT_STATUSES).count()


def partner_costs(cohorts, organisation) -> list[dict]:
    """Each cohort's cost shares as ``organisation`` sees them: only its own row.

    ``cohorts`` come from ``partner_cohorts`` (partners and enrolments prefetched).
    """
    return [
        {
            "cohort": cohort,
            **progress.cost_shares(
                cohort=cohort,
                enrolments=cohort.enrolments.all(),
                partners=cohort.partners.all(),
                organisation=organisation,
            ),
        }
        for cohort in cohorts
    ]


def day_logs_for(placement: Placement):
    return placement.day_logs.order_by("-week_starting")


def enrolments_with_placements():
    """Enrolments with their placements (and teams) in order, for the rotation mail."""
    return Enrolment.objects.select_related("member", "cohort").prefetch_related(
        Prefetch(
            "placements",
            queryset=Placement.objects.select_related("team").order_by("start_date"),
        )
    )


# Sessions and their registers ------------------------------------------------------


def sessions_for_mentor(user):
    """Sessions of the cohorts ``user`` mentors: the mentor's register pages show only these."""
    if not user.is_authenticated:
        return TaughtSession.objects.none()
    return TaughtSession.objects.select_related("cohort__programme").filter(cohort__mentor=user)


def upcoming_sessions(cohort: Cohort, today: datetime.date, limit: int = 5):
    """The cohort's next sessions, from today."""
    return cohort.sessions.filter(date__gte=today).order_by("date", "start_time")[:limit]


def recent_sessions(cohort: Cohort, today: datetime.date, limit: int = 5):
    """The cohort's sessions up to today, newest first: the registers a mentor may still take."""
    return cohort.sessions.filter(date__lte=today).order_by("-date", "-start_time")[:limit]


def register_for(session: TaughtSession) -> list[Enrolment]:
    """The session's register: its cohort's current members, and anyone already marked.

    Each enrolment carries ``marked``, its attendance status or "".
    """
    marked = Attendance.objects.filter(session=session).values("enrolment_id")
    return list(
        Enrolment.objects.filter(cohort_id=session.cohort_id)
        .filter(Q(status__in=Enrolment.CURRENT_STATUSES) | Q(pk__in=marked))
        .select_related("member")
        .annotate(
            marked=Coalesce(
                Subquery(
                    Attendance.objects.filter(session=session, enrolment=OuterRef("pk")).values(
                        "status"
                    )[:1]
                ),
                Value(""),
            )
        )
        .order_by("member__last_name", "member__first_name", "pk")
    )


def _feed_generation(user) -> int:
    generation = CalendarFeed.objects.filter(user=user).values_list("generation", flat=True)
    return generation.first() or 0


def calendar_feed_token(user) -> str:
    """The token in ``user``'s current calendar address (reading it writes nothing)."""
    return feeds.calendar_token(user.public_id, _feed_generation(user))


def calendar_feed_owner(token: str) -> User | None:
    """Whose calendar address ``token`` is, while it is current and they can sign in."""
    read = feeds.read_calendar_token(token)
    if read is None:
        return None
    public_id, generation = read
    user = User.objects.filter(public_id=public_id, is_active=True).first()
    if user is None or generation != _feed_generation(user):
        return None
    return user


# The rotation planner, fed from the database -------------------------------------------


def plan_for_cohort(cohort: Cohort) -> planner.Proposal:
    """The planner's proposal for a cohort's current members, given every placement made.

    Raises ``planner.PlanImpossible`` when no plan meets every rule.
    """
    programme = cohort.programme
    rules = planner.Rules(
        areas=tuple(programme.rotation_areas),
        induction_areas=tuple(programme.induction_areas),
        induction_months=programme.induction_months,
        first_area=programme.first_area,
    )
    teams = [
        planner.TeamInfo(
            id=t.pk,
            area=t.service_area.slug,
            capacity=t.learner_capacity,
            name=t.name,
            area_name=t.service_area.name,
        )
        for t in Team.objects.select_related("service_area")
    ]
    enrolments = list(
        cohort.enrolments.filter(status__in=Enrolment.CURRENT_STATUSES).select_related("member")
    )
    placements = list(
        Placement.objects.exclude(status=Placement.Status.CANCELLED)
        .filter(end_date__gte=cohort.start_date)
        .select_related("team__service_area")
    )
    mine = defaultdict(list)
    existing = []
    for placement in placements:
        existing.append((placement.team_id, placement.start_date, placement.end_date))
        mine[placement.enrolment_id].append(placement)
    members = []
    for enrolment in enrolments:
        own = mine.get(enrolment.pk, [])
        start = enrolment.start_date
        if own:
            start = max(p.end_date for p in own) + datetime.timedelta(days=1)
        if start >= enrolment.expected_end_date:
            continue
        members.append(
            planner.MemberInfo(
                id=enrolment.pk,
                start=start,
                end=enrolment.expected_end_date,
                name=str(enrolment.member),
                covered=frozenset(p.team.service_area.slug for p in own),
                needs_induction=not own,
            )
        )
    if not members:
        return planner.Proposal()
    return planner.propose(members=members, teams=teams, rules=rules, existing=existing)


def supervisors_by_team() -> dict[int, User]:
    """Each team's practice supervisor, one trained in restorative supervision first."""
    chosen = {}
    for supervisor in (
        PracticeSupervisor.objects.filter(team__isnull=False)
        .select_related("user")
        .order_by("-restorative_trained", "pk")
    ):
        chosen.setdefault(supervisor.team_id, supervisor.user)
    return chosen


# Reviews part ---------------------------------------------------------------------------


def reviews_visible_to(user):
    """Review points ``user`` may read: the member's own, their line manager's and
    assessor's, their cohort's mentor's, and HR's and workforce leads'. Placement
    supervisors and partner coordinators see no reviews."""
    queryset = ReviewPoint.objects.select_related(
        "enrolment__member",
        "enrolment__cohort__programme",
        "enrolment__line_manager",
        "enrolment__assessor",
    )
    if sees_everything(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    scope = (
        Q(enrolment__member=user) | Q(enrolment__line_manager=user) | Q(enrolment__assessor=user)
    )
    if has_role(user, roles.MENTOR):
        scope |= Q(enrolment__cohort__mentor=user)
    return queryset.filter(scope)


def reviews_to_remind(today: datetime.date):
    """Reviews not held, due within ``COHORTS_REVIEW_REMINDER_DAYS`` days, never reminded."""
    return ReviewPoint.objects.filter(
        held_on__isnull=True,
        reminded_at__isnull=True,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=conf.review_reminder_days()),
        enrolment__status=Enrolment.Status.ACTIVE,
    )


def asye_ready_from_degree(today: datetime.date | None = None):
    """Grow-your-own learners and apprentices who completed and whose open staff record
    carries a Social Work England number, not yet enrolled in an ASYE: HR are prompted
    to enrol them in the next ASYE cohort."""
    registered = StaffRecord.objects.filter(
        person=OuterRef("member"), end_date__isnull=True, swe_number__gt=""
    )
    return (
        Enrolment.objects.filter(
            status=Enrolment.Status.COMPLETED,
            cohort__programme__kind__in=(
                Programme.Kind.APPRENTICESHIP,
                Programme.Kind.GROW_YOUR_OWN,
            ),
        )
        .filter(Exists(registered))
        .exclude(
            member__enrolments__cohort__programme__kind=Programme.Kind.ASYE,
        )
        .select_related("member", "cohort")
        .order_by("status_changed_on")
    )


def next_asye_cohort(today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (
        Cohort.objects.filter(programme__kind=Programme.Kind.ASYE, start_date__gt=today)
        .order_by("start_date")
        .first()
    )
