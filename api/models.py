"""API keys of partner organisations and the per-minute counters of their rate limit.

A key is a high-entropy token shown once; only its SHA-256 is stored, with a short public
prefix to find the row. A key reads as a read-only member of its organisation (api/auth.py).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wwidw import permissions
from wwidw.models import Organisation

# "wwidw_" + 8 characters of prefix + "_" + the secret: the prefix finds the row, the whole
# token's hash must match.
TOKEN_START = "wwidw_"
PREFIX_LENGTH = 8
SECRET_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(prefix, token) of a new key: 256 random bits behind a public prefix."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def prefix_of(token: str) -> str:
    """The public prefix of a token as typed, or "" when it has not the shape of one."""
    if not token.startswith(TOKEN_START):
        return ""
    prefix, separator, _secret = token.removeprefix(TOKEN_START).partition("_")
    return prefix if separator and len(prefix) == PREFIX_LENGTH else ""


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> "ApiKeyQuerySet":
        """Keys not revoked, of organisations still in the programme."""
        return self.filter(revoked_at__isnull=True, organisation__is_active=True)

    def managed_by(self, user) -> "ApiKeyQuerySet":
        return self.filter(permissions.managed_q(user))

    def matching(self, token: str) -> "ApiKey | None":
        """The active key whose token this is, or None; compared in constant time."""
        prefix = prefix_of(token)
        if not prefix:
            return None
        key = self.active().select_related("organisation").filter(prefix=prefix).first()
        if key is None or not secrets.compare_digest(key.hashed_token, token_hash(token)):
            return None
        return key


class ApiKey(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="api_keys",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the key is for, e.g. “intranet”.")
    )
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    hashed_token = models.CharField(_("hashed token"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
        editable=False,
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="api_apikey_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(hashed_token__regex=r"^[0-9a-f]{64}$"),
                name="api_apikey_hashed_token_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def shown_prefix(self) -> str:
        return f"{TOKEN_START}{self.prefix}_…"


class RequestCount(models.Model):
    """Requests of one key in one minute, counted by an atomic UPSERT (services.count_request),
    so the limit holds across every web process and replica."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "minute"], name="api_requestcount_key_minute")
        ]

    def __str__(self) -> str:
        return f"{self.key_id} {self.minute:%Y-%m-%d %H:%M}: {self.count}"
