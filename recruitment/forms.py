"""The applicant's forms: one per section of the application, and withdrawing it."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from portal.formats import long_date
from portal.forms import GovukDateField, GovukDateWidget
from portal.uploads import check_cv
from recruitment.choices import SweStatus, WithdrawalReason
from recruitment.history import gap_key
from recruitment.models import (
    Application,
    EmploymentEntry,
    EqualityMonitoring,
    Referee,
)

YES_NO = [(True, _("Yes")), (False, _("No"))]


DateWidget = GovukDateWidget  # the shared widget names its boxes id_x_day…


def date_field(**kwargs) -> GovukDateField:
    return GovukDateField(widget=DateWidget, **kwargs)


def yes_no(label, *, required=True, help_text="", error=None):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
        error_messages={"required": error or _("Select yes or no")},
    )


def required(form, names_and_messages: dict) -> None:
    for name, message in names_and_messages.items():
        value = form.cleaned_data.get(name)
        if value in (None, "") and name not in form.errors:
            form.add_error(name, message)


class SectionForm(forms.ModelForm):
    """A section saved on the application itself; the view passes cleaned_data to the service."""

    messages: dict = {}

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        for name, message in self.messages.items():
            if name in self.fields:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                field.choices = [c for c in field.choices if c[0] not in ("", None)]

    class Meta:
        model = Application
        fields: list = []


class PersonalDetailsForm(SectionForm):
    messages = {
        "first_name": _("Enter your first name"),
        "last_name": _("Enter your last name"),
        "email": _("Enter your email address"),
        "phone": _("Enter your phone number"),
        "address": _("Enter your address"),
        "postcode": _("Enter your postcode"),
    }

    class Meta(SectionForm.Meta):
        fields = ["first_name", "last_name", "email", "phone", "address", "postcode"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_postcode(self):
        value = re.sub(r"\s+", " ", self.cleaned_data["postcode"].upper()).strip()
        if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", value):
            raise ValidationError(_("Enter a real postcode, like EX1 1AA"))
        return value


class RightToWorkForm(SectionForm):
    messages = {"right_to_work": _("Select whether you have the right to work in the UK")}

    class Meta(SectionForm.Meta):
        fields = ["right_to_work", "right_to_work_detail"]
        widgets = {
            "right_to_work": forms.RadioSelect,
            "right_to_work_detail": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"right_to_work_detail": _("Only if you answered no.")}

    def clean(self):
        data = super().clean()
        if data.get("right_to_work") not in (None, "", "yes") and not data.get(
            "right_to_work_detail"
        ):
            self.add_error("right_to_work_detail", _("Tell us about your right to work"))
        return data


class HowYouAppliedForm(SectionForm):
    through_agency = yes_no(
        _("Are you applying through an employment agency?"),
        error=_("Select yes if you are applying through an agency"),
    )
    messages = {"heard_about": _("Select where you heard about this job")}

    class Meta(SectionForm.Meta):
        fields = ["heard_about", "heard_about_detail", "through_agency", "agency_name"]
        widgets = {"heard_about": forms.RadioSelect}
        help_texts = {"agency_name": _("Only if you are applying through an agency.")}

    def clean(self):
        data = super().clean()
        if data.get("heard_about") == "other" and not data.get("heard_about_detail"):
            self.add_error("heard_about_detail", _("Tell us where you heard about this job"))
        if data.get("through_agency"):
            if not data.get("agency_name"):
                self.add_error("agency_name", _("Enter the name of the agency"))
            if self.application and self.application.route == Route.ASYE:
                self.add_error(
                    "through_agency",
                    _(
                        "Newly qualified social workers cannot be placed through an agency. "
                        "Apply to us directly instead"
                    ),
                )
        else:
            data["agency_name"] = ""
        return data


class RegistrationForm(SectionForm):
    qualified_on = date_field(
        label=_("When did you qualify, or when will you qualify?"),
        help_text=_("For example, 27 6 2024"),
        error_messages={"required": _("Enter the date you qualified")},
    )
    messages = {
        "swe_status": _("Select whether you are registered with Social Work England"),
        "qualification": _("Enter your social work qualification"),
        "awarding_body": _("Enter the university or college that awarded it"),
        "asye_status": _("Select whether you have completed the ASYE"),
    }

    class Meta(SectionForm.Meta):
        fields = [
            "swe_status",
            "swe_number",
            "qualification",
            "awarding_body",
            "qualified_on",
            "asye_status",
        ]
        widgets = {"swe_status": forms.RadioSelect, "asye_status": forms.RadioSelect}
        help_texts = {
            "swe_number": _("Starts with SW followed by numbers, like SW123456."),
        }

    def clean_swe_number(self):
        value = re.sub(r"\s+", "", self.cleaned_data.get("swe_number") or "").upper()
        if value and not re.fullmatch(r"SW\d{1,8}", value):
            raise ValidationError(
                _("Enter your registration number in the correct format, like SW123456")
            )
        return value

    def clean_qualified_on(self):
        value = self.cleaned_data["qualified_on"]
        if value and value.year < 1950:
            raise ValidationError(_("The date you qualified must be after 1950"))
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("swe_status") == SweStatus.REGISTERED
            and not data.get("swe_number")
            and "swe_number" not in self.errors
        ):
            self.add_error("swe_number", _("Enter your registration number"))
        if data.get("swe_status") == SweStatus.NOT_YET:
            data["swe_number"] = ""
        return data


class EligibilityForm(SectionForm):
    works_for_council_or_partner = yes_no(
        _("Do you work for the council or one of its partner organisations now?")
    )
    works_with_children_or_families = yes_no(
        _("Do you have experience of working with children, families or vulnerable adults?")
    )
    has_level_2_english_maths = yes_no(
        _("Do you have English and maths at level 2 (GCSE grade 4 or C) or above?")
    )

    class Meta(SectionForm.Meta):
        fields = [
            "works_for_council_or_partner",
            "works_with_children_or_families",
            "has_level_2_english_maths",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        route = self.application.route if self.application else Route.GROW_YOUR_OWN
        if route == Route.GROW_YOUR_OWN:
            del self.fields["has_level_2_english_maths"]
        else:
            del self.fields["works_for_council_or_partner"]


class ExperienceForm(SectionForm):
    post_qualifying_months = forms.IntegerField(
        label=_("How many months of post-qualifying experience do you have?"),
        min_value=0,
        max_value=600,
        error_messages={
            "required": _("Enter your months of post-qualifying experience"),
            "invalid": _("Enter a whole number of months, like 30"),
            "min_value": _("Months of experience must be 0 or more"),
            "max_value": _("Months of experience must be 600 or fewer"),
        },
    )

    class Meta(SectionForm.Meta):
        fields = ["post_qualifying_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["post_qualifying_months"]
        field.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-4"})
        calculated = (
            self.application.post_qualifying_months_calculated if self.application else None
        )
        if calculated is not None:
            field.help_text = _(
                "From your employment history we worked out %(months)s months. "
                "Change it if it is not right."
            ) % {"months": calculated}
            if self.instance.post_qualifying_months is None:
                self.initial["post_qualifying_months"] = calculated


class StatementForm(SectionForm):
    MAX_WORDS = 1500
    messages = {"supporting_statement": _("Enter your supporting statement")}

    class Meta(SectionForm.Meta):
        fields = ["supporting_statement"]
        widgets = {"supporting_statement": forms.Textarea(attrs={"rows": 15})}
        help_texts = {
            "supporting_statement": _(
                "Show how you meet each criterion of the person specification. Up to 1,500 words."
            )
        }

    def clean_supporting_statement(self):
        value = self.cleaned_data["supporting_statement"]
        if len(value.split()) > self.MAX_WORDS:
            raise ValidationError(_("Your supporting statement must be 1,500 words or fewer"))
        return value


class AvailabilityForm(SectionForm):
    needs_adjustments = yes_no(
        _("Do you need any reasonable adjustments for your interview?"),
        error=_("Select yes if you need reasonable adjustments"),
    )
    messages = {"interview_availability": _("Tell us when you can come to an interview")}

    class Meta(SectionForm.Meta):
        fields = ["interview_availability", "needs_adjustments", "adjustments"]
        widgets = {
            "interview_availability": forms.Textarea(attrs={"rows": 3}),
            "adjustments": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "interview_availability": _("For example, days or times you cannot make."),
            "adjustments": _("Only if you answered yes."),
        }

    def clean(self):
        data = super().clean()
        if data.get("needs_adjustments") and not data.get("adjustments"):
            self.add_error("adjustments", _("Tell us what adjustments you need"))
        return data


class GuaranteedInterviewForm(SectionForm):
    guaranteed_interview = yes_no(
        _("Do you want to apply under the guaranteed interview scheme?"),
        help_text=_(
            "If you are disabled and your application meets the essential criteria, "
            "we will offer you an interview."
        ),
        error=_("Select yes if you want to apply under the guaranteed interview scheme"),
    )

    class Meta(SectionForm.Meta):
        fields = ["guaranteed_interview"]


class DeclarationForm(SectionForm):
    confirm = forms.BooleanField(
        label=_("I confirm that the information I have given is true and complete"),
        help_text=_(
            "Giving false information may mean we withdraw an offer or end your employment. "
            "Work with children needs an enhanced DBS check with the children's barred list."
        ),
        error_messages={"required": _("Confirm that the information you have given is true")},
    )

    class Meta(SectionForm.Meta):
        fields: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.declaration_confirmed_at and not self.is_bound:
            self.initial["confirm"] = True


class EqualityForm(forms.ModelForm):
    class Meta:
        model = EqualityMonitoring
        fields = [
            "sex",
            "gender_identity_same",
            "age_band",
            "ethnicity",
            "disability",
            "religion",
            "sexual_orientation",
        ]
        widgets = dict.fromkeys(fields, forms.RadioSelect)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.choices = [c for c in field.choices if c[0]]


class EmploymentEntryForm(forms.ModelForm):
    started_on = date_field(
        label=_("Start date"), error_messages={"required": _("Enter the date you started")}
    )
    ended_on = date_field(
        label=_("End date"),
        required=False,
        help_text=_("Leave blank if you still work here."),
    )
    is_social_work = yes_no(
        _("Was this a qualified social worker role?"),
        error=_("Select yes if this was a qualified social worker role"),
    )

    class Meta:
        model = EmploymentEntry
        fields = [
            "employer",
            "job_title",
            "started_on",
            "ended_on",
            "is_social_work",
            "duties",
            "reason_for_leaving",
        ]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "employer": {"required": _("Enter the employer's name")},
            "job_title": {"required": _("Enter your job title")},
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        today = timezone.localdate()
        if start and start > today:
            self.add_error("started_on", _("The start date must be today or in the past"))
        if start and end and end < start:
            self.add_error(
                "ended_on", _("The end date must be the same as or after the start date")
            )
        if end and end > today:
            self.add_error("ended_on", _("The end date must be today or in the past"))
        return data


class GapsForm(forms.Form):
    """One explanation per gap over the allowed months."""

    def __init__(self, *args, gaps=(), explanations=None, **kwargs):
        super().__init__(*args, **kwargs)
        explanations = explanations or {}
        for gap in gaps:
            key = gap_key(gap)
            self.fields[f"gap_{key}"] = forms.CharField(
                label=_("What were you doing between %(start)s and %(end)s?")
                % {"start": long_date(gap[0]), "end": long_date(gap[1])},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=explanations.get(key, ""),
                error_messages={"required": _("Explain this gap in your employment history")},
            )

    def explanations(self) -> dict[str, str]:
        return {name.removeprefix("gap_"): value for name, value in self.cleaned_data.items()}


class RefereeForm(forms.ModelForm):
    is_current_employer = forms.BooleanField(
        label=_("This referee is from my current or most recent employer"), required=False
    )

    class Meta:
        model = Referee
        fields = [
            "name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "relationship",
            "is_current_employer",
        ]
        error_messages = {
            "name": {"required": _("Enter the referee's full name")},
            "job_title": {"required": _("Enter the referee's job title")},
            "organisation": {"required": _("Enter the referee's organisation")},
            "email": {
                "required": _("Enter the referee's email address"),
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
            },
            "relationship": {"required": _("Tell us how the referee knows you")},
        }


class CVForm(forms.Form):
    cv = forms.FileField(
        label=_("Upload your CV"),
        help_text=_("A PDF or Word document (DOCX), smaller than 5MB."),
        error_messages={"required": _("Select a file to upload")},
        max_length=200,
    )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        self.kind = check_cv(upload)
        return upload


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you withdrawing your application?"),
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select why you are withdrawing")},
    )
    detail = forms.CharField(
        label=_("Anything else you would like to tell us (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
