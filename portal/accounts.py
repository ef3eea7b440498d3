"""allauth: where people land, its forms and mail in the portal's words, its rate limits."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.forms import (
    AddEmailForm,
    ChangeEmailForm,
    ChangePasswordForm,
    LoginForm,
    ReauthenticateForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
    SignupForm,
)
from django.contrib.auth.hashers import make_password
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import roles
from portal.links import public_link
from portal.notify import mail_context
from portal.roles import roles_of


def is_built(path: str) -> bool:
    """True when a view other than Wagtail's catch-all answers ``path``."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


def navigation_for(user) -> list[tuple[str, str]]:
    """(label, path) for each role's home that exists, without repeats."""
    entries: list[tuple[str, str]] = []
    for role in roles_of(user):
        entry = (str(role.nav_label), role.home_path)
        if entry not in entries and is_built(role.home_path):
            entries.append(entry)
    return entries


def home_path_for(user) -> str:
    """The first role's home, a staff or learner role before the applicant's: a new
    starter who applied here lands on their work, not their old applications."""
    paths = [path for _label, path in navigation_for(user)]
    for path in sorted(paths, key=lambda path: path == roles.APPLICANT.home_path):
        return path
    if user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        return "/admin/"
    return "/account/"


class PortalAccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        # allauth falls back to LOGIN_REDIRECT_URL; send each role to its own home.
        if url in ("/", "/account/"):
            return home_path_for(request.user)
        return url

    def send_mail(self, template_prefix, email, context):
        """allauth's mail as the portal's: the council's name and signature, public links.

        allauth builds its links from the request's host (127.0.0.1:8101, an
        app server's own name); every link in a mail starts with the public
        address instead. Its templates are the portal's own
        (templates/account/email/), ending with the portal's signature.
        """
        context = {
            key: public_link(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        super().send_mail(template_prefix, email, mail_context(context))


class PortalWords:
    """allauth's form fields with the portal's labels, sentence case and no placeholders.

    GOV.UK forms label every field and use no placeholder text. A password
    field's "Forgot your password?" help is dropped: the pages link to the
    password reset themselves, once.
    """

    labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in ("password", "oldpassword"):
                field.help_text = ""


NEW_PASSWORD = {
    "password1": _("New password"),
    "password2": _("Confirm your new password"),
}


class PortalLoginForm(PortalWords, LoginForm):
    labels = {
        "login": _("Email address"),
        "password": _("Password"),
        "remember": _("Remember me on this device"),
    }


class PortalSignupForm(PortalWords, SignupForm):
    """allauth's sign-up form, taking as long for a known address as for a new one.

    With ``ACCOUNT_PREVENT_ENUMERATION`` allauth answers a known address as it
    answers a new one, but only a new account hashes its password: the
    deliberately slow hash made a known address answer in a tenth of the time,
    which told anyone whether an address is registered. A known address now
    costs one hash too, of the password typed, thrown away.
    """

    labels = {
        "email": _("Email address"),
        "password1": _("Create a password"),
        "password2": _("Confirm your password"),
    }

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class PortalChangePasswordForm(PortalWords, ChangePasswordForm):
    labels = {"oldpassword": _("Current password"), **NEW_PASSWORD}


class PortalSetPasswordForm(PortalWords, SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Confirm your password")}


class PortalResetPasswordForm(PortalWords, ResetPasswordForm):
    labels = {"email": _("Email address")}


class PortalResetPasswordKeyForm(PortalWords, ResetPasswordKeyForm):
    labels = NEW_PASSWORD


class PortalReauthenticateForm(PortalWords, ReauthenticateForm):
    labels = {"password": _("Password")}


class PortalAddEmailForm(PortalWords, AddEmailForm):
    labels = {"email": _("Email address")}


class PortalChangeEmailForm(PortalWords, ChangeEmailForm):
    labels = {"email": _("New email address")}


# Rate limits ---------------------------------------------------------------
# allauth answers a rate limit with ``handler429`` (portal.views.too_many_requests),
# without saying which limit was hit: the page's own action tells it.
ACTIONS_BY_URL_NAME = {
    "account_login": ("login", "login_failed"),
    "account_signup": ("signup",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_change_password": ("change_password",),
    "account_email": ("manage_email", "confirm_email"),
    "account_email_verification_sent": ("confirm_email",),
    "account_confirm_email": ("confirm_email",),
    "account_reauthenticate": ("reauthenticate",),
}
UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def rate_window_seconds(rates: str | None) -> int:
    """The longest window of an allauth rate string: "5/5m/ip,5/h/key" -> 3600.

    Waiting that long always frees the person (each limit counts attempts
    within its own window).
    """
    longest = 0
    for rate in (rates or "").split(","):
        parts = rate.strip().split("/")
        if len(parts) < 2 or not parts[1]:
            continue
        duration = parts[1]
        unit = UNITS.get(duration[-1])
        if unit is None:
            continue
        amount = float(duration[:-1]) if duration[:-1] else 1
        longest = max(longest, int(amount * unit))
    return longest


def rate_limit_wait(request) -> int:
    """Seconds until the limit this request hit lets the person try again."""
    rates = account_settings.RATE_LIMITS
    match = getattr(request, "resolver_match", None)
    actions = ACTIONS_BY_URL_NAME.get(getattr(match, "url_name", None), tuple(rates))
    wait = max((rate_window_seconds(rates.get(action)) for action in actions), default=0)
    return wait or 60 * 60


def wait_in_words(seconds: int) -> str:
    """1 minute, 5 minutes, 1 hour: rounded up to what a person would wait."""
    minutes = max(1, -(-seconds // 60))
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = -(-minutes // 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def mark_mfa_passed(session, user) -> None:
    """Write into ``session`` what allauth writes after a sign-in with the authenticator
    app's code, for a client signed in without one (the benchmark, the tests)."""
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    # allauth ties the records to the user they were made for.
    session[f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"] = str(user.pk)
    session.save()
