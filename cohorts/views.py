"""Front-end pages for members, mentors, practice supervisors and partner coordinators.

Thin: a role gate, one selector to find what the person may see (anything else
is a 404), one service for a write, a presenter for what the page shows, then
render. A refusal from a service (``DomainError``) is shown on the form.
"""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from cohorts import (
    caseload_presenters,
    conf,
    presenters,
    progress,
    reviews_presenters,
    selectors,
    supervision_selectors,
)
from cohorts.filters import SupervisedPlacementFilter
from cohorts.forms import (
    AttendanceRegisterForm,
    CalendarAddressForm,
    DayLogForm,
    MeetingForm,
    MemberListForm,
    OffTheJobForm,
)
from cohorts.services import mentoring, placements, sessions
from portal import roles
from portal.access import role_required
from portal.calendar import local_datetime, local_zone
from portal.components import pagination
from portal.errors import DomainError
from portal.forms import form_data, show_refusal

# Member ---------------------------------------------------------------------------


@never_cache
@require_GET
@role_required(roles.COHORT_MEMBER)
def my_training(request):
    today = timezone.localdate()
    enrolments = selectors.my_enrolments(request.user, today)
    current = next((e for e in enrolments if e.is_current), enrolments[0] if enrolments else None)
    context = {"enrolment": current, "today": today}
    if current:
        upcoming = selectors.upcoming_sessions_for(
            request.user, today, conf.upcoming_sessions_shown()
        )
        # The address calendar apps subscribe to, without a session.
        token = selectors.calendar_feed_token(request.user)
        context |= {
            "others": [e for e in enrolments if e is not current],
            "summary": presenters.programme_summary(current),
            "timeline": presenters.timeline(current, today),
            "caseload": caseload_presenters.panel(current, today),
            "sessions": presenters.sessions_table(upcoming) if upcoming else None,
            "meetings": list(
                selectors.meetings_visible_to(request.user).filter(enrolment=current)[:5]
            ),
            "reviews": reviews_presenters.review_panel(current),
            "feed_url": request.build_absolute_uri(
                f"{reverse('cohorts:calendar')}?{urlencode({'token': token})}"
            ),
        }
    return render(request, "cohorts/my_training.html", context)


