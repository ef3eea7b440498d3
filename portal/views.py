"""The portal's own pages: health check, account home and error pages."""

import logging
import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.accounts import navigation_for, rate_limit_wait, wait_in_words
from portal.components import Action
from portal.queue import queue_health
from portal.roles import roles_of

logger = logging.getLogger(__name__)

# The errors a database that cannot be reached raises (refused, gone away, file missing).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# What the 503 page says: "try again in a few minutes".
RETRY_AFTER_SECONDS = 120
HEALTHZ_PATH = "/healthz"


def unavailable(request) -> HttpResponse:
    """503 without touching the database: the styled page, or one line for the health check."""
    if request.path == HEALTHZ_PATH:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not.

    The body also says how the task queue is doing (one indexed query), for
    monitoring; a stalled queue does not fail the check, since the web
    servers are still fine.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = queue_health()
    except Exception:
        logger.exception("Health check: the database did not answer")
        return unavailable(request)
    wait = queue.oldest_wait
    lines = [
        "ok",
        f"tasks_waiting {queue.waiting}",
        f"oldest_task_waiting_seconds {int(wait.total_seconds()) if wait else 0}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@login_required
def account_home(request):
    """Your account: the places your roles give you, and your account settings."""
    held = roles_of(request.user)
    rows = [
        (
            _("Email address"),
            request.user.email,
            [Action(reverse("account_email"), _("Change"), _("email address"))],
        ),
        (
            _("Password"),
            "••••••••••••",
            [Action(reverse("account_change_password"), _("Change"), _("password"))],
        ),
        (
            _("Two-factor authentication"),
            _("An authenticator app and recovery codes"),
            [Action(reverse("mfa_index"), _("Manage"), _("two-factor authentication"))],
        ),
        (_("Your roles"), "\n".join(str(role.name) for role in held) or _("None yet")),
    ]
    return render(
        request,
        "portal/account_home.html",
        {"places": navigation_for(request.user), "roles": held, "rows": rows},
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Django's last resort, for an error anywhere: a view, a middleware, a template.

    A database that cannot be reached is not a fault of the portal's: it
    answers 503, so the person knows to come back. The middlewares that
    read the database cache before any view runs (the page cache, the
    site's settings) end up here, as does everything else.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return unavailable(request)
    # No database, no context processors: this page must render when all else fails.
    return HttpResponse(render_to_string("500.html"), status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def too_many_requests(request, exception=None):
    """allauth's rate limits (``handler429``): what happened, and how long to wait."""
    wait = rate_limit_wait(request)
    response = render(request, "429.html", {"wait": wait_in_words(wait)}, status=429)
    response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response
