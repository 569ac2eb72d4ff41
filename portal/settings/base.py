"""Settings shared by every deployment. Everything that differs per deployment comes
from the environment (see .env.example); dev.py, test.py and production.py only pick
defaults and refuse what is unsafe."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The absolute address of the site, used in mails (signal mail links, verification links).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "OOV-netwerk"

INSTALLED_APPS = [
    "home",
    "community",
    "knowledgebase",
    "notifications",
    "taxonomy",
    "advocacy",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
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
    "django_filters",
    "django_q",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "community.middleware.AdminSecondFactorMiddleware",
]

FORM_RENDERER = "home.forms_renderer.PortalFormRenderer"  # select options inline
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
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL points elsewhere (PostgreSQL in production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = []
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Sessions and cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Mail: console/file locally, SMTP in production (EMAIL_URL, e.g. smtp+tls://user:pw@host:587).
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    # Locally every outgoing mail is written as a file to var/mail/ (see README).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
# Every mail goes through portal.mail.EmailBackend (Message-IDs in MESSAGE_ID_DOMAIN), which
# hands it to the backend chosen above.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "portal.mail.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OOV-netwerk <noreply@oovnetwerk.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The domain in the Message-ID of every mail (signal mails: stable across reruns).
MESSAGE_ID_DOMAIN = env("MESSAGE_ID_DOMAIN", default="oovnetwerk.nl")
# Date headers in Dutch time (+0100 / +0200), as the mails' own texts are.
EMAIL_USE_LOCALTIME = True

# Wagtail
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Wagtail's password forms (page and document privacy) in the site's own layout.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "document_password_required.html"
WAGTAILDOCS_DOCUMENT_MODEL = "knowledgebase.PortalDocument"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "ods", "odp", "pdf", "pptx", "xlsx", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: the request would hand an outside service a hash of the editor's
# e-mail address. Wagtail shows its default avatar (or an uploaded one) instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = False  # members reset through allauth
WAGTAILADMIN_LOGIN_URL = "/admin/login/"
# Wagtail's own background work stays on its default (immediate) django-tasks backend.

# Accounts (django-allauth)
LOGIN_URL = "account_login"
# Pages restricted to logged-in visitors send them to the portal login (with its second
# factor for editors), not to Wagtail's password-only form.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/mijn-netwerk/"
LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "signup": "community.account_forms.SignupForm",
    "reset_password": "community.account_forms.ResetPasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OOV-netwerk] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "apply": "10/m/ip,3/h/key",  # community.account_views.apply
    "contact": "5/10m/ip",  # home.models.ContactPage.serve (each post mails the contact address)
}
# Sign-ups whose address is not verified within this many days are deleted (a daily job).
UNVERIFIED_ACCOUNT_DAYS = env.int("UNVERIFIED_ACCOUNT_DAYS", default=7)
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "OOV-netwerk"

# Caching (rate limits need a shared cache in production)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Background jobs: django-q2. ORM broker by default; Redis when REDIS_URL is set.
Q_CLUSTER = {
    "name": "oovnetwerk",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 300,          # a task may run 5 minutes ...
    "retry": 360,            # ... and is handed out again only after 6 (retry > timeout)
    "max_attempts": 3,       # never the default 0 (= endless retries)
    "catch_up": False,       # after downtime one run covers the gap; missed slots are not replayed
    "ack_failures": True,
    "save_limit": 1000,
    "label": "Achtergrondtaken",
    "orm": "default",
}
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = REDIS_URL

# Community
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
POST_MAX_CHARS = env.int("POST_MAX_CHARS", default=20_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
    },
}

# Files of groups: outside MEDIA_ROOT, served only through the access-checked download view.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
