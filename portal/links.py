"""Addresses that one part of the portal offers another, resolved when present."""

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode


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
