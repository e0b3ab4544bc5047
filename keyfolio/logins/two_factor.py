"""Two-factor log-in: a code from an authenticator app (TOTP), or one of ten single-use
recovery codes for the day the phone is lost.

django-otp keeps both: a confirmed TOTPDevice means two-factor is on; a StaticDevice holds
the recovery codes, each deleted as it is used. django-otp also slows down guessing on
each device (each wrong code doubles the wait before the next is checked); the log-in's
second step counts wrong codes towards django-axes' lock-out too (keyfolio/logins/views.py).
"""

import re
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime

import qrcode
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key
from qrcode.image.svg import SvgPathImage

RECOVERY_CODES = 10
# The secret of an authenticator being set up waits in the session until a code from the
# app confirms it, so that an abandoned set-up leaves nothing behind.
ENROL_KEY = "_logins_enrol_key"
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_has_two_factor(request) -> bool:
    """True if the request's person logs in with two-factor, or their session was opened
    through a backend whose provider does it (TWO_FACTOR_TRUSTED_BACKENDS: single sign-on)."""
    backend = request.session.get(BACKEND_SESSION_KEY)
    return backend in settings.TWO_FACTOR_TRUSTED_BACKENDS or has_two_factor(request.user)


def uses_two_factor(user_ref: str = "user") -> Exists:
    """Whether the person of `user_ref` (a field of the rows annotated) has two-factor on,
    as a subquery: a list of people tells it in its own one query."""
    return Exists(TOTPDevice.objects.filter(user=OuterRef(user_ref), confirmed=True))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret as a QR code and as text to type in."""

    secret: str  # base32, in groups of four
    uri: str  # otpauth://totp/...
    qr_svg: SafeString


def enrolment_for(user, session: SessionBase) -> Enrolment:
    """The authenticator to set up for `user`, the same one until it is confirmed."""
    key = session.get(ENROL_KEY)
    if not key:
        key = session[ENROL_KEY] = default_key()
    uri = TOTPDevice(user=user, key=key).config_url
    secret = b32encode(unhexlify(key)).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return Enrolment(secret=grouped, uri=uri, qr_svg=qr_svg(uri))


def qr_svg(text: str) -> SafeString:
    """`text` as a QR code, an inline SVG (no image request, no script: CSP-safe)."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # Our own markup, made from a URI we built: safe to put in the page as it is. Screen
    # readers skip it: the key printed beside it says the same.
    return mark_safe(svg.replace("<svg ", '<svg class="kf-qr" aria-hidden="true" ', 1))


def two_factor_enable(*, user, session: SessionBase, code: str) -> list[str] | None:
    """Turn two-factor on with the authenticator being set up, if `code` is the one it
    shows now. Returns the new recovery codes (None for a wrong code)."""
    key = session.get(ENROL_KEY)
    if not key:
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    code = normalize_code(code)
    if not re.fullmatch(r"\d{6}", code) or not totp.verify(int(code), tolerance=1):
        return None
    with transaction.atomic():
        two_factor_disable(user=user)
        # The code just used may not log in again (django-otp refuses t <= last_t).
        TOTPDevice.objects.create(
            user=user, key=key, name=AUTHENTICATOR, confirmed=True, last_t=totp.t()
        )
        codes = recovery_codes_replace(user=user)
    del session[ENROL_KEY]
    return codes


def recovery_codes_replace(*, user) -> list[str]:
    """Ten new recovery codes for `user`; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def two_factor_disable(*, user) -> None:
    """Turn two-factor off: the authenticator and the recovery codes are forgotten."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def normalize_code(code: str) -> str:
    """What a person typed, as the devices store it: "123 456" → "123456",
    "ABCD-EFGH" → "abcdefgh"."""
    return re.sub(r"[\s-]", "", code).lower()


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None = None  # the device that accepted the code
    wait_until: datetime | None = None  # too many wrong codes: none is checked till then

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def two_factor_verify(*, user, code: str) -> CodeCheck:
    """Check a code from the authenticator (six digits) or a recovery code; a recovery
    code is used up."""
    code = normalize_code(code)
    model = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
    with transaction.atomic():
        # Locked, so that two requests cannot both use one code or dodge the slow-down.
        devices = model.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            allowed, why = device.verify_is_allowed()
            if not allowed:
                return CodeCheck(wait_until=(why or {}).get("locked_until"))
            if device.verify_token(code):
                return CodeCheck(device=device)
    return CodeCheck()
