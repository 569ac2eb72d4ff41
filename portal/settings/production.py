"""Production: PostgreSQL, gunicorn, django-q2 workers over Redis. Refuses to start
without the variables it needs instead of inventing them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False

for _name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_URL"):
    if not env(_name, default=""):
        raise ImproperlyConfigured(f"Set the environment variable {_name} for production.")

SECRET_KEY = env("SECRET_KEY")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
