"""The portal's own pages: health check, account home and error pages."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.accounts import navigation_for
from portal.roles import roles_of

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def account_home(request):
    """Your account: the places your roles give you, and your account settings."""
    return render(
        request,
        "portal/account_home.html",
        {"places": navigation_for(request.user), "roles": roles_of(request.user)},
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database, no context processors: this page must render when all else fails.
    return HttpResponse(render_to_string("500.html"), status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
