"""The public site's Wagtail pages and its settings. No HR data lives here."""

import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms import presenters
from cms.blocks import BodyBlock, CriterionBlock
from cms.choices import ContractType, Route
from cms.colour import contrast_ratio
from cms.filters import DEFAULT_ORDER, LIST_FIELDS, VacancyFilter, vacancy_list_query
from cms.generation import tree_cached
from portal.components import pagination
from portal.links import apply_url

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #1d4f91."))


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The council's name and brand, editable by content editors."""

    council_name = models.CharField(
        _("council name"), max_length=120, default="Example City Council"
    )
    service_name = models.CharField(
        _("service name"), max_length=120, default="Social work careers"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header beside the council's name. White on the brand colour."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d4f91",
        validators=[hex_colour],
        help_text=_("Header background. White text must be readable on it (contrast 4.5:1)."),
    )
    contact_email = models.EmailField(_("contact email"), default="careers@example.org")
    facebook_url = models.URLField(_("Facebook"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("council_name"), FieldPanel("service_name"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        FieldPanel("brand_colour"),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("instagram_url"),
                FieldPanel("x_url"),
            ],
            heading=_("Social links"),
        ),
    ]

    class Meta:
        verbose_name = _("council settings")

    def clean(self):
        super().clean()
        try:
            hex_colour(self.brand_colour)
        except ValidationError:
            return
        if contrast_ratio(self.brand_colour, "#ffffff") < 4.5:
            raise ValidationError(
                {
                    "brand_colour": _(
                        "White text on this colour is hard to read. Choose a darker colour "
                        "(contrast with white must be at least 4.5 to 1)."
                    )
                }
            )

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("LinkedIn", self.linkedin_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
        ]
        return [(name, url) for name, url in links if url]


def council_mail_context() -> dict:
    """What every mail says about the council (``portal.notify`` asks for it)."""
    site = Site.objects.filter(is_default_site=True).first()
    settings = SiteSettings.for_site(site) if site else SiteSettings()
    return {"council_name": settings.council_name, "service_name": settings.service_name}


def today() -> datetime.date:
    return timezone.localdate()


def view_restrictions() -> list[tuple[str, PageViewRestriction]]:
    """Every view restriction with its page's tree path: read once per generation."""
    return tree_cached(
        "view-restrictions",
        lambda: [
            (restriction.page.path, restriction)
            for restriction in PageViewRestriction.objects.select_related("page").only(
                "page__path", "restriction_type", "password", "page_id"
            )
        ],
    )


def restricted_paths(request) -> tuple[str, ...]:
    """Tree paths of pages with view restrictions, without a query once per generation."""
    cached = getattr(request, "_cms_restricted_paths", None)
    if cached is None:
        cached = tuple(path for path, _restriction in view_restrictions())
        request._cms_restricted_paths = cached
    return cached


def public_pages(queryset, request):
    """``queryset.public()`` without its query: pages under no view restriction."""
    for path in restricted_paths(request):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


class PublicPageMixin:
    """What every public page shares: view restrictions found in one query."""

    def get_view_restrictions(self):
        # Wagtail resolves aliases among the ancestors first (one more query);
        # the public site's pages are never aliases, so the tree path is enough.
        if self.alias_of_id:
            return super().get_view_restrictions()
        return [
            restriction for path, restriction in view_restrictions() if self.path.startswith(path)
        ]

    @property
    def breadcrumb_ancestors(self):
        """Pages between home and this one; the query is only needed below a section."""
        if self.depth <= 3:
            return []
        return tree_cached("breadcrumbs", lambda: list(self.get_ancestors()[2:]), self.path)


