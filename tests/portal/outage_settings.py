"""Production settings as a real server runs them, for the tests that take its database away.

Only what a test machine lacks differs: static files come from the finders
(no collectstatic), mail the worker delivers goes to files in EMAIL_FILE_PATH
when DELIVERY_EMAIL_BACKEND says so, and the tests' users' fast password
hashes are accepted.
"""

from portal.env import env
from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")
# The users the tests make have the test settings' fast hashes; production's own come first.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
