"""Keyfolio's one settings module, configured from the environment.

Every knob an operator may turn is read here through the small helpers below,
so that the list of environment variables is this file and docs/deployment.md.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(env(name, default))


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(env("KEYFOLIO_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

DEBUG = envbool("DEBUG")
# A development key is fine for `make run` on one's own machine (DEBUG=1); with DEBUG off
# every management command (serve, worker, runserver...) and the WSGI application refuse
# it: see keyfolio/core/checks.py.
DEV_SECRET_KEY = "keyfolio-development-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# The portfolio square draws each account as a point up to this many accounts; above
# it, density cells with their counts, which open into points as one zooms in.
SQUARE_MAX_POINTS = envint("SQUARE_MAX_POINTS", "2000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "keyfolio.core",
    "keyfolio.audit",
    "keyfolio.logins",
    "keyfolio.users",
    "keyfolio.workspaces",
    "keyfolio.accounts",
    "keyfolio.assessments",
    "keyfolio.portfolio",
    "keyfolio.plans",
    "keyfolio.stakeholders",
    "keyfolio.intel",
    "keyfolio.revenue",
    "keyfolio.briefs",
    "keyfolio.activities",
    "keyfolio.surveys",
    "keyfolio.imports",
    "keyfolio.playbook",
    "keyfolio.dossier",
    "keyfolio.meetings",
    "keyfolio.notifications",
    "keyfolio.feeds",
    "keyfolio.webhooks",
    "keyfolio.sso",
    "keyfolio.demo",
    "keyfolio.api",
    "keyfolio.operations",
    "django_tasks",
    "django_tasks_db",
]

# Redis, when several machines serve Keyfolio (docs/deployment.md): the cache that the
# rate limits count in (CACHE_URL, else REDIS_URL) and, with TASKS_BACKEND=rq, the queue of
# background tasks. Without it each process counts for itself and tasks wait in the database.
REDIS_URL = env("REDIS_URL")
CACHE_URL = env("CACHE_URL", REDIS_URL)
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "rq"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'database' or 'rq', not {TASKS_BACKEND!r}.")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).")

# Background work through the Django tasks API: the database backend needs no broker;
# `keyfolio worker` runs the queue (make run starts it beside the web server). With
# TASKS_BACKEND=rq the tasks go to Redis and `keyfolio worker` runs an RQ worker instead.
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": envint("RQ_JOB_TIMEOUT", "3600")}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "keyfolio",
        }
    }

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed (static files already are, by WhiteNoise). Django pads the
    # compressed body with random bytes against BREACH-style guessing of secrets.
    "django.middleware.gzip.GZipMiddleware",
    # Before anything that queries the database (sessions, authentication).
    "keyfolio.core.timeouts.RequestBudgetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "keyfolio.users.middleware.UserLanguageMiddleware",
    # Who is acting, for the audit trail of whatever the request changes.
    "keyfolio.users.middleware.AuditContextMiddleware",
    # Keeps "last active" of each person's session list (keyfolio/logins/sessions.py).
    "keyfolio.logins.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it inspects the response of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "keyfolio.urls"
WSGI_APPLICATION = "keyfolio.wsgi.application"

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
                "django.template.context_processors.i18n",
                "keyfolio.workspaces.context_processors.workspace",
            ],
        },
    }
]


# How long the database may work for one web request before it is stopped (see
# keyfolio/core/timeouts.py): a statement timeout on PostgreSQL, an interrupt on SQLite.
# `keyfolio serve` also gives gunicorn this timeout. Commands and the worker have none.
REQUEST_TIMEOUT_SECONDS = envint("REQUEST_TIMEOUT_SECONDS", "30")
# The processes serving the web application: keyfolio/wsgi.py sets this before the
# settings are read, so that their database connections get the statement timeout.
WEB_PROCESS = envbool("KEYFOLIO_WEB")
# `keyfolio serve`: gunicorn worker processes, each with this many threads (see
# docs/deployment.md). Twice the cores and one, as gunicorn advises, at most 12.
SERVE_WORKERS = envint("SERVE_WORKERS", str(min(2 * (os.cpu_count() or 1) + 1, 12)))
SERVE_THREADS = envint("SERVE_THREADS", "4")


def _pgbouncer_mode() -> str:
    """DB_PGBOUNCER: "transaction" when PgBouncer pools in transaction mode between
    Keyfolio and PostgreSQL; "session" (or empty) needs nothing of Keyfolio."""
    mode = env("DB_PGBOUNCER").strip().lower()
    if mode not in {"", "session", "transaction"}:
        raise ImproperlyConfigured(f"DB_PGBOUNCER must be session or transaction, not {mode!r}.")
    return mode


def _database_from_env(
    *, web: bool = WEB_PROCESS, variable: str = "DATABASE_URL"
) -> dict[str, Any]:
    url = env(variable)
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'keyfolio.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))
    )
    postgresql = config["ENGINE"] == "django.db.backends.postgresql"
    if web and env("DB_POOL") and postgresql:
        # Each web process keeps a pool of connections (psycopg_pool) that its threads
        # share, instead of one persistent connection per thread; Django refuses both at
        # once. Not the worker: RQ forks a process per task, which must not inherit the
        # pool's connections (nor commands, which need one connection).
        low, high = (int(size) for size in env("DB_POOL").split(","))
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = {"min_size": low, "max_size": high}
    behind_pgbouncer = postgresql and _pgbouncer_mode() == "transaction"
    if envbool("DB_DISABLE_SERVER_SIDE_CURSORS") or behind_pgbouncer:
        # A pooler in transaction mode (PgBouncer) may hand each statement to another
        # server connection, where the named cursor of a streamed export does not exist.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    if behind_pgbouncer:
        # Nor would a prepared statement be there. Django's psycopg backend prepares none
        # by default (client-side binding); this keeps a URL's query from turning it on.
        config.setdefault("OPTIONS", {})["prepare_threshold"] = None
    if web and postgresql and not behind_pgbouncer:
        # The server cancels any statement of the web application that runs longer than
        # a request may take (SQLSTATE 57014); keyfolio/core/timeouts.py answers it.
        # Not through PgBouncer in transaction mode: it refuses the `options` startup
        # parameter (before 1.20), and a session's setting would not follow the client
        # from one server connection to the next. There the pooler's database entry sets
        # it (connect_query), as docs/deployment.md shows.
        options = config.setdefault("OPTIONS", {})
        timeout = f"-c statement_timeout={REQUEST_TIMEOUT_SECONDS * 1000}"
        options["options"] = " ".join(filter(None, [options.get("options"), timeout]))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN, so that a writer waits before its transaction rather than fails
        # with "database is locked" halfway through it. Keyfolio's backend queues the
        # writers fairly for that lock (keyfolio/core/sqlite), the timeout bounding a wait.
        config["ENGINE"] = "keyfolio.core.sqlite"
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": _database_from_env()}
# A read-only copy of the database (PostgreSQL streaming replication): the web requests'
# reads go there, except those of a request that wrote and of the same browser's next
# few seconds (keyfolio/core/routers.py). Writes, migrations and the worker: the primary.
DATABASE_REPLICA_PIN_SECONDS = envint("DATABASE_REPLICA_PIN_SECONDS", "10")
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database_from_env(variable="DATABASE_REPLICA_URL")
    # The tests read the replica through the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["keyfolio.core.routers.PrimaryReplicaRouter"]
    # Before anything that reads (sessions, authentication), after the request budget.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("keyfolio.core.timeouts.RequestBudgetMiddleware") + 1,
        "keyfolio.core.routers.ReplicaMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Every way of choosing a password goes through these: the web forms (Django's own
# forms use them) and `keyfolio createuser` / `keyfolio init --password`
# (keyfolio/core/commands.py).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "workspaces:home"
LOGOUT_REDIRECT_URL = "users:login"

# Single sign-on through an OpenID Connect provider (Keycloak, Entra ID, Google
# Workspace...): keyfolio/sso, docs/deployment.md "Single sign-on". It is on when
# OIDC_CLIENT_ID is set. The provider's endpoints come from its discovery document at
# OIDC_ISSUER, unless they are given one by one. mozilla-django-oidc reads the OIDC_RP_*
# and OIDC_OP_* names.
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_ISSUER = env("OIDC_ISSUER").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_SECONDS", "10")
# The button reads "Sign in with <OIDC_PROVIDER_NAME>".
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME")
# "example.com=acme:manager,example.org=acme:viewer": a person whose e-mail is at that
# domain joins that workspace with that role on signing in (keyfolio/sso/config.py).
OIDC_AUTO_JOIN = env("OIDC_AUTO_JOIN")
# Whether a person unknown to Keyfolio, at an auto-join domain, is created on signing in.
OIDC_CREATE_USER = envbool("OIDC_CREATE_USERS", "True")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("keyfolio.sso.backends.OIDCBackend")

# Failed log-ins (and wrong old passwords on the password form) lock out one e-mail from
# one address after AXES_FAILURE_LIMIT, and one address whatever the e-mails after
# AXES_IP_FAILURE_LIMIT; each lock lifts after AXES_COOLOFF_HOURS without failures.
# django-axes has one limit for all its lock-out parameters, so the second lock is ours:
# see keyfolio/users/lockout.py.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "10")
AXES_IP_FAILURE_LIMIT = envint("AXES_IP_FAILURE_LIMIT", "50")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", "1")  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "keyfolio.users.lockout.LockoutHandler"
# Behind a reverse proxy every request comes from the proxy's address; the proxy names the
# visitor's in a header (e.g. CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR), and the lock-outs count
# by that address. Set it only when the proxy always sets that header.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER")
AXES_CLIENT_IP_CALLABLE = "keyfolio.users.lockout.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLED = envbool("AXES_ENABLED", "True")
# A locked-out person sees a translated page that says for how long; e-mails are
# counted whatever their case, as logins are.
AXES_LOCKOUT_CALLABLE = "keyfolio.users.views.locked_out"
AXES_USERNAME_CALLABLE = "keyfolio.users.forms.login_username"

# Two-factor log-in (keyfolio/logins): the name an authenticator app shows beside the
# person's e-mail. The log-in's second step counts wrong codes towards the lock-outs above.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Keyfolio")
# Sessions opened through these backends satisfy a workspace's two-factor rule without
# Keyfolio's own code: single sign-on leaves multi-factor to the provider.
TWO_FACTOR_TRUSTED_BACKENDS = ["keyfolio.sso.backends.OIDCBackend"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["keyfolio.formats"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the file backend (which `make run` uses) writes each e-mail as a file.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
# Read by the SMTP backend (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Keyfolio <keyfolio@localhost>")

# Imports of scores and revenue (web and CLI alike): a file beyond one of these is
# refused with a message that names the limit, before it is read further.
IMPORT_MAX_FILE_MB = envint("IMPORT_MAX_FILE_MB", "20")  # The CSV or XLSX file itself.
IMPORT_MAX_XLSX_MB = envint("IMPORT_MAX_XLSX_MB", "100")  # An XLSX workbook unpacked.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "100000")  # Rows besides the header.
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", "200")
# An import saves its checked rows this many at a time, each chunk in a transaction of its
# own, so that other writers wait for one chunk (a fraction of a second), not the file.
IMPORT_CHUNK_ROWS = envint("IMPORT_CHUNK_ROWS", "1000")

# How long the audit trail keeps an event: the worker removes older ones each night.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", "730")

# The public survey page: how many answers one link, and one address, may post per hour
# (keyfolio/surveys/public.py). A link answers once; these stop floods and guessing.
SURVEY_POSTS_PER_TOKEN_HOUR = envint("SURVEY_POSTS_PER_TOKEN_HOUR", "10")
SURVEY_POSTS_PER_IP_HOUR = envint("SURVEY_POSTS_PER_IP_HOUR", "100")
# The calendar feed (keyfolio.feeds): how often one feed link may be fetched in an hour
# (calendar services poll every few hours; more is a leaked link being hammered), and
# how many days back it still lists what is overdue.
FEED_GETS_PER_TOKEN_HOUR = envint("FEED_GETS_PER_TOKEN_HOUR", "60")
FEED_OVERDUE_DAYS = envint("FEED_OVERDUE_DAYS", "30")
# The REST API (keyfolio/api/auth.py): how many requests one token may make a minute, and
# how many bad tokens one address may send within the window before it is locked out
# (429) until the window ends, as failed log-ins are.
API_REQUESTS_PER_MINUTE = envint("API_REQUESTS_PER_MINUTE", "600")
API_BAD_TOKENS_PER_ADDRESS = envint("API_BAD_TOKENS_PER_ADDRESS", "20")
API_BAD_TOKEN_WINDOW_SECONDS = envint("API_BAD_TOKEN_WINDOW_SECONDS", "3600")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS, all off by default so that `make run` works over plain HTTP; docs/deployment.md
# has the production values. Behind a TLS proxy, Django sees plain HTTP: the proxy says
# "this was HTTPS" in a header (SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO for
# X-Forwarded-Proto: https), which it must always set or strip.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT")
# A load balancer checks health over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = (
    (env("SECURE_PROXY_SSL_HEADER"), "https") if env("SECURE_PROXY_SSL_HEADER") else None
)

# Every script and style is a file we serve; nothing inline runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes (bar widths, colour swatches) are harmless; scripts are not.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # WeasyPrint warns about every screen-only rule of keyfolio.css that a PDF skips.
    "loggers": {"weasyprint": {"level": "ERROR"}},
}
