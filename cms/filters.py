"""The vacancy list's filters; every choice lives in the query string.

The address is the filter form's only input, and anyone can write one, so a
value that does not parse (a route that does not exist, a keyword longer than
the box allows, a null byte) counts as absent: the list is what it would be
without it, the form shows what was applied, and nothing is reported as the
visitor's error. Nobody can choose such a value in the form itself.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cms.choices import ContractType, Route
from cms.generation import tree_cached
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
# The list's order when the visitor has not chosen one; a campaign page lists
# its vacancies in the same order.
DEFAULT_ORDER = SORTS["closing"][1]

# Longer than any title, team or reference a keyword could usefully match.
KEYWORD_MAX_LENGTH = 100


def full_width_select() -> forms.Select:
    """A drop-down as wide as the filter panel, so that its longest choice has the room."""
    return forms.Select(attrs={"class": "govuk-!-width-full"})


def service_area_choices() -> list[tuple[str, str]]:
    # Renaming, adding or removing a service area starts a new generation.
    return tree_cached(
        "service-area-choices", lambda: list(ServiceArea.objects.values_list("slug", "name"))
    )


def vacancy_list_query(**filters) -> str:
    """The vacancy list's query string for these filters, in a stable order.

    ``vacancy_list_query(route=["asye", "apprenticeship"])`` gives
    ``route=asye&route=apprenticeship``; empty values are left out.
    """
    return urlencode({name: value for name, value in filters.items() if value}, doseq=True)


def _as_query_dict(data) -> QueryDict:
    if isinstance(data, QueryDict):
        return data.copy()
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
    return query


# Choices are given as callables: django-filter deep-copies every filter for
# each request, and copying lists of lazy strings was a tenth of the page's time.
class VacancyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_keyword",
        label=_("Keyword"),
        max_length=KEYWORD_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
    # Tick boxes, not a drop-down: route names are long (a drop-down cut the
    # longest off), and a campaign recruits for several routes at once
    # (``?route=asye&route=apprenticeship``).
    route = django_filters.MultipleChoiceFilter(
        method="filter_route",
        choices=lambda: Route.choices,
        widget=forms.CheckboxSelectMultiple,
        template_name="cms/includes/filter_checkboxes.html",
        label=_("Route"),
    )
    # Choices by slug, read once per request (see __init__): validating and
    # rendering share one list.
    service_area = django_filters.ChoiceFilter(
        field_name="service_area__slug",
        choices=[],
        empty_label=_("Any service area"),
        label=_("Service area"),
        widget=full_width_select(),
    )
    contract_type = django_filters.ChoiceFilter(
        choices=lambda: ContractType.choices,
        empty_label=_("Any contract"),
        label=_("Contract type"),
        widget=full_width_select(),
    )
    salary = django_filters.ChoiceFilter(
        choices=lambda: [(slug, label) for slug, label, _low, _high in SALARY_BANDS],
        method="filter_salary",
        empty_label=_("Any salary"),
        label=_("Salary"),
        widget=full_width_select(),
    )
    sort = django_filters.ChoiceFilter(
        choices=lambda: [(key, label) for key, (label, _order) in SORTS.items()],
        method="sort_by",
        empty_label=None,
        label=_("Sort by"),
        widget=full_width_select(),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["service_area"].extra["choices"] = service_area_choices()
        if self.is_bound:
            self._drop_unparseable()

    class Meta:
        # No model: the page passes its queryset, and the filters are all declared.
        fields = ["q", "route", "service_area", "contract_type", "salary"]

    def _drop_unparseable(self) -> None:
        """Keep only the values the form accepts, and build the form again from them."""
        form = self.form
        if form.is_valid():
            return
        data = _as_query_dict(self.data)
        for name in form.errors:
            field = form.fields.get(name)
            if isinstance(field, forms.MultipleChoiceField):
                # Of several values, the ones that parse still count.
                data.setlist(name, [v for v in data.getlist(name) if field.valid_value(v)])
            else:
                data.pop(name, None)
        self.data = data
        del self._form

    @property
    def query_string(self) -> str:
        """The filters applied (and the sort chosen), for pagination links and cache keys."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return vacancy_list_query(**{name: data.get(name) for name in self.filters})

    @property
    def qs(self):
        queryset = super().qs.select_related("service_area", "team").only(*LIST_FIELDS)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*DEFAULT_ORDER)
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

    def filter_route(self, queryset, name, value):
        return queryset.recruiting_for(value)

    def filter_salary(self, queryset, name, value):
        for slug, _label, low, high in SALARY_BANDS:
            if slug == value:
                queryset = queryset.filter(salary_max__gte=low)
                if high is not None:
                    queryset = queryset.filter(salary_min__lte=high)
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])
