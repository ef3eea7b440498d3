"""The applicant's journey: thin views over forms, services and selectors."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment import conf, exports, selectors, services
from recruitment.forms import (
    SECTION_FORMS,
    CVForm,
    EmploymentEntryForm,
    EqualityForm,
    GapsForm,
    RefereeForm,
    WithdrawForm,
)
from recruitment.models import DataExport, EqualityMonitoring
from recruitment.presenters import next_step, summary
from recruitment.sections import SECTIONS_BY_SLUG, missing_sections, section_url, sections_for


def _data(request):
    """Bind a form on every POST, even an empty one, so that it shows its errors."""
    return request.POST if request.method == "POST" else None


def _application(request, pk):
    return get_object_or_404(selectors.applications_for_applicant(request.user), pk=pk)


def _section_or_404(application, slug):
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None or application.route not in section.routes:
        raise Http404
    return section


def _after_section(application):
    if application.is_draft:
        return redirect("recruitment:application", application.pk)
    return redirect("recruitment:check", application.pk)


def _locked_response(request, application):
    messages.error(
        request,
        _("You can no longer change this application because we have started looking at it."),
    )
    return redirect("recruitment:application", application.pk)


def _context(application, section=None, **extra):
    return {"application": application, "vacancy": application.vacancy, "section": section, **extra}


@login_required
def my_applications(request):
    applications = list(selectors.applications_for_applicant(request.user))
    rows = [(application, next_step(application)) for application in applications]
    return render(request, "recruitment/my_applications.html", {"rows": rows})


def apply(request, vacancy_id):
    """'Apply' on a vacancy: an account first, then straight back here."""
    from cms.models import VacancyPage

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
            application = services.application_start(
                applicant=request.user, vacancy=vacancy, channel=getattr(request, "channel", {})
            )
        except services.ApplicationError as error:
            messages.error(request, error.message)
            return redirect("recruitment:apply", vacancy.pk)
        return redirect("recruitment:application", application.pk)
    return render(request, "recruitment/start.html", {"vacancy": vacancy})


@login_required
def application_detail(request, pk):
    """A draft's task list, or a submitted application's status."""
    application = _application(request, pk)
    if application.is_draft:
        done = set(application.completed_sections)
        groups: dict = {}
        for section in sections_for(application.route):
            groups.setdefault(section.group, []).append(
                (section, section_url(application, section.slug), section.slug in done)
            )
        missing = missing_sections(application)
        return render(
            request,
            "recruitment/task_list.html",
            _context(
                application,
                groups=groups.items(),
                missing=missing,
                total=len([s for s in sections_for(application.route) if not s.optional]),
                completed=len([s for s in sections_for(application.route) if not s.optional])
                - len(missing),
            ),
        )
    history = [entry for entry in application.timeline.all() if entry.applicant_text]
    return render(
        request,
        "recruitment/status.html",
        _context(
            application,
            next_step=next_step(application),
            history=history,
            reasons=application.rejection_reasons.all() if application.status == "rejected" else [],
        ),
    )


@login_required
def section(request, pk, slug):
    application = _application(request, pk)
    section = _section_or_404(application, slug)
    form_class = SECTION_FORMS.get(slug)
    if form_class is None:
        raise Http404
    if not application.can_be_changed_by_applicant:
        return _locked_response(request, application)
    form = form_class(_data(request), instance=application, application=application)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data
        }
        try:
            services.application_save_section(
                application=application, section=slug, values=values, by=request.user
            )
        except services.ApplicationLocked:
            return _locked_response(request, application)
        return _after_section(application)
    return render(request, "recruitment/section.html", _context(application, section, form=form))


@login_required
def equality(request, pk):
    application = _application(request, pk)
    section = SECTIONS_BY_SLUG["equality"]
    if not application.can_be_changed_by_applicant:
        return _locked_response(request, application)
    instance = EqualityMonitoring.objects.filter(application=application).first()
    form = EqualityForm(_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        services.equality_save(application=application, values=form.cleaned_data, by=request.user)
        return _after_section(application)
    return render(request, "recruitment/equality.html", _context(application, section, form=form))


@login_required
def employment(request, pk):
    application = _application(request, pk)
    section = SECTIONS_BY_SLUG["employment"]
    if not application.can_be_changed_by_applicant:
        return _locked_response(request, application)
    jobs = sorted(application.employment.all(), key=lambda j: j.started_on, reverse=True)
    gaps = services.employment_gaps(application)
    form = GapsForm(_data(request), gaps=gaps, explanations=application.gap_explanations)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_confirm(
                application=application, explanations=form.explanations(), by=request.user
            )
        except services.ApplicationError as problem:
            error = problem.message
        else:
            return _after_section(application)
    return render(
        request,
        "recruitment/employment.html",
        _context(application, section, form=form, jobs=jobs, gaps=gaps, error=error),
    )


@login_required
def employment_entry(request, pk, entry_id=None):
    application = _application(request, pk)
    if not application.can_be_changed_by_applicant:
        return _locked_response(request, application)
    entry = get_object_or_404(application.employment.all(), pk=entry_id) if entry_id else None
    form = EmploymentEntryForm(_data(request), instance=entry)
    if request.method == "POST" and form.is_valid():
        services.employment_save(
            application=application, values=form.cleaned_data, by=request.user, entry=entry
        )
        return redirect("recruitment:employment", application.pk)
    return render(
        request,
        "recruitment/employment_entry.html",
        _context(application, SECTIONS_BY_SLUG["employment"], form=form, entry=entry),
    )


@login_required
@require_POST
def employment_remove(request, pk, entry_id):
    application = _application(request, pk)
    entry = get_object_or_404(application.employment.all(), pk=entry_id)
    try:
        services.employment_delete(application=application, entry=entry, by=request.user)
    except services.ApplicationLocked:
        return _locked_response(request, application)
    return redirect("recruitment:employment", application.pk)


@login_required
def referees(request, pk):
    application = _application(request, pk)
    section = SECTIONS_BY_SLUG["referees"]
    if not application.can_be_changed_by_applicant:
        return _locked_response(request, application)
    existing = {r.position: r for r in application.referees.all()}
    forms_ = [
        RefereeForm(_data(request), instance=existing.get(n), prefix=f"referee{n}") for n in (1, 2)
    ]
    error = None
    if request.method == "POST" and all(f.is_valid() for f in forms_):
        try:
            services.referees_save(
                application=application,
                referees=[f.cleaned_data for f in forms_],
                by=request.user,
            )
        except services.ApplicationError as problem:
            error = problem.message
        else:
            return _after_section(application)
    return render(
        request,
        "recruitment/referees.html",
        _context(application, section, forms=forms_, error=error),
    )


@login_required
def cv(request, pk):
    application = _application(request, pk)
    section = SECTIONS_BY_SLUG["cv"]
    if not application.can_be_changed_by_applicant:
        return _locked_response(request, application)
    form = CVForm(_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.cv_save(
            application=application, upload=form.cleaned_data["cv"], kind=form.kind, by=request.user
        )
        return _after_section(application)
    current = getattr(application, "cv", None)
    return render(
        request, "recruitment/cv.html", _context(application, section, form=form, current=current)
    )


def private_download(file, *, filename: str, content_type: str) -> FileResponse:
    """A file from private storage as a download nobody caches or sniffs."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def cv_response(cv) -> FileResponse:
    return private_download(cv.file, filename=cv.original_name, content_type=cv.content_type)


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
    missing = missing_sections(application)
    error = None
    if request.method == "POST":
        try:
            application, submitted_now = services.application_submit(
                application=application, by=request.user
            )
        except services.ApplicationError as problem:
            error = problem.message
        else:
            return redirect("recruitment:confirmation", application.pk)
    equality_answers = EqualityMonitoring.objects.filter(application=application).first()
    return render(
        request,
        "recruitment/check.html",
        _context(
            application,
            missing=missing,
            error=error,
            equality=equality_answers,
            editable=application.can_be_changed_by_applicant,
            cards=summary(
                application,
                editable=application.can_be_changed_by_applicant,
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
        _context(application, next_step=next_step(application)),
    )


@login_required
def withdraw(request, pk):
    application = _application(request, pk)
    if not application.can_be_withdrawn:
        raise Http404
    form = WithdrawForm(_data(request))
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except services.ApplicationError as problem:
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
        services.application_delete_draft(application=application, by=request.user)
        messages.success(request, _("Your draft application has been deleted"))
        return redirect("recruitment:my_applications")
    return render(request, "recruitment/delete.html", _context(application))


@login_required
def my_data(request):
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
    services.data_export_request(user=request.user)
    messages.success(
        request,
        _("We are preparing your PDF. We will email you when it is ready, usually within minutes."),
    )
    return redirect("recruitment:my_data")


@login_required
def my_data_pdf(request, pk):
    export = get_object_or_404(
        selectors.data_exports_for(request.user), pk=pk, state=DataExport.State.READY
    )
    return private_download(
        export.file,
        filename=f"my-data-{export.ready_at:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
