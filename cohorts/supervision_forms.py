"""Forms for supervision sessions. The rules (who, bounds) are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import SupervisionSession
from portal.forms import GovukDateField


class SupervisionForm(forms.Form):
    date = GovukDateField(
        label=_("Date of the session"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date of the session")},
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"),
        help_text=_("For example, 60"),
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("Enter how long the session was"),
            "invalid": _("Length must be a number of minutes, like 60"),
            "min_value": _("Length must be at least 15 minutes"),
            "max_value": _("Length must be 480 minutes or fewer"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of session"),
        choices=SupervisionSession.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of session")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_(
            "Only the member and the supervisor can read these. "
            "Do not write anything that could identify a child."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    action = forms.CharField(
        label=_("Agreed action (optional)"),
        required=False,
        max_length=300,
    )
    action_due = GovukDateField(
        label=_("Action due date"),
        help_text=_("Needed when there is an action, for example 27 4 2026"),
        required=False,
    )

    def __init__(self, *args, supervisors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if supervisors is not None:
            self.fields["supervisor"] = forms.ModelChoiceField(
                label=_("Who supervised you"),
                queryset=supervisors,
                empty_label=_("Choose a supervisor"),
                error_messages={"required": _("Choose who supervised you")},
            )
            self.order_fields(["date", "supervisor"])

    def clean(self):
        data = super().clean()
        if data.get("action") and not data.get("action_due"):
            self.add_error("action_due", _("Enter the date the action is due"))
        return data

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        action, due = data.pop("action", ""), data.pop("action_due", None)
        data["actions"] = [(action, due)] if action else []
        return data


class RestorativeTrainingForm(forms.Form):
    """A supervisor says whether, and when, they trained in restorative supervision."""

    trained = forms.TypedChoiceField(
        label=_("Are you trained in restorative supervision?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you are trained in restorative supervision")},
    )
    trained_on = GovukDateField(
        label=_("When did you finish the training?"),
        help_text=_("Needed when you are trained, for example 14 3 2025"),
        required=False,
    )
