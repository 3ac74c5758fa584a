"""Settings shared by every environment. Safe defaults: DEBUG off, HTTPS on.

The environment is read here and in the environment modules only; see the
README's configuration table and `.env.example` for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Pages on any other host get `X-Robots-Tag: noindex` (staging, review apps,
# the Docker image before its domain is set), so only the real site is indexed.
PRODUCTION_HOST = os.environ.get("PRODUCTION_HOST", "")

INSTALLED_APPS = [
    "pages",
    "research",
    "donations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
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
    "django_filters",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Answers /healthz before host validation and the HTTPS redirect, so a
    # load balancer probing by IP over plain HTTP gets a real answer.
    "pages.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pages.middleware.NoIndexMiddleware",
    "pages.middleware.RedirectMiddleware",
    "pages.middleware.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "ms_portal.urls"
WSGI_APPLICATION = "ms_portal.wsgi.application"

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
                "pages.context_processors.site_name",
            ],
        },
    },
]

# SQLite is the zero-set-up default for `make run` only; tests and production
# refuse to run without PostgreSQL (see test.py and production.py).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ms_portal",
            "OPTIONS": {
                # A cache outage must not take the site down with it.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves uploads itself only when asked (local runs, a single-container
# deployment); behind a proxy or object storage, leave this off.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: review reminders and admin notifications.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "MS Portal <no-reply@localhost>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Wagtail records every publish in its own audit log; background task
        # chatter adds nothing to the console.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# How many proxies in front of the site append to X-Forwarded-For (1 behind a
# load balancer). 0 trusts only the connecting address. Used to tell visitors
# apart for rate limits and repeated donate clicks; addresses are never stored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Security. Production-grade by default; dev.py and test.py relax only what a
# plain-HTTP local server needs.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# No inline script or style anywhere, so no nonce: public pages are cacheable
# and a nonce would be frozen into the cached copy.
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin (and its page previews) ships inline scripts and styles.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": True,
    },
}

PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "MS Portal")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "pages.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Editors' browsers should not call third parties: no release check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Donations
# Hosts that donate buttons and the payment provider may send visitors to, for
# example "donate.example.org". Anything else is refused in the admin and
# again when a visitor clicks, so a link can never send people off-site.
DONATION_ALLOWED_HOSTS = env_list("DONATION_ALLOWED_HOSTS")
# Clicks that cannot be written to the database (it is down) are kept here,
# one JSON line each, until `manage.py replay_donation_clicks` stores them.
# With REDIS_URL set they go to a Redis list first.
DONATION_SPOOL_FILE = Path(
    os.environ.get("DONATION_SPOOL_FILE", BASE_DIR / "var" / "donation-clicks.jsonl")
)
# Per visitor, per 10 minutes: donate clicks recorded and impression beacons
# accepted. Beyond these, clicks still redirect but are only counted.
DONATION_CLICK_RATE_LIMIT = 20
DONATION_BEACON_RATE_LIMIT = 60
# Raw donate click rows (and hourly impression counts) are kept this many days;
# `manage.py prune_donation_clicks` deletes older ones, but only for days
# `manage.py rollup_donation_stats` has rolled up (the report reads those).
DONATION_CLICK_RETENTION_DAYS = int(
    os.environ.get("DONATION_CLICK_RETENTION_DAYS", "90")
)
# A/B tests give no verdict until every version has this many impressions and
# clicks: below that, a two-proportion test is too easily fooled by chance.
DONATION_AB_MIN_IMPRESSIONS = 1000
DONATION_AB_MIN_CLICKS = 30
# Income per impression needs this many gifts per version before a verdict:
# money comes in lumps, and one large gift can swing a small test.
DONATION_AB_MIN_GIFTS = 20

# Gifts, from the payment provider's webhooks (donations/payments/).
# Stripe's signing secret for /donations/webhooks/stripe/ (whsec_…); unset, the
# address is a 404. Signatures are checked offline: no API key is needed.
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Shared secret of the generic signed JSON callback (/donations/webhooks/signed-json/).
DONATION_CALLBACK_SECRET = os.environ.get("DONATION_CALLBACK_SECRET", "")
# Signatures older than this are refused, so a captured webhook cannot be replayed.
DONATION_WEBHOOK_TOLERANCE_SECONDS = 300
DONATION_CURRENCY = "GBP"
# Larger "gifts" are refused as impossible (the donate page takes £10,000 at most).
DONATION_MAX_GIFT_PENCE = 100_000_00
# The attribution rule (donations/payments/attribution.py): a gift is credited
# to the last donate button clicked, if checkout began within this time of it.
DONATION_ATTRIBUTION_WINDOW_MINUTES = 120
# The development-only demo checkout (donations/payments/demo_checkout.py).
# Only dev.py turns it on; production.py forces it off, so it is never routed.
DONATION_DEMO_CHECKOUT = False

# Articles
# Visitors may write health details in feedback comments (special-category
# data), so comments are deleted after this many months; the yes/no answers
# stay. `manage.py delete_old_feedback_comments` runs daily.
FEEDBACK_COMMENT_RETENTION_MONTHS = int(
    os.environ.get("FEEDBACK_COMMENT_RETENTION_MONTHS", "12")
)
# At most this many feedback submissions per visitor per period (seconds).
FEEDBACK_RATE_LIMIT = (10, 60 * 60)
# The review report and dashboard count articles due within this many days.
REVIEW_DUE_SOON_DAYS = 30
# The "Medical review" workflow's approval publishes the page, whether or not
# the approving clinician has publish permission of their own.
WAGTAIL_FINISH_WORKFLOW_ACTION = "pages.workflow_actions.publish_approved"

# SEO and sharing
# /sitemap.xml lists every live, public page with its last-modified date.
INSTALLED_APPS += ["wagtail.contrib.sitemaps"]
# When an editor moves a page or changes its slug, the old URL (and its
# children's) 301s to the new one. Wagtail's default, stated so it stays on.
WAGTAILREDIRECTS_AUTO_CREATE = True

# Search
# Search logs may hold health details (special-category data), so daily search
# counts older than this many days are deleted by `manage.py prune_search_logs`.
SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "90"))
# Promotions and the "Search terms" report read Wagtail's daily hits; keep them
# as long as our own log rather than Wagtail's default of 7 days.
WAGTAILSEARCH_HITS_MAX_AGE = SEARCH_LOG_RETENTION_DAYS
