"""The public site's own views beside Wagtail's page serving."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cms.models import SiteSettings


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 365, immutable=True)
def theme_css(request):
    """The council's colours as CSS custom properties (the link carries a version)."""
    settings = SiteSettings.for_request(request)
    css = render_to_string("cms/theme.css", {"settings": settings})
    return HttpResponse(css, content_type="text/css")
