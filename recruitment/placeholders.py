"""The placeholders an offer letter template may use, and checking a template's text.

Pure, and apart from ``recruitment.letters`` so that the model's ``clean`` can use it
(the letters module reads offers through the selectors, which import the models).
"""

import re

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

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
