"""Words the public site shares with the apps above it.

The routes into the council's social work workforce: a vacancy recruits
through one route; a campaign may advertise several.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    EXPERIENCED = "experienced", _("Experienced social worker")
    ASYE = "asye", _("Newly qualified social worker (ASYE)")
    APPRENTICESHIP = "apprenticeship", _("Social work apprenticeship")
    GROW_YOUR_OWN = "grow_your_own", _("Grow your own social work degree")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    SECONDMENT = "secondment", _("Secondment")
