from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views

portal_patterns = (
    [
        path("account/", views.account_home, name="home"),
    ],
    "portal",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include(portal_patterns)),
    path("", include("cms.urls")),
    path("accounts/", include("allauth.urls")),
    # In front of Wagtail's admin: its logout and its choosers' faults (see the module).
    path("admin/", include("portal.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("recruitment.urls")),
    path("", include("cohorts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail answers every other address with a page, or its 404.
urlpatterns.append(path("", include(wagtail_urls)))

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
# allauth's rate limits answer with this (allauth.core.ratelimit.respond_429).
handler429 = "portal.views.too_many_requests"
