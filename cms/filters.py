"""The vacancy list's filters; every choice lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.choices import ContractType, Route
from portal.models import ServiceArea

# (slug, label, lowest, highest) in pounds a year; a vacancy is in every band
# its salary range touches.
SALARY_BANDS = [
    ("up-to-30000", _("Up to £30,000"), 0, 29_999),
    ("30000-39999", _("£30,000 to £39,999"), 30_000, 39_999),
    ("40000-49999", _("£40,000 to £49,999"), 40_000, 49_999),
    ("50000-plus", _("£50,000 or more"), 50_000, None),
]

# What a vacancy card and its address need; the rest of a page (body,
# person specification, revisions) is not loaded for a list.
LIST_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "locale_id",
    "latest_revision_id",
    "first_published_at",
    "summary",
    "recruitment_route",
    "grade",
    "salary_min",
    "salary_max",
    "contract_type",
    "closing_date",
    "is_rolling",
    "service_area__name",
    "team__name",
)

SORTS = {
    "closing": (_("Closing soonest"), ("is_rolling", "closing_date", "title")),
    "newest": (_("Newest first"), ("-first_published_at", "title")),
    "salary": (_("Highest salary"), ("-salary_max", "title")),
}


def service_area_choices() -> list[tuple[str, str]]:
    return list(ServiceArea.objects.values_list("slug", "name"))


# Choices are given as callables: django-filter deep-copies every filter for
# each request, and copying lists of lazy strings was a tenth of the page's time.
class VacancyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_keyword",
        label=_("Keyword"),
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    route = django_filters.ChoiceFilter(
        field_name="recruitment_route",
        choices=lambda: Route.choices,
        empty_label=_("Any route"),
        label=_("Route"),
    )
    # Choices by slug, read once per request (see __init__): validating and
    # rendering share one list.
    service_area = django_filters.ChoiceFilter(
        field_name="service_area__slug",
        choices=[],
        empty_label=_("Any service area"),
        label=_("Service area"),
    )
    contract_type = django_filters.ChoiceFilter(
        choices=lambda: ContractType.choices,
        empty_label=_("Any contract"),
        label=_("Contract type"),
    )
    salary = django_filters.ChoiceFilter(
        choices=lambda: [(slug, label) for slug, label, _low, _high in SALARY_BANDS],
        method="filter_salary",
        empty_label=_("Any salary"),
        label=_("Salary"),
    )
    sort = django_filters.ChoiceFilter(
        choices=lambda: [(key, label) for key, (label, _order) in SORTS.items()],
        method="sort_by",
        empty_label=None,
        label=_("Sort by"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["service_area"].extra["choices"] = service_area_choices()

    class Meta:
        # No model: the page passes its queryset, and the filters are all declared.
        fields = ["q", "route", "service_area", "contract_type", "salary"]

    @property
    def qs(self):
        queryset = super().qs.select_related("service_area", "team").only(*LIST_FIELDS)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["closing"][1])
        return queryset

    @property
    def has_active_filters(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) for name in self.Meta.fields)

    def filter_keyword(self, queryset, name, value):
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(reference__iexact=word)
                | Q(team__name__icontains=word)
                | Q(service_area__name__icontains=word)
            )
        return queryset

    def filter_salary(self, queryset, name, value):
        for slug, _label, low, high in SALARY_BANDS:
            if slug == value:
                queryset = queryset.filter(salary_max__gte=low)
                if high is not None:
                    queryset = queryset.filter(salary_min__lte=high)
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])
