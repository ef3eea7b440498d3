"""The "Cohorts" listings' filters.

Every filter by a related row takes its id through ``portal.filters``' bounded
fields (an id no row could have filters nothing), and every filter by a person
lists only the people who may be there: never every account on the portal.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from cohorts import progress, selectors
from cohorts.models import (
    Cohort,
    Enrolment,
    PartnerCoordinator,
    Placement,
    PracticeSupervisor,
    Programme,
    TaughtSession,
)
from portal.filters import ModelChoiceFilter
from portal.models import Organisation, Team


def _cohorts(request):
    return Cohort.objects.select_related("programme")


def _teams(request):
    return Team.objects.select_related("service_area")


def _organisations(request):
    return Organisation.objects.all()


def _programmes(request):
    return Programme.objects.all()


def _mentors(request):
    return selectors.cohort_mentors()


class CohortFilterSet(WagtailFilterSet):
    programme = ModelChoiceFilter(queryset=_programmes, label=_("Programme"))
    mentor = ModelChoiceFilter(queryset=_mentors, label=_("Head of service mentor"))

    class Meta:
        model = Cohort
        fields = ["programme", "start_date", "mentor"]


class EnrolmentFilterSet(WagtailFilterSet):
    cohort = ModelChoiceFilter(queryset=_cohorts, label=_("Cohort"))
    employer = ModelChoiceFilter(queryset=_organisations, label=_("Employer"))
    status = django_filters.ChoiceFilter(choices=Enrolment.Status.choices, label=_("Status"))
    service = django_filters.ChoiceFilter(choices=Enrolment.Service.choices, label=_("Service"))

    class Meta:
        model = Enrolment
        fields = ["cohort", "employer", "status", "service"]


class PlacementFilterSet(WagtailFilterSet):
    cohort = ModelChoiceFilter(queryset=_cohorts, field_name="enrolment__cohort", label=_("Cohort"))
    team = ModelChoiceFilter(queryset=_teams, label=_("Team"))
    status = django_filters.ChoiceFilter(choices=Placement.Status.choices, label=_("Status"))
    # The back-office home's "without sign-off" figure links here (stage=due).
    stage = django_filters.ChoiceFilter(
        choices=progress.SupervisionStage.choices,
        method="filter_stage",
        label=_("Where it stands today"),
    )

    class Meta:
        model = Placement
        fields = ["cohort", "team", "status", "stage"]

    def filter_stage(self, queryset, name, value):
        return selectors.in_stage(queryset, value, timezone.localdate())


class SessionFilterSet(WagtailFilterSet):
    cohort = ModelChoiceFilter(queryset=_cohorts, label=_("Cohort"))

    class Meta:
        model = TaughtSession
        fields = ["cohort", "kind", "date"]


class PracticeSupervisorFilterSet(WagtailFilterSet):
    team = ModelChoiceFilter(queryset=_teams, label=_("Team"))

    class Meta:
        model = PracticeSupervisor
        fields = ["restorative_trained", "team"]


class PartnerCoordinatorFilterSet(WagtailFilterSet):
    organisation = ModelChoiceFilter(queryset=_organisations, label=_("Organisation"))

    class Meta:
        model = PartnerCoordinator
        fields = ["organisation"]
