"""``/workforce/``: the workforce picture, a page per section, and CSV of every table."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import roles
from portal.access import role_required
from recruitment.workforce import page
from recruitment.workforce.filters import WorkforceFilter

WORKFORCE_ROLES = (roles.WORKFORCE_LEAD, roles.HR_OFFICER, roles.MENTOR)


def _filter(request) -> WorkforceFilter:
    return WorkforceFilter(request.GET or None, request=request)


@never_cache
@require_GET
@role_required(*WORKFORCE_ROLES)
def workforce_home(request):
    filters = _filter(request)
    scope = filters.scope(request.user)
    return render(
        request,
        "recruitment/workforce/home.html",
        {
            "filter": filters,
            "scope": scope,
            "sections": page.every_section(scope),
            "query": request.GET.urlencode(),
        },
    )


@never_cache
@require_GET
@role_required(*WORKFORCE_ROLES)
def workforce_section(request, slug):
    filters = _filter(request)
    scope = filters.scope(request.user)
    section = page.section(slug, scope)
    if section is None:
        raise Http404
    return render(
        request,
        "recruitment/workforce/section.html",
        {
            "filter": filters,
            "scope": scope,
            "section": section,
            "titles": page.TITLES,
            "query": request.GET.urlencode(),
        },
    )


@never_cache
@require_GET
@role_required(*WORKFORCE_ROLES)
def workforce_csv(request, slug, table):
    scope = _filter(request).scope(request.user)
    section = page.section(slug, scope)
    data = section.table(table) if section else None
    if data is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workforce-{slug}-{table}.csv"'
    writer = csv.writer(response)
    for row in data.csv_rows():
        writer.writerow([_safe(value) for value in row])
    return response


def _safe(value: str) -> str:
    """Nothing a spreadsheet would run as a formula."""
    return (
        "'" + value
        if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value)
        else value
    )


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
