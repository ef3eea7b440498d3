"""Front-end pages for members, mentors, practice supervisors and partner coordinators.

Thin: a role gate, one selector to find what the person may see (anything else
is a 404), one service for a write, then render.
"""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts import conf, selectors, services
from cohorts.forms import DayLogForm, MeetingForm, OffTheJobForm
from portal import roles
from portal.access import role_required


def calendar_token(user) -> str:
    """A signed token so calendar apps can subscribe without a session."""
    return signing.Signer(salt=conf.calendar_token_salt()).sign(str(user.public_id))


def _user_from_token(token: str):
    try:
        public_id = signing.Signer(salt=conf.calendar_token_salt()).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    return get_object_or_404(get_user_model(), public_id=public_id, is_active=True)


# Member ---------------------------------------------------------------------------


@never_cache
@require_GET
@role_required(roles.COHORT_MEMBER)
def my_training(request):
    today = timezone.localdate()
    enrolments = selectors.my_enrolments(request.user, today)
    current = next((e for e in enrolments if e.is_current), enrolments[0] if enrolments else None)
    sessions = (
        list(selectors.upcoming_sessions_for(request.user, today, conf.upcoming_sessions_shown()))
        if current
        else []
    )
    meetings = (
        list(selectors.meetings_visible_to(request.user).filter(enrolment=current)[:5])
        if current
        else []
    )
    feed_url = request.build_absolute_uri(
        reverse("cohorts:calendar") + "?token=" + calendar_token(request.user)
    )
    return render(
        request,
        "cohorts/my_training.html",
        {
            "enrolment": current,
            "others": [e for e in enrolments if e is not current],
            "sessions": sessions,
            "meetings": meetings,
            "today": today,
            "feed_url": feed_url,
        },
    )


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
    form = OffTheJobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.off_the_job_log(enrolment=enrolment, by=request.user, **form.cleaned_data)
        except services.CohortsError as error:
            form.add_error("week_starting", error.message)
        else:
            messages.success(request, _("Hours logged"))
            return redirect("cohorts:off_the_job")
    return render(
        request,
        "cohorts/off_the_job.html",
        {
            "enrolment": enrolment,
            "logs": selectors.off_the_job_logs_for(enrolment),
            "form": form,
        },
    )


@never_cache
@require_GET
def calendar_feed(request):
    """An iCalendar feed of the member's taught sessions (Europe/London times)."""
    from icalendar import Calendar, Event

    token = request.GET.get("token")
    if token:
        user = _user_from_token(token)
    elif request.user.is_authenticated:
        user = request.user
    else:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())

    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Social work portal//Training sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(_("My training sessions")))
    calendar.add("x-wr-timezone", str(zone))
    stamp = timezone.now()
    for session in selectors.sessions_for_calendar(user):
        event = Event()
        event.add("uid", f"{session.public_id}@training")
        event.add("dtstamp", stamp)
        event.add(
            "dtstart", datetime.datetime.combine(session.date, session.start_time, tzinfo=zone)
        )
        event.add("dtend", datetime.datetime.combine(session.date, session.end_time, tzinfo=zone))
        event.add("summary", f"{session.topic} ({session.cohort.name})")
        event.add("location", session.place or session.video_link)
        description = [str(session.get_kind_display())]
        if session.facilitator:
            description.append(str(_("Facilitator: %(name)s") % {"name": session.facilitator}))
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
        cohort.size_warning = services.cohort_size_warning(cohort=cohort, size=cohort.current_count)
    return render(request, "cohorts/mentor_home.html", {"cohorts": cohorts, "today": today})


@never_cache
@require_GET
@role_required(roles.MENTOR)
def mentor_cohort(request, public_id):
    cohort = get_object_or_404(selectors.mentored_cohorts(request.user), public_id=public_id)
    today = timezone.localdate()
    members = selectors.cohort_members(cohort, today)
    show = request.GET.get("show", "all")
    shown = [m for m in members if m.attention] if show == "attention" else members
    sessions = list(cohort.sessions.order_by("date", "start_time"))
    return render(
        request,
        "cohorts/mentor_cohort.html",
        {
            "cohort": cohort,
            "members": members,
            "shown": shown,
            "show": show,
            "upcoming": [s for s in sessions if s.date >= today][:5],
            "size_warning": services.cohort_size_warning(
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
    selectors.describe(enrolment, today)
    form = MeetingForm(request.POST or None, initial={"date": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(enrolment=enrolment, mentor=request.user, **form.cleaned_data)
        except services.CohortsError as error:
            form.add_error("date", error.message)
        else:
            messages.success(request, _("Meeting recorded"))
            return redirect("cohorts:mentor_member", public_id=enrolment.public_id)
    return render(
        request,
        "cohorts/mentor_member.html",
        {
            "enrolment": enrolment,
            "meetings": selectors.meetings_visible_to(request.user).filter(enrolment=enrolment),
            "attendance": selectors.attendance_for(enrolment),
            "form": form,
            "today": today,
        },
    )


# Practice supervisor -----------------------------------------------------------------


@never_cache
@require_GET
@role_required(roles.PRACTICE_SUPERVISOR)
def supervision_home(request):
    today = timezone.localdate()
    placements = list(selectors.supervised_placements(request.user))
    open_placements = [p for p in placements if p.status != p.Status.COMPLETED]
    return render(
        request,
        "cohorts/supervision_home.html",
        {
            "current": [p for p in open_placements if p.start_date <= today],
            "upcoming": [p for p in open_placements if p.start_date > today],
            "signed_off": [p for p in placements if p.status == p.Status.COMPLETED],
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
    form = DayLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_log_days(placement=placement, by=request.user, **form.cleaned_data)
        except services.CohortsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Days logged"))
            return redirect("cohorts:supervision_placement", public_id=placement.public_id)
    return render(
        request,
        "cohorts/supervision_placement.html",
        {
            "placement": placement,
            "logs": placement.day_logs.order_by("-week_starting"),
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
        services.placement_sign_off(placement=placement, by=request.user)
    except services.CohortsError as error:
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
        selectors.describe(e, today) for e in selectors.partner_enrolments(organisation.pk)
    ]
    costs = [
        {"cohort": cohort, **services.cost_shares(cohort=cohort, organisation=organisation)}
        for cohort in selectors.partner_cohorts(organisation.pk)
    ]
    return render(
        request,
        "cohorts/partner_home.html",
        {"organisation": organisation, "enrolments": enrolments, "costs": costs},
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
    for cohort in selectors.partner_cohorts(organisation.pk):
        for row in services.cost_shares(cohort=cohort, organisation=organisation)["rows"]:
            shares[cohort.pk] = row
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
        selectors.describe(enrolment, today)
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
