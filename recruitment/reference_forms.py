"""The referee's forms: the reference itself, a letter instead, or declining."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import check_cv
from recruitment.choices import Suitability
from recruitment.forms import date_field, yes_no
from recruitment.services.references import ReferenceAnswers

LONG = 5000  # characters: a generous reference, never an unbounded one


def _text(label, *, required=True, help_text="", error=None, rows=4):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": error or _("Enter an answer")} if required else {},
    )


class ReferenceForm(forms.Form):
    how_known = _text(
        _("How do you know the applicant?"),
        help_text=_("For example, you were their line manager or their practice educator."),
        error=_("Tell us how you know the applicant"),
        rows=3,
    )
    known_from = date_field(
        label=_("When did you start to know them in this role?"),
        help_text=_("For example, 27 3 2019"),
        error_messages={"required": _("Enter the date you first knew the applicant")},
    )
    known_to = date_field(
        label=_("When did you stop working with them?"),
        help_text=_("Leave blank if you still work with them."),
        required=False,
    )
    applicant_role = forms.CharField(
        label=_("What was their role?"),
        max_length=200,
        error_messages={"required": _("Enter the applicant's role")},
    )
    suitable_with_children = forms.ChoiceField(
        label=_("Are they suitable to work with children?"),
        choices=Suitability.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether they are suitable to work with children")},
    )
    safeguarding_concerns = yes_no(
        _("Do you know of any safeguarding concerns about them?"),
        error=_("Select yes if you know of any safeguarding concerns"),
    )
    safeguarding_detail = _text(
        _("If yes, give details of the safeguarding concerns"), required=False
    )
    disciplinary_action = yes_no(
        _("Have they been subject to disciplinary action, or is any under way?"),
        error=_("Select yes if they have been subject to disciplinary action"),
    )
    disciplinary_detail = _text(
        _("If yes, give details of the disciplinary action"), required=False
    )
    sickness_absence = _text(
        _("Sickness absence in the last 2 years (optional)"),
        required=False,
        help_text=_(
            "If your organisation records it: the number of days and of separate absences. "
            "Leave blank if it does not."
        ),
        rows=2,
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start, end = data.get("known_from"), data.get("known_to")
        if start and start > today:
            self.add_error("known_from", _("The date must be today or in the past"))
        if start and end and end < start:
            self.add_error(
                "known_to", _("The end date must be the same as or after the start date")
            )
        if end and end > today:
            self.add_error("known_to", _("The end date must be today or in the past"))
        if data.get("safeguarding_concerns") and not data.get("safeguarding_detail", "").strip():
            self.add_error("safeguarding_detail", _("Give details of the safeguarding concerns"))
        if data.get("disciplinary_action") and not data.get("disciplinary_detail", "").strip():
            self.add_error("disciplinary_detail", _("Give details of the disciplinary action"))
        return data

    def answers(self) -> ReferenceAnswers:
        return ReferenceAnswers(**{name: self.cleaned_data[name] for name in self.fields})


class LetterForm(forms.Form):
    letter = forms.FileField(
        label=_("Upload a reference letter"),
        help_text=_("A PDF or Word document (DOCX), smaller than 5MB."),
        error_messages={"required": _("Select a file to upload")},
        max_length=200,
    )

    def clean_letter(self):
        upload = self.cleaned_data["letter"]
        check_cv(upload)
        return upload


class DeclineForm(forms.Form):
    reason = _text(
        _("Why can you not give a reference?"),
        help_text=_("For example, you have not worked with them for long enough."),
        error=_("Tell us why you cannot give a reference"),
        rows=3,
    )
