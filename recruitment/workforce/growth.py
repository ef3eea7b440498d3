"""The workforce page's "Growth plan" section. (Being built: issue 11.)"""

from django.utils.translation import gettext_lazy as _

from recruitment.workforce.sections import Scope, Section

SLUG = "growth"
TITLE = _("Growth plan")


def build(scope: Scope) -> Section:
    return Section(slug=SLUG, title=str(TITLE), summary="", empty=str(_("Nothing to show yet.")))
