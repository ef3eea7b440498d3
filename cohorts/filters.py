"""The practice supervisor's list of placements: filters, sort and page, all in the address.

The address is the only input, and anyone can write one, so a value that
does not parse (a stage that does not exist, a cohort that is not one of the
supervisor's, a 30-digit team, a name longer than the box) counts as absent:
the list is what it would be without it, the form shows what was applied,
and nobody is told off for an address. The cohort and team choices are the
supervisor's own (``cohorts.selectors``); ids go through ``portal.filters``.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cohorts import progress, selectors
from portal.filters import ModelChoiceFilter

# Longer than any name a search could usefully match.
NAME_MAX_LENGTH = 100

SORTS = {
    "stage": (
        _("Sign-off due first"),
        ("stage_order", "end_date", "enrolment__member__last_name", "pk"),
    ),
    "end": (_("End date, soonest first"), ("end_date", "enrolment__member__last_name", "pk")),
    "start": (
        _("Start date, newest first"),
        ("-start_date", "enrolment__member__last_name", "pk"),
    ),
    "name": (
        _("Learner's name, A to Z"),
        ("enrolment__member__last_name", "enrolment__member__first_name", "start_date", "pk"),
    ),
}
DEFAULT_SORT = "stage"


def _wide_select() -> forms.Select:
    """A drop-down as wide as the filter column, so that long cohort names have the room."""
    return forms.Select(attrs={"class": "govuk-!-width-full"})


def _cohorts(request):
    return selectors.supervised_cohorts(request.user)


def _teams(request):
    return selectors.supervised_teams(request.user)


class SupervisedPlacementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_name",
        label=_("Learner's name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    stage = django_filters.ChoiceFilter(
        method="filter_stage",
        choices=progress.SupervisionStage.choices,
        empty_label=_("Any"),
        label=_("Where it stands"),
        widget=_wide_select(),
    )
    cohort = ModelChoiceFilter(
        field_name="enrolment__cohort",
        queryset=_cohorts,
        to_field_name="public_id",
        empty_label=_("Any cohort"),
        label=_("Cohort"),
        widget=_wide_select(),
    )
    team = ModelChoiceFilter(
        queryset=_teams,
        empty_label=_("Any team"),
        label=_("Team"),
        widget=_wide_select(),
    )
    sort = django_filters.ChoiceFilter(
        method="sort_by",
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        empty_label=None,
        label=_("Sort by"),
        widget=_wide_select(),
    )

    class Meta:
        # No model: the view passes the supervisor's placements, and the filters are declared.
        fields = ["q", "stage", "cohort", "team", "sort"]

    def __init__(self, data=None, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            self._drop_unparseable()

    def _drop_unparseable(self) -> None:
        """Keep only the values the form accepts, and build the form again from them."""
        if self.form.is_valid():
            return
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        for name in self.form.errors:
            data.pop(name, None)
        self.data = data
        del self._form

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", DEFAULT_SORT)
        return queryset

    @property
    def applied(self) -> dict:
        """The filters applied (not the sort), by name."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return {name: data.get(name) for name in ("q", "stage", "cohort", "team") if data.get(name)}

    @property
    def query_string(self) -> str:
        """The filters and sort as chosen, for the pages' links (without ``page``)."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        query = {}
        for name in self.filters:
            value = data.get(name)
            if name == "cohort" and value is not None:
                value = value.public_id
            elif name == "team" and value is not None:
                value = value.pk
            if value:
                query[name] = value
        return urlencode(query)

    def filter_name(self, queryset, name, value):
        for word in value.split()[:4]:
            queryset = queryset.filter(
                Q(enrolment__member__first_name__icontains=word)
                | Q(enrolment__member__last_name__icontains=word)
            )
        return queryset

    def filter_stage(self, queryset, name, value):
        return selectors.in_stage(queryset, value, self.today)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])
