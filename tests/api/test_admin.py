"""Programme staff see every organisation's keys in the administration, read only, and may
revoke them; nobody adds or edits a key there."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertContains

from api.models import ApiKey
from tests.factories import UserFactory


def test_programme_staff_see_the_keys_but_not_their_secrets(client, programme_staff, key_a):
    client.force_login(programme_staff)
    response = client.get(reverse("admin:api_apikey_changelist"))
    assertContains(response, "Intranet")
    key = ApiKey.objects.get()
    detail = client.get(reverse("admin:api_apikey_change", args=[key.pk]))
    assert detail.status_code == 200
    assert key_a.encode() not in detail.content
    assert key.hashed_token.encode() not in detail.content


def test_programme_staff_neither_add_nor_change_nor_delete_keys(client, programme_staff, key_a):
    key = ApiKey.objects.get()
    client.force_login(programme_staff)
    assert client.get(reverse("admin:api_apikey_add")).status_code == 403
    assert client.get(reverse("admin:api_apikey_delete", args=[key.pk])).status_code == 403
    client.post(reverse("admin:api_apikey_change", args=[key.pk]), {"name": "Anders"})
    key.refresh_from_db()
    assert key.name == "Intranet"


def test_programme_staff_revoke_a_key(client, programme_staff, key_a, api):
    key = ApiKey.objects.get()
    client.force_login(programme_staff)
    response = client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_by == programme_staff
    assert api("/api/v1/descriptions", key_a).status_code == 401


def test_staff_with_only_the_view_permission_cannot_revoke(client, key_a):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_apikey"))
    key = ApiKey.objects.get()
    client.force_login(user)
    response = client.get(reverse("admin:api_apikey_changelist"))
    assert response.status_code == 200
    assert b'value="revoke"' not in response.content
    client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is None


def test_partner_managers_have_no_administration_of_keys(client, manager_a, key_a):
    client.force_login(manager_a)
    response = client.get(reverse("admin:api_apikey_changelist"))
    assert response.status_code == 302


def test_staff_outside_the_programme_office_cannot_revoke_even_with_the_permission(client, key_a):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_apikey", "change_apikey"])
    )
    key = ApiKey.objects.get()
    client.force_login(user)
    response = client.get(reverse("admin:api_apikey_changelist"))
    assert response.status_code == 200
    assert b'value="revoke"' not in response.content
    key.refresh_from_db()
    assert key.revoked_at is None
