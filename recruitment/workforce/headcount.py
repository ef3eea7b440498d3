"""The workforce page's "Headcount and agency use" section. (Being built: issue 11.)"""

from django.utils.translation import gettext_lazy as _

from recruitment.workforce.sections import Scope, Section

SLUG = "headcount"
TITLE = _("Headcount and agency use")


def build(scope: Scope) -> Section:
    return Section(slug=SLUG, title=str(TITLE), summary="", empty=str(_("Nothing to show yet.")))
