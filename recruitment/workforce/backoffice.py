"""The "Workforce" back-office menu: the way to /workforce/, the agency rate card, and the
growth plan with its intakes (``growth_backoffice``).

HR and the workforce lead add and change day rates (a new rate is a new row
from a date, so the card keeps its history); nobody deletes one. Wagtail's
model views record every add and change in History.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from recruitment.workforce import selectors
from recruitment.workforce.growth_backoffice import GROWTH_VIEWSETS
from recruitment.workforce.models import AgencyDayRate

RATE_CARD_HELP = _(
    "What an agency worker of each grade costs a day, from a date; the workforce page "
    "estimates monthly agency spend from it. The rates first set up are illustrative: "
    "replace them with the regional agreement's by adding a rate from the date it "
    "applies. A grade with no rate is left out of the estimate and named on the page."
)


class AgencyDayRateViewSet(ModelViewSet):
    model = AgencyDayRate
    name = "workforce_rate_card"
    url_prefix = "workforce/rate-card"
    icon = "tag"
    menu_label = _("Agency rate card")
    menu_order = 100
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_display = ["grade", "day_rate", "valid_from"]
    list_filter = ["grade"]
    list_export = ["get_grade_display", "day_rate", "valid_from"]
    export_headings = {"get_grade_display": _("Career grade")}
    export_filename = "agency-rate-card"
    edit_handler = ObjectList(
        [
            HelpPanel(content=RATE_CARD_HELP),
            FieldPanel("grade"),
            FieldRowPanel([FieldPanel("day_rate"), FieldPanel("valid_from")]),
        ]
    )


class WorkforcePageMenuItem(MenuItem):
    """Shown to whoever may open /workforce/ (HR's home is /admin/)."""

    def is_shown(self, request):
        return selectors.may_see_workforce(request.user)


class WorkforcePageViewSet(ViewSet):
    """Not a view of its own: the menu's link to the workforce page."""

    name = "workforce_page"
    url_prefix = "workforce/page"
    icon = "view"
    menu_label = _("The workforce picture")
    menu_order = 10
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return []

    def get_menu_item(self, order=None):
        return WorkforcePageMenuItem(
            label=self.menu_label,
            url="/workforce/",
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order if order is not None else self.menu_order,
        )


class WorkforceViewSetGroup(ModelViewSetGroup):
    menu_label = _("Workforce")
    menu_icon = "table"
    menu_order = 260
    items = (WorkforcePageViewSet, AgencyDayRateViewSet, *GROWTH_VIEWSETS)
