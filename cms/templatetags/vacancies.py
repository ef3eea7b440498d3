"""The vacancy card's rows for a template that loops over vacancies (``{% load vacancies %}``)."""

from django import template

from cms import presenters

register = template.Library()


@register.filter
def card_rows(vacancy):
    """``{% govuk_summary_list vacancy|card_rows no_border=True %}``"""
    return presenters.vacancy_card_rows(vacancy)
