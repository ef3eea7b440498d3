"""Interviews on the front end: the applicant books, moves and cancels; the panel scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.access import role_required
from recruitment import interviews, selectors
from recruitment.interview_forms import CancelInterviewForm, ChooseSlotForm, ScorecardForm
from recruitment.models import Interview, Scorecard
from recruitment.presenters import summary


def _data(request):
    return request.POST if request.method == "POST" else None


def _application(request, pk):
    return get_object_or_404(selectors.applications_for_applicant(request.user), pk=pk)


@login_required
def interview(request, pk):
    """See the times offered, book one, or move the one booked."""
    application = _application(request, pk)
    current = interviews.current_interview(application)
    slots = interviews.slots_offered_to(application)
    if current is None and application.status != "interviewing":
        raise Http404
    form = ChooseSlotForm(_data(request), slots=slots)
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
        except interviews.InterviewError as problem:
            error = problem.message
            # Show the times still free.
            form = ChooseSlotForm(slots=interviews.slots_offered_to(application))
        else:
            messages.success(request, done)
            return redirect("recruitment:interview", application.pk)
    may_change = current is not None and interviews.applicant_may_change(current)
    history = application.interviews.exclude(pk=current.pk if current else None).filter(
        status="cancelled", change_reason__gt=""
    )
    return render(
        request,
        "recruitment/interview.html",
        {
            "application": application,
            "vacancy": application.vacancy,
            "current": current,
            "form": form,
            "has_slots": form.fields["slot"].queryset.exists(),
            "error": error,
            "may_change": may_change,
            "cancelled": history.select_related("slot"),
            "cutoff_hours": interviews.conf.applicant_change_cutoff_hours(),
        },
    )


@login_required
def interview_cancel(request, pk):
    application = _application(request, pk)
    current = interviews.current_interview(application)
    if current is None or current.status != "booked":
        raise Http404
    form = CancelInterviewForm(_data(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            interviews.interview_cancel(interview=current, by=request.user)
        except interviews.InterviewError as problem:
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
    past = [row for row in rows if row.slot.end < now]
    return render(
        request,
        "recruitment/my_interviews.html",
        {
            "upcoming": upcoming,
            "past": list(reversed(past)),
            "to_score": [row for row in past if not row.scored and row.status != "no_show"],
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
            "cards": summary(application, editable=False, blind=True),
            "criteria": application.vacancy.criteria,
        },
    )


@role_required(roles.PANEL_MEMBER)
def scorecard(request, pk):
    item = _panel_interview(request, pk)
    mine = Scorecard.objects.filter(interview=item, panel_member=request.user).first()
    submitted = mine is not None and mine.submitted_at is not None
    criteria = [c["criterion"] for c in item.application.vacancy.criteria]
    form = None
    if not submitted:
        form = ScorecardForm(_data(request), criteria=criteria)
        if request.method == "POST" and form.is_valid():
            try:
                interviews.scorecard_submit(
                    interview=item,
                    by=request.user,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    notes=form.cleaned_data["notes"],
                )
            except interviews.InterviewError as problem:
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
            "form": form,
            "mine": mine if submitted else None,
            "others": others,
        },
    )
