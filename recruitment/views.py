"""The applicant's journey: thin views over forms, services and selectors."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import VacancyPage
from portal.errors import DomainError
from portal.forms import form_data
from recruitment import conf, exports, presenters, selectors
from recruitment.choices import DataExportState, Status
from recruitment.downloads import cv_response, private_download
from recruitment.errors import ApplicationLocked
from recruitment.forms import (
    CVForm,
    EmploymentEntryForm,
    EqualityForm,
    GapsForm,
    RefereeForm,
    WithdrawForm,
)
from recruitment.models import EqualityMonitoring
from recruitment.sections import SECTIONS_BY_SLUG, missing_sections, progress
from recruitment.services import drafts, my_data, screening, submission


def _application(request, pk):
    return get_object_or_404(selectors.applications_for_applicant(request.user), pk=pk)


def _locked_response(request, application):
    messages.error(
        request,
        _("You can no longer change this application because we have started looking at it."),
    )
    return redirect("recruitment:application", application.pk)


def editable_application(view):
    """The applicant's own application (404 otherwise), while they may still change it.

    Once screening has started the person is sent back to its status page with a
    message, whether the view found out first or the service did (a race).
    """

    @login_required
    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        application = _application(request, pk)
        if not application.can_be_changed_by_applicant:
            return _locked_response(request, application)
        try:
            return view(request, application, *args, **kwargs)
        except ApplicationLocked:
            return _locked_response(request, application)

    return wrapped


def _after_section(application):
    if application.is_draft:
        return redirect("recruitment:application", application.pk)
    return redirect("recruitment:check", application.pk)


def _context(application, section=None, **extra):
    return {"application": application, "vacancy": application.vacancy, "section": section, **extra}


@login_required
def my_applications(request):
    applications = list(selectors.applications_for_applicant(request.user))
    rows = [(application, presenters.next_step(application)) for application in applications]
    return render(
        request,
        "recruitment/my_applications.html",
        {"rows": rows, "table": presenters.applications_table(rows)},
    )


def apply(request, vacancy_id):
    """'Apply' on a vacancy: an account first, then straight back here."""
    vacancy = get_object_or_404(VacancyPage.objects.live().public(), pk=vacancy_id)
    if not request.user.is_authenticated:
        return redirect(
            f"{reverse('account_signup')}?{urlencode({'next': request.get_full_path()})}"
        )
    existing = selectors.applications_for_applicant(request.user).filter(vacancy=vacancy).first()
    if existing:
        return redirect("recruitment:application", existing.pk)
    if request.method == "POST":
        try:
            application = drafts.application_start(
                applicant=request.user, vacancy=vacancy, channel=getattr(request, "channel", {})
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("recruitment:apply", vacancy.pk)
        return redirect("recruitment:application", application.pk)
    return render(request, "recruitment/start.html", {"vacancy": vacancy})


@login_required
def application_detail(request, pk):
    """A draft's task list, or a submitted application's status."""
    application = _application(request, pk)
    if application.is_draft:
        completed, total = progress(application)
        return render(
            request,
            "recruitment/task_list.html",
            _context(
                application,
                groups=presenters.task_list(application),
                submit_tasks=[
                    presenters.submit_task(
                        application, reverse("recruitment:check", args=[application.pk])
                    )
                ],
                missing=missing_sections(application),
                total=total,
                completed=completed,
            ),
        )
    history = [entry for entry in application.timeline.all() if entry.applicant_text]
    return render(
        request,
        "recruitment/status.html",
        _context(
            application,
            next_step=presenters.next_step(application),
            route_banner=presenters.route_banner(application),
            rows=presenters.status_rows(application),
            history=history,
            offer=selectors.offer_for_applicant(request.user, application.pk),
            reasons=application.rejection_reasons.all()
            if application.status == Status.REJECTED
            else [],
        ),
    )


@editable_application
def section(request, application, slug):
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None or section.form is None or not section.asked_of(application.route):
        raise Http404
    form = section.form(form_data(request), instance=application, application=application)
    if request.method == "POST" and form.is_valid():
        values = {n: form.cleaned_data[n] for n in section.fields if n in form.cleaned_data}
        drafts.application_save_section(
            application=application, section=slug, values=values, by=request.user
        )
        return _after_section(application)
    return render(request, "recruitment/section.html", _context(application, section, form=form))


@editable_application
def equality(request, application):
    instance = EqualityMonitoring.objects.filter(application=application).first()
    form = EqualityForm(form_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        drafts.equality_save(application=application, values=form.cleaned_data, by=request.user)
        return _after_section(application)
    return render(
        request,
        "recruitment/equality.html",
        _context(application, SECTIONS_BY_SLUG["equality"], form=form),
    )


@editable_application
def employment(request, application):
    jobs = sorted(application.employment.all(), key=lambda j: j.started_on, reverse=True)
    gaps = selectors.employment_gaps(application)
    form = GapsForm(form_data(request), gaps=gaps, explanations=application.gap_explanations)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            drafts.employment_confirm(
                application=application, explanations=form.explanations(), by=request.user
            )
        except ApplicationLocked:
            raise
        except DomainError as problem:
            error = problem.message
        else:
            return _after_section(application)
    return render(
        request,
        "recruitment/employment.html",
        _context(
            application,
            SECTIONS_BY_SLUG["employment"],
            form=form,
            jobs=jobs,
            job_cards=presenters.job_cards(application),
            gaps=gaps,
            error=error,
        ),
    )


@editable_application
def employment_entry(request, application, entry_id=None):
    entry = get_object_or_404(application.employment.all(), pk=entry_id) if entry_id else None
    form = EmploymentEntryForm(form_data(request), instance=entry)
    if request.method == "POST" and form.is_valid():
        drafts.employment_save(
            application=application, values=form.cleaned_data, by=request.user, entry=entry
        )
        return redirect("recruitment:employment", application.pk)
    return render(
        request,
        "recruitment/employment_entry.html",
        _context(application, SECTIONS_BY_SLUG["employment"], form=form, entry=entry),
    )


@editable_application
def employment_remove(request, application, entry_id):
    """Ask before removing a job from the history (a GOV.UK confirmation page)."""
    entry = get_object_or_404(application.employment.all(), pk=entry_id)
    if request.method == "POST":
        drafts.employment_delete(application=application, entry=entry, by=request.user)
        messages.success(request, _("Job removed from your employment history"))
        return redirect("recruitment:employment", application.pk)
    return render(
        request,
        "recruitment/employment_remove.html",
        _context(application, SECTIONS_BY_SLUG["employment"], entry=entry),
    )


@editable_application
def referees(request, application):
    existing = {r.position: r for r in application.referees.all()}
    forms_ = [
        RefereeForm(form_data(request), instance=existing.get(n), prefix=f"referee{n}")
        for n in (1, 2)
    ]
    error = None
    if request.method == "POST" and all(f.is_valid() for f in forms_):
        try:
            drafts.referees_save(
                application=application,
                referees=[f.cleaned_data for f in forms_],
                by=request.user,
            )
        except ApplicationLocked:
            raise
        except DomainError as problem:
            error = problem.message
        else:
            return _after_section(application)
    return render(
        request,
        "recruitment/referees.html",
        _context(application, SECTIONS_BY_SLUG["referees"], forms=forms_, error=error),
    )


@editable_application
def cv(request, application):
    form = CVForm(form_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        drafts.cv_save(
            application=application, upload=form.cleaned_data["cv"], kind=form.kind, by=request.user
        )
        return _after_section(application)
    return render(
        request,
        "recruitment/cv.html",
        _context(
            application,
            SECTIONS_BY_SLUG["cv"],
            form=form,
            current=getattr(application, "cv", None),
        ),
    )


@login_required
def cv_download(request, pk):
    application = _application(request, pk)
    cv = getattr(application, "cv", None)
    if cv is None:
        raise Http404
    return cv_response(cv)


@login_required
def check(request, pk):
    application = _application(request, pk)
    error = None
    if request.method == "POST":
        try:
            application, _submitted_now = submission.application_submit(
                application=application, by=request.user
            )
        except DomainError as problem:
            error = problem.message
        else:
            return redirect("recruitment:confirmation", application.pk)
    editable = application.can_be_changed_by_applicant
    return render(
        request,
        "recruitment/check.html",
        _context(
            application,
            missing=missing_sections(application),
            error=error,
            equality=EqualityMonitoring.objects.filter(application=application).first(),
            editable=editable,
            cards=presenters.summary(
                application,
                editable=editable,
                cv_url=reverse("recruitment:cv_download", args=[application.pk]),
            ),
        ),
    )


@login_required
def confirmation(request, pk):
    application = _application(request, pk)
    if application.is_draft:
        return redirect("recruitment:application", application.pk)
    return render(
        request,
        "recruitment/confirmation.html",
        _context(
            application,
            next_step=presenters.next_step(application),
            route_banner=presenters.route_banner(application),
        ),
    )


@login_required
def withdraw(request, pk):
    application = _application(request, pk)
    if not application.can_be_withdrawn:
        raise Http404
    form = WithdrawForm(form_data(request))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            screening.application_withdraw(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except DomainError as problem:
            error = problem.message
        else:
            messages.success(request, _("You have withdrawn your application"))
            return redirect("recruitment:application", application.pk)
    return render(
        request, "recruitment/withdraw.html", _context(application, form=form, error=error)
    )


@login_required
def delete_draft(request, pk):
    application = _application(request, pk)
    if not application.is_draft:
        raise Http404
    if request.method == "POST":
        drafts.application_delete_draft(application=application, by=request.user)
        messages.success(request, _("Your draft application has been deleted"))
        return redirect("recruitment:my_applications")
    return render(request, "recruitment/delete.html", _context(application))


@login_required
def my_data_page(request):
    latest = selectors.data_exports_for(request.user).first()
    return render(
        request,
        "recruitment/my_data.html",
        {"export": latest, "download_days": conf.data_export_days()},
    )


@login_required
def my_data_json(request):
    data = exports.applicant_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def my_data_pdf_request(request):
    """The PDF is made by the worker, not in the request; the person is emailed."""
    my_data.data_export_request(user=request.user)
    messages.success(
        request,
        _("We are preparing your PDF. We will email you when it is ready, usually within minutes."),
    )
    return redirect("recruitment:my_data")


@login_required
def my_data_pdf(request, pk):
    export = get_object_or_404(
        selectors.data_exports_for(request.user), pk=pk, state=DataExportState.READY
    )
    return private_download(
        export.file,
        filename=f"my-data-{export.ready_at:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
