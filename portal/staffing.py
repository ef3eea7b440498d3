"""Rules for who may work for the council, and when an agency worker may start.

Pure functions over plain values; ``portal.staff`` calls them. The source is
the council's own practice (DOMAIN.md, "Agency workers"): it vets agency
workers itself, and they start only once each item is recorded:

1. registered with Social Work England (a number, and the register checked);
2. qualified, with at least a minimum of post-qualifying experience
   (``PORTAL_AGENCY_MINIMUM_EXPERIENCE_YEARS``, 2 years by default);
3. interviewed by the council before appointment;
4. the council's own enhanced DBS check with the children's barred list, even
   when the agency holds one, with an outcome the council accepts;
5. two full references.

NQSWs are never employed through an agency: a worker with less than the
minimum experience, or still in their ASYE, is refused outright (not merely
"not yet vetted"), with a message that names the rule.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

REFERENCES_NEEDED = 2
# DBS outcomes under which the worker may start (AgencyVetting.DbsOutcome).
DBS_ACCEPTED_OUTCOMES = frozenset({"clear", "accepted"})


@dataclass(frozen=True)
class VettingFacts:
    """What has been recorded of one agency worker's vetting."""

    swe_number: str = ""
    registration_checked_on: datetime.date | None = None
    qualified_on: datetime.date | None = None
    in_asye: bool = False
    interviewed_on: datetime.date | None = None
    dbs_certificate_number: str = ""
    dbs_issued_on: datetime.date | None = None
    dbs_barred_list_checked: bool = False
    dbs_outcome: str = ""
    references_received: int = 0


def whole_years_between(first: datetime.date, last: datetime.date) -> int:
    """Completed years from ``first`` to ``last`` (a birthday-style count; 29 February
    counts as 28 February in a common year)."""
    years = last.year - first.year
    if (last.month, last.day) < (first.month, first.day):
        years -= 1
    return max(years, 0)


def nqsw_refusal(
    *,
    qualified_on: datetime.date | None,
    in_asye: bool,
    on: datetime.date,
    minimum_years: int,
) -> str | None:
    """Why this worker may never come through an agency on ``on``, or None.

    Unknown qualification dates are not a refusal here (the item is simply
    missing, see ``missing_vetting``).
    """
    rule = _("Newly qualified social workers are never employed through an agency")
    if in_asye:
        return str(
            _("%(rule)s: this worker is in their ASYE.") % {"rule": rule},
        )
    if qualified_on is not None and whole_years_between(qualified_on, on) < minimum_years:
        return str(
            _(
                "%(rule)s: an agency worker needs at least %(years)s years' post-qualifying "
                "experience, and this worker qualified on %(date)s."
            )
            % {"rule": rule, "years": minimum_years, "date": date_format(qualified_on, "j F Y")}
        )
    return None


def missing_vetting(facts: VettingFacts, *, on: datetime.date, minimum_years: int) -> list[str]:
    """What is still missing before an agency worker may start on ``on``, in the order
    HR check it; empty when every item is recorded and acceptable."""
    missing = []
    if not facts.swe_number or facts.registration_checked_on is None:
        missing.append(str(_("their Social Work England registration, checked on the register")))
    if facts.qualified_on is None:
        missing.append(str(_("their qualification and the date they qualified")))
    elif nqsw_refusal(
        qualified_on=facts.qualified_on, in_asye=facts.in_asye, on=on, minimum_years=minimum_years
    ):
        missing.append(
            str(
                _("at least %(years)s years' post-qualifying experience") % {"years": minimum_years}
            )
        )
    if facts.interviewed_on is None or facts.interviewed_on > on:
        missing.append(str(_("the council's own interview, before they start")))
    if (
        not facts.dbs_certificate_number
        or facts.dbs_issued_on is None
        or facts.dbs_issued_on > on
        or not facts.dbs_barred_list_checked
    ):
        missing.append(
            str(_("the council's own enhanced DBS check with the children's barred list"))
        )
    elif facts.dbs_outcome not in DBS_ACCEPTED_OUTCOMES:
        missing.append(str(_("a DBS outcome the council accepts")))
    if facts.references_received < REFERENCES_NEEDED:
        missing.append(str(_("%(count)s full references") % {"count": REFERENCES_NEEDED}))
    return missing


def start_refusal(facts: VettingFacts, *, on: datetime.date, minimum_years: int) -> str | None:
    """Why an agency worker may not start on ``on`` (one message), or None."""
    nqsw = nqsw_refusal(
        qualified_on=facts.qualified_on, in_asye=facts.in_asye, on=on, minimum_years=minimum_years
    )
    if nqsw:
        return nqsw
    missing = missing_vetting(facts, on=on, minimum_years=minimum_years)
    if missing:
        return str(
            _("An agency worker cannot start until the council has recorded %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    return None
