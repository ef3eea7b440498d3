"""Protected caseloads' front-end pages: the manager's count entry and the team view."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cohorts import caseload_selectors, presenters
from cohorts.caseload_forms import CaseloadEntryForm
from cohorts.services import caseloads
from portal import roles
from portal.access import role_required
from portal.errors import DomainError
from portal.forms import form_data


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(roles.PRACTICE_SUPERVISOR)
def caseload_entry(request):
    """Today's caseload count for each worker in the manager's team(s) and their learners."""
    today = timezone.localdate()
    workers = list(caseload_selectors.caseload_workers(request.user, today))
    form = CaseloadEntryForm(form_data(request), workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for worker, count in form.counts():
                    caseloads.caseload_record(
                        person=worker, day=today, count=count, by=request.user, today=today
                    )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Caseload counts saved"))
            return redirect("cohorts:caseload_entry")
    return render(
        request,
        "cohorts/caseloads/entry.html",
        {
            "form": form,
            "workers": workers,
            "today": today,
            "breadcrumbs": presenters.supervision_breadcrumbs(),
        },
    )


@never_cache
@require_GET
@role_required(roles.PRACTICE_SUPERVISOR, roles.MENTOR)
def team_view(request):
    """Each team's average caseload, who is over cap, and the neighbours with most room."""
    today = timezone.localdate()
    return render(
        request,
        "cohorts/caseloads/teams.html",
        {"view": caseload_selectors.team_view(request.user, today), "today": today},
    )
