"""Django forms rendered as GOV.UK Design System components.

Every form in the portal renders through ``GovukFormRenderer``: ``{{ form }}``
gives GOV.UK fields (label, hint, error message, the right input class),
and ``{% govuk_error_summary form %}`` the error summary for the top of the page.
"""

import datetime

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


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
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2100),
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
