"""Who reads through the API: the key in `Authorization: Bearer <key>`, acting as a read-only
member of its organisation, within the rate limit of its key."""

import math

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from api import services
from api.models import ApiKey


class KeyReader:
    """The reader a key stands for, in the shape wwidw/permissions.py reads a user: signed in,
    a member of the key's organisation only, manager of none, never programme staff. Pass it
    wherever the site's QuerySets take the user (`visible_to(reader)`), so the API sees exactly
    what a member of the organisation sees on the site."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, key: ApiKey):
        self.key = key
        self.organisation_id = key.organisation_id
        # What permissions.organisation_ids() and managed_organisation_ids() would look up.
        self._wwidw_organisation_ids = frozenset({key.organisation_id})
        self._wwidw_managed_organisation_ids = frozenset()

    def __str__(self) -> str:
        return str(self.key)

    def get_username(self) -> str:
        # What Django's logging and middleware may ask of `request.user`.
        return str(self.key)


class RateLimited(Exception):  # noqa: N818 (named for the answer, 429)
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(retry_after)


class KeyAuth(HttpBearer):
    """A missing, unknown or revoked key is refused alike (api/endpoints.py: 401)."""

    def authenticate(self, request: HttpRequest, token: str) -> KeyReader | None:
        key = ApiKey.objects.matching(token.strip())
        if key is None:
            return None
        now = timezone.now()
        count = services.count_request(key=key, now=now)
        if count > settings.API_RATE_LIMIT:
            rest_of_minute = 60 - now.second - now.microsecond / 1_000_000
            raise RateLimited(retry_after=max(1, math.ceil(rest_of_minute)))
        services.note_key_use(key=key, now=now)
        reader = KeyReader(key)
        # What reads `request.user` (the knowledge base's FilterSet) reads as the key's reader.
        request.user = reader
        return reader
