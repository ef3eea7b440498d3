"""What the public pages say about a vacancy or a campaign, as GOV.UK summary-list rows.

Plain functions over a page's own fields (no queries of their own beyond the
related rows a list already selects): the pages and the vacancy card pass
their rows to ``{% govuk_summary_list %}``.
"""

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from portal.components import SummaryRow, summary_rows
from portal.templatetags.govuk import govuk_date, pounds


def salary_range(vacancy) -> str:
    return _("%(low)s to %(high)s") % {
        "low": pounds(vacancy.salary_min),
        "high": pounds(vacancy.salary_max),
    }


def where(vacancy) -> str:
    """The service area, and the team when there is one."""
    if vacancy.team_id:
        return f"{vacancy.service_area.name}, {vacancy.team.name}"
    return vacancy.service_area.name


def vacancy_card_rows(vacancy) -> list[SummaryRow]:
    """One line each for the route, the place, the pay, the contract and the closing date."""
    if vacancy.is_rolling:
        closing = _("Rolling: apply at any time")
    else:
        closing = govuk_date(vacancy.closing_date)
    return summary_rows(
        [
            (_("Route"), vacancy.get_recruitment_route_display()),
            (_("Service area"), where(vacancy)),
            (
                _("Salary"),
                _("%(range)s (%(grade)s)")
                % {"range": salary_range(vacancy), "grade": vacancy.grade},
            ),
            (_("Contract"), vacancy.get_contract_type_display()),
            (_("Closing date"), closing),
        ]
    )


def vacancy_summary_rows(vacancy) -> list[SummaryRow]:
    """The facts at the top of a vacancy page."""
    hours = _("%(hours)s hours a week") % {"hours": floatformat(vacancy.hours_per_week, "-1")}
    if vacancy.working_pattern:
        hours = f"{hours}, {vacancy.working_pattern}"
    if vacancy.is_rolling:
        closing = _("Rolling: we consider applications as they arrive")
    else:
        closing = govuk_date(vacancy.closing_date)
    rows = [
        (
            _("Salary"),
            _("%(range)s a year (%(grade)s)")
            % {"range": salary_range(vacancy), "grade": vacancy.grade},
        ),
        (_("Hours"), hours),
        (_("Contract"), vacancy.get_contract_type_display()),
        (_("Route"), vacancy.get_recruitment_route_display()),
        (_("Posts"), str(vacancy.number_of_posts)),
        (_("Closing date"), closing),
    ]
    if vacancy.reference:
        rows.append((_("Reference"), vacancy.reference))
    return summary_rows(rows)


def campaign_summary_rows(campaign, *, is_open: bool) -> list[SummaryRow]:
    """Who a campaign recruits and until when."""
    if campaign.is_rolling:
        when = _("Rolling: apply at any time")
    elif is_open:
        when = _("Apply by %(date)s") % {"date": govuk_date(campaign.closing_date)}
    else:
        when = _("This campaign has closed")
    return summary_rows(
        [
            (_("Recruiting for"), "\n".join(str(label) for label in campaign.route_labels)),
            (_("When"), when),
        ]
    )
