"""Every read a view, export or report needs, scoped to the person asking.

One ``*_visible_to(user)`` per model decides which rows a person may see:
members their own, mentors their cohorts', supervisors their placements',
partner coordinators their organisation's, HR and workforce leads all. Views
look objects up through these, so anything else answers 404.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import conf
from cohorts.models import (
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentPause,
    MentoringMeeting,
    OffTheJobLog,
    Placement,
    PlacementDayLog,
    Programme,
    TaughtSession,
)
from cohorts.services import attendance_rate, review_dates
from portal import roles
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
        from cohorts.models import PartnerCoordinator

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
    scope = Q(**{f"{prefix}member": user})
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


def supervised_placements(user):
    """Placements where ``user`` is the practice supervisor, with days logged."""
    return with_days_logged(
        Placement.objects.filter(supervisor=user)
        .exclude(status=Placement.Status.CANCELLED)
        .select_related("enrolment__member", "enrolment__cohort__programme", "team")
        .order_by("end_date", "enrolment__member__last_name")
    )


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
    ).prefetch_related(
        Prefetch("placements", queryset=placements, to_attr="placement_list"),
        Prefetch("pauses", queryset=EnrolmentPause.objects.all(), to_attr="pause_list"),
    )


def describe(enrolment: Enrolment, today: datetime.date | None = None) -> Enrolment:
    """Work out, without queries, what a dashboard says about an annotated enrolment."""
    today = today or timezone.localdate()
    programme = enrolment.cohort.programme
    counts = {
        Attendance.Status.PRESENT: enrolment.attended_present,
        Attendance.Status.LATE: enrolment.attended_late,
        Attendance.Status.ABSENT: enrolment.attended_absent,
        Attendance.Status.EXCUSED: enrolment.attended_excused,
    }
    enrolment.attendance_rate = attendance_rate(counts)
    enrolment.attendance_percent = (
        round(enrolment.attendance_rate * 100) if enrolment.attendance_rate is not None else None
    )
    enrolment.sessions_recorded = sum(counts.values())
    placements = sorted(enrolment.placement_list, key=lambda p: p.start_date)
    enrolment.current_placement = next((p for p in placements if p.is_current_on(today)), None)
    enrolment.next_placement = next((p for p in placements if p.start_date > today), None)
    enrolment.past_placements = [p for p in placements if p.end_date < today]
    enrolment.timeline = placements
    skills_counted = enrolment.skills_days
    if programme.max_skills_days is not None:
        skills_counted = min(skills_counted, Decimal(programme.max_skills_days))
    enrolment.days_counted = enrolment.practice_days + skills_counted
    enrolment.days_required = programme.practice_learning_days
    week = max((today - enrolment.start_date).days // 7 + 1, 1)
    enrolment.off_the_job_target = programme.off_the_job_hours_per_week
    if enrolment.off_the_job_target:
        paused_days = sum(
            (min(p.end_date, today) - p.start_date).days + 1
            for p in enrolment.pause_list
            if p.start_date <= today
        )
        weeks = max(((today - enrolment.start_date).days - paused_days) / 7, 1)
        enrolment.off_the_job_average = (
            Decimal(enrolment.off_the_job_hours) / Decimal(weeks)
        ).quantize(Decimal("0.1"))
    else:
        enrolment.off_the_job_average = None
    every = programme.supervision_every(week)
    enrolment.supervision_every = (
        Programme.SupervisionEvery(every).label
        if every in Programme.SupervisionEvery.values
        else None
    )
    reviews = review_dates(enrolment, enrolment.pause_list)
    enrolment.reviews = reviews
    enrolment.next_review = next((r for r in reviews if r["date"] >= today), None)
    enrolment.attention = attention_reasons(enrolment, today)
    return enrolment


def attention_reasons(enrolment: Enrolment, today: datetime.date) -> list[str]:
    """Why a mentor should look at this member first; the longer the list, the sooner."""
    reasons = []
    if enrolment.status == Enrolment.Status.PAUSED:
        reasons.append(str(_("Programme paused")))
    if not enrolment.is_current:
        return reasons
    started = enrolment.start_date <= today
    if started and enrolment.current_placement is None and enrolment.timeline:
        reasons.append(str(_("No placement at the moment")))
    elif started and not enrolment.timeline:
        reasons.append(str(_("No placements planned")))
    if (
        enrolment.attendance_rate is not None
        and enrolment.attendance_rate < conf.attendance_attention_below()
    ):
        reasons.append(
            str(_("Attendance %(percent)s%%") % {"percent": enrolment.attendance_percent})
        )
    quiet_since = enrolment.last_meeting or enrolment.start_date
    if started and (today - quiet_since).days > conf.meeting_attention_after_days():
        reasons.append(str(_("No mentoring meeting for over 6 weeks")))
    if enrolment.days_required and started:
        length = max((enrolment.expected_end_date - enrolment.start_date).days, 1)
        elapsed = min((today - enrolment.start_date).days, length)
        expected = Decimal(enrolment.days_required) * Decimal(elapsed) / Decimal(length)
        if expected >= 10 and enrolment.days_counted < expected * Decimal("0.75"):
            reasons.append(str(_("Practice-learning days behind")))
    if (
        enrolment.off_the_job_target
        and started
        and (today - enrolment.start_date).days >= 28
        and enrolment.off_the_job_average < enrolment.off_the_job_target
    ):
        reasons.append(str(_("Off-the-job training below target")))
    review = enrolment.next_review
    if review and (review["date"] - today).days <= conf.review_soon_days():
        reasons.append(
            str(_("Review due %(date)s") % {"date": review["date"].strftime("%-d %B %Y")})
        )
    return reasons


def my_enrolments(user, today: datetime.date | None = None) -> list[Enrolment]:
    """A member's own enrolments, newest first, described for "My training"."""
    enrolments = with_progress(
        Enrolment.objects.filter(member=user)
        .select_related("cohort__programme", "cohort__mentor", "cohort__university", "employer")
        .order_by("-start_date")
    )
    return [describe(e, today) for e in enrolments]


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
        .select_related("member", "cohort__programme", "employer")
        .order_by("member__last_name", "member__first_name")
    )
    by_cohort: dict[int, list] = {c.pk: [] for c in cohorts}
    for enrolment in enrolments:
        by_cohort[enrolment.cohort_id].append(describe(enrolment, today))
    for cohort in cohorts:
        members = by_cohort[cohort.pk]
        members.sort(key=lambda e: (-len(e.attention), e.member.last_name))
        cohort.members = members
        cohort.current_count = sum(1 for e in members if e.is_current)
        cohort.needing_attention = sum(1 for e in members if e.attention)
    return cohorts


def cohort_members(cohort: Cohort, today: datetime.date | None = None) -> list[Enrolment]:
    today = today or timezone.localdate()
    enrolments = with_progress(
        cohort.enrolments.select_related("member", "cohort__programme", "employer").order_by(
            "member__last_name", "member__first_name"
        )
    )
    members = [describe(e, today) for e in enrolments]
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


def mentored_enrolments(user):
    """Members of the cohorts ``user`` mentors: the mentor's pages show only these."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.select_related(
        "member", "cohort__programme", "cohort__mentor", "employer"
    ).filter(cohort__mentor=user)


def coordinated_organisation(user):
    from cohorts.models import PartnerCoordinator

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


def placements_awaiting_sign_off(today: datetime.date, *, ahead_days: int = 7, behind_days=30):
    """Placements ending within a week, or ended in the last month, not yet signed off."""
    return (
        Placement.objects.filter(
            supervisor__isnull=False,
            status__in=[Placement.Status.PLANNED, Placement.Status.IN_PROGRESS],
            end_date__gte=today - datetime.timedelta(days=behind_days),
            end_date__lte=today + datetime.timedelta(days=ahead_days),
        )
        .select_related("supervisor", "enrolment__member", "team")
        .order_by("supervisor_id", "end_date")
    )
