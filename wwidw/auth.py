import hashlib
import ipaddress
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

PASSWORD_RESETS_PER_ADDRESS = 3
PASSWORD_RESETS_PER_CLIENT = 10
PASSWORD_RESET_WINDOW = timedelta(hours=1)


def login_throttle_username(request, credentials: dict | None) -> str:
    """The login name that throttling counts failures for: the e-mail address, any case.

    Without this, `Jan@x.nl` and `jan@x.nl` would each get their own allowance of attempts.
    """
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = getattr(request, "POST", {}).get("username", "")
    return str(value or "").strip().lower()


def client_ip(request) -> str:
    """The address of the client: the connection's, unless TRUSTED_PROXY_COUNT proxies stand in
    front, which each add the address they received the request from to X-Forwarded-For.

    Then the right-most address that none of our proxies vouches for is the client's: entries
    further left were written by the client itself and can say anything. Login throttling
    (AXES_CLIENT_IP_CALLABLE) and the password-reset limit count by this address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    forwarded = [entry for entry in forwarded if entry]
    if count < 1 or not forwarded:
        return remote
    # Fewer entries than proxies: every entry was written by one of ours.
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def password_reset_allowed(request, email: str, *, now: float | None = None) -> bool:
    """Count a request for a password-reset link; False once the address has asked more than
    three times in the last hour, or the client more than ten times.

    Counts every address, with an account or not, so the limit reveals nothing either.
    """
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    now = time.time() if now is None else now
    by_address = _count_recent(f"password-reset:address:{address}", now)
    by_client = _count_recent(f"password-reset:client:{client_ip(request)}", now)
    return by_address <= PASSWORD_RESETS_PER_ADDRESS and by_client <= PASSWORD_RESETS_PER_CLIENT


def _count_recent(key: str, now: float) -> int:
    """Add `now` to the moments kept under `key` in the cache; count those within the window.

    Keeps no more moments than the larger limit allows, so the entry stays small.
    """
    window = PASSWORD_RESET_WINDOW.total_seconds()
    moments = [moment for moment in cache.get(key, []) if moment > now - window]
    moments = [*moments, now][-(PASSWORD_RESETS_PER_CLIENT + 1) :]
    cache.set(key, moments, timeout=window)
    return len(moments)


class SiteBackend(ModelBackend):
    """Django's model backend. Loading the signed-in account of a request, it reads in the same
    statement the data version and the account's memberships that the cached pages are keyed
    by (wwidw/pagecache.py): such a page then runs one statement less."""

    def get_user(self, user_id):
        from wwidw import pagecache

        user = pagecache.load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
