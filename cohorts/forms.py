"""Forms for the cohorts pages. They render as GOV.UK components through the project renderer.

Forms check what was typed; the rules are the services'. ``portal.forms.show_refusal``
puts a service's refusal on the form, so people read it where they typed.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Attendance, Enrolment, PlacementDayLog
from portal.forms import GovukDateField


class CalendarAddressForm(forms.Form):
    """The secret in a calendar address (``?token=``): a token is about 70 characters."""

    token = forms.CharField(max_length=200, required=False)


class MemberListForm(forms.Form):
    """Which members a mentor's cohort page lists (``?show=``); anything else lists everyone."""

    EVERYONE, ATTENTION = "all", "attention"
    show = forms.ChoiceField(
        choices=[(EVERYONE, _("Everyone")), (ATTENTION, _("Only members who need attention"))],
        required=False,
    )

    def shown(self) -> str:
        if self.is_valid() and self.cleaned_data["show"]:
            return self.cleaned_data["show"]
        return self.EVERYONE


class MeetingForm(forms.Form):
    date = GovukDateField(
        label=_("Date of the meeting"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date of the meeting")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("Only you and the member can read these."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    agreed_actions = forms.CharField(
        label=_("Agreed actions"),
        help_text=_("The member is told by email that there are new actions, not what they are."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class DayLogForm(forms.Form):
    week_starting = GovukDateField(
        label=_("Week starting"),
        help_text=_("The Monday of the week, for example 2 3 2026"),
        error_messages={"required": _("Enter the date the week starts")},
    )
    days = forms.DecimalField(
        label=_("Days"),
        help_text=_("Half days are fine, for example 2.5"),
        min_value=Decimal("0.5"),
        max_value=Decimal("7"),
        decimal_places=1,
        error_messages={
            "required": _("Enter how many days"),
            "invalid": _("Days must be a number, like 3 or 2.5"),
            "min_value": _("Days must be at least 0.5"),
            "max_value": _("Days must be 7 or fewer"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-3"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of day"),
        choices=PlacementDayLog.Kind.choices,
        initial=PlacementDayLog.Kind.PRACTICE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the kind of day")},
    )


class OffTheJobForm(forms.Form):
    week_starting = GovukDateField(
        label=_("Week starting"),
        help_text=_("The Monday of the week, for example 2 3 2026"),
        error_messages={"required": _("Enter the date the week starts")},
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        help_text=_("For example 6 or 7.5"),
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        decimal_places=1,
        error_messages={
            "required": _("Enter how many hours"),
            "invalid": _("Hours must be a number, like 6 or 7.5"),
            "min_value": _("Hours must be at least 0.5"),
            "max_value": _("Hours must be 60 or fewer"),
            "max_decimal_places": _("Hours can have one decimal place, like 7.5"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-3"}),
    )
    activity = forms.CharField(
        label=_("What you did"),
        help_text=_(
            "For example: university lecture on safeguarding law, or shadowing a duty manager"
        ),
        max_length=200,
        error_messages={"required": _("Enter what you did")},
    )


class AttendanceRegisterForm(forms.Form):
    """A session's register: for each learner on it, how they attended.

    The same form serves the mentor's page and the back office; both save it
    with ``cohorts.services.sessions.attendance_register``. A learner left
    unmarked is not recorded (and keeps any mark they already have).
    """

    def __init__(self, *args, register: list[Enrolment], **kwargs):
        super().__init__(*args, **kwargs)
        self.learners = {}
        for enrolment in register:
            name = f"learner-{enrolment.public_id}"
            self.learners[name] = enrolment
            self.fields[name] = forms.ChoiceField(
                label=enrolment.member.display_name,
                choices=Attendance.Status.choices,
                # Four short marks side by side, so a register of twenty fits a screen or two.
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                required=False,
                initial=getattr(enrolment, "marked", "") or None,
            )

    def clean(self):
        # A mark for someone not on this register (another cohort's learner, a
        # stale page) is refused whole rather than quietly dropped.
        unknown = [
            name for name in self.data if name.startswith("learner-") and name not in self.learners
        ]
        if unknown:
            raise forms.ValidationError(
                _(
                    "Only the learners on this register can be marked. Reload the page and try again."
                )
            )
        return super().clean()

    def marks(self) -> dict[Enrolment, str]:
        """The marks given, by enrolment (only after ``is_valid``)."""
        return {
            self.learners[name]: status
            for name, status in self.cleaned_data.items()
            if name in self.learners and status
        }
