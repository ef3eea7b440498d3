"""Forms for protected caseloads: today's count for each of a manager's workers, and the CSV."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import CASELOAD_MAX


def count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=CASELOAD_MAX,
        error_messages={
            "invalid": _("Cases must be a whole number, like 12"),
            "min_value": _("Cases must be 0 or more"),
            "max_value": _("Cases must be %(limit_value)s or fewer"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class CaseloadEntryForm(forms.Form):
    """One box per worker; an empty box leaves that worker's count as it is."""

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {}
        for worker in workers:
            name = f"worker_{worker.pk}"
            self.fields[name] = count_field(worker.display_name)
            self.initial.setdefault(name, worker.count_today)
            self.workers[name] = worker

    def counts(self):
        """(worker, count) for each box filled in."""
        return [
            (self.workers[name], value)
            for name, value in self.cleaned_data.items()
            if value is not None and name in self.workers
        ]


class CaseloadImportForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a CSV file"),
        help_text=_(
            'Columns "worker" (staff record id, email or Social Work England number), '
            '"date" and "count". Smaller than 5MB. Counts only: no detail about children.'
        ),
        error_messages={"required": _("Select a CSV file")},
    )
