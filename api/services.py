"""Writing API keys and their bookkeeping: creating, revoking, and counting requests."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from api.models import ApiKey, RequestCount, new_token, token_hash
from wwidw import permissions
from wwidw.models import Organisation, User

# last_used_at is written at most this often per key, to spare a write per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)

COUNT_SQL = """
    INSERT INTO api_requestcount (key_id, minute, count) VALUES (%s, %s, 1)
    ON CONFLICT (key_id, minute) DO UPDATE SET count = api_requestcount.count + 1
    RETURNING count
"""


@transaction.atomic
def create_api_key(*, organisation: Organisation, name: str, by: User) -> tuple[ApiKey, str]:
    """A new key of `organisation`, made by one of its managers; returns the key and its token,
    which is never stored and so can be shown only now."""
    if not permissions.can_manage_organisation(by, organisation):
        raise PermissionDenied
    prefix, token = new_token()
    key = ApiKey(organisation=organisation, name=name, created_by=by, prefix=prefix)
    key.hashed_token = token_hash(token)
    key.full_clean()
    key.save()
    return key, token


@transaction.atomic
def revoke_api_key(*, key: ApiKey, by: User) -> ApiKey:
    """Stop the key for good: by a manager of its organisation or programme staff."""
    if not (
        permissions.can_manage_organisation(by, key.organisation)
        or permissions.is_programme_staff(by)
    ):
        raise PermissionDenied
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = by
        key.save(update_fields=["revoked_at", "revoked_by"])
    return key


def count_request(*, key: ApiKey, now: datetime.datetime) -> int:
    """Count one request of `key` in the minute of `now` and return that minute's count.

    One atomic UPSERT (INSERT … ON CONFLICT DO UPDATE), which the ORM cannot say, so two web
    processes never lose a count. The first request of a minute clears the key's older minutes.
    """
    minute = now.replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SQL, [key.pk, minute])
        count = cursor.fetchone()[0]
    if count == 1:
        RequestCount.objects.filter(key=key, minute__lt=minute).delete()
    return count


def note_key_use(*, key: ApiKey, now: datetime.datetime) -> None:
    """Keep when the key was last used, at most once a minute."""
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_PRECISION:
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now
