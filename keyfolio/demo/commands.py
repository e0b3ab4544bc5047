"""What `keyfolio demo` and `keyfolio init` print once the demo is loaded."""

from django.conf import settings
from django.utils.translation import gettext as _

from keyfolio.demo.services import DEMO_EMAIL, DEMO_PASSWORD


def demo_login_lines() -> list[str]:
    return [
        _("Keyfolio:    %(url)s") % {"url": settings.SITE_URL},
        _("Demo login:  %(email)s / %(password)s")
        % {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
    ]
