"""Forms for the "Cohorts" back office.

The model forms only collect what HR type: each save goes through a service
(``cohorts.backoffice.views``), which checks the rules once and whose refusal
the form shows. What defines a record (whose enrolment, which placement) is
fixed once it exists; a status is set when a record is made, then moved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cohorts.models import Cohort, Enrolment, Placement, TaughtSession
from portal.models import Team


class ServiceModelForm(WagtailAdminModelForm):
    """A back-office model form whose save is a service call.

    ``fixed_on_edit`` fields show but cannot change once the record exists;
    ``fixed_on_create`` fields show their starting value on a new record.
    Choice labels that name related rows fetch them with the choices.
    """

    fixed_on_edit: tuple[str, ...] = ()
    fixed_on_create: tuple[str, ...] = ()
    shaped_choices = {
        "enrolment": lambda: Enrolment.objects.select_related("member", "cohort"),
        "placement": lambda: Placement.objects.select_related("enrolment__member", "team"),
        "team": lambda: Team.objects.select_related("service_area"),
        "cohort": lambda: Cohort.objects.select_related("programme"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in self.shaped_choices.items():
            if name in self.fields:
                self.fields[name].queryset = queryset()
        fixed = self.fixed_on_edit if self.instance.pk else self.fixed_on_create
        for name in fixed:
            if name in self.fields:
                self.fields[name].disabled = True


class EnrolmentForm(ServiceModelForm):
    fixed_on_edit = ("member", "cohort")
    fixed_on_create = ("status", "status_reason", "status_changed_on")


class PauseForm(ServiceModelForm):
    fixed_on_edit = ("enrolment",)


class PlacementForm(ServiceModelForm):
    fixed_on_edit = ("enrolment",)
    fixed_on_create = ("status",)


class DayLogForm(ServiceModelForm):
    fixed_on_edit = ("placement",)


class OffTheJobForm(ServiceModelForm):
    fixed_on_edit = ("enrolment",)


class ConfirmRotationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Create these placements"),
        error_messages={"required": _("Tick the box to confirm the placements")},
    )


class ScheduleSessionsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaughtSession.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    first_date = forms.DateField(
        label=_("First session"), widget=forms.DateInput(attrs={"type": "date"})
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=12,
        initial=2,
        help_text=_("2 gives two taught sessions a month; practice improvement days are 4 to 6."),
    )
    count = forms.IntegerField(label=_("How many sessions"), min_value=1, max_value=60)
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video call link"), required=False, assume_scheme="https")
    facilitator = forms.CharField(label=_("Facilitator"), max_length=150, required=False)
