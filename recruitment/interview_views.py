"""Interviews on the front end: the applicant books, moves and cancels; the panel scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.access import role_required
from portal.errors import DomainError
from portal.forms import form_data
from recruitment import conf, presenters, selectors
from recruitment.choices import InterviewStatus, Status
from recruitment.interview_forms import CancelInterviewForm, ChooseSlotForm, ScorecardForm
from recruitment.models import Interview, Scorecard
from recruitment.sections import PANEL
from recruitment.services import interviews, scorecards


def _application(request, pk):
    return get_object_or_404(selectors.applications_for_applicant(request.user), pk=pk)


@login_required
def interview(request, pk):
    """See the times offered, book one, or move the one booked."""
    application = _application(request, pk)
    current = selectors.current_interview(application)
    slots = selectors.slots_offered_to(application)
    if current is None and application.status != Status.INTERVIEWING:
        raise Http404
    form = ChooseSlotForm(form_data(request), slots=slots)
    error = ""
    if request.method == "POST" and form.is_valid():
        slot = form.cleaned_data["slot"]
        try:
            if current is None:
                interviews.interview_book(application=application, slot=slot, by=request.user)
                done = _("Your interview is booked")
            else:
                interviews.interview_move(interview=current, slot=slot, by=request.user)
                done = _("Your interview has been moved")
        except DomainError as problem:
            error = problem.message
            # Show the times still free.
            form = ChooseSlotForm(slots=selectors.slots_offered_to(application))
        else:
            messages.success(request, done)
            return redirect("recruitment:interview", application.pk)
    may_change = current is not None and interviews.applicant_may_change(current)
    return render(
        request,
        "recruitment/interview.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "current": current,
            "booked": presenters.booked_interview_rows(current) if current else [],
            "form": form,
            "has_slots": form.fields["slot"].queryset.exists(),
            "error": error,
            "may_change": may_change,
            "cancelled": selectors.cancelled_with_reason(application, besides=current),
            "cutoff_hours": conf.applicant_change_cutoff_hours(),
        },
    )


@login_required
def interview_cancel(request, pk):
    application = _application(request, pk)
    current = selectors.current_interview(application)
    if current is None or current.status != InterviewStatus.BOOKED:
        raise Http404
    form = CancelInterviewForm(form_data(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            interviews.interview_cancel(interview=current, by=request.user)
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, _("Your interview has been cancelled"))
            return redirect("recruitment:interview", application.pk)
    return render(
        request,
        "recruitment/interview_cancel.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "current": current,
            "form": form,
            "error": error,
        },
    )


# Panel -----------------------------------------------------------------------------


@role_required(roles.PANEL_MEMBER)
def my_interviews(request):
    now = timezone.now()
    rows = list(selectors.interviews_for_panel(request.user))
    upcoming = [row for row in rows if row.slot.end >= now]
    past = list(reversed([row for row in rows if row.slot.end < now]))
    return render(
        request,
        "recruitment/my_interviews.html",
        {
            "upcoming": upcoming,
            "past": past,
            "upcoming_table": presenters.panel_interviews_table(upcoming, table_id="upcoming"),
            "past_table": presenters.panel_interviews_table(past, table_id="past"),
            "to_score": [
                row for row in past if not row.scored and row.status != InterviewStatus.NO_SHOW
            ],
        },
    )


def _panel_interview(request, pk) -> Interview:
    try:
        return selectors.interview_for_panel(request.user, pk)
    except Interview.DoesNotExist as error:
        raise Http404 from error


@role_required(roles.PANEL_MEMBER)
def panel_interview(request, pk):
    """The application as a panel member may see it: no contact details, no equality data."""
    item = _panel_interview(request, pk)
    application = item.application
    return render(
        request,
        "recruitment/panel_interview.html",
        {
            "interview": item,
            "application": application,
            "name": presenters.panel_name(application),
            "rows": presenters.panel_interview_rows(item),
            "cards": presenters.summary(application, editable=False, reader=PANEL),
            "criteria": application.vacancy.criteria,
        },
    )


@role_required(roles.PANEL_MEMBER)
def scorecard(request, pk):
    item = _panel_interview(request, pk)
    mine = Scorecard.objects.filter(interview=item, panel_member=request.user).first()
    submitted = mine is not None and mine.submitted_at is not None
    criteria = [c["criterion"] for c in item.application.vacancy.criteria]
    not_started = timezone.now() < item.slot.start
    form = None
    if not submitted and not not_started:
        form = ScorecardForm(form_data(request), criteria=criteria)
        if request.method == "POST" and form.is_valid():
            try:
                scorecards.scorecard_submit(
                    interview=item,
                    by=request.user,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    notes=form.cleaned_data["notes"],
                )
            except DomainError as problem:
                form.add_error(None, problem.message)
            else:
                messages.success(request, _("Your scorecard has been submitted"))
                return redirect("recruitment:scorecard", item.pk)
    # Nobody sees the others' scores before submitting their own.
    others = (
        list(
            Scorecard.objects.filter(interview=item, submitted_at__isnull=False)
            .exclude(panel_member=request.user)
            .select_related("panel_member")
        )
        if submitted
        else []
    )
    return render(
        request,
        "recruitment/scorecard.html",
        {
            "interview": item,
            "application": item.application,
            "name": presenters.panel_name(item.application),
            "not_started": not_started and not submitted,
            "form": form,
            "mine_table": presenters.scorecard_table(mine) if submitted else None,
            "others": [(card.panel_member, presenters.scorecard_table(card)) for card in others],
        },
    )
