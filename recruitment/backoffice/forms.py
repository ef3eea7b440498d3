"""HR's forms in the back office: decisions on applications, slots and interviews.

Every id and number is bounded where it enters (``portal.forms``), so a
tampered or absurd value is a form error, never a server error.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from cms.models import VacancyPage
from portal.calendar import local_datetime
from portal.forms import (
    BoundedDateField,
    BoundedDateTimeField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
)
from recruitment import selectors
from recruitment.choices import InterviewFormat
from recruitment.interview_forms import SlotChoiceField, slot_label
from recruitment.models import InterviewSlot, RejectionReason
from recruitment.scheduling import BULK_MAX_DAYS

# Applications -----------------------------------------------------------------------


class RejectForm(forms.Form):
    reasons = BoundedModelMultipleChoiceField(
        label=_("Reasons"),
        queryset=RejectionReason.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one reason"),
            "invalid_choice": _("Choose reasons from the list"),
        },
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Write a message to the applicant")},
    )
    # Shown (and required by the service) only under the guaranteed interview scheme.
    essential_criteria_reason = forms.CharField(
        label=_("Why this application does not meet the essential criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        error_messages={
            "max_length": _(
                "Why it does not meet the essential criteria must be 2000 characters or fewer"
            )
        },
    )


class MoveRouteForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Route"),
        choices=Route.choices,
        error_messages={"invalid_choice": _("Choose a route from the list.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write a note.")},
    )


# Slots ------------------------------------------------------------------------------


class PanelChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class SlotMultipleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return slot_label(obj)


class SlotDetailsForm(forms.Form):
    """What one slot and a bulk run of slots share: vacancy, format, where, panel."""

    vacancy = BoundedModelChoiceField(
        label=_("Vacancy"),
        queryset=VacancyPage.objects.none(),
        error_messages={"invalid_choice": _("Choose a vacancy from the list")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=InterviewFormat.choices)
    place = forms.CharField(label=_("Place (in person)"), required=False, max_length=200)
    video_link = forms.URLField(
        label=_("Video link (video call)"), required=False, assume_scheme="https", max_length=200
    )
    panel = PanelChoiceField(
        label=_("Panel members"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose panel members from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = selectors.panel_members()
        self.fields["vacancy"].queryset = VacancyPage.objects.live().order_by("title")


class SlotForm(SlotDetailsForm):
    """HR make one slot."""

    field_order = [
        "vacancy",
        "date",
        "start_time",
        "end_time",
        "format",
        "place",
        "video_link",
        "panel",
        "booking_deadline",
        "confirm_bank_holiday",
    ]
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    booking_deadline = BoundedDateTimeField(
        label=_("Book by (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    confirm_bank_holiday = forms.BooleanField(
        label=_("Yes, make it even though it is a bank holiday"), required=False
    )

    def start_end(self) -> tuple[datetime.datetime, datetime.datetime]:
        day = self.cleaned_data["date"]
        return (
            local_datetime(day, self.cleaned_data["start_time"]),
            local_datetime(day, self.cleaned_data["end_time"]),
        )


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]


class BulkSlotForm(SlotDetailsForm):
    field_order = [
        "vacancy",
        "first_day",
        "last_day",
        "weekdays",
        "day_start",
        "day_end",
        "length_minutes",
        "gap_minutes",
        "format",
        "place",
        "video_link",
        "panel",
    ]
    first_day = BoundedDateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = BoundedDateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )
    day_start = forms.TimeField(
        label=_("First interview starts"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        initial=datetime.time(9, 30),
    )
    day_end = forms.TimeField(
        label=_("Last interview ends by"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        initial=datetime.time(16, 30),
    )
    # An interview is at most a working day; a gap longer than that makes one slot a day.
    length_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=600, initial=60
    )
    gap_minutes = forms.IntegerField(
        label=_("Gap between (minutes)"), min_value=0, max_value=600, initial=15
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and (last - first).days > BULK_MAX_DAYS:
            self.add_error("last_day", _("Make slots for at most a year at a time"))
        return data


class BespokeOfferForm(forms.Form):
    slots = SlotMultipleChoiceField(
        label=_("Slots to offer"),
        queryset=InterviewSlot.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one interview slot"),
            "invalid_choice": _("One of the slots you chose is no longer free"),
        },
    )
    booking_deadline = BoundedDateTimeField(
        label=_("The applicant must book by (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = slots

    def clean_booking_deadline(self):
        deadline = self.cleaned_data.get("booking_deadline")
        if deadline and deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future"))
        return deadline


# Interviews -------------------------------------------------------------------------


class HrChangeInterviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant will see it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give a reason the applicant will see")},
    )


class HrMoveInterviewForm(HrChangeInterviewForm):
    slot = SlotChoiceField(
        label=_("New time"),
        queryset=InterviewSlot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a new time"),
            "invalid_choice": _("That time is no longer free. Choose another."),
        },
    )

    field_order = ["slot", "reason"]

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
