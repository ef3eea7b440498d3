"""Reads for protected caseloads: whose counts a manager enters, and the team view.

A worker's team is their open staff record's open ``StaffTeamPeriod``; a
worker's count in the team view is their latest within the last
``COUNT_WITHIN_DAYS`` days. Every read here is a fixed number of queries.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from cohorts import caseload_rules
from cohorts.models import (
    CaseloadBreach,
    CaseloadCount,
    Enrolment,
    EnrolmentPause,
    Placement,
    PracticeSupervisor,
)
from cohorts.selectors import managed_enrolments, mentored_enrolments, sees_everything
from portal.models import ServiceArea, StaffTeamPeriod, Team

COUNT_WITHIN_DAYS = 28


def managed_team_ids(user) -> list[int]:
    return list(
        PracticeSupervisor.objects.filter(user=user, team__isnull=False).values_list(
            "team_id", flat=True
        )
    )


def caseload_workers(user, today: datetime.date | None = None):
    """The workers whose counts ``user`` enters: their team's staff and the learners they
    line-manage. Each carries ``count_today`` (or None)."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return get_user_model().objects.none()
    in_team = StaffTeamPeriod.objects.filter(
        end_date__isnull=True,
        staff__end_date__isnull=True,
        team__practice_supervisors__user=user,
    ).values("staff__person_id")
    managed = Enrolment.objects.filter(
        line_manager=user, status__in=Enrolment.CURRENT_STATUSES
    ).values("member_id")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=in_team) | Q(pk__in=managed))
        .exclude(pk=user.pk)
        .annotate(
            count_today=Subquery(
                CaseloadCount.objects.filter(person=OuterRef("pk"), date=today).values("count")[:1]
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


def team_view_areas(user, today: datetime.date | None = None):
    """The service areas whose teams ``user`` sees in the team view."""
    today = today or timezone.localdate()
    if sees_everything(user):
        return ServiceArea.objects.all()
    if not user.is_authenticated:
        return ServiceArea.objects.none()
    placed = Placement.objects.filter(
        Q(enrolment__cohort__mentor=user) | Q(enrolment__line_manager=user),
        start_date__lte=today,
        end_date__gte=today,
    ).values("team__service_area_id")
    own = PracticeSupervisor.objects.filter(user=user, team__isnull=False).values(
        "team__service_area_id"
    )
    return ServiceArea.objects.filter(Q(pk__in=placed) | Q(pk__in=own))


def team_view(user, today: datetime.date | None = None, within_days: int = COUNT_WITHIN_DAYS):
    """Per service area: each team's average, workers over cap, and the teams with most room.

    Four queries, whatever the number of workers.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=within_days)
    areas = list(team_view_areas(user, today))
    periods = list(
        StaffTeamPeriod.objects.filter(
            end_date__isnull=True, staff__end_date__isnull=True, team__service_area__in=areas
        )
        .annotate(
            latest=Subquery(
                CaseloadCount.objects.filter(
                    person=OuterRef("staff__person_id"), date__gte=since, date__lte=today
                )
                .order_by("-date")
                .values("count")[:1]
            )
        )
        .filter(latest__isnull=False)
        .values("team_id", "latest", "staff__person_id")
    )
    people = {p["staff__person_id"] for p in periods}
    learners = (
        Enrolment.objects.filter(member_id__in=people, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("cohort__programme", "member")
        .prefetch_related(
            Prefetch("pauses", queryset=EnrolmentPause.objects.all(), to_attr="pause_list")
        )
    )
    caps = {}
    names = {}
    for enrolment in learners:
        cap = caseload_rules.cap_on(enrolment, today, enrolment.pause_list)
        if cap is not None:
            caps[enrolment.member_id] = cap
            names[enrolment.member_id] = enrolment
    workers = [
        caseload_rules.Worker(
            team_id=p["team_id"], count=p["latest"], cap=caps.get(p["staff__person_id"])
        )
        for p in periods
    ]
    figures = caseload_rules.team_figures(workers)
    over = [
        {"enrolment": names[p["staff__person_id"]], "count": p["latest"], "team_id": p["team_id"]}
        for p in periods
        if caseload_rules.is_over(p["latest"], caps.get(p["staff__person_id"]))
    ]
    teams = Team.objects.filter(service_area__in=areas).select_related("service_area")
    by_area = {area.pk: {"area": area, "teams": []} for area in areas}
    for team in teams:
        row = figures.get(team.pk, {"average": None, "workers": 0, "over_cap": 0, "room": 0})
        by_area[team.service_area_id]["teams"].append(
            {
                "team": team,
                **row,
                "over": [o for o in over if o["team_id"] == team.pk],
            }
        )
    for entry in by_area.values():
        entry["most_room"] = sorted(
            (t for t in entry["teams"] if t["room"] > 0), key=lambda t: -t["room"]
        )[:3]
    with_all, without_learners = caseload_rules.service_averages(workers)
    return {
        "areas": [a for a in by_area.values() if a["teams"]],
        "average": with_all,
        "average_without_learners": without_learners,
        "workers": len(workers),
        "within_days": within_days,
    }


def open_breaches_visible_to(user):
    """Open breaches of the members ``user`` may see as manager, mentor or HR."""
    breaches = CaseloadBreach.objects.filter(ended_on__isnull=True).select_related(
        "enrolment__member"
    )
    if sees_everything(user):
        return breaches
    return breaches.filter(
        Q(enrolment__in=mentored_enrolments(user)) | Q(enrolment__in=managed_enrolments(user))
    )
