"""Settings for the Worker Innovation Platform.

One module for every environment: everything that differs between a laptop, CI and
production is an environment variable (see README, "Configuration").
"""

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

TESTING = "pytest" in sys.modules or env_bool("TESTING")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if TESTING:
        SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY is not set (run `make .env` or export it).")

# Keys for personal data at rest (Fernet keys, comma separated, newest first) and
# for the keyed hash used for uniqueness and look-up of ID-card and phone numbers.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
PII_HASH_KEY = env_str("PII_HASH_KEY")
if TESTING:
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["Sm1uZ3pob3UtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2Q="]
    PII_HASH_KEY = PII_HASH_KEY or "test-only-pii-hash-key"
if not FIELD_ENCRYPTION_KEYS or not PII_HASH_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS and PII_HASH_KEY must be set (run `make .env`).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "innovation.core",
    "innovation.accounts",
    "innovation.audit",
    "innovation.org",
    "innovation.notifications",
    "innovation.similarity",
    "innovation.achievements",
    "innovation.experts",
    "innovation.review",
    "innovation.funds",
    "innovation.awards",
    "innovation.studios",
    "innovation.pairs",
    "innovation.volunteer",
    "innovation.competitions",
    "innovation.recommendations",
    "innovation.projects",
    "innovation.plans",
    "innovation.dashboards",
    "innovation.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "innovation.audit.middleware.AuditContextMiddleware",
    # Nothing but the second-factor step for a session that still owes it (pages and the API alike).
    "innovation.accounts.middleware.TwoFactorRequiredMiddleware",
    "innovation.accounts.middleware.PasswordChangeRequiredMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innovation.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and a background job share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")  # the cache and the task queue (RQ) when set
# The cache is shared by every process (rate limits count across all gunicorn workers): Redis when
# REDIS_URL is set, else Django's database cache, whose table a migration makes (core 0001).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            # Culling (a third of the rows once there are more) must not forget live counters.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 3)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "innovation.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHARACTER_CLASSES},
    },
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lockout: 5 failures lock the *username* (existing or not) for 15 minutes.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP as well would lock a whole union office behind one NAT address; the
# account lock is what 等保 asks for.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Failures are forgiven only when the whole sign-in succeeds: after the password for an account
# without two-factor, after the code for one with it (innovation.accounts.twofactor). Reset on the
# password alone would let the password step wipe the wrong codes counted against the name.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "innovation.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# What axes keeps of a failed attempt's query and form: never a typed password (the password-change
# form counts under the same lockout) nor the page to return to (it may carry a search by ID number).
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
    "next",
]

