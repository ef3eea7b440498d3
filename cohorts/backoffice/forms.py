"""Forms for the "Cohorts" back office.

The model forms only collect what HR type: each save goes through a service
(``cohorts.backoffice.views``), which checks the rules once and whose refusal
the form shows. What defines a record (whose enrolment, which placement) is
fixed once it exists; a status is set when a record is made, then moved.

Every drop-down lists only what its field may hold, from a selector: people
especially, so that no chooser names every account on the portal (applicants
among them).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cohorts import planner, selectors
from cohorts.models import (
    Cohort,
    Enrolment,
    ModerationPanel,
    PanelDecision,
    Placement,
    TaughtSession,
)
from portal.forms import BoundedDateField, BoundedModelMultipleChoiceField
from portal.models import Team, User


def person_label(person: User) -> str:
    """A person in a drop-down: their name and email, so two people of one name stay apart."""
    if person.get_full_name():
        return f"{person.get_full_name()} ({person.email})"
    return person.email


class CohortsModelForm(WagtailAdminModelForm):
    """A back-office model form whose drop-downs list only what each field may hold.

    ``may_hold`` maps a field to the selector of what it may hold, given the row it
    holds now (``keep``), which stays a choice so that an edit never quietly empties
    it. ``shaped`` fetches the rows a drop-down's labels name, with its choices.
    """

    may_hold: dict[str, Callable[..., QuerySet]] = {}
    shaped = {
        "enrolment": lambda: Enrolment.objects.select_related("member", "cohort"),
        "placement": lambda: Placement.objects.select_related("enrolment__member", "team"),
        "team": lambda: Team.objects.select_related("service_area"),
        "cohort": lambda: Cohort.objects.select_related("programme"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in self.shaped.items():
            if name in self.fields:
                self.fields[name].queryset = queryset()
        for name, choices in self.may_hold.items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.queryset = choices(keep=self.initial.get(name))
            if field.queryset.model is User:
                # This form's own copy of the field: other forms keep Django's label.
                field.label_from_instance = person_label


class ServiceModelForm(CohortsModelForm):
    """A back-office model form whose save is a service call.

    ``fixed_on_edit`` fields show but cannot change once the record exists;
    ``fixed_on_create`` fields show their starting value on a new record.
    """

    fixed_on_edit: tuple[str, ...] = ()
    fixed_on_create: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fixed = self.fixed_on_edit if self.instance.pk else self.fixed_on_create
        for name in fixed:
            if name in self.fields:
                self.fields[name].disabled = True


class CohortForm(CohortsModelForm):
    may_hold = {"mentor": selectors.mentor_choices}


class PracticeSupervisorForm(CohortsModelForm):
    may_hold = {"user": selectors.staff_choices}


class PartnerCoordinatorForm(CohortsModelForm):
    may_hold = {"user": selectors.partner_coordinator_choices}


class EnrolmentForm(ServiceModelForm):
    fixed_on_edit = ("member", "cohort")
    fixed_on_create = ("status", "status_reason", "status_changed_on")
    may_hold = {
        "member": selectors.member_choices,
        "line_manager": selectors.supervisor_choices,
        "assessor": selectors.assessor_choices,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is not None and not field.disabled:
            # Completed and failed come only from the panel or the completion checks
            # (cohorts.services.reviews); the current status stays shown as it is.
            keep = self.instance.status if self.instance.pk else None
            field.choices = [
                (value, label)
                for value, label in field.choices
                if value not in Enrolment.OUTCOME_STATUSES or value == keep
            ]
            field.help_text = _(
                "Completed and Did not pass are set by the moderation panel's decision, or by "
                "Complete the programme for programmes without a panel."
            )


class PauseForm(ServiceModelForm):
    fixed_on_edit = ("enrolment",)


class PlacementForm(ServiceModelForm):
    fixed_on_edit = ("enrolment",)
    fixed_on_create = ("status",)
    may_hold = {"supervisor": selectors.supervisor_choices}


class DayLogForm(ServiceModelForm):
    fixed_on_edit = ("placement",)
    may_hold = {"placement": selectors.open_placement_choices}


class OffTheJobForm(ServiceModelForm):
    fixed_on_edit = ("enrolment",)
    may_hold = {"enrolment": selectors.off_the_job_enrolment_choices}


def rotation_field(item: planner.ProposedPlacement) -> str:
    """The name of a proposed placement's team choice: ``team-<enrolment>-<first day>``."""
    return f"team-{item.member}-{item.start.isoformat()}"


