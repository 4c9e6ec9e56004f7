"""Settings for the portal, read from environment variables.

Development defaults are safe and need no configuration (SQLite under ``var/``).
``PORTAL_ENV=production`` switches on the production mode, which refuses to start
with insecure values.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_str("PORTAL_ENV", "development") == "production"
DEV_SECRET_KEY = "dev-insecure-secret-key-only-for-local-development"  # noqa: S105 (refused in production)

SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
#: The portal's name in account e-mails (sign-in, password, e-mail address changes).
PORTAL_NAME = env_str("PORTAL_NAME", "Smart Portal")

#: Staff and admin logins must set up TOTP before they reach the back office or the Django admin.
#: On unless switched off explicitly; ``bin/dev`` switches it off for the demo logins, production refuses that.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", True)
#: Reverse proxies in front of the portal that append to ``X-Forwarded-For``; the client IP (login rate
#: limits, confirmation evidence) is the entry that many places from the right.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", True) if PRODUCTION else False
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)


def weak_secret_key(key: str) -> bool:
    """Too short, too few distinct characters, the development key or one Django generated for a test."""
    return len(key) < 50 or len(set(key)) < 5 or key == DEV_SECRET_KEY or key.startswith("django-insecure-")


if PRODUCTION:
    if weak_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters "
            "(at least 5 different ones, not the development key, not 'django-insecure-…')."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names.")
    if any(host.startswith("*") for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name the portal's hosts, not '*' (use '.example.org' for a domain and its subdomains)."
        )
    if not MFA_REQUIRED_FOR_STAFF:
        raise ImproperlyConfigured("MFA_REQUIRED_FOR_STAFF cannot be switched off in production.")
    if TRUSTED_PROXY_COUNT < 0:
        raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_countries",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "portal.core",
    "portal.entities",
    "portal.accounts",
    "portal.budget",
    "portal.travelrates",
    "portal.customers",
    "portal.orders",
    "portal.invoicing",
    "portal.banking",
    "portal.expenses",
    "portal.dashboard",
    "portal.backoffice",
    "portal.clientportal",
    "portal.employment",
    "portal.membership",
    "portal.cooplife",
    "portal.community",
    "portal.assembly",
    "portal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.core.request_checks.RefuseNulBytesMiddleware",
    "portal.core.request_checks.DropInvisibleCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.middleware.UserLanguageMiddleware",
    "portal.accounts.middleware.ActiveRoleMiddleware",
    "portal.accounts.middleware.ForcePasswordChangeMiddleware",
    "portal.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.accounts.context_processors.roles",
            ],
        },
    },
]
# Django's standard widgets written in Python, the same HTML as their templates (see the module).
FORM_RENDERER = "portal.core.form_renderer.PythonWidgetRenderer"

# Database: SQLite file by default, anything dj-database-url understands via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and the clock share the file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # PostgreSQL: values travel as parameters, and a query a connection sends again and again is prepared
    # on the server, so it is planned once per connection instead of on every request (planning took
    # up to a third of the database's time for a list page). Set DATABASE_PREPARED_STATEMENTS=false
    # behind a connection pooler in transaction mode (e.g. PgBouncer before 1.21), which cannot keep
    # prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "1/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_ADAPTER = "portal.accounts.adapter.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Smart Portal")
# A code typed just as the app rolls over to the next one still counts (RFC 6238 §5.2 recommends one
# step of delay); every code is accepted once only, so this widens no replay.
MFA_TOTP_TOLERANCE = 1

# Internationalisation
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [Path(env_str("PORTAL_LOCALE_DIR", str(BASE_DIR / "locale")))]
# django-countries' German names misspell or outdate a few countries; ours are translated in locale/ like
# the rest.
COUNTRIES_OVERRIDE = {
    "FO": _("Faroe Islands"),
    "GD": _("Grenada"),
    "HK": _("Hong Kong"),
    "KI": _("Kiribati"),
    "MD": _("Moldova"),
    "MZ": _("Mozambique"),
    "PG": _("Papua New Guinea"),
    "SA": _("Saudi Arabia"),
    "SR": _("Suriname"),
    "SZ": _("Eswatini"),
}
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
#: Our own formats where Django's differ from what the portal's readers expect (English dates day-first).
FORMAT_MODULE_PATH = ["portal.formats"]

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never routed: files are handed out only by views that check permissions
if any(MEDIA_ROOT.resolve().is_relative_to(Path(d).resolve()) for d in [STATIC_ROOT, *STATICFILES_DIRS]):
    raise ImproperlyConfigured("MEDIA_ROOT must not lie inside STATIC_ROOT or the static files directories.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: always written to the outbox first (portal.core.outbox), then sent by a task.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    # Development prints recipient, subject and links of each e-mail, never its attachments.
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "portal.core.mail_backends.CompactConsoleBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Smart Portal <portal@smart.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5)

# Security
#: Django's database sessions (logging out ends them on every server), read without the ORM.
SESSION_ENGINE = "portal.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

#: Browser features the portal never uses, switched off for every page (``Permissions-Policy``).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), "
    "screen-wake-lock=(), xr-spatial-tracking=(), browsing-topics=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "drafthorse": {"level": "WARNING"},  # announces the Factur-X profile of every PDF it writes
    },
}

# Cooperative-specific
PAGINATE_BY = 25

# Covering indexes (``Index(include=…)``) speed up PostgreSQL; SQLite builds the index without the
# included columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
#: Idempotent management commands the development ``clock`` process runs, with their interval in seconds.
#: In production, cron runs the same commands (see README).
# Official e-invoice rules (CII XSD, EN 16931 and XRechnung Schematron), kept outside the repository.
EINVOICE_RULES_DIR = Path(env_str("EINVOICE_RULES_DIR", str(BASE_DIR.parent / "shared" / "einvoice")))
INVOICE_PAYMENT_DAYS = env_int("INVOICE_PAYMENT_DAYS", 14)
INVOICE_DRAFT_DAYS_AHEAD = 7

SCHEDULED_COMMANDS = [
    ("send_queued_emails", 60),
    ("process_orders", 3600),
    ("process_invoices", 3600),
    ("process_employments", 3600),
    ("process_assemblies", 300),
    ("process_memberships", 3600),
    ("send_community_digest", 3600),
]
