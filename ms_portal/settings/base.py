"""Settings shared by every environment. Safe defaults: DEBUG off, HTTPS on.

The environment is read here and in the environment modules only; see the
README's configuration table and `.env.example` for every variable.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

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
    # Admin sign-in: lock-out after failed attempts, two-factor codes, passkeys.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
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
    # Donate clicks, answered here: they need no session, CSRF, user or URL
    # resolving (donations.clicks). After the HTTPS redirect and its headers.
    "donations.middleware.DonateClickMiddleware",
    # Before anything reads a body (sessions, CSRF): oversized bodies and
    # uploads outside the admin are refused unread.
    "pages.middleware.RequestSizeMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pages.middleware.PublicGZipMiddleware",
    # Before sessions, CSRF and authentication: a hit needs none of them.
    "pages.cache.middleware.PageCacheMiddleware",
    "pages.cache.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pages.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it tells the editor why they were signed out.
    "pages.admin_security.AdminSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pages.admin_security.AdminContentSecurityPolicyMiddleware",
    "pages.middleware.NoIndexMiddleware",
    "pages.middleware.RedirectMiddleware",
    "pages.middleware.DatabaseOutageMiddleware",
    # After it: its handler runs first, answering the donate page and the
    # hand-off from a stored copy while the database is down.
    "donations.middleware.GivingWithoutDatabaseMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
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
    _REDIS_OPTIONS = {
        # A cache outage must not take the site down with it.
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 2,
        "SOCKET_TIMEOUT": 2,
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ms_portal",
            "OPTIONS": _REDIS_OPTIONS,
        },
        # Rendered pages, apart from the small, busy keys above.
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ms_portal_pages",
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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

# Request bodies and uploads. Form fields are held in memory up to
# DATA_UPLOAD_MAX_MEMORY_SIZE (a long page edit in the admin is well under it);
# uploads over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead.
# pages.middleware.RequestSizeMiddleware refuses, before reading a byte, any
# body over these limits and any file posted outside the admin.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
ADMIN_URL_PREFIX = "/admin/"
# Public forms (feedback, the impressions beacon) post a few kilobytes; a
# payment provider's confirmations (checkout events) a few more.
PUBLIC_MAX_REQUEST_BYTES = 64 * 1024
WEBHOOK_URL_PREFIX = "/donations/webhooks/"
WEBHOOK_MAX_REQUEST_BYTES = 256 * 1024

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
        # django-axes logs every sign-in; failures and lock-outs are warnings.
        "axes": {"level": "WARNING"},
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

# Page cache (pages/cache/): anonymous visitors get pages from the "pages"
# cache, and proxies or CDNs in front are told they may keep them too.
# Publishing purges a page and the pages showing it; nothing is served fresh
# for longer than PAGE_CACHE_TIMEOUT. PAGE_CACHE_ENABLED=false turns the app's
# own cache off (benchmarks, or an emergency); the headers stay.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_TIMEOUT = 300  # seconds; also s-maxage for proxies
PAGE_CACHE_MAX_AGE = 60  # seconds browsers may reuse a page without asking
PAGE_CACHE_STALE_WHILE_REVALIDATE = 60
# How long a stale copy may stand in for a page that cannot be rendered (the
# database is down): here and in proxies that honour stale-if-error.
PAGE_CACHE_STALE_IF_ERROR = 24 * 3600


def frontend_cache_backends(environ) -> dict:
    """WAGTAILFRONTENDCACHE from the environment: each Varnish in
    FRONTEND_CACHE_VARNISH_URLS, and Cloudflare or CloudFront when their
    variables are set."""
    backends = {}
    varnish_urls = environ.get("FRONTEND_CACHE_VARNISH_URLS", "").split(",")
    urls = [url.strip() for url in varnish_urls if url.strip()]
    for number, url in enumerate(urls, start=1):
        backends[f"varnish{number}"] = {
            "BACKEND": "pages.cache.frontend.VarnishBackend",
            "LOCATION": url,
            "SOURCE_ADDRESS": environ.get("FRONTEND_CACHE_SOURCE_ADDRESS", ""),
        }
    if environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "pages.cache.frontend.CloudflareBackend",
            "ZONEID": environ["FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"],
            "BEARER_TOKEN": environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),
        }
    if environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
        # boto3 reads the AWS_* credentials from the environment itself.
        backends["cloudfront"] = {
            "BACKEND": "pages.cache.frontend.CloudfrontBackend",
            "DISTRIBUTION_ID": environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


# The HTTP cache in front (Varnish, a CDN): purged with the page cache, for
# the same URLs, by pages/cache/frontend.py. Empty: nothing is sent.
WAGTAILFRONTENDCACHE = frontend_cache_backends(os.environ)

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "MS Portal")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "pages.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Images: 20 MB and 50 megapixels (8,660 × 5,773) take any camera or phone's
# normal photos (a 45-megapixel camera, a 48-megapixel phone); larger ones,
# which take seconds to resize on every new rendition, get a clear error.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "pages.image_forms.ImageForm"
# One upload and its form fields.
ADMIN_MAX_REQUEST_BYTES = (
    max(WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILDOCS_MAX_UPLOAD_SIZE) + 1024 * 1024
)
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
# With REDIS_URL set they go to a Redis list first. The donate page keeps the
# copy it is served from while the database is down beside it (donate-page.json).
DONATION_SPOOL_FILE = Path(
    os.environ.get("DONATION_SPOOL_FILE", BASE_DIR / "var" / "donation-clicks.jsonl")
)
# With Redis as the cache, every donate click joins a Redis list and
# `manage.py replay_donation_clicks --every 5` (a worker; or cron each minute)
# writes the list to the database, so a click never waits for the database.
# false stores each click during its request, as without Redis.
DONATION_CLICK_QUEUE = env_bool("DONATION_CLICK_QUEUE", True)
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

# Admin sign-in
# django-axes: five wrong passwords lock out the username, and five lock out
# the network address, for 15 minutes (each counted on its own, so one address
# cannot try many usernames, nor many addresses one username). Attempts are
# kept in the database (they must outlive a Redis outage); a success clears
# them. The address is the one the trusted proxy reports (TRUSTED_PROXY_COUNT).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "pages.visitors.client_ip"
AXES_LOCKOUT_TEMPLATE = "wagtailadmin/account/locked_out.html"
# Only failed attempts are recorded, not every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Two-factor sign-in (pages.two_factor, on django-otp: time-based codes from an
# authenticator app). Everyone with admin access can add one under Account ›
# Two-factor sign-in; from then on they must use it. Superusers and members of
# these groups (they see who gave, and how) must set one up before they can
# use the admin. dev.py may switch this off for `make run`; production refuses.
WAGTAIL_2FA_REQUIRED = True
ADMIN_TWO_FACTOR_GROUPS = ["Fundraising"]
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Passkeys (django-otp-webauthn) as the second step only: never instead of the
# password, which axes guards. A passkey belongs to the admin's host name
# (WAGTAILADMIN_BASE_URL). Browsers make them only for HTTPS pages and
# http://localhost, never for an IP address: try them locally at
# http://localhost:8000 with WAGTAILADMIN_BASE_URL set to that.
_ADMIN_URL = urlsplit(WAGTAILADMIN_BASE_URL)
_ADMIN_SCHEME = _ADMIN_URL.scheme if _ADMIN_URL.hostname == "localhost" else "https"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = _ADMIN_URL.hostname
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"{_ADMIN_SCHEME}://{_ADMIN_URL.netloc}"]
# Admin sessions end after 30 minutes without a request (an open editor counts:
# it pings the server while a page is being edited) and, whatever happens, 12
# hours after signing in. Public pages have no session at all.
ADMIN_SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=30)
ADMIN_SESSION_MAX_AGE = datetime.timedelta(hours=12)
SESSION_COOKIE_AGE = int(ADMIN_SESSION_MAX_AGE.total_seconds())

# Admin Content-Security-Policy: the strictest the Wagtail 8 admin works with,
# tried in Chromium across the dashboard, page explorer and editor (Draftail,
# StreamField, choosers, image upload, preview), snippets, settings, users and
# reports. Wagtail 8 still sets up its chooser and date widgets with inline
# <script> elements, and its vendor bundle inserts <style> elements, so those
# need 'unsafe-inline'. Inline event handlers (onerror=, the usual injected
# script) and style attributes stay blocked (the *-attr directives), as do
# scripts, styles, images and connections from other sites, plugins, <base>,
# forms posting elsewhere and framing. No 'unsafe-eval'. Applied to /admin/ by
# pages.admin_security.AdminContentSecurityPolicyMiddleware; the public pages
# keep the policy above.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [NONE],
    "script-src": [SELF, UNSAFE_INLINE],
    "script-src-elem": [SELF, UNSAFE_INLINE],
    "script-src-attr": [NONE],
    "style-src": [SELF, UNSAFE_INLINE],
    "style-src-elem": [SELF, UNSAFE_INLINE],
    "style-src-attr": [NONE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    # The preview panel frames this site's own preview; embeds in previews.
    "frame-src": [SELF, *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]],
    "manifest-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
