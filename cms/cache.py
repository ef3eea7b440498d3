"""A whole-page cache for anonymous visitors to the public site.

Cached pages live in each app server's memory, keyed by a *generation*
number kept in the shared cache. Publishing, unpublishing, moving or deleting
a page, or changing the council's settings, bumps the generation, so every
server stops serving what it cached before at its next check (at most
``GENERATION_CHECK_SECONDS`` later; at once on the server that made the
change). The day is part of the key, so a vacancy closing at midnight
disappears without anyone publishing anything.
"""

import hashlib

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from wagtail.models import Site

from cms.generation import GENERATION_CHECK_SECONDS, current_generation, next_generation
from cms.models import SiteSettings

__all__ = ["GENERATION_CHECK_SECONDS", "current_generation", "purge_page_cache"]
# Cookies that mean the response may be personal: never serve them a shared copy.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

_pages = LocMemCache("cms-page-cache", {"MAX_ENTRIES": 2000, "CULL_FREQUENCY": 4})
# The site, its home page and the council's settings: read on every request,
# changed a few times a year. Kept per process under the same generation.
_config = LocMemCache("cms-config", {"MAX_ENTRIES": 200})


def purge_page_cache(**_kwargs) -> None:
    """Forget every cached page and what was read from the page tree, on every server."""
    next_generation()
    _pages.clear()
    _config.clear()


def _cache_key(request) -> str:
    # The address is hashed: a 10,000-character query string must not make a 10 kB key
    # (too long for memcached, and room taken from real pages).
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return "|".join(
        (
            str(current_generation()),
            timezone.localdate().isoformat(),
            request.get_host(),
            request.method == "HEAD" and "GET" or request.method,
            address,
        )
    )


def _may_use_cache(request) -> bool:
    if not settings.PORTAL_PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _may_store(request, response) -> bool:
    """Only Wagtail pages, only complete successes, never a response setting a cookie.

    ``Vary: Cookie`` is not a reason to skip: the copy is only ever served to
    requests that carry no personal cookie, which is exactly what it was made for.
    """
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    return "private" not in response.get("Cache-Control", "")


class AnonymousPageCacheMiddleware:
    """Serves a stored copy of a public page to a visitor with no session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        key = _cache_key(request)
        cached = _pages.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _may_store(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            _pages.set(key, response, timeout=settings.PORTAL_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def _site_and_settings(request):
    key = f"{current_generation()}|{request._get_raw_host()}|{request.get_port()}"
    found = _config.get(key)
    if found is None:
        site = Site._find_for_request(request)
        if site is None:
            return None, None, None
        # The routing starts at the specific home page; keep it with the site.
        site.root_page = site.root_page.specific
        # Wagtail reads the sites' root paths from the shared cache for every page
        # address it builds; kept here they cost no query.
        found = (site, SiteSettings.for_site(site), Site.get_site_root_paths())
        _config.set(key, found, timeout=None)
    return found


class SiteConfigMiddleware:
    """Gives Wagtail the request's site and settings without asking the database.

    Wagtail looks both up on every request (Site.find_for_request and
    SiteSettings.for_request cache them on the request object only).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site, site_settings, root_paths = _site_and_settings(request)
        if site is not None:
            request._wagtail_site = site
            request._wagtail_cached_site_root_paths = root_paths
            site_settings._request = request
            setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
        return self.get_response(request)
