"""Offer letters: the placeholders an editor may use, and the letter filled in for an offer.

An editor's template is rich text with placeholders like ``{{ start_date }}``. The
template is never evaluated as a Django template (an editor could otherwise reach
any variable or tag): each placeholder is replaced by the offer's value, escaped,
and a template naming an unknown or malformed placeholder cannot be saved
(``OfferLetterTemplate.clean`` calls ``placeholder_problems``).
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _g
from wagtail.rich_text import expand_db_html

from portal.formats import long_date
from portal.links import public_url
from recruitment import selectors
from recruitment.placeholders import (
    PLACEHOLDERS,
    malformed_placeholders,
    placeholder_problems,
    substitute,
    unknown_placeholders,
)

# The placeholders and their checks live in ``recruitment.placeholders`` (the model uses
# them); they are part of this module's interface too.
__all__ = [
    "PLACEHOLDERS",
    "letter_values",
    "malformed_placeholders",
    "placeholder_problems",
    "render_letter_html",
    "substitute",
    "unknown_placeholders",
]


def letter_values(offer, *, council_name: str, deadline, conditions: list[str]) -> dict:
    """Each placeholder's value for ``offer``."""
    application = offer.application
    hours = offer.get_hours_display()
    if offer.weekly_hours:
        hours = _g("%(hours)s, %(weekly)s hours a week") % {
            "hours": hours,
            "weekly": f"{offer.weekly_hours:g}",
        }
    return {
        "first_name": application.first_name,
        "last_name": application.last_name,
        "job_title": offer.job_title,
        "team": offer.team.name,
        "salary_point": offer.salary_point,
        "grade": offer.get_grade_display(),
        "hours": hours,
        "contract_type": offer.get_employment_type_display(),
        "start_date": long_date(offer.proposed_start_date),
        "cohort_sentence": cohort_sentence(offer),
        "conditions": conditions_list(conditions),
        "deadline": long_date(deadline),
        "offer_url": public_url(reverse("recruitment:offer", args=[application.pk])),
        "council_name": council_name,
        "reference": application.reference,
        "letter_date": long_date(offer.sent_at or offer.send_requested_at or offer.made_at),
        "vacancy_title": application.vacancy.title,
    }


def cohort_sentence(offer) -> str:
    cohort = offer.cohort
    if cohort is None:
        return ""
    return _g("You will join %(cohort)s, which starts on %(date)s.") % {
        "cohort": cohort.name,
        "date": long_date(cohort.start_date),
    }


def conditions_list(conditions: list[str]) -> SafeString:
    if not conditions:
        return format_html("<p>{}</p>", _g("No further conditions."))
    items = format_html_join("", "<li>{}</li>", ((label,) for label in conditions))
    return format_html("<ul>{}</ul>", items)


def render_letter_html(template, offer) -> SafeString:
    """The letter's body for ``offer`` from ``template`` (an ``OfferLetterTemplate``).

    Before the letter is sent, the deadline is the one it would have if sent today.
    Raises ValueError when the template names a placeholder that does not exist (it
    cannot be saved so; an old revision might still hold one)."""
    facts = selectors.letter_facts(offer)
    values = letter_values(
        offer,
        council_name=facts.council_name,
        deadline=facts.deadline,
        conditions=facts.conditions,
    )
    return substitute(expand_db_html(template.body), values)
