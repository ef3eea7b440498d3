"""allauth adapter: where people land, and how account mail is sent."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import resolve
from django.urls.exceptions import Resolver404

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
    for _label, path in navigation_for(user):
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
