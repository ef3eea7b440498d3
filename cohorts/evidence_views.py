"""Evidence pages: the member's list, entry, add and edit; the manager's read of a
learner's evidence with the assessor's comment form; the file download.

Who may read: the member, their assessor, line manager and current placement
supervisor (``evidence_selectors.evidence_visible_to``). The cohort's mentor sees
coverage counts on the member page; HR see counts in the back office. Anyone else: 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cohorts import evidence_selectors, presenters, selectors
from cohorts.evidence_forms import CommentForm, EvidenceFilter, EvidenceForm
from cohorts.models import EvidenceEntry
from cohorts.presenters import Column, log_table
from cohorts.services import evidence
from portal import roles
from portal.access import role_required
from portal.components import Breadcrumb, link
from portal.downloads import private_download
from portal.errors import DomainError
from portal.forms import form_data, show_refusal
from portal.templatetags.govuk import govuk_date


def entries_table(entries, *, url):
    return log_table(
        entries,
        caption=_("Evidence, newest first"),
        columns=[
            Column(_("Date"), lambda e: govuk_date(e.date)),
            Column(_("Title"), lambda e: link(url(e), e.title)),
            Column(_("Kind"), lambda e: e.get_kind_display()),
            Column(
                _("Assessor's comment"),
                lambda e: _("Commented") if e.commented_at else _("Not yet"),
            ),
        ],
    )


def _current_enrolment(user):
    today = timezone.localdate()
    enrolments = selectors.my_enrolments(user, today)
    current = next((e for e in enrolments if e.is_current), enrolments[0] if enrolments else None)
    if current is None:
        raise Http404
    return current


def _evidence_crumbs():
    return [
        *presenters.training_breadcrumbs(),
        Breadcrumb(_("Evidence"), reverse("cohorts:my_evidence")),
    ]


def _listing(request, enrolment, *, url):
    listing = EvidenceFilter(
        request.GET,
        queryset=EvidenceEntry.objects.filter(enrolment=enrolment).distinct(),
    )
    return listing, entries_table(listing.qs, url=url)


@never_cache
@require_GET
@role_required(roles.COHORT_MEMBER)
def my_evidence(request):
    enrolment = _current_enrolment(request.user)
    listing, table = _listing(
        request, enrolment, url=lambda e: reverse("cohorts:my_evidence_entry", args=[e.public_id])
    )
    return render(
        request,
        "cohorts/evidence/list.html",
        {
            "enrolment": enrolment,
            "coverage": evidence_selectors.coverage_for(
                enrolment, totals=evidence_selectors.reference_totals()
            ),
            "filter": listing,
            "table": table,
            "add_url": reverse("cohorts:my_evidence_add"),
            "breadcrumbs": presenters.training_breadcrumbs(),
            "mine": True,
        },
    )


def _entry_form_page(request, enrolment, entry=None):
    initial = (
        {
            "kind": entry.kind,
            "date": entry.date,
            "title": entry.title,
            "reflection": entry.reflection,
            "domains": list(entry.domains.all()),
            "statements": list(entry.statements.all()),
        }
        if entry
        else {"date": timezone.localdate()}
    )
    form = EvidenceForm(form_data(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry:
                entry = evidence.evidence_change(entry=entry, by=request.user, **form.values())
            else:
                entry = evidence.evidence_add(enrolment=enrolment, by=request.user, **form.values())
        except DomainError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Evidence saved"))
            return redirect("cohorts:my_evidence_entry", public_id=entry.public_id)
    return render(
        request,
        "cohorts/evidence/form.html",
        {"form": form, "entry": entry, "breadcrumbs": _evidence_crumbs()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.COHORT_MEMBER)
def my_evidence_add(request):
    return _entry_form_page(request, _current_enrolment(request.user))


def _own_entry(request, public_id):
    return get_object_or_404(
        evidence_selectors.evidence_visible_to(request.user).filter(enrolment__member=request.user),
        public_id=public_id,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.COHORT_MEMBER)
def my_evidence_edit(request, public_id):
    entry = _own_entry(request, public_id)
    if entry.commented_at:
        raise Http404
    return _entry_form_page(request, entry.enrolment, entry)


@never_cache
@require_GET
@role_required(roles.COHORT_MEMBER)
def my_evidence_entry(request, public_id):
    entry = _own_entry(request, public_id)
    return render(
        request,
        "cohorts/evidence/entry.html",
        {
            "entry": entry,
            "breadcrumbs": _evidence_crumbs(),
            "edit_url": None
            if entry.commented_at
            else reverse("cohorts:my_evidence_edit", args=[entry.public_id]),
        },
    )


@never_cache
@require_GET
@login_required
def evidence_file(request, public_id):
    entry = get_object_or_404(
        evidence_selectors.evidence_visible_to(request.user).exclude(file=""),
        public_id=public_id,
    )
    return private_download(entry.file, filename=entry.file_name, content_type=entry.file_type)


# Manager, assessor, placement supervisor ---------------------------------------------


def _learner(request, public_id):
    return get_object_or_404(
        selectors.with_progress(selectors.managed_enrolments(request.user)),
        public_id=public_id,
    )


def _learner_crumbs(enrolment):
    return [
        *presenters.supervision_breadcrumbs(),
        Breadcrumb(
            enrolment.member.get_full_name() or str(enrolment.member),
            reverse("cohorts:supervision_learner", args=[enrolment.public_id]),
        ),
    ]


@never_cache
@require_GET
@role_required(roles.PRACTICE_SUPERVISOR)
def learner_evidence(request, public_id):
    enrolment = _learner(request, public_id)
    listing, table = _listing(
        request,
        enrolment,
        url=lambda e: reverse(
            "cohorts:learner_evidence_entry", args=[enrolment.public_id, e.public_id]
        ),
    )
    return render(
        request,
        "cohorts/evidence/list.html",
        {
            "enrolment": enrolment,
            "coverage": evidence_selectors.coverage_for(
                enrolment, totals=evidence_selectors.reference_totals()
            ),
            "filter": listing,
            "table": table,
            "breadcrumbs": _learner_crumbs(enrolment),
            "mine": False,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.PRACTICE_SUPERVISOR)
def learner_evidence_entry(request, public_id, entry_id):
    enrolment = _learner(request, public_id)
    entry = get_object_or_404(
        evidence_selectors.evidence_visible_to(request.user).filter(enrolment=enrolment),
        public_id=entry_id,
    )
    may_comment = enrolment.assessor_id == request.user.pk
    form = None
    if may_comment:
        form = CommentForm(form_data(request), initial={"comment": entry.assessor_comment})
        if request.method == "POST" and form.is_valid():
            try:
                evidence.evidence_comment(
                    entry=entry, by=request.user, comment=form.cleaned_data["comment"]
                )
            except DomainError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("Comment saved"))
                return redirect(
                    "cohorts:learner_evidence_entry", public_id=public_id, entry_id=entry_id
                )
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "cohorts/evidence/entry.html",
        {
            "entry": entry,
            "form": form,
            "breadcrumbs": [
                *_learner_crumbs(enrolment),
                Breadcrumb(
                    _("Evidence"), reverse("cohorts:learner_evidence", args=[enrolment.public_id])
                ),
            ],
        },
    )
