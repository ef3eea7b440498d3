"""Forms for interviews on the front end: the applicant's choice of slot, the panel's scorecard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.formats import clock_time, long_date
from portal.forms import BoundedModelChoiceField
from recruitment.choices import Recommendation
from recruitment.models import InterviewSlot


def slot_label(slot: InterviewSlot) -> str:
    return _("%(date)s, %(start)s to %(end)s (%(format)s)") % {
        "date": long_date(slot.start),
        "start": clock_time(slot.start),
        "end": clock_time(slot.end),
        "format": slot.get_format_display(),
    }


class SlotChoiceField(BoundedModelChoiceField):
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
