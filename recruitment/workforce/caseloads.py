"""The workforce page's "Caseloads" section. (Being built: issue 11.)"""

from django.utils.translation import gettext_lazy as _

from recruitment.workforce.sections import Scope, Section

SLUG = "caseloads"
TITLE = _("Caseloads")


def build(scope: Scope) -> Section:
    return Section(slug=SLUG, title=str(TITLE), summary="", empty=str(_("Nothing to show yet.")))
