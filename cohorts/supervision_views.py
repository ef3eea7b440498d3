"""Supervision pages: the member's (/training/supervision/) and a manager's for one learner.

Thin: find the enrolment the person may see (else 404), one service per write.
Notes show only to the member and that session's supervisor.
"""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cohorts import presenters, selectors, supervision_selectors
from cohorts.models import SupervisionAction, SupervisionSession
from cohorts.services import supervision
from cohorts.supervision_forms import RestorativeTrainingForm, SupervisionForm
from portal import roles
from portal.access import role_required
from portal.errors import DomainError
from portal.forms import form_data, show_refusal
from portal.models import User


def _posted_uuid(value: str) -> uuid.UUID:
    """A button's UUID; anything else is no such session (404), never a server error."""
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise Http404 from error


def _posted_id(value: str) -> int:
    """A button's row id, up to 18 digits like every id in an address; else 404."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise Http404
    return int(value)


def _page(request, enrolment, *, template_back, breadcrumbs, here):
    today = timezone.localdate()
    is_member = request.user.pk == enrolment.member_id
    supervisors = (
        User.objects.filter(pk__in=supervision.supervisor_ids(enrolment, today)).order_by(
            "first_name", "last_name", "pk"
        )
        if is_member
        else None
    )
    form = SupervisionForm(
        form_data(request) if "log" in request.POST else None, supervisors=supervisors
    )
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                session = get_object_or_404(
                    SupervisionSession,
                    enrolment=enrolment,
                    public_id=_posted_uuid(request.POST["confirm"]),
                )
                supervision.supervision_confirm(session=session, by=request.user)
                messages.success(request, _("Session confirmed"))
                return redirect(here)
            if "done" in request.POST:
                action = get_object_or_404(
                    SupervisionAction,
                    session__enrolment=enrolment,
                    pk=_posted_id(request.POST["done"]),
                )
                supervision.supervision_action_done(action=action, by=request.user)
                messages.success(request, _("Action marked as done"))
                return redirect(here)
            if form.is_valid():
                supervision.supervision_log(
                    enrolment=enrolment, by=request.user, **form.service_values()
                )
                messages.success(request, _("Session logged"))
                return redirect(here)
        except (DomainError, ValueError) as error:
            if isinstance(error, DomainError) and form.is_bound:
                show_refusal(form, error)
            elif isinstance(error, DomainError):
                messages.error(request, str(error))
            else:
                raise Http404 from error
    sessions = supervision_selectors.sessions_for(enrolment)
    rows = [
        {
            "session": s,
            "show_notes": request.user.pk in (s.enrolment.member_id, s.supervisor_id),
            "may_confirm": not s.is_confirmed and supervision.confirmer_id(s) == request.user.pk,
            "may_do": request.user.pk in (s.enrolment.member_id, s.supervisor_id),
            "waiting_for": None
            if s.is_confirmed
            else (s.supervisor if s.logged_by_id == s.enrolment.member_id else s.enrolment.member),
        }
        for s in sessions
    ]
    return render(
        request,
        "cohorts/supervision/sessions.html",
        {
            "enrolment": enrolment,
            "is_member": is_member,
            "compliance": supervision_selectors.compliance_for(enrolment, sessions, today),
            "rows": rows,
            "form": form,
            "may_log": supervision.may_log(enrolment, request.user),
            "breadcrumbs": breadcrumbs,
            "back": template_back,
            "today": today,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.COHORT_MEMBER)
def member_supervision(request):
    today = timezone.localdate()
    enrolment = next(
        (e for e in selectors.my_enrolments(request.user, today) if e.is_current), None
    )
    if enrolment is None:
        raise Http404
    return _page(
        request,
        enrolment,
        template_back=reverse("cohorts:my_training"),
        breadcrumbs=presenters.training_breadcrumbs(),
        here=reverse("cohorts:member_supervision"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.PRACTICE_SUPERVISOR)
def learner_supervision(request, public_id):
    enrolment = get_object_or_404(
        selectors.managed_enrolments(request.user).prefetch_related("pauses"),
        public_id=public_id,
    )
    return _page(
        request,
        enrolment,
        template_back=reverse("cohorts:supervision_learner", args=[public_id]),
        breadcrumbs=presenters.supervision_breadcrumbs(),
        here=reverse("cohorts:learner_supervision", args=[public_id]),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.PRACTICE_SUPERVISOR)
def restorative_training(request):
    """A line manager, assessor or practice supervisor records their own training."""
    own = supervision_selectors.restorative_training_of(request.user)
    initial = {}
    if own is not None:
        initial = {
            "trained": "yes" if own.restorative_trained else "no",
            "trained_on": own.restorative_trained_on,
        }
    form = RestorativeTrainingForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            supervision.restorative_training_record(
                supervisor=request.user,
                trained=form.cleaned_data["trained"],
                trained_on=form.cleaned_data.get("trained_on"),
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your restorative supervision training is recorded."))
            return redirect("cohorts:supervision_home")
    return render(
        request,
        "cohorts/supervision/restorative_training.html",
        {"form": form, "own": own, "breadcrumbs": presenters.supervision_breadcrumbs()},
    )
