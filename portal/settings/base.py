"""Settings shared by every environment. Nothing secret and no DEBUG here."""

from django.utils.translation import gettext_lazy as _

from portal.env import BASE_DIR, VAR_DIR, cache_config, database_config, env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "cms",
    "recruitment",
    "cohorts",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # Django
    "django_filters",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "portal.middleware.ChannelMiddleware",
    "cms.cache.AnonymousPageCacheMiddleware",
    "cms.cache.SiteConfigMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffMFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.portal",
            ],
            "builtins": ["portal.templatetags.govuk"],
        },
    }
]

# Forms render as GOV.UK Design System components (templates/django/forms).
FORM_RENDERER = "portal.forms.GovukFormRenderer"

DATABASES = {"default": database_config(VAR_DIR / "portal.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    **cache_config(),
    # Rendered pieces of public pages, per process; keys carry the page-cache
    # generation, so publishing anything retires them (see cms.cache).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Sessions live in the shared cache and the database, so any app server can
# answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"

# allauth: email is the identity; it must be verified before first login.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "10/h/ip,5/h/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "portal.accounts.PortalAccountAdapter"
# allauth's forms in the portal's words (portal.accounts.PortalWords).
ACCOUNT_FORMS = {
    "login": "portal.accounts.PortalLoginForm",
    "signup": "portal.accounts.PortalSignupForm",
    "change_password": "portal.accounts.PortalChangePasswordForm",
    "set_password": "portal.accounts.PortalSetPasswordForm",
    "reset_password": "portal.accounts.PortalResetPasswordForm",
    "reset_password_from_key": "portal.accounts.PortalResetPasswordKeyForm",
    "reauthenticate": "portal.accounts.PortalReauthenticateForm",
    "add_email": "portal.accounts.PortalAddEmailForm",
    "change_email": "portal.accounts.PortalChangeEmailForm",
}
# The rate limits count the client's address. Behind proxies (a load balancer),
# it is the one the nearest of TRUSTED_PROXY_COUNT proxies wrote into
# X-Forwarded-For; with none, the address of the connection. Production sets it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Social work portal")
# Staff roles must have MFA before they reach any staff page.
PORTAL_STAFF_MFA_REQUIRED = True

# Wagtail
WAGTAIL_SITE_NAME = "Social work careers"
# The portal's public address: every link in a mail or calendar invite starts with it.
PORTAL_PUBLIC_URL = env.str("PUBLIC_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = PORTAL_PUBLIC_URL
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "csv", "xlsx"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No third-party avatars: they leak staff emails (hashed) and break the CSP.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Public pages served to anonymous visitors are cached (see cms.cache).
PORTAL_PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PORTAL_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
# The portal is in English only. Strings still go through gettext so a
# translation can be added; switching translation off saves every page
# hundreds of catalogue look-ups (a third of its rendering time).
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static_build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")


def _storage(kind: str, location, base_url):
    """Files go through Django's storage API; S3-compatible storage when configured."""
    bucket = env.str(f"{kind}_STORAGE_BUCKET", default="")
    if bucket:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
                "default_acl": "private",
                "querystring_auth": kind == "PRIVATE",
            },
        }
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location), "base_url": base_url},
    }


STORAGES = {
    "default": _storage("MEDIA", MEDIA_ROOT, MEDIA_URL),
    # Applicants' documents: never under MEDIA_URL, only streamed by views
    # that check who is asking.
    "private": _storage("PRIVATE", PRIVATE_MEDIA_ROOT, None),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# Background work: a database queue that any number of workers drain.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail is queued as a task; the worker hands it to the delivery backend.
EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
PORTAL_DELIVERY_EMAIL_BACKEND = env.str(
    "DELIVERY_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="careers@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_MAIL_MAX_ATTEMPTS = 6
# Undelivered mail (with its personal data and links) is deleted after this many days.
PORTAL_UNDELIVERED_MAIL_DAYS = env.int("UNDELIVERED_MAIL_DAYS", default=90)

# Agency workers: the council's own minimum post-qualifying experience (portal.staffing).
PORTAL_AGENCY_MINIMUM_EXPERIENCE_YEARS = env.int("AGENCY_MINIMUM_EXPERIENCE_YEARS", default=2)

# Bespoke (fast-track) hires a month the council expects, fewest and most (the seed
# reports: "one or two a month"); the workforce page draws its hires against them.
RECRUITMENT_BESPOKE_HIRES_EXPECTED = tuple(
    env.list("RECRUITMENT_BESPOKE_HIRES_EXPECTED", cast=int, default=[1, 2])
)

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
PORTAL_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Content-Security-Policy (django-csp 4). Scripts only from our own origin:
# the page template has no inline script at all.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},
    },
}
