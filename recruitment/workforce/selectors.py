"""Who sees which part of the workforce picture.

Workforce leads and HR see every service area; a head of service (the mentor
role) sees the service area of the team on their own open staff record;
everybody else, partner coordinators included (they have ``/partner/``), sees
none. Every view, export and report of the workforce picture asks here.
"""

from django.db.models import Q

from cms.models import CampaignPage
from cohorts.models import Programme
from portal import roles
from portal.models import ServiceArea, StaffTeamPeriod, Team


def sees_every_area(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or roles.has_role(user, roles.WORKFORCE_LEAD, roles.HR_OFFICER)
    )


def may_see_workforce(user) -> bool:
    return sees_every_area(user) or (user.is_authenticated and roles.has_role(user, roles.MENTOR))


def visible_area_ids(user) -> frozenset[int] | None:
    """None for every area; otherwise the ids the viewer may see (perhaps none)."""
    if sees_every_area(user):
        return None
    if not may_see_workforce(user):
        return frozenset()
    return frozenset(
        StaffTeamPeriod.objects.filter(
            staff__person=user, staff__end_date__isnull=True, end_date__isnull=True
        ).values_list("team__service_area_id", flat=True)
    )


def areas_visible_to(user):
    area_ids = visible_area_ids(user)
    areas = ServiceArea.objects.order_by("sort_order", "name")
    return areas if area_ids is None else areas.filter(pk__in=area_ids)


def teams_visible_to(user):
    area_ids = visible_area_ids(user)
    teams = Team.objects.select_related("service_area").order_by("service_area__sort_order", "name")
    return teams if area_ids is None else teams.filter(service_area_id__in=area_ids)


def programmes_visible_to(user):
    return (
        Programme.objects.order_by("name") if may_see_workforce(user) else Programme.objects.none()
    )


def campaigns_visible_to(user):
    if not may_see_workforce(user):
        return CampaignPage.objects.none()
    return CampaignPage.objects.filter(Q(live=True) | Q(first_published_at__isnull=False)).order_by(
        "title"
    )
