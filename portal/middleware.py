"""Cross-cutting request handling: headers, channel attribution, MFA for staff."""

import dataclasses
import logging

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from portal.roles import is_staff_user
from portal.views import DATABASE_UNAVAILABLE, unavailable

logger = logging.getLogger(__name__)

CHANNEL_COOKIE = "portal_channel"
CHANNEL_SALT = "portal.channel"
CHANNEL_HEADER = "X-Portal-Channel"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")


class PortalCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, except Wagtail's own admin.

    Wagtail 8's admin writes inline scripts (date pickers, inline panels) and
    offers no nonce for them, so /admin/ alone allows inline scripts. No page
    of the portal's own has an inline script.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/") and not report_only:
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), "'unsafe-inline'"]
            update["style-src"] = [*update.get("style-src", []), "'unsafe-inline'"]
            parts = dataclasses.replace(parts, update=update)
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        return response


def read_channel(request) -> dict:
    """The channel that brought this visitor, as remembered for their browser session."""
    raw = request.COOKIES.get(CHANNEL_COOKIE)
    if not raw:
        return {}
    try:
        value = signing.loads(raw, salt=CHANNEL_SALT)
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


class ChannelMiddleware:
    """Remembers which campaign or link brought a visitor, until the browser closes.

    A signed cookie rather than the session: campaign pages stay cacheable and
    anonymous visitors cost no database write. The campaign page names its
    tracking code in a response header, which is removed here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.channel = read_channel(request)
        utm = {key: request.GET[key][:100] for key in UTM_KEYS if request.GET.get(key)}
        response = self.get_response(request)
        tracking_code = response.headers.get(CHANNEL_HEADER)
        if tracking_code:
            del response.headers[CHANNEL_HEADER]
        arrived = {}
        if tracking_code:
            arrived["tracking_code"] = tracking_code
        arrived.update(utm)
        if arrived and arrived.items() - request.channel.items():
            response.set_cookie(
                CHANNEL_COOKIE,
                signing.dumps({**request.channel, **arrived}, salt=CHANNEL_SALT),
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class DatabaseUnavailableMiddleware:
    """A clear 503 page, not a stack trace, when a view cannot reach the database.

    This sees only what views raise. A middleware that reads the database
    before any view (the page cache and the site's settings read the
    database cache) is answered by ``portal.views.server_error``, the 500
    handler, which turns the same errors into the same 503.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return unavailable(request)
        return None


STAFF_PATH_PREFIXES = (
    "/admin/",
    "/interviews/",
    "/mentor/",
    "/supervision/",
    "/partner/",
    "/workforce/",
)
MFA_FREE_PREFIXES = ("/accounts/", "/static/", "/healthz")


def needs_mfa_setup(user) -> bool:
    if not settings.PORTAL_STAFF_MFA_REQUIRED or not is_staff_user(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_mfa(request) -> bool:
    """This session's sign-in included the authenticator app (allauth keeps the record)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffMFARequiredMiddleware:
    """Staff reach staff pages only with an authenticator app, used in this session.

    Without one set up they are sent to set it up; with one that this session has
    not used (a sign-in that skipped the step, a session from before) they are asked
    for a code. Having an app is not enough: using it is the point.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(STAFF_PATH_PREFIXES)
            and not path.startswith(MFA_FREE_PREFIXES)
            and request.user.is_authenticated
            and settings.PORTAL_STAFF_MFA_REQUIRED
            and is_staff_user(request.user)
        ):
            if needs_mfa_setup(request.user):
                return self.redirect(request, "mfa_activate_totp")
            if not passed_mfa(request):
                return self.redirect(request, "mfa_reauthenticate")
        return self.get_response(request)

    @staticmethod
    def redirect(request, url_name: str):
        target = reverse(url_name)
        next_path = request.get_full_path()
        if url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}):
            target = f"{target}?{urlencode({'next': next_path})}"
        return redirect(target)
