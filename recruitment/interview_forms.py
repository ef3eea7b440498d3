"""Forms for interviews: the applicant's choice of slot, the panel's scorecard, HR's actions."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import roles
from portal.templatetags.govuk import govuk_date, govuk_time
from recruitment.models import InterviewFormat, InterviewSlot, Recommendation


def slot_label(slot: InterviewSlot) -> str:
    return _("%(date)s, %(start)s to %(end)s (%(format)s)") % {
        "date": govuk_date(slot.start),
        "start": govuk_time(slot.start),
        "end": govuk_time(slot.end),
        "format": slot.get_format_display(),
    }


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return slot_label(obj)


class SlotMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return slot_label(obj)


class ChooseSlotForm(forms.Form):
    slot = SlotChoiceField(
        label=_("Choose a time for your interview"),
        queryset=InterviewSlot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose a time for your interview"),
            "invalid_choice": _(
                "Sorry, that interview time has just been booked by someone else. Choose another."
            ),
        },
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class CancelInterviewForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel my interview"),
        error_messages={"required": _("Confirm that you want to cancel your interview")},
    )


SCORES = [
    ("1", _("1 – does not meet")),
    ("2", _("2 – partly meets")),
    ("3", _("3 – meets")),
    ("4", _("4 – exceeds")),
]


class ScorecardForm(forms.Form):
    """One score and evidence box per criterion of the person specification."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your recommendation")},
    )
    notes = forms.CharField(
        label=_("Overall notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for index, criterion in enumerate(criteria):
            fields[f"score_{index}"] = forms.ChoiceField(
                label=_("Score: %(criterion)s") % {"criterion": criterion},
                choices=SCORES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Score %(criterion)s") % {"criterion": criterion}},
            )
            fields[f"evidence_{index}"] = forms.CharField(
                label=_("Evidence: %(criterion)s") % {"criterion": criterion},
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": _("Write the evidence for %(criterion)s") % {"criterion": criterion}
                },
            )
        # Criteria first, in the person specification's order; the recommendation last.
        self.fields = {**fields, **self.fields}

    def scores(self) -> list[dict]:
        return [
            {
                "criterion": criterion,
                "score": int(self.cleaned_data[f"score_{index}"]),
                "evidence": self.cleaned_data[f"evidence_{index}"].strip(),
            }
            for index, criterion in enumerate(self.criteria)
        ]


# HR --------------------------------------------------------------------------------


def panel_members():
    return (
        get_user_model()
        .objects.filter(groups__name=roles.PANEL_MEMBER.name, is_active=True)
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


class PanelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class _SlotDetailsForm(forms.Form):
    """What one slot and a bulk run of slots share: vacancy, format, where, panel."""

    vacancy = forms.ModelChoiceField(label=_("Vacancy"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=InterviewFormat.choices)
    place = forms.CharField(label=_("Place (in person)"), required=False, max_length=200)
    video_link = forms.URLField(
        label=_("Video link (video call)"), required=False, assume_scheme="https"
    )
    panel = PanelChoiceField(
        label=_("Panel members"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from cms.models import VacancyPage

        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panel_members()
        self.fields["vacancy"].queryset = VacancyPage.objects.live().order_by("title")


class SlotForm(_SlotDetailsForm):
    """HR make one slot (admin)."""

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
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    booking_deadline = forms.DateTimeField(
        label=_("Book by (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    confirm_bank_holiday = forms.BooleanField(
        label=_("Yes, make it even though it is a bank holiday"), required=False
    )

    def start_end(self) -> tuple[datetime.datetime, datetime.datetime]:
        from recruitment.interviews import LONDON

        day = self.cleaned_data["date"]
        start = datetime.datetime.combine(day, self.cleaned_data["start_time"], tzinfo=LONDON)
        end = datetime.datetime.combine(day, self.cleaned_data["end_time"], tzinfo=LONDON)
        return start, end


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]


class BulkSlotForm(_SlotDetailsForm):
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
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
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
    length_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, initial=60)
    gap_minutes = forms.IntegerField(label=_("Gap between (minutes)"), min_value=0, initial=15)


class BespokeOfferForm(forms.Form):
    slots = SlotMultipleChoiceField(
        label=_("Slots to offer"),
        queryset=InterviewSlot.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one interview slot")},
    )
    booking_deadline = forms.DateTimeField(
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


class HrChangeInterviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant will see it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason the applicant will see")},
    )


class HrMoveInterviewForm(HrChangeInterviewForm):
    slot = SlotChoiceField(
        label=_("New time"),
        queryset=InterviewSlot.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose a new time")},
    )

    field_order = ["slot", "reason"]

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
