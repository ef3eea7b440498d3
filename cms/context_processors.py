"""What every page template needs: the council's brand and the person's navigation."""

import hashlib

from django.utils.functional import SimpleLazyObject

from cms.cache import current_generation
from cms.models import SiteSettings
from portal.accounts import navigation_for


class Branding:
    """The council's identity from its site settings, read once per request."""

    def __init__(self, request):
        self._request = request
        self._settings = SiteSettings.for_request(request)

    def __getattr__(self, name):
        return getattr(self._settings, name)

    @property
    def logo_url(self) -> str:
        logo = self._settings.logo
        return logo.get_rendition("height-80").url if logo else ""

    @property
    def initials(self) -> str:
        """The council's initials, where its name has no room: "ECC" for Example City Council."""
        words = [word for word in self._settings.council_name.split() if word[:1].isupper()]
        return "".join(word[0] for word in words[:3])

    @property
    def theme_version(self) -> str:
        return hashlib.sha256(self._settings.brand_colour.encode()).hexdigest()[:10]

    @property
    def navigation(self) -> list[dict]:
        path = self._request.path
        return [
            {"label": label, "url": url, "current": path.startswith(url)}
            for label, url in navigation_for(self._request.user)
        ]


def portal(request):
    return {
        "portal": SimpleLazyObject(lambda: Branding(request)),
        # Part of every fragment-cache key: publishing anything retires them all.
        "page_generation": current_generation,
    }
