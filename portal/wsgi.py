import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from portal.heap import settle_after_startup  # noqa: E402 (needs the apps loaded)

settle_after_startup()
