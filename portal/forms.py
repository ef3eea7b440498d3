"""Django forms rendered as GOV.UK Design System components.

Every form in the portal renders through ``GovukFormRenderer``: ``{{ form }}``
gives GOV.UK fields (label, hint, error message, the right input class),
and ``{% govuk_error_summary form %}`` the error summary for the top of the page.
"""

import datetime

from django import forms
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    template_name = "govuk/forms/date_widget.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 2}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        # Django numbers a MultiWidget's boxes _0, _1, _2; name them like their
        # inputs (id_x_day…), which is where the error summary links.
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id")
        if base:
            parts = ("day", "month", "year")
            for sub, part in zip(context["widget"]["subwidgets"], parts, strict=True):
                sub["attrs"]["id"] = f"{base}_{part}"
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget
    default_error_messages = {
        "invalid": _("Enter a real date"),
        "incomplete": _("Enter a full date, with a day, month and year"),
    }

    def __init__(self, **kwargs):
        # A part out of range is one date error in GOV.UK's words, not Django's
        # "Ensure this value is less than or equal to 31".
        real = dict.fromkeys(
            ("invalid", "min_value", "max_value"), self.default_error_messages["invalid"]
        )
        fields = (
            forms.IntegerField(min_value=1, max_value=31, error_messages=real),
            forms.IntegerField(min_value=1, max_value=12, error_messages=real),
            forms.IntegerField(min_value=EARLIEST_YEAR, max_value=LATEST_YEAR, error_messages=real),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        if isinstance(value, list) and any(part in (None, "") for part in value):
            if all(part in (None, "") for part in value):
                return super().clean(value)
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return super().clean(value)

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        try:
            return datetime.date(year, month, day)
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


def show_refusal(form: forms.BaseForm, error: DomainError) -> None:
    """A service's refusal on the form: beside the field it names, or at the top."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


def form_data(request):
    """Bind a form on every POST, even an empty one, so that it shows its errors."""
    return request.POST if request.method == "POST" else None


# Input is bounded where it enters: an id no database column can hold, or a date no
# calendar arithmetic survives, is a form error, never a server error.

BIGGEST_ID = 2**63 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _check_id(field, value) -> None:
    """Refuse a choice whose key could not be a row's key, before any query sees it."""
    model = field.queryset.model
    key = (
        model._meta.pk
        if (field.to_field_name or "pk") == "pk"
        else (model._meta.get_field(field.to_field_name))
    )
    while key.is_relation:  # a child page's key is its parent's (page_ptr -> id)
        key = key.target_field
    if not isinstance(key, models.IntegerField | models.AutoField):
        return
    text = str(value).strip()
    if not text.isdigit() or int(text) > BIGGEST_ID:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class BoundedChoiceMixin:
    """For a model choice field: a key no row could have is an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values:
            _check_id(self, value)
        return super().to_python(value)


class BoundedMultipleChoiceMixin:
    """For a multiple model choice field: every key must be one a row could have."""

    def clean(self, value):
        if value not in self.empty_values and isinstance(value, list | tuple):
            for item in value:
                _check_id(self, item)
        return super().clean(value)


class BoundedModelChoiceField(BoundedChoiceMixin, forms.ModelChoiceField):
    pass


class BoundedModelMultipleChoiceField(BoundedMultipleChoiceMixin, forms.ModelMultipleChoiceField):
    pass


def _check_year(value, error) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise forms.ValidationError(error, code="out_of_range")


class BoundedDateField(forms.DateField):
    default_error_messages = {
        "out_of_range": _("Enter a date between %(first)s and %(last)s")
        % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
    }

    def to_python(self, value):
        value = super().to_python(value)
        _check_year(value, self.error_messages["out_of_range"])
        return value


class BoundedDateTimeField(forms.DateTimeField):
    default_error_messages = BoundedDateField.default_error_messages

    def to_python(self, value):
        value = super().to_python(value)
        _check_year(value, self.error_messages["out_of_range"])
        return value
