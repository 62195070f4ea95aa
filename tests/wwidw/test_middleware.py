"""Responses for a signed-in person are private: no browser cache or proxy keeps them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from wwidw.middleware import PrivateResponseMiddleware


def assert_private(response) -> None:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "Cookie" in response["Vary"]


def test_page_for_a_member_is_not_stored(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_private(response)


def test_pdf_of_a_description_is_not_stored(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(reverse("interventions:pdf", args=[shared_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert_private(response)


def test_xlsx_export_is_not_stored(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(reverse("interventions:export_xlsx"))
    assert response.status_code == 200
    assert response.content.startswith(b"PK")  # a zip file, as xlsx is
    assert_private(response)


def test_csv_export_is_not_stored(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(reverse("interventions:export_csv"))
    assert response.status_code == 200
    assert_private(response)


def test_response_for_a_visitor_is_left_alone(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = PrivateResponseMiddleware(lambda request: HttpResponse("public"))(request)
    assert not response.has_header("Cache-Control")


def test_cache_control_chosen_by_a_view_is_kept(rf: RequestFactory, member_a):
    def view(request):
        response = HttpResponse("public")
        response["Cache-Control"] = "max-age=60"
        return response

    request = rf.get("/")
    request.user = member_a
    response = PrivateResponseMiddleware(view)(request)
    assert response["Cache-Control"] == "max-age=60"


@pytest.mark.parametrize("url_name", ["admin:index", "admin:wwidw_organisation_changelist"])
def test_admin_pages_are_not_stored(client, programme_staff, url_name):
    client.force_login(programme_staff)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
