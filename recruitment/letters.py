"""Offer letters: the placeholders an editor may use, and the letter filled in for an offer.

An editor's template is rich text with placeholders like ``{{ start_date }}``. The
template is never evaluated as a Django template (an editor could otherwise reach
any variable or tag): each placeholder is replaced by the offer's value, escaped,
and a template naming an unknown or malformed placeholder cannot be saved
(``OfferLetterTemplate.clean`` calls ``placeholder_problems``).
"""

import re

from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import expand_db_html

from portal.formats import long_date
from portal.links import public_url
from recruitment import selectors

# Every placeholder, with what it becomes (shown to editors in the help text and errors).
PLACEHOLDERS: dict[str, str] = {
    "first_name": _("the applicant's first name"),
    "last_name": _("the applicant's last name"),
    "job_title": _("the post offered"),
    "team": _("the team"),
    "salary_point": _("the grade and salary point"),
    "grade": _("the career grade"),
    "hours": _("full-time, or part-time with the hours a week"),
    "contract_type": _("the contract type"),
    "start_date": _("the proposed start date"),
    "cohort_sentence": _("a sentence naming the cohort to join (empty when there is none)"),
    "conditions": _("the list of conditions (the pre-employment checks)"),
    "deadline": _("the date to answer by"),
    "offer_url": _("the address where the applicant answers"),
    "council_name": _("the council's name"),
    "reference": _("the application's reference"),
    "letter_date": _("the date of the letter"),
    "vacancy_title": _("the vacancy applied for"),
}

# Anything between double braces; what is inside must be one placeholder's name.
BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
NAME = re.compile(r"^\s*([a-z_]+)\s*$")
# Template syntax left over once every {{ ... }} is taken out: always a mistake.
STRAY = re.compile(r"\{\{|\}\}|\{%|%\}")


def unknown_placeholders(body: str) -> list[str]:
    """Well-formed placeholders whose name is not one of ``PLACEHOLDERS``, in order."""
    names = []
    for match in BRACES.finditer(body or ""):
        name = NAME.match(match.group(1))
        if name and name.group(1) not in PLACEHOLDERS and name.group(1) not in names:
            names.append(name.group(1))
    return names


def malformed_placeholders(body: str) -> list[str]:
    """Fragments that look like a placeholder but are not one (``{{ first name }}``,
    ``{{ <b>team</b> }}``, a lone ``{{``, any ``{% ... %}``)."""
    body = body or ""
    broken = [match.group(0) for match in BRACES.finditer(body) if not NAME.match(match.group(1))]
    leftover = BRACES.sub("", body)
    broken += [match.group(0) for match in STRAY.finditer(leftover)]
    return broken


def placeholder_problems(body: str) -> list[str]:
    """What is wrong with a template's placeholders, one message each (empty: none)."""
    known = ", ".join("{{ " + name + " }}" for name in PLACEHOLDERS)
    problems = [
        _g("Unknown placeholder {{ %(name)s }}. Use one of: %(known)s.")
        % {"name": name, "known": known}
        for name in unknown_placeholders(body)
    ]
    problems += [
        _g(
            'Broken placeholder "%(text)s": write a placeholder as {{ name }}, for example '
            "{{ first_name }}."
        )
        % {"text": text}
        for text in malformed_placeholders(body)
    ]
    return problems


def substitute(body: str, values: dict[str, str]) -> SafeString:
    """``body`` (trusted rich text) with each placeholder replaced by its escaped value.

    A value that is already safe HTML (the list of conditions, built here) stays as it is.
    """

    def replace(match):
        name = NAME.match(match.group(1))
        if name is None or name.group(1) not in values:
            raise ValueError(f"Unknown or broken placeholder: {match.group(0)}")
        return str(conditional_escape(values[name.group(1)]))

    return mark_safe(BRACES.sub(replace, body))  # noqa: S308 - editor rich text, values escaped


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
