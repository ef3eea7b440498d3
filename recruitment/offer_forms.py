"""The applicant's answers to an offer: accept (a confirmation) or decline (with a reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptOfferForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I accept this offer and its conditions"),
        error_messages={"required": _("Confirm that you accept the offer")},
    )


class DeclineOfferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you declining the offer?"),
        help_text=_("This helps us improve how we recruit."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": _("Tell us why you are declining the offer")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason
