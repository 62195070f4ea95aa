"""The human-readable docs page and the schema: served from our own files (no CDN), under the
site's Content Security Policy, with a Dutch introduction."""

import re

from django.contrib.staticfiles import finders
from pytest_django.asserts import assertContains

ADDRESS = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


def test_the_docs_page_explains_the_api_in_dutch(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assertContains(response, "Lees-API")
    assertContains(response, "Authorization: Bearer &lt;sleutel&gt;")
    assertContains(response, "120 verzoeken per minuut")
    assertContains(response, "Retry-After")
    assertContains(response, "updated_since")


def test_the_docs_page_loads_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs")
    addresses = ADDRESS.findall(response.content.decode())
    assert any("swagger-ui-bundle" in address for address in addresses)
    for address in addresses:
        assert address.startswith(("/", "#")) and not address.startswith("//"), address
        if address.startswith("/static/"):
            assert finders.find(address.removeprefix("/static/")), address
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    # Swagger UI would otherwise fetch a badge from validator.swagger.io.
    assert '"validatorUrl": null' in response.content.decode()


def test_the_schema_is_public_and_names_the_bearer_key(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["KeyAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert schema["info"]["description"].startswith("Lees de kennisbank")


def test_the_api_root_leads_to_the_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"
