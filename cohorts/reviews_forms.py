"""Forms of the reviews part: the assessor recording a review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import ReviewPoint
from portal.forms import GovukDateField

ATTENDEES = (
    ("member", _("The member")),
    ("line_manager", _("Their line manager")),
    ("assessor", _("The assessor")),
)


class ReviewOutcomeForm(forms.Form):
    held_on = GovukDateField(
        label=_("Date the review was held"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the review was held")},
    )
    attended = forms.MultipleChoiceField(
        label=_("Who attended"),
        choices=ATTENDEES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a recommendation")},
    )
    summary = forms.CharField(
        label=_("Assessor's summary"),
        help_text=_("The member, their line manager and their mentor can read this."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Enter the assessor's summary")},
    )
    agreed_actions = forms.CharField(
        label=_("Agreed actions"),
        help_text=_("One a line, with the date each is due."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=3000,
    )

    def __init__(self, *args, review: ReviewPoint, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ReviewPoint.FINAL if review.is_final else ReviewPoint.INTERIM
        self.fields["recommendation"].choices = [
            (value, label)
            for value, label in ReviewPoint.Recommendation.choices
            if value in allowed
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        attended = set(data["attended"])
        return {
            "held_on": data["held_on"],
            "recommendation": data["recommendation"],
            "summary": data["summary"],
            "agreed_actions": data["agreed_actions"],
            "member_attended": "member" in attended,
            "line_manager_attended": "line_manager" in attended,
            "assessor_attended": "assessor" in attended,
        }
