"""Production. Refuses to start without its secrets; passes check --deploy."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.env import env

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


def _required_url(name: str) -> str:
    value = _required(name).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
        raise ImproperlyConfigured(
            f"{name} must be the portal's public address, like https://careers.example.gov.uk"
        )
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
_required("DATABASE_URL")
ALLOWED_HOSTS = [host.strip() for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
DEBUG = False
# The public address: every link in a mail or an invite starts with it.
PORTAL_PUBLIC_URL = _required_url("PUBLIC_URL")
WAGTAILADMIN_BASE_URL = PORTAL_PUBLIC_URL

# TLS ends at the load balancer, which says so in X-Forwarded-Proto, and
# appends the client's address to X-Forwarded-For: with one proxy in front,
# the last address there is the client's (the rate limits count it).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
PORTAL_STAFF_MFA_REQUIRED = True
PORTAL_DEMO_DATA_ALLOWED = False