class DirectRoutingMixin:
    """Finds the page for a whole address in two queries, not two per path segment.

    Wagtail walks the tree one segment at a time; the public site has no
    routable pages, so the page whose url_path matches is the answer. Anything
    else falls back to Wagtail's own routing (and its 404).
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        # The page itself is kept per generation: publishing anything retires it.
        page = tree_cached("route", lambda: self.live_page_at(url_path), self.path, url_path)
        if page is None:
            return super().route(request, path_components)
        return RouteResult(page)

    def live_page_at(self, url_path: str):
        found = (
            Page.objects.live()
            .filter(url_path=url_path, path__startswith=self.path)
            .values_list("pk", "content_type_id")
            .first()
        )
        if found is None:
            return None
        pk, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        related = getattr(model, "route_select_related", ())
        return model.objects.select_related(*related).get(pk=pk)


class HomePage(DirectRoutingMixin, PublicPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CampaignIndexPage",
        "cms.VacancyIndexPage",
        "cms.StoryIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(tree_cached("home-lists", lambda: self.lists(request)))
        return context

    def lists(self, request) -> dict:
        """What the home page lists: the same for every visitor on a given day."""
        day = today()
        return {
            "campaigns": list(public_pages(CampaignPage.objects.open_on(day).live(), request)[:4]),
            "vacancy_count": public_pages(VacancyPage.objects.open_on(day).live(), request).count(),
            "jobs_page": VacancyIndexPage.objects.live().first(),
            "stories": list(
                public_pages(StoryPage.objects.live(), request).order_by("-first_published_at")[:2]
            ),
        }


class CampaignIndexPage(PublicPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CampaignPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = public_pages(
            CampaignPage.objects.child_of(self).open_on(today()).live(), request
        )
        return context


class VacancyPageQuerySet(PageQuerySet):
    def open_on(self, day: datetime.date):
        """Advertised until the closing date, or until further notice when rolling."""
        return self.filter(models.Q(is_rolling=True) | models.Q(closing_date__gte=day))

    def recruiting_for(self, routes):
        """Vacancies on any of these routes: what a campaign lists, and the list's route filter."""
        return self.filter(recruitment_route__in=list(routes))


class CampaignPageQuerySet(VacancyPageQuerySet):
    def open_on(self, day: datetime.date):
        return super().open_on(day).filter(opening_date__lte=day)


CampaignPageManager = PageManager.from_queryset(CampaignPageQuerySet)
VacancyPageManager = PageManager.from_queryset(VacancyPageQuerySet)


class RoutesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class CampaignPageForm(WagtailAdminPageForm):
    routes = RoutesField(choices=Route.choices, label=_("Routes it recruits for"), required=True)