@require_POST
@role_required(roles.COHORT_MEMBER)
def calendar_reset(request):
    """A new calendar address for the member; the old one answers 404 from now on."""
    sessions.calendar_feed_reset(by=request.user)
    messages.success(
        request,
        _(
            "Your calendar address has changed. Subscribe to the new address in your "
            "calendar app: the old one no longer works."
        ),
    )
    return redirect("cohorts:my_training")


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.COHORT_MEMBER)
def off_the_job(request):
    today = timezone.localdate()
    enrolment = next(
        (
            e
            for e in selectors.my_enrolments(request.user, today)
            if e.is_current and e.off_the_job_target
        ),
        None,
    )
    if enrolment is None:
        raise Http404
    form = OffTheJobForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            placements.off_the_job_log(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Hours logged"))
            return redirect("cohorts:off_the_job")
    return render(
        request,
        "cohorts/off_the_job.html",
        {
            "enrolment": enrolment,
            "logs": presenters.off_the_job_table(selectors.off_the_job_logs_for(enrolment)),
            "form": form,
            "breadcrumbs": presenters.training_breadcrumbs(),
        },
    )


@never_cache
@require_GET
def calendar_feed(request):
    """An iCalendar feed of the member's taught sessions (Europe/London times).

    Calendar apps fetch it by the secret in its address, without a session; a
    reset address, or any other, answers 404.
    """
    address = CalendarAddressForm(request.GET)
    if not address.is_valid():
        raise Http404
    token = address.cleaned_data["token"]
    if token:
        user = selectors.calendar_feed_owner(token)
        if user is None:
            raise Http404
    elif request.user.is_authenticated:
        user = request.user
    else:
        return redirect_to_login(request.get_full_path())

    calendar = Calendar()
    calendar.add("prodid", "-//Social work portal//Training sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("My training sessions"))
    calendar.add("x-wr-timezone", str(local_zone()))
    stamp = timezone.now()
    for session in selectors.sessions_for_calendar(user):
        event = Event()
        event.add("uid", f"{session.public_id}@training")
        event.add("dtstamp", stamp)
        event.add("dtstart", local_datetime(session.date, session.start_time))
        event.add("dtend", local_datetime(session.date, session.end_time))
        event.add("summary", f"{session.topic} ({session.cohort.name})")
        event.add("location", session.place or session.video_link)
        description = [str(session.get_kind_display())]
        if session.facilitator:
            description.append(_("Facilitator: %(name)s") % {"name": session.facilitator})
        if session.video_link:
            description.append(session.video_link)
            event.add("url", session.video_link)
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="training.ics"'
    return response


# Mentor ---------------------------------------------------------------------------


@never_cache
@require_GET
@role_required(roles.MENTOR)
def mentor_home(request):
    today = timezone.localdate()
    cohorts = selectors.mentor_dashboard(request.user, today)
    for cohort in cohorts:
        cohort.size_warning = progress.cohort_size_warning(cohort=cohort, size=cohort.current_count)
        cohort.members_table = (
            presenters.members_table(
                cohort.members,
                caption=_("Members of %(name)s, who needs attention first") % {"name": cohort.name},
            )
            if cohort.members
            else None
        )
    trained, total = supervision_selectors.restorative_trained_counts()
    return render(
        request,
        "cohorts/mentor_home.html",
        {
            "cohorts": cohorts,
            "today": today,
            "restorative_trained": trained,
            "restorative_total": total,
        },
    )


@never_cache
@require_GET
@role_required(roles.MENTOR)
def mentor_cohort(request, public_id):
    cohort = get_object_or_404(selectors.mentored_cohorts(request.user), public_id=public_id)
    today = timezone.localdate()
    members = selectors.cohort_members(cohort, today)
    show = MemberListForm(request.GET).shown()
    shown = [m for m in members if m.attention] if show == MemberListForm.ATTENTION else members
    caption = _("Showing %(shown)s of %(total)s members, who needs attention first") % {
        "shown": len(shown),
        "total": len(members),
    }
    return render(
        request,
        "cohorts/mentor_cohort.html",
        {
            "cohort": cohort,
            "breadcrumbs": presenters.mentor_breadcrumbs(),
            "summary": presenters.cohort_summary(cohort, members=len(members)),
            "members": members,
            "shown_table": presenters.members_table(shown, caption=caption) if shown else None,
            "show": show,
            "upcoming": cohort.sessions.filter(date__gte=today).order_by("date", "start_time")[:5],
            "recent": selectors.recent_sessions(cohort, today),
            "size_warning": progress.cohort_size_warning(
                cohort=cohort, size=sum(1 for m in members if m.is_current)
            ),
            "today": today,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.MENTOR)
def mentor_member(request, public_id):
    enrolment = get_object_or_404(
        selectors.with_progress(selectors.mentored_enrolments(request.user)),
        public_id=public_id,
    )
    today = timezone.localdate()
    progress.describe(enrolment, today)
    form = MeetingForm(form_data(request), initial={"date": today})
    if request.method == "POST" and form.is_valid():
        try:
            mentoring.meeting_record(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Meeting recorded"))
            return redirect("cohorts:mentor_member", public_id=enrolment.public_id)
    return render(
        request,
        "cohorts/mentor_member.html",
        {
            "enrolment": enrolment,
            "breadcrumbs": presenters.mentor_breadcrumbs(enrolment.cohort),
            "summary": presenters.member_summary(enrolment),
            "timeline": presenters.timeline(enrolment, today),
            "caseload": caseload_presenters.panel(enrolment, today),
            "meetings": selectors.meetings_visible_to(request.user).filter(enrolment=enrolment),
            "attendance": presenters.attendance_table(selectors.attendance_for(enrolment)),
            "reviews": reviews_presenters.review_panel(enrolment),
            "form": form,
            "today": today,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.MENTOR)
def mentor_register(request, public_id):
    """The mentor takes a session's register (HR take it in the back office, same form)."""
    session = get_object_or_404(selectors.sessions_for_mentor(request.user), public_id=public_id)
    form = AttendanceRegisterForm(form_data(request), register=selectors.register_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            sessions.attendance_register(session=session, marks=form.marks(), by=request.user)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Register saved"))
            return redirect("cohorts:mentor_register", public_id=session.public_id)
    return render(
        request,
        "cohorts/session_register.html",
        {
            "session": session,
            "form": form,
            "breadcrumbs": presenters.mentor_breadcrumbs(session.cohort),
        },
    )


# Practice supervisor -----------------------------------------------------------------


@never_cache
@require_GET
@role_required(roles.PRACTICE_SUPERVISOR)
def supervision_home(request):
    """Every placement supervised by the person: filtered, sorted and paged in the address."""
    today = timezone.localdate()
    supervised = selectors.supervised_placements(request.user, today)
    listing = SupervisedPlacementFilter(
        request.GET, queryset=supervised, request=request, today=today
    )
    # get_page reads any ?page= safely: not a number is the first page, too big the last.
    page = Paginator(listing.qs, conf.supervision_placements_per_page()).get_page(
        request.GET.get("page")
    )
    count = page.paginator.count
    learners = selectors.managed_learners(request.user, today)
    return render(
        request,
        "cohorts/supervision_home.html",
        {
            "learners": learners,
            "learners_table": presenters.members_table(
                learners,
                caption=_("Learners you manage, assess or supervise, who needs attention first"),
                links=presenters.MANAGER_LINKS,
            )
            if learners
            else None,
            "filter": listing,
            "page_obj": page,
            "count": count,
            # Nothing matched: was it the filters, or is nobody placed with them at all?
            "supervises_anyone": bool(count) or supervised.exists(),
            "due_count": selectors.placements_due_sign_off(today, supervisor=request.user).count(),
            "due_url": f"{reverse('cohorts:supervision_home')}?"
            + urlencode({"stage": progress.SupervisionStage.SIGN_OFF_DUE}),
            "table": presenters.placements_table(
                page.object_list,
                caption=_("Placements, page %(page)s of %(pages)s")
                % {"page": page.number, "pages": page.paginator.num_pages},
            ),
            "pagination": pagination(page, listing.query_string),
            "restorative": supervision_selectors.restorative_training_of(request.user),
        },
    )


@never_cache
@require_GET
@role_required(roles.PRACTICE_SUPERVISOR)
def supervision_learner(request, public_id):
    """The manager's one screen about a learner they manage, assess or supervise now."""
    enrolment = get_object_or_404(
        selectors.with_progress(selectors.managed_enrolments(request.user)),
        public_id=public_id,
    )
    today = timezone.localdate()
    progress.describe(enrolment, today)
    return render(
        request,
        "cohorts/supervision_learner.html",
        {
            "enrolment": enrolment,
            "breadcrumbs": presenters.supervision_breadcrumbs(),
            "summary": presenters.manager_summary(enrolment),
            "timeline": presenters.timeline(enrolment, today),
            "reviews": reviews_presenters.review_panel(
                enrolment, assessor_links=enrolment.assessor_id == request.user.pk
            ),
            "caseload": caseload_presenters.panel(enrolment, today),
            "today": today,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.PRACTICE_SUPERVISOR)
def supervision_placement(request, public_id):
    placement = get_object_or_404(
        selectors.supervised_placements(request.user), public_id=public_id
    )
    form = DayLogForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            placements.placement_log_days(placement=placement, by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Days logged"))
            return redirect("cohorts:supervision_placement", public_id=placement.public_id)
    return render(
        request,
        "cohorts/supervision_placement.html",
        {
            "placement": placement,
            "breadcrumbs": presenters.supervision_breadcrumbs(),
            "summary": presenters.placement_summary(placement),
            "logs": presenters.days_logged_table(selectors.day_logs_for(placement)),
            "form": form,
        },
    )


@require_POST
@role_required(roles.PRACTICE_SUPERVISOR)
def supervision_sign_off(request, public_id):
    placement = get_object_or_404(
        selectors.supervised_placements(request.user), public_id=public_id
    )
    try:
        placements.placement_sign_off(placement=placement, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Placement signed off for %(member)s") % {"member": placement.enrolment.member},
        )
    return redirect("cohorts:supervision_home")


# Partner coordinator ------------------------------------------------------------------


@never_cache
@require_GET
@role_required(roles.PARTNER_COORDINATOR)
def partner_home(request):
    organisation = selectors.coordinated_organisation(request.user)
    if organisation is None:
        return render(request, "cohorts/partner_home.html", {"organisation": None})
    today = timezone.localdate()
    enrolments = [
        progress.describe(e, today) for e in selectors.partner_enrolments(organisation.pk)
    ]
    costs = selectors.partner_costs(selectors.partner_cohorts(organisation.pk), organisation)
    return render(
        request,
        "cohorts/partner_home.html",
        {
            "organisation": organisation,
            "learners": presenters.partner_learners_table(enrolments),
            "costs": [presenters.cost_table(item) for item in costs],
        },
    )


def _safe_cell(value) -> str:
    """Spreadsheet apps run cells that start with = + - @ as formulas; neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@never_cache
@require_GET
@role_required(roles.PARTNER_COORDINATOR)
def partner_export(request):
    """The partner's learners and their cost shares as CSV."""
    organisation = selectors.coordinated_organisation(request.user)
    if organisation is None:
        raise Http404
    today = timezone.localdate()
    shares = {}
    for item in selectors.partner_costs(selectors.partner_cohorts(organisation.pk), organisation):
        for row in item["rows"]:
            shares[item["cohort"].pk] = row
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learners-and-costs.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Learner"),
            _("Email"),
            _("Cohort"),
            _("Programme"),
            _("Service"),
            _("Status"),
            _("Start"),
            _("Expected end"),
            _("Placement now"),
            _("Attendance %"),
            _("Days logged"),
            _("You pay (£)"),
            _("Learner's loan (£)"),
        ]
    )
    for enrolment in selectors.partner_enrolments(organisation.pk):
        progress.describe(enrolment, today)
        share = shares.get(enrolment.cohort_id, {})
        writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    enrolment.member.display_name,
                    enrolment.member.email,
                    enrolment.cohort.name,
                    enrolment.cohort.programme.name,
                    enrolment.get_service_display(),
                    enrolment.get_status_display(),
                    enrolment.start_date.isoformat(),
                    enrolment.expected_end_date.isoformat(),
                    enrolment.current_placement.team.name if enrolment.current_placement else "",
                    enrolment.attendance_percent,
                    enrolment.days_counted,
                    share.get("contribution_per_learner", ""),
                    share.get("loan_per_learner", ""),
                )
            ]
        )
    return response
