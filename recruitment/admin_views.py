"""HR's actions on one application, from the Wagtail inspect view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment import selectors, services
from recruitment.choices import Status
from recruitment.forms import MoveRouteForm, NoteForm, RejectForm
from recruitment.models import Application

SCREEN = "recruitment.screen_application"


def _data(request):
    """Bind a form on every POST, even an empty one, so that it shows its errors."""
    return request.POST if request.method == "POST" else None


def _get(request, pk, *, permission=SCREEN) -> Application:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    try:
        return selectors.applications_for_hr(request.user).get(pk=pk)
    except (Application.DoesNotExist, ValueError) as error:
        raise Http404 from error


def _back(application):
    return redirect(reverse("recruitment_application:inspect", args=[application.pk]))


def _run(request, application, action, success):
    try:
        action()
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(application)


@require_POST
def shortlist(request, pk):
    application = _get(request, pk)
    return _run(
        request,
        application,
        lambda: services.application_shortlist(application=application, by=request.user),
        _("Application shortlisted."),
    )


@require_POST
def interview_offered(request, pk):
    application = _get(request, pk)
    return _run(
        request,
        application,
        lambda: services.application_record_interview_offered(
            application=application, by=request.user
        ),
        _("Interview offer recorded. The fast-track clock has stopped."),
    )


@require_POST
def move_route(request, pk):
    application = _get(request, pk)
    form = MoveRouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a route from the list."))
        return _back(application)
    return _run(
        request,
        application,
        lambda: services.application_move_route(
            application=application, route=form.cleaned_data["route"], by=request.user
        ),
        _("Route changed. The applicant has been told."),
    )


@require_POST
def add_note(request, pk):
    application = _get(request, pk, permission="recruitment.view_application")
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a note."))
        return _back(application)
    return _run(
        request,
        application,
        lambda: services.note_add(
            application=application, by=request.user, text=form.cleaned_data["text"]
        ),
        _("Note added."),
    )


def reject(request, pk):
    application = _get(request, pk)
    form = RejectForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_reject(
                application=application,
                by=request.user,
                reasons=form.cleaned_data["reasons"],
                message=form.cleaned_data["message"],
            )
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Application rejected. The applicant has been told."))
            return _back(application)
    return TemplateResponse(
        request,
        "recruitment/admin/reject.html",
        {"application": application, "form": form, "page_title": _("Reject application")},
    )


def cv_download(request, pk):
    from recruitment.views import cv_response

    application = _get(request, pk, permission="recruitment.view_application")
    cv = getattr(application, "cv", None)
    if cv is None or application.is_blind:
        raise Http404
    return cv_response(cv)


# Later steps of the state machine until the offer and checks issues bring their own pages.
GENERIC_STEPS = frozenset(
    {
        Status.OFFERED,
        Status.CONDITIONS_PENDING,
        Status.RECRUITED,
        Status.OFFER_DECLINED,
        Status.OFFER_WITHDRAWN,
    }
)


@require_POST
def transition(request, pk, to):
    application = _get(request, pk)
    if to not in GENERIC_STEPS:
        raise Http404
    return _run(
        request,
        application,
        lambda: services.application_transition(
            application=application,
            to=to,
            by=request.user,
            reason=request.POST.get("reason", "")[:500],
        ),
        _("Status changed to '%(status)s'.") % {"status": Status(to).label},
    )