# Two-factor sign-in (innovation.accounts.twofactor): the issuer shown in authenticator apps. The
# login lockout above is the one limit on wrong codes too, so django-otp's own per-device
# back-off (which would turn away the right code with a confusing message) is off.
OTP_TOTP_ISSUER = "锦州职工创新平台"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Sessions end after 30 idle minutes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# HTTPS: on in production (HTTPS=true), off for `make run` on 127.0.0.1.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-zh.html"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Under test (the served demo of tests/demo_site) static files come from the finders, no collectstatic.
WHITENOISE_USE_FINDERS = TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads: the size cap per file (checked before the content is read) and per achievement.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
ATTACHMENTS_PER_ACHIEVEMENT = env_int("ATTACHMENTS_PER_ACHIEVEMENT", 20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs (innovation.core.tasks): Django's tasks framework through the django-tasks
# backport. Embedded default: the jobs wait in this database and `manage.py run_worker` (started
# by `make run`) runs them; with REDIS_URL they wait in Redis for RQ workers; under test they run
# at once, inline. TASKS_BACKEND (database / rq / immediate) overrides the choice.
TASKS_BACKEND = env_str("TASKS_BACKEND") or ("immediate" if TESTING else "rq" if REDIS_URL else "database")
if TASKS_BACKEND not in ("database", "rq", "immediate"):
    raise ImproperlyConfigured("TASKS_BACKEND must be database, rq or immediate.")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
if REDIS_URL:
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# A running job renews its lease at least every quarter of this; a job whose lease ran out has
# lost its worker (crash, kill, power): a worker takes it back, or its page says it was interrupted.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "innovation.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "innovation.api.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "innovation.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "innovation.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("API_TOKEN_DAYS", 365)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "职工创新创效平台 API",
    "DESCRIPTION": "Worker Innovation Platform REST API. Every answer is limited to the caller's scope.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "innovation.api.schema.untitle_parameters",
        "innovation.api.schema.document_errors",
    ],
    # innovation.api.converters.IdConverter: ids are positive 64-bit integers.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
    },
    "ENUM_NAME_OVERRIDES": {
        "AchievementKindEnum": "innovation.achievements.models.Kind",
        "AchievementFieldEnum": "innovation.achievements.models.Field",
        "AchievementStateEnum": "innovation.achievements.models.State",
        "HonourKindEnum": "innovation.org.models.Honour.Kind",
        "StudioTypeEnum": "innovation.studios.models.StudioType",
        "StudioLevelEnum": "innovation.studios.models.StudioLevel",
        "StudioApplicationStateEnum": "innovation.studios.models.StudioApplication.State",
        "PairSelectionLevelEnum": "innovation.pairs.models.Level",
        "PairSelectionStateEnum": "innovation.pairs.models.SelectionState",
        "PairNominationStateEnum": "innovation.pairs.models.NominationState",
        "PairObjectionStateEnum": "innovation.pairs.models.PairObjection.State",
        "CompetitionLevelEnum": "innovation.competitions.models.Level",
        "CompetitionKindEnum": "innovation.competitions.models.Competition.Kind",
        "CompetitionStateEnum": "innovation.competitions.models.CompetitionState",
        "CompetitionRegistrationStateEnum": "innovation.competitions.models.RegistrationState",
        "CompetitionAspectKindEnum": "innovation.competitions.models.AspectKind",
        "CompetitionLeagueRuleEnum": "innovation.competitions.models.LeagueRule",
        "SkillLevelEnum": "innovation.org.models.SkillLevel",
        "ServiceCategoryEnum": "innovation.volunteer.models.Category",
        "ServiceOrderStateEnum": "innovation.volunteer.models.OrderState",
        "ServiceExpenseStateEnum": "innovation.volunteer.models.ExpenseState",
        "ServiceExpenseKindEnum": "innovation.volunteer.models.ExpenseKind",
        "RecommendationStateEnum": "innovation.recommendations.models.RecState",
        "RecommendationPrizeEnum": "innovation.recommendations.models.Prize",
        "ContestLevelEnum": "innovation.recommendations.models.ContestLevel",
        "ProjectStateEnum": "innovation.projects.models.ProjectState",
        "ProjectChannelEnum": "innovation.projects.models.PROJECT_CHANNEL_CHOICES",
        "ProjectOwnerKindEnum": "innovation.projects.models.OwnerKind",
    },
}


EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")

# The public address printed on certificates for their verification page (behind a proxy the
# request's host may not be it); empty: the host of the request that made the certificate.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# Certificate and plaque look-ups per client address per 10 minutes on the public verification pages.
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)
# Objections per client address per hour on the public notice (no sign-in).
OBJECTION_RATE_LIMIT = env_int("OBJECTION_RATE_LIMIT", 5)

# No log line holds an ID-card or phone number in clear: every line is masked on its way out
# (Django's "Not Found: <path>" included; gunicorn's own logs: config/gunicorn.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"masked": {"()": "innovation.audit.masking.MaskingFormatter", "format": "%(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "masked"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Django's loggers through the same handler only (its defaults print unmasked under DEBUG).
    "loggers": {
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING"), "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},  # runserver
    },
}

# The composition of the product, named here (the one place that names every app) so that
# `innovation.core` names no domain app. Each demo part seeds after the parts it stands on; later
# issues append theirs.
DEMO_SEEDERS = [
    ("org", "innovation.org.demo.seed"),
    ("accounts", "innovation.accounts.demo.seed"),
    ("achievements", "innovation.achievements.demo.seed"),
    ("review and awards", "innovation.awards.demo.seed"),
    ("studios", "innovation.studios.demo.seed"),
    ("gold master-apprentice pairs", "innovation.pairs.demo.seed"),
    ("this year's items on their way", "innovation.achievements.demo.in_progress.seed"),
    ("this year's review", "innovation.awards.demo.seed_this_year"),
    (
        "near-duplicates: the planted pairs and their verdicts, the index",
        "innovation.achievements.demo.duplicates.seed",
    ),
    # last: the awards' and achievements' draws of this year must not see its accounts and levels
    ("skills competitions", "innovation.competitions.demo.seed"),
    (
        "volunteer service: the calendar, SLA targets, teams and two years of orders",
        "innovation.volunteer.demo.seed",
    ),
    ("technical breakthrough projects and the pairs' benefit", "innovation.projects.demo.seed"),
    ("recommendations to the provincial contest", "innovation.recommendations.demo.seed"),
    ("the three-year plan of 2019, its March 2021 revision, two snapshots", "innovation.plans.demo.seed"),
]
# The line `seed_demo` ends with (what the demo holds).
DEMO_SUMMARY = "config.demo.summary"
# The home page's 「我的信息」: the worker record linked to an account (or None).
HOME_OWN_WORKER = "innovation.org.selectors.own_worker"
