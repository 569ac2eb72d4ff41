"""Local development: the run command. Safe defaults, never for production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-3f9a1c2e"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
# Mails written locally do not carry the production domain in their Message-ID.
MESSAGE_ID_DOMAIN = env("MESSAGE_ID_DOMAIN", default="oovnetwerk.test")
