import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyfolio.settings")
# This process serves the web application: its database connections get the request
# timeout (REQUEST_TIMEOUT_SECONDS, see keyfolio/core/timeouts.py). Set before the settings
# are read, which get_wsgi_application does.
os.environ.setdefault("KEYFOLIO_WEB", "1")
application = get_wsgi_application()

# A server started by hand (gunicorn keyfolio.wsgi) runs no management command and so no
# system checks: it refuses the development key here, as `keyfolio serve` does.
from keyfolio.core.checks import development_key_check  # noqa: E402

for error in development_key_check():
    raise ImproperlyConfigured(f"{error.msg} {error.hint}")
