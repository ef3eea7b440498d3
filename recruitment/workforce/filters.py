"""The workforce page's filters, in the address: period, service area, team,
programme and campaign. Values the viewer may not choose are dropped, not errors."""

import datetime

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.filters import ModelChoiceFilter
from recruitment.workforce import rules, selectors
from recruitment.workforce.models import WorkforceMonth
from recruitment.workforce.sections import Scope

PERIODS = {
    "12": (_("The last 12 months"), 12),
    "24": (_("The last 2 years"), 24),
    "60": (_("The last 5 years"), 60),
    "6": (_("The last 6 months"), 6),
}
DEFAULT_PERIOD = "12"


def _wide() -> forms.Select:
    return forms.Select(attrs={"class": "govuk-!-width-full"})


def _areas(request):
    return selectors.areas_visible_to(request.user)


def _teams(request):
    return selectors.teams_visible_to(request.user)


def _programmes(request):
    return selectors.programmes_visible_to(request.user)


def _campaigns(request):
    return selectors.campaigns_visible_to(request.user)


class WorkforceFilter(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(
        method="keep",
        choices=[(key, label) for key, (label, _months) in PERIODS.items()],
        empty_label=None,
        label=_("Period"),
        widget=_wide(),
    )
    area = ModelChoiceFilter(
        field_name="service_area",
        queryset=_areas,
        to_field_name="slug",
        empty_label=_("Every service area you can see"),
        label=_("Service area"),
        widget=_wide(),
    )
    team = ModelChoiceFilter(
        queryset=_teams, empty_label=_("Any team"), label=_("Team"), widget=_wide()
    )
    programme = ModelChoiceFilter(
        method="keep",
        queryset=_programmes,
        to_field_name="slug",
        empty_label=_("Any programme"),
        label=_("Programme (cohort outcomes)"),
        widget=_wide(),
    )
    campaign = ModelChoiceFilter(
        method="keep",
        queryset=_campaigns,
        to_field_name="slug",
        empty_label=_("Any campaign"),
        label=_("Campaign (recruitment)"),
        widget=_wide(),
    )

    class Meta:
        model = WorkforceMonth
        fields = ["period", "area", "team", "programme", "campaign"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound and not self.form.is_valid():
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            for name in self.form.errors:
                data.pop(name, None)
            self.data = data
            del self._form

    def keep(self, queryset, name, value):
        """Not a filter on the month rows: the sections read it from the scope."""
        return queryset

    @property
    def applied(self) -> bool:
        return any(self.data.get(name) for name in ("area", "team", "programme", "campaign")) or (
            self.data.get("period", DEFAULT_PERIOD) != DEFAULT_PERIOD
        )

    def scope(self, user, today: datetime.date | None = None) -> Scope:
        today = today or timezone.localdate()
        values = self.form.cleaned_data if self.form.is_valid() else {}
        months = PERIODS[values.get("period") or DEFAULT_PERIOD][1]
        last = rules.last_complete_month(today)
        area_ids = selectors.visible_area_ids(user)
        area, team = values.get("area"), values.get("team")
        if area is not None:
            area_ids = frozenset({area.pk})
        if team is not None:
            area_ids = frozenset({team.service_area_id})
        return Scope(
            first_month=rules.add_months(last, -(months - 1)),
            last_month=last,
            area_ids=area_ids,
            team_id=team.pk if team else None,
            programme_id=values["programme"].pk if values.get("programme") else None,
            campaign_id=values["campaign"].pk if values.get("campaign") else None,
            links_to_records=selectors.sees_every_area(user),
        )
