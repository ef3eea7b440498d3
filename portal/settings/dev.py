"""Development: `make run`. SQLite under var/, mail written to var/mail."""

from portal.env import VAR_DIR, env

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, PORTAL_STAFF_MFA_REQUIRED

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]

# Mail the worker delivers lands in files a person can open.
PORTAL_DELIVERY_EMAIL_BACKEND = env.str(
    "DELIVERY_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"

# Development only: STAFF_MFA_REQUIRED=false lets a demo skip the
# authenticator app. Production cannot turn this off.
PORTAL_STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=PORTAL_STAFF_MFA_REQUIRED)
PORTAL_DEMO_DATA_ALLOWED = True
