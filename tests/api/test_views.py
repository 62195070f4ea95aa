"""API keys on the organisation page: its managers create (the token shown once), see and
revoke them; members who are not managers get 403, other organisations 404."""

import hashlib
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from api import services
from api.models import ApiKey

TOKEN = re.compile(r"wwidw_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}")


def _list_url(organisation) -> str:
    return reverse("api_keys:list", kwargs={"slug": organisation.slug})


def test_the_organisation_page_links_the_keys_for_managers_only(
    client, partner_a, manager_a, member_a
):
    client.force_login(manager_a)
    assertContains(client.get(partner_a.get_absolute_url()), _list_url(partner_a))
    client.force_login(member_a)
    assertNotContains(client.get(partner_a.get_absolute_url()), _list_url(partner_a))


def test_a_manager_creates_a_key_and_sees_its_token_once(client, partner_a, manager_a):
    client.force_login(manager_a)
    response = client.post(_list_url(partner_a), {"name": "Intranet"})
    assert response.status_code == 200
    assertContains(response, "Kopieer de sleutel nu")
    [token] = TOKEN.findall(response.content.decode())
    key = ApiKey.objects.get()
    assert (key.name, key.organisation, key.created_by) == ("Intranet", partner_a, manager_a)
    assert key.hashed_token == hashlib.sha256(token.encode()).hexdigest()
    assert "no-store" in response["Cache-Control"]
    # Shown once: the list afterwards holds the prefix, never the token.
    again = client.get(_list_url(partner_a))
    assertContains(again, f"wwidw_{key.prefix}_…")
    assert TOKEN.findall(again.content.decode()) == []
    # And it reads the API.
    client.logout()
    assert (
        client.get("/api/v1/descriptions", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    )


def test_a_key_without_a_name_is_refused_with_the_form_kept(client, partner_a, manager_a):
    client.force_login(manager_a)
    response = client.post(_list_url(partner_a), {"name": ""})
    assert response.status_code == 400
    assertContains(response, "Dit veld is verplicht", status_code=400)
    assert not ApiKey.objects.exists()


def test_the_list_shows_name_prefix_created_last_used_and_status(
    client, api, partner_a, manager_a, key_a
):
    api("/api/v1/descriptions", key_a)
    key = ApiKey.objects.get()
    services.create_api_key(organisation=partner_a, name="Website", by=manager_a)
    client.force_login(manager_a)
    response = client.get(_list_url(partner_a))
    assertContains(response, "Intranet")
    assertContains(response, "Website")
    assertContains(response, key.shown_prefix)
    assertContains(response, "Actief", count=2)
    assertContains(response, "nooit")


def test_a_manager_revokes_a_key(client, api, partner_a, manager_a, key_a):
    key = ApiKey.objects.get()
    client.force_login(manager_a)
    url = reverse("api_keys:revoke", kwargs={"slug": partner_a.slug, "pk": key.pk})
    response = client.post(url)
    assertRedirects(response, _list_url(partner_a))
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == manager_a
    assertContains(client.get(_list_url(partner_a)), "Ingetrokken op")
    assert api("/api/v1/descriptions", key_a).status_code == 401


def test_a_revoke_is_a_post(client, partner_a, manager_a, key_a):
    key = ApiKey.objects.get()
    client.force_login(manager_a)
    url = reverse("api_keys:revoke", kwargs={"slug": partner_a.slug, "pk": key.pk})
    assert client.get(url).status_code == 405
    key.refresh_from_db()
    assert key.revoked_at is None


def test_anonymous_is_sent_to_login(client, partner_a):
    url = _list_url(partner_a)
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_a_member_who_is_not_a_manager_gets_403(client, partner_a, member_a, key_a):
    key = ApiKey.objects.get()
    client.force_login(member_a)
    assert client.get(_list_url(partner_a)).status_code == 403
    assert client.post(_list_url(partner_a), {"name": "Stiekem"}).status_code == 403
    url = reverse("api_keys:revoke", kwargs={"slug": partner_a.slug, "pk": key.pk})
    assert client.post(url).status_code == 403
    assert ApiKey.objects.count() == 1
    key.refresh_from_db()
    assert key.revoked_at is None


def test_another_partners_manager_gets_404(client, partner_a, partner_b, manager_b, key_a):
    key = ApiKey.objects.get()
    client.force_login(manager_b)
    assert client.get(_list_url(partner_a)).status_code == 404
    url = reverse("api_keys:revoke", kwargs={"slug": partner_a.slug, "pk": key.pk})
    assert client.post(url).status_code == 404
    # Nor through their own organisation's address.
    url = reverse("api_keys:revoke", kwargs={"slug": partner_b.slug, "pk": key.pk})
    assert client.post(url).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


@pytest.mark.parametrize("count", [1, 10])
def test_the_list_takes_the_same_queries_for_1_and_10_keys(
    client, partner_a, manager_a, django_assert_num_queries, count
):
    for number in range(count):
        services.create_api_key(organisation=partner_a, name=f"Sleutel {number}", by=manager_a)
    client.force_login(manager_a)
    client.get(_list_url(partner_a))
    with django_assert_num_queries(5):
        response = client.get(_list_url(partner_a))
    assertContains(response, "Sleutel 0")
