"""HR's forms for offers: the terms (with the cohorts the offer rule allows) and a withdrawal."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import BoundedDateField, BoundedModelChoiceField
from portal.models import StaffRecord, Team
from recruitment.models import OfferLetterTemplate
from recruitment.services.offers import OfferTerms


class CohortChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.programme.name}, {obj.start_date:%-d %B %Y})"


class OfferTermsForm(forms.Form):
    job_title = forms.CharField(label=_("Post"), max_length=150)
    team = BoundedModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("service_area").order_by("name"),
        error_messages={"invalid_choice": _("Choose a team from the list")},
    )
    grade = forms.ChoiceField(label=_("Career grade"), choices=StaffRecord.Grade.choices)
    salary_point = forms.CharField(
        label=_("Grade and salary point"),
        max_length=100,
        help_text=_("As the pay scale names it, for example: Grade 9, point 32 (£38,626)."),
    )
    hours = forms.ChoiceField(label=_("Hours"), choices=StaffRecord.Hours.choices)
    weekly_hours = forms.DecimalField(
        label=_("Hours a week (part-time only)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("36.9"),
    )
    employment_type = forms.ChoiceField(
        label=_("Contract type"), choices=StaffRecord.EmploymentType.choices
    )
    proposed_start_date = BoundedDateField(
        label=_("Proposed start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    cohort = CohortChoiceField(
        label=_("Cohort"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a cohort from the list")},
        help_text=_("Cohorts of this route's programme that start after today."),
    )
    letter_template = BoundedModelChoiceField(
        label=_("Letter template"),
        queryset=OfferLetterTemplate.objects.order_by("name"),
        error_messages={"invalid_choice": _("Choose a letter template from the list")},
    )

    def __init__(self, *args, cohorts, needs_cohort: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_cohort:
            # The experienced route joins no cohort.
            del self.fields["cohort"]
            return
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].required = True
        self.fields["cohort"].error_messages["required"] = _(
            "Choose the cohort the new starter will join"
        )

    def terms(self) -> OfferTerms:
        data = self.cleaned_data
        return OfferTerms(
            job_title=data["job_title"],
            team=data["team"],
            grade=data["grade"],
            salary_point=data["salary_point"],
            hours=data["hours"],
            weekly_hours=data.get("weekly_hours"),
            employment_type=data["employment_type"],
            proposed_start_date=data["proposed_start_date"],
            cohort=data.get("cohort"),
            letter_template=data["letter_template"],
        )


class WithdrawOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the offer withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The applicant reads this."),
        error_messages={"required": _("Enter why the offer is withdrawn")},
    )
