import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from cms.choices import Route
from cms.models import CampaignPage, VacancyPage
from portal.filters import IdFilter, ModelChoiceFilter
from recruitment import selectors
from recruitment.choices import OfferState, Status
from recruitment.models import Application, InterviewSlot, Offer


# A choice reads only its title: the whole page (its body, its fields) cost more than
# the rest of the filter form together.
def _vacancies(request):
    return VacancyPage.objects.only("title").order_by("title")


def _campaigns(request):
    return CampaignPage.objects.only("title").order_by("title")


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in Status.choices if c[0] != Status.DRAFT]
    )
    route = django_filters.ChoiceFilter(label=_("Route"), choices=Route.choices)
    vacancy = ModelChoiceFilter(label=_("Vacancy"), queryset=_vacancies)
    campaign = ModelChoiceFilter(label=_("Campaign"), queryset=_campaigns)
    fast_track = django_filters.ChoiceFilter(
        label=_("Fast-track"),
        choices=[("due", _("Clock running")), ("breached", _("Breached"))],
        method="filter_fast_track",
    )
    channel = django_filters.CharFilter(
        label=_("Source channel"),
        max_length=100,
        method="filter_channel",
        help_text=_("Tracking code, or UTM source, medium or campaign"),
    )
    through_agency = django_filters.BooleanFilter(label=_("Through an agency"))
    guaranteed_interview = django_filters.BooleanFilter(label=_("Guaranteed interview scheme"))
    suggested = django_filters.BooleanFilter(
        label=_("Has a suggested route"), method="filter_suggested"
    )

    class Meta:
        model = Application
        fields = [
            "status",
            "route",
            "vacancy",
            "campaign",
            "through_agency",
            "guaranteed_interview",
        ]

    def filter_fast_track(self, queryset, name, value):
        queryset = queryset.filter(status=Status.FAST_TRACKED)
        today = timezone.localdate()
        if value == "breached":
            return queryset.filter(fast_track_due__lt=today)
        return queryset.filter(fast_track_due__gte=today)

    def filter_channel(self, queryset, name, value):
        return queryset.filter(
            Q(tracking_code__iexact=value)
            | Q(utm_source__iexact=value)
            | Q(utm_medium__iexact=value)
            | Q(utm_campaign__iexact=value)
        )

    def filter_suggested(self, queryset, name, value):
        if value:
            return queryset.exclude(suggested_route="")
        return queryset.filter(suggested_route="")


class CalendarFilterSet(django_filters.FilterSet):
    """The interview calendar's filters by id; a malformed id filters nothing."""

    vacancy = IdFilter(field_name="vacancy_id")
    panel = IdFilter(field_name="panel__id")

    class Meta:
        model = InterviewSlot
        fields = ["vacancy", "panel"]


# Offers -----------------------------------------------------------------------------

STARTING_WITHIN_MAX_DAYS = 366


class OfferFilterSet(WagtailFilterSet):
    """HR's offer list. "Waiting for an answer", "letter not sent" and "starting within"
    are the dashboard's own selectors, so a count there and the list here always agree."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=OfferState.choices, method="filter_state"
    )
    starting_within = django_filters.NumberFilter(
        label=_("Starting within (days)"),
        method="filter_starting_within",
        min_value=0,
        max_value=STARTING_WITHIN_MAX_DAYS,
        help_text=_("Accepted offers whose start date is from today to this many days ahead"),
    )

    class Meta:
        model = Offer
        fields = ["state"]

    def _user(self):
        return self.request.user if self.request else None

    def filter_state(self, queryset, name, value):
        chosen = {
            OfferState.SENT: selectors.offers_awaiting_answer,
            OfferState.SEND_FAILED: selectors.offers_send_failed,
        }.get(value)
        if chosen is None:
            return queryset.filter(state=value)
        return queryset.filter(pk__in=chosen(self._user()).values("pk"))

    def filter_starting_within(self, queryset, name, value):
        starters = selectors.starters_within(self._user(), int(value))
        return queryset.filter(pk__in=starters.values("pk"))
