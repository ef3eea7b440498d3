"""The "Staff" back office: staff records with their team history, and agency vetting.

HR officers add and edit; the workforce lead reads; nobody deletes (a leaver
is recorded, and keeps their history). Every save is a call to
``portal.staff`` (which records it in History): changing the team on the edit
form is a move dated as HR say, never an overwrite of the current team.
Lists start from ``portal.staff_selectors.staff_visible_to``.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import AdminDateInput

from portal import admin_views, roles, staff, staff_selectors, staffing
from portal.filters import ModelChoiceFilter
from portal.forms import BoundedDateField, BoundedModelChoiceField
from portal.models import AgencyVetting, Organisation, ServiceArea, StaffRecord, Team, User

# Forms ---------------------------------------------------------------------------------


def person_label(person: User) -> str:
    """A person in a drop-down: name and email, so two people of one name stay apart."""
    if person.get_full_name():
        return f"{person.get_full_name()} ({person.email})"
    return person.email


def people_who_may_hold_a_record(keep=None):
    """Accounts with a role other than applicant: never every account on the portal."""
    people = (
        User.objects.filter(groups__isnull=False)
        .exclude(groups__name=roles.APPLICANT.name)
        .distinct()
    )
    if keep is not None:
        people = User.objects.filter(Q(pk__in=people.values("pk")) | Q(pk=keep))
    return people


class StaffRecordForm(WagtailAdminModelForm):
    """What HR type; ``portal.staff`` checks the rules when it saves.

    Who the record is for and how they are employed are fixed once it exists
    (another employment is another record). A started worker's team changes by a
    move, from the date HR give.
    """

    team = BoundedModelChoiceField(
        queryset=Team.objects.select_related("service_area"),
        required=False,
        label=_("Team"),
        help_text=_("Changing it records a move from the date below; the old team is kept."),
    )
    moved_on = BoundedDateField(
        required=False,
        label=_("Date of the team move"),
        widget=AdminDateInput,
        help_text=_("The first day in the new team."),
    )
    FIXED_ON_EDIT = ("person", "employment_type", "agency")

    class Meta:
        model = StaffRecord
        fields = [
            "person",
            "job_title",
            "grade",
            "employment_type",
            "agency",
            "hours",
            "weekly_hours",
            "swe_number",
            "start_date",
            "end_date",
            "leaving_reason",
            "leaving_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if "person" in self.fields:
            self.fields["person"].queryset = people_who_may_hold_a_record(
                keep=instance.person_id if instance.pk else None
            )
            self.fields["person"].label_from_instance = person_label
        if "agency" in self.fields:
            self.fields["agency"].queryset = Organisation.objects.filter(
                kind=Organisation.Kind.AGENCY
            )
        if instance.pk:
            for name in self.FIXED_ON_EDIT:
                if name in self.fields:
                    self.fields[name].disabled = True
            period = staff.current_period(instance)
            self.initial.setdefault("team", period.team_id if period else None)
            if instance.start_date is not None and "start_date" in self.fields:
                self.fields["start_date"].disabled = True
            if instance.end_date is not None:
                for name in ("end_date", "leaving_reason", "leaving_note", "team", "moved_on"):
                    if name in self.fields:
                        self.fields[name].disabled = True

    def _post_clean(self):
        # The services validate and save; the model's own clean() would run a second
        # time here on a half-filled instance.
        pass


class AgencyVettingForm(WagtailAdminModelForm):
    class Meta:
        model = AgencyVetting
        fields = [field for fields in staff.VETTING_ITEMS.values() for field in fields]

    def _post_clean(self):
        pass


# Views -------------------------------------------------------------------------------


# Saving through a service (``save_instance``) bypasses Wagtail's own edit action, so
# History holds the service's entry alone.
ServiceFormMixin = admin_views.ServiceFormMixin


class StaffIndexView(IndexView):
    def get_base_queryset(self):
        return staff_selectors.staff_visible_to(self.request.user)


class StaffCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return staff.staff_record_create(
            person=data["person"],
            job_title=data["job_title"],
            grade=data["grade"],
            employment_type=data["employment_type"],
            agency=data.get("agency"),
            team=data.get("team"),
            start_date=data.get("start_date"),
            hours=data["hours"],
            weekly_hours=data.get("weekly_hours"),
            swe_number=data.get("swe_number", ""),
            by=self.request.user,
        )


class StaffEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data, changed = self.form.cleaned_data, set(self.form.changed_data)
        record, by = self.object, self.request.user
        record.refresh_from_db()
        if changed & {"job_title", "grade", "hours", "weekly_hours", "swe_number"}:
            record = staff.staff_record_change(
                staff=record,
                job_title=data["job_title"],
                grade=data["grade"],
                hours=data["hours"],
                weekly_hours=data.get("weekly_hours"),
                swe_number=data.get("swe_number", ""),
                by=by,
            )
        if record.start_date is None and data.get("start_date"):
            if data.get("team") is None:
                raise staff.StaffError(_("Select the team they start in"), field="team")
            record = staff.agency_worker_start(
                staff=record, team=data["team"], on=data["start_date"], by=by
            )
        elif "team" in changed and data.get("team") is not None:
            if data.get("moved_on") is None:
                raise staff.StaffError(_("Enter the date of the team move"), field="moved_on")
            staff.staff_move_team(staff=record, team=data["team"], on=data["moved_on"], by=by)
        if data.get("end_date") and record.end_date is None:
            staff.staff_record_leave(
                staff=record,
                on=data["end_date"],
                reason=data.get("leaving_reason", ""),
                note=data.get("leaving_note", ""),
                by=by,
            )
        record.refresh_from_db()
        return record


class ReadableHistoryView(HistoryView):
    # Wagtail shows history to those who may change the object; the workforce lead reads it.
    any_permission_required = ["view", "change"]


class StaffInspectView(InspectView):
    template_name = "portal/admin/staff_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["periods"] = record.team_periods.select_related("team__service_area").order_by(
            "-start_date"
        )
        vetting = AgencyVetting.objects.filter(staff=record).first()
        context["vetting"] = vetting
        if vetting is not None and record.start_date is None:
            context["missing"] = staffing.missing_vetting(
                staff.vetting_facts(vetting),
                on=timezone.localdate(),
                minimum_years=staff.minimum_experience_years(),
            )
        return context


class VettingIndexView(IndexView):
    def get_base_queryset(self):
        return AgencyVetting.objects.filter(
            staff__in=staff_selectors.staff_visible_to(self.request.user)
        ).select_related("staff__person", "staff__agency")


class VettingEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data, changed = self.form.cleaned_data, set(self.form.changed_data)
        vetting = self.object
        for item, fields in staff.VETTING_ITEMS.items():
            if changed & set(fields):
                vetting = staff.agency_vetting_record(
                    vetting=vetting,
                    item=item,
                    values={name: data.get(name) for name in fields if name in changed},
                    by=self.request.user,
                )
        return vetting


# Filters -----------------------------------------------------------------------------


def _teams(request):
    return Team.objects.select_related("service_area")


def _areas(request):
    return ServiceArea.objects.all()


class StaffFilterSet(WagtailFilterSet):
    CURRENT, LEFT, NOT_STARTED = "current", "left", "not_started"

    team = ModelChoiceFilter(queryset=_teams, method="filter_team", label=_("Current team"))
    service_area = ModelChoiceFilter(
        queryset=_areas, method="filter_service_area", label=_("Current service area")
    )
    grade = django_filters.ChoiceFilter(choices=StaffRecord.Grade.choices, label=_("Grade"))
    employment_type = django_filters.ChoiceFilter(
        choices=StaffRecord.EmploymentType.choices, label=_("Employment type")
    )
    status = django_filters.ChoiceFilter(
        choices=[
            (CURRENT, _("Working here today")),
            (LEFT, _("Left")),
            (NOT_STARTED, _("Not started (agency vetting)")),
        ],
        method="filter_status",
        label=_("Current or left"),
    )

    class Meta:
        model = StaffRecord
        fields = ["team", "service_area", "grade", "employment_type", "status"]

    def filter_team(self, queryset, name, value):
        return queryset.filter(
            team_periods__end_date__isnull=True, team_periods__team=value
        ).distinct()

    def filter_service_area(self, queryset, name, value):
        return queryset.filter(
            team_periods__end_date__isnull=True, team_periods__team__service_area=value
        ).distinct()

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == self.CURRENT:
            return queryset.filter(start_date__lte=today).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=today)
            )
        if value == self.LEFT:
            return queryset.filter(end_date__lt=today)
        if value == self.NOT_STARTED:
            return queryset.filter(start_date__isnull=True)
        return queryset


# View sets ---------------------------------------------------------------------------


def _current_team(record: StaffRecord) -> str:
    period = staff_selectors.current_period(record)
    return str(period.team) if period else ""


def _vetting_state(vetting: AgencyVetting) -> str:
    if vetting.staff.start_date is not None:
        return str(_("Started %(day)s") % {"day": staff.day_text(vetting.staff.start_date)})
    missing = staffing.missing_vetting(
        staff.vetting_facts(vetting),
        on=timezone.localdate(),
        minimum_years=staff.minimum_experience_years(),
    )
    if not missing:
        return str(_("Complete: may start"))
    return str(_("%(count)s of 5 items to record") % {"count": len(missing)})


class StaffRecordViewSet(ModelViewSet):
    model = StaffRecord
    name = "portal_staff"
    url_prefix = "staff/records"
    icon = "user"
    menu_label = _("Staff records")
    menu_order = 100
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    pk_path_converter = "id"
    index_view_class = StaffIndexView
    history_view_class = ReadableHistoryView
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    inspect_view_class = StaffInspectView
    list_display = [
        "person",
        "job_title",
        "grade",
        "employment_type",
        Column("team", label=_("Current team"), accessor=_current_team),
        "start_date",
        "end_date",
    ]
    filterset_class = StaffFilterSet
    search_fields = ["person__first_name", "person__last_name", "person__email", "job_title"]
    list_export = [
        "person.display_name",
        "person.email",
        "job_title",
        "get_grade_display",
        "get_employment_type_display",
        "agency",
        "current_team",
        "fte",
        "swe_number",
        "start_date",
        "end_date",
        "get_leaving_reason_display",
    ]
    export_headings = {
        "person.display_name": _("Name"),
        "person.email": _("Email"),
        "get_grade_display": _("Grade"),
        "get_employment_type_display": _("Employment type"),
        "current_team": _("Current team"),
        "fte": _("FTE"),
        "get_leaving_reason_display": _("Reason for leaving"),
    }
    export_filename = "staff-records"
    inspect_view_fields = [
        "person",
        "job_title",
        "grade",
        "employment_type",
        "agency",
        "hours",
        "weekly_hours",
        "swe_number",
        "start_date",
        "end_date",
        "leaving_reason",
        "leaving_note",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("job_title"),
            FieldPanel("grade"),
            MultiFieldPanel(
                [FieldPanel("employment_type"), FieldPanel("agency")],
                heading=_("Employment"),
            ),
            FieldRowPanel([FieldPanel("hours"), FieldPanel("weekly_hours")]),
            FieldPanel("swe_number"),
            MultiFieldPanel(
                [FieldPanel("start_date"), FieldPanel("team"), FieldPanel("moved_on")],
                heading=_("Start and team"),
            ),
            MultiFieldPanel(
                [FieldPanel("end_date"), FieldPanel("leaving_reason"), FieldPanel("leaving_note")],
                heading=_("Leaving"),
            ),
        ],
        base_form_class=StaffRecordForm,
    )


class AgencyVettingViewSet(ModelViewSet):
    model = AgencyVetting
    name = "portal_agency_vetting"
    url_prefix = "staff/agency-vetting"
    icon = "tick-inverse"
    menu_label = _("Agency vetting")
    menu_order = 200
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    pk_path_converter = "id"
    index_view_class = VettingIndexView
    history_view_class = ReadableHistoryView
    edit_view_class = VettingEditView
    list_display = [
        "staff",
        Column("agency", label=_("Agency"), accessor=lambda v: v.staff.agency),
        Column("state", label=_("Vetting"), accessor=_vetting_state),
    ]
    search_fields = ["staff__person__last_name", "staff__person__email"]
    list_export = [
        "staff.person.display_name",
        "staff.agency",
        "registration_checked_on",
        "qualified_on",
        "interviewed_on",
        "dbs_issued_on",
        "dbs_outcome",
        "first_reference_received_on",
        "second_reference_received_on",
    ]
    export_filename = "agency-vetting"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("registration_checked_on")],
                heading=_("Social Work England registration (the number is on the staff record)"),
            ),
            MultiFieldPanel(
                [FieldPanel("qualification"), FieldPanel("qualified_on"), FieldPanel("in_asye")],
                heading=_("Qualification and post-qualifying experience"),
            ),
            MultiFieldPanel([FieldPanel("interviewed_on")], heading=_("Council interview")),
            MultiFieldPanel(
                [
                    FieldPanel("dbs_certificate_number"),
                    FieldPanel("dbs_issued_on"),
                    FieldPanel("dbs_barred_list_checked"),
                    FieldPanel("dbs_outcome"),
                ],
                heading=_("The council's own enhanced DBS check (never the disclosure itself)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("first_referee"), FieldPanel("first_reference_received_on")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("second_referee"), FieldPanel("second_reference_received_on")]
                    ),
                ],
                heading=_("Two full references"),
            ),
        ],
        base_form_class=AgencyVettingForm,
    )


class StaffViewSetGroup(ModelViewSetGroup):
    menu_label = _("Staff")
    menu_icon = "user"
    menu_order = 250
    items = (StaffRecordViewSet, AgencyVettingViewSet)
