"""Two-step verification: after the password, a code from an authenticator app (TOTP), or one of
ten recovery codes for when the phone is lost. Built on django-otp's devices.

The password step does not log in an account that has an app linked: it leaves a pending login
in the session, which the code step completes. Staff and superusers need the second step before
the administration opens (`wwidw.middleware.StaffTwoFactorMiddleware`); partners choose.
"""

import time
from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY_CODE_COUNT = 10
# How long the code step waits after the password step.
PENDING_LOGIN_SECONDS = 5 * 60
PENDING_LOGIN_SESSION_KEY = "two_factor_pending_login"
SETUP_KEY_SESSION_KEY = "two_factor_setup_key"
NEW_RECOVERY_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def has_device(user) -> bool:
    """Whether the account has an authenticator app linked (recovery codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user) -> bool:
    """Whether the account needs the second step to open the administration."""
    return settings.WWIDW_REQUIRE_STAFF_MFA and (user.is_staff or user.is_superuser)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_key() -> str:
    return random_hex(20)


def unsaved_device(user, key: str) -> TOTPDevice:
    """The device an app is being linked to, not yet saved: it is saved once a code matches."""
    return TOTPDevice(user=user, key=key, name="Authenticator-app")


def manual_key(key: str) -> str:
    """The key in the form authenticator apps ask for when the QR code cannot be scanned."""
    encoded = b32encode(unhexlify(key)).decode("ascii")
    return " ".join(encoded[start : start + 4] for start in range(0, len(encoded), 4))


def qr_code_data_uri(text: str) -> str:
    """A QR code as an SVG image in a data: URI, which the Content Security Policy allows."""
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


def matching_time_step(key: str, code: str) -> int | None:
    """The time step at which `code` is the app's code for `key`, one step either side of now."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def verify_code(user, code: str) -> Device | None:
    """The device that accepts `code`: six digits from the app, or an unused recovery code,
    which is used up. None when neither accepts it."""
    code = "".join(code.split()).replace("-", "").lower()
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        if verify_token(user, device.persistent_id, code):
            return device
    return None


def start_pending_login(request, user, *, next_url: str) -> None:
    """Remember, after the password step, whom the code step is about to log in."""
    request.session[PENDING_LOGIN_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "next": next_url,
        "started_at": int(time.time()),
    }


def pending_login(request) -> tuple | None:
    """(user, backend, next URL) of a password step passed in the last few minutes."""
    pending = request.session.get(PENDING_LOGIN_SESSION_KEY)
    if not pending or time.time() - pending["started_at"] > PENDING_LOGIN_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None:
        return None
    return user, pending["backend"], pending["next"]


def complete_login(request, user, device: Device, *, backend: str | None) -> None:
    """Log the person in (when the password step left a pending login) and mark the session as
    verified with `device`."""
    if backend is not None:
        request.session.pop(PENDING_LOGIN_SESSION_KEY, None)
        login(request, user, backend)
    otp_login(request, device)


def safe_next(request, url: str, default: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else default
