"""django-filter pieces every filtered list uses: any unparseable value is simply absent.

A filter whose form field refuses a value leaves it out of ``cleaned_data``,
so the list is shown unfiltered by it; the bounded fields make sure that an id
no row could have is refused before a query sees it (a 31-digit id once
answered 500).
"""

import django_filters
from django import forms
from django_filters import fields

from portal.forms import BIGGEST_ID, BoundedChoiceMixin, BoundedMultipleChoiceMixin


class BoundedModelChoiceFilterField(BoundedChoiceMixin, fields.ModelChoiceField):
    pass


class BoundedModelMultipleChoiceFilterField(
    BoundedMultipleChoiceMixin, fields.ModelMultipleChoiceField
):
    pass


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceFilterField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = BoundedModelMultipleChoiceFilterField


class IdFilter(django_filters.Filter):
    """Rows whose related id is this number (no query to check it exists first)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGGEST_ID)
        super().__init__(*args, **kwargs)
