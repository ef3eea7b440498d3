"""The workforce page's "Cohort outcomes" section. (Being built: issue 11.)"""

from django.utils.translation import gettext_lazy as _

from recruitment.workforce.sections import Scope, Section

SLUG = "outcomes"
TITLE = _("Cohort outcomes")


def build(scope: Scope) -> Section:
    return Section(slug=SLUG, title=str(TITLE), summary="", empty=str(_("Nothing to show yet.")))
