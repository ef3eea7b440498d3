"""Forms for evidence: an entry (with an optional file, the CV upload rules), the
assessor's comment, and the list's filter (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import CapabilityDomain, EvidenceEntry, KnowledgeStatement
from portal.forms import BoundedModelMultipleChoiceField, GovukDateField
from portal.uploads import check_cv

NO_CHILD_DETAILS = _("Do not include anything that could identify a child or family.")


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of evidence"),
        choices=EvidenceEntry.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the kind of evidence")},
    )
    date = GovukDateField(
        label=_("Date"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date")},
    )
    title = forms.CharField(
        label=_("Title"),
        help_text=NO_CHILD_DETAILS,
        max_length=200,
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )
    reflection = forms.CharField(
        label=_("Your reflection"),
        help_text=NO_CHILD_DETAILS,
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": _("The reflection must be 10,000 characters or fewer")},
    )
    domains = BoundedModelMultipleChoiceField(
        label=_("PCF domains it shows (optional)"),
        queryset=CapabilityDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    statements = BoundedModelMultipleChoiceField(
        label=_("Knowledge and skills statements it shows (optional)"),
        queryset=KnowledgeStatement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(
        label=_("Attach a file (optional)"),
        help_text=_(
            "A PDF or Word document (DOCX), smaller than 5MB. Remove anything that could"
            " identify a child or family."
        ),
        required=False,
        max_length=200,
    )

    upload_kind = None

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.upload_kind = check_cv(upload)
        return upload or None

    def values(self) -> dict:
        return {**self.cleaned_data, "upload_kind": self.upload_kind}


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Assessor's comment"),
        help_text=NO_CHILD_DETAILS,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("The comment must be 5,000 characters or fewer"),
        },
    )


class EvidenceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EvidenceEntry.Kind.choices, empty_label=_("Any kind")
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("PCF domain"),
        field_name="domains",
        queryset=CapabilityDomain.objects.all(),
        empty_label=_("Any domain"),
    )

    class Meta:
        model = EvidenceEntry
        fields = ["kind", "domain"]
