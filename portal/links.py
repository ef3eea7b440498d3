"""Addresses that one part of the portal offers another, resolved when present."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode


def public_url(path: str = "") -> str:
    """The portal's public address (``settings.PORTAL_PUBLIC_URL``) followed by ``path``.

    Mail, calendar invites and anything read outside a request use it; a page
    served at another address must never send people back to 127.0.0.1.
    """
    return settings.PORTAL_PUBLIC_URL.rstrip("/") + path


def reverse_or_none(name: str, *args, **kwargs) -> str | None:
    try:
        return reverse(name, args=args, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def apply_url(vacancy) -> str:
    """Where "Apply" on a vacancy goes: the application journey, which needs an account."""
    url = reverse_or_none("recruitment:apply", vacancy.pk)
    if url:
        return url
    # Until the application journey exists, "Apply" starts with an account and
    # brings the person back to the vacancy.
    return f"{reverse('account_signup')}?{urlencode({'next': vacancy.url or '/'})}"


def public_link(url: str) -> str:
    """``url`` moved onto the public address: an absolute link built from the host
    a request happened to use (127.0.0.1:8101, an app server's own name) keeps
    its path and query but starts with ``settings.PORTAL_PUBLIC_URL``."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return url
    return public_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))