class RotationPlanForm(forms.Form):
    """HR confirm the planner's proposal for a cohort, choosing each placement's team.

    One drop-down per proposed placement, of the teams in its service area, the
    proposed team chosen. A team from anywhere else (or a value that is not a team
    at all) is an error on that drop-down, never quietly the proposed team.
    """

    confirm = forms.BooleanField(
        label=_("Create these placements"),
        error_messages={"required": _("Tick the box to confirm the placements")},
    )

    def __init__(self, *args, proposal: planner.Proposal, teams: Iterable[Team], **kwargs):
        super().__init__(*args, **kwargs)
        by_area: dict[str, list[Team]] = defaultdict(list)
        for team in sorted(teams, key=lambda team: team.name):
            by_area[team.service_area.slug].append(team)
        self.proposed: dict[str, planner.ProposedPlacement] = {}
        for item in proposal.placements:
            options = by_area[item.area]
            area = options[0].service_area.name if options else item.area
            label = _("%(area)s: %(start)s – %(end)s") % {
                "area": _("%(area)s, induction") % {"area": area} if item.induction else area,
                "start": date_format(item.start, "j M Y"),
                "end": date_format(item.end, "j M Y"),
            }
            name = rotation_field(item)
            self.proposed[name] = item
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=[(team.pk, team.name) for team in options],
                coerce=int,
                # Left out of a post (no browser leaves a drop-down out): the proposed team.
                required=False,
                empty_value=None,
                initial=item.team,
                error_messages={"invalid_choice": _("Choose a team in the same service area")},
            )
        self.order_fields([*self.proposed, "confirm"])

    def overrides(self) -> dict:
        """HR's team for each proposed placement: ``{(enrolment pk, start date): team pk}``."""
        return {
            (item.member, item.start): self.cleaned_data[name]
            for name, item in self.proposed.items()
            if self.cleaned_data[name] is not None
        }


class ScheduleSessionsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaughtSession.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    first_date = BoundedDateField(
        label=_("First session"),
        # A date box takes (and shows back) ISO dates, whatever the locale's format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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


# Reviews part: moderation panels ------------------------------------------------------


class ModerationPanelForm(CohortsModelForm):
    """HR choose the panel's date and members; ``reviews.panel_create`` saves it."""

    # Only staff sit on a panel; an id beyond any row's is an error, not a crash.
    members = BoundedModelMultipleChoiceField(
        queryset=User.objects.none(), label=_("Panel members")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = selectors.staff_choices()
        self.fields["members"].label_from_instance = person_label

    class Meta:
        model = ModerationPanel
        fields = ["date", "members", "notes"]


class PanelDecisionForm(forms.Form):
    """One row of a panel's page: confirm or change one final recommendation."""

    review = forms.UUIDField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=PanelDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the panel confirms or changes it")},
    )
    reason = forms.CharField(
        label=_("Reason (required when changed)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EpaForm(forms.Form):
    """HR record an apprentice's end-point assessment; ``reviews.enrolment_record_epa`` saves it."""

    epa_result = forms.ChoiceField(
        label=_("End-point assessment result"),
        choices=[("", "---------")]
        + [c for c in Enrolment._meta.get_field("epa_result").choices if c[0]],
    )
    epa_date = BoundedDateField(label=_("Date of the end-point assessment"))