class CampaignPage(PublicPageMixin, Page):
    summary = models.TextField(_("summary"), max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)
    routes = models.JSONField(_("routes"), default=list)
    opening_date = models.DateField(_("opens"), default=today)
    closing_date = models.DateField(_("closes"), null=True, blank=True)
    is_rolling = models.BooleanField(
        _("rolling campaign"), default=False, help_text=_("Open until further notice.")
    )
    tracking_code = models.SlugField(
        _("tracking code"),
        max_length=60,
        unique=True,
        help_text=_(
            "Names the channel that brought an applicant, for example 'press-autumn-2026'. "
            "Links may also carry utm_source and utm_campaign."
        ),
    )

    objects = CampaignPageManager()
    base_form_class = CampaignPageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("routes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opening_date"), FieldPanel("closing_date")]),
                FieldPanel("is_rolling"),
            ],
            heading=_("When it runs"),
        ),
        FieldPanel("tracking_code"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["cms.CampaignIndexPage"]
    subpage_types: list[str] = []
    vacancies_shown = 10

    class Meta:
        verbose_name = _("campaign page")

    def clean(self):
        super().clean()
        check_open_dates(self)
        unknown = set(self.routes) - set(Route.values)
        if unknown:
            raise ValidationError({"routes": _("Choose routes from the list.")})

    @property
    def route_labels(self) -> list[str]:
        return [Route(value).label for value in self.routes if value in Route.values]

    @property
    def known_routes(self) -> list[str]:
        """Its routes in the order the portal lists routes, so that its link is always the same."""
        return [value for value in Route.values if value in self.routes]

    def is_open_on(self, day: datetime.date) -> bool:
        if self.opening_date and self.opening_date > day:
            return False
        return self.is_rolling or (self.closing_date is not None and self.closing_date >= day)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A preview may change the routes, so they are part of the key.
        context.update(
            tree_cached("campaign-lists", lambda: self.lists(request), self.pk, *self.known_routes)
        )
        is_open = self.is_open_on(today())
        context["is_open"] = is_open
        context["summary_rows"] = presenters.campaign_summary_rows(self, is_open=is_open)
        return context

    def lists(self, request) -> dict:
        """Its open vacancies and the link to them in the vacancy list, on a given day."""
        # The same vacancies, in the same order, as the vacancy list filtered
        # to the campaign's routes, where "See vacancies" leads.
        found = {
            "vacancies": list(
                public_pages(VacancyPage.objects.open_on(today()).live(), request)
                .recruiting_for(self.known_routes)
                .select_related("service_area", "team")
                .only(*LIST_FIELDS)
                .order_by(*DEFAULT_ORDER)[: self.vacancies_shown]
            )
        }
        jobs_page = VacancyIndexPage.objects.live().first()
        if jobs_page and self.known_routes:
            found["see_vacancies_url"] = (
                f"{jobs_page.get_url(request)}?{vacancy_list_query(route=self.known_routes)}"
            )
        return found

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # Remembered by portal.middleware.ChannelMiddleware; a header, so it
        # survives the anonymous page cache.
        response.headers["X-Portal-Channel"] = self.tracking_code
        return response


def check_open_dates(page) -> None:
    if not page.is_rolling and page.closing_date is None:
        raise ValidationError(
            {"closing_date": _("Enter a closing date, or tick 'rolling' if there is none.")}
        )
    opening = getattr(page, "opening_date", None)
    if page.closing_date and opening and page.closing_date < opening:
        raise ValidationError(
            {"closing_date": _("The closing date must be on or after the opening date.")}
        )


class VacancyIndexPage(PublicPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.VacancyPage"]
    max_count = 1
    per_page = 20

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Worked out once per generation and day for each address as asked; the
        # filter form itself is only built when its cached HTML is missing.
        found = tree_cached(
            "vacancy-list", lambda: self.listing(request), self.pk, request.GET.urlencode()
        )
        start = (found["number"] - 1) * self.per_page
        paginator = Paginator(KnownResults(found["count"], start, found["rows"]), self.per_page)
        page_obj = paginator.get_page(found["number"])
        context.update(
            filter=SimpleLazyObject(lambda: self.vacancy_filter(request)),
            page_obj=page_obj,
            vacancies=page_obj.object_list,
            result_count=paginator.count,
            filters_applied=found["filters_applied"],
            # What was applied, not what was asked for: values that did not
            # parse are not carried into the page links, nor into the key of
            # the filter form's cached HTML.
            pagination=pagination(page_obj, found["query_string"]),
            filter_key=found["query_string"],
        )
        return context

    def vacancy_filter(self, request) -> VacancyFilter:
        return VacancyFilter(
            request.GET,
            queryset=public_pages(
                VacancyPage.objects.child_of(self).live().open_on(today()), request
            ),
            request=request,
        )

    def listing(self, request) -> dict:
        vacancy_filter = self.vacancy_filter(request)
        paginator = Paginator(vacancy_filter.qs, self.per_page)
        page_obj = paginator.get_page(request.GET.get("page"))
        return {
            "count": paginator.count,
            "number": page_obj.number,
            "rows": list(page_obj.object_list),
            "filters_applied": vacancy_filter.is_bound and vacancy_filter.has_active_filters,
            "query_string": vacancy_filter.query_string,
        }


class KnownResults:
    """One page of a list whose length is known: what a Paginator needs, without a query."""

    def __init__(self, count: int, start: int, rows: list):
        self.length, self.start, self.rows = count, start, rows

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: slice) -> list:
        return self.rows[index.start - self.start : index.stop - self.start]


class VacancyPage(PublicPageMixin, Page):
    reference = models.CharField(_("job reference"), max_length=30, blank=True)
    summary = models.TextField(_("summary"), max_length=400)
    # Not "route": Wagtail pages have a route() method.
    recruitment_route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    campaign = models.ForeignKey(
        "cms.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_vacancies",
        help_text=_("The campaign that advertises this vacancy, if any."),
    )
    service_area = models.ForeignKey(
        "portal.ServiceArea", on_delete=models.PROTECT, related_name="vacancies"
    )
    team = models.ForeignKey(
        "portal.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="vacancies"
    )
    grade = models.CharField(_("grade"), max_length=60)
    salary_min = models.PositiveIntegerField(_("salary from (£ a year)"))
    salary_max = models.PositiveIntegerField(_("salary to (£ a year)"))
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, default=37
    )
    working_pattern = models.CharField(
        _("working pattern"), max_length=120, blank=True, help_text=_("For example 'Hybrid'.")
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    number_of_posts = models.PositiveSmallIntegerField(_("number of posts"), default=1)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    is_rolling = models.BooleanField(
        _("rolling recruitment"),
        default=False,
        help_text=_("No closing date: applications are considered as they arrive."),
    )
    description = RichTextField(_("about the role"), features=["h3", "bold", "link", "ol", "ul"])
    person_specification = StreamField(
        [("criterion", CriterionBlock())],
        verbose_name=_("person specification"),
        help_text=_("Each criterion is scored at interview."),
    )

    objects = VacancyPageManager()
    route_select_related = ("service_area", "team")

    content_panels = Page.content_panels + [
        FieldPanel("reference"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("recruitment_route"),
                FieldPanel("campaign"),
                FieldPanel("number_of_posts"),
            ],
            heading=_("Route"),
        ),
        MultiFieldPanel(
            [FieldPanel("service_area"), FieldPanel("team")], heading=_("Where you would work")
        ),
        MultiFieldPanel(
            [
                FieldPanel("grade"),
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max")]),
                FieldRowPanel([FieldPanel("hours_per_week"), FieldPanel("working_pattern")]),
                FieldPanel("contract_type"),
            ],
            heading=_("Pay and contract"),
        ),
        MultiFieldPanel(
            [FieldPanel("closing_date"), FieldPanel("is_rolling")], heading=_("Closing")
        ),
        FieldPanel("description"),
        FieldPanel("person_specification"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("reference"),
        index.FilterField("recruitment_route"),
    ]
    parent_page_types = ["cms.VacancyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("vacancy page")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_max__gte=models.F("salary_min")),
                name="vacancy_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(is_rolling=True) | models.Q(closing_date__isnull=False),
                name="vacancy_closes_or_rolls",
            ),
        ]

    def clean(self):
        super().clean()
        check_open_dates(self)
        if self.salary_min and self.salary_max and self.salary_max < self.salary_min:
            raise ValidationError(
                {"salary_max": _("The top of the salary range must be at least its bottom.")}
            )
        if (
            self.team_id
            and self.service_area_id
            and self.team.service_area_id != self.service_area_id
        ):
            raise ValidationError({"team": _("Choose a team in the vacancy's service area.")})
        # A campaign lists the vacancies on its routes; one it advertises must be among them.
        if (
            self.campaign_id
            and self.recruitment_route
            and self.recruitment_route not in self.campaign.routes
        ):
            raise ValidationError(
                {"campaign": _("Choose a campaign that recruits for this vacancy's route.")}
            )

    def is_open_on(self, day: datetime.date) -> bool:
        return self.is_rolling or (self.closing_date is not None and self.closing_date >= day)

    @property
    def is_open(self) -> bool:
        return self.is_open_on(today())

    @cached_property
    def criteria(self) -> list[dict]:
        """The person specification as plain data: [{"criterion", "essential"}]."""
        return [dict(block.value) for block in self.person_specification]

    @property
    def essential_criteria(self) -> list[str]:
        return [c["criterion"] for c in self.criteria if c["essential"]]

    @property
    def desirable_criteria(self) -> list[str]:
        return [c["criterion"] for c in self.criteria if not c["essential"]]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_open"] = self.is_open
        context["apply_url"] = apply_url(self)
        context["summary_rows"] = presenters.vacancy_summary_rows(self)
        return context


class StoryIndexPage(PublicPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = public_pages(
            StoryPage.objects.child_of(self).live(), request
        ).order_by("-first_published_at")
        return context


class StoryPage(PublicPageMixin, Page):
    """A social worker's or learner's own account."""

    person_name = models.CharField(_("their name"), max_length=120)
    person_role = models.CharField(_("their role"), max_length=160)
    recruitment_route = models.CharField(
        _("route they came through"), max_length=20, choices=Route.choices, blank=True
    )
    summary = models.TextField(_("summary"), max_length=400)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock())

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("person_name"), FieldPanel("person_role")]),
        FieldPanel("recruitment_route"),
        FieldPanel("summary"),
        FieldPanel("photo"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story page")


class StandardPage(PublicPageMixin, Page):
    """Accessibility statement, privacy notice, FAQs and other plain pages."""

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock())
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]
