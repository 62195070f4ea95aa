"""The tokens of invitation and password reset links never reach a log line
(wwidw/log_privacy.py): not Django's, not gunicorn's access log."""

import datetime
import io
import logging
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config

from tests.factories import InvitationFactory
from wwidw.log_privacy import GunicornLogger, SecretPathFilter, mask

INVITATION = "/account/organisaties/de-maasoever/uitnodiging/Zq3-secret_token/"
RESET = "/account/wachtwoord-herstellen/MTI/cb7a2v-4f1e2d3c4b5a69788796a5b4c3d2e1f0/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (INVITATION, "/account/organisaties/de-maasoever/uitnodiging/…/"),
        (
            f"GET {INVITATION}?x=1 HTTP/1.1",
            "GET /account/organisaties/de-maasoever/uitnodiging/…/?x=1 HTTP/1.1",
        ),
        (
            f"https://wwidw.example{RESET}",
            "https://wwidw.example/account/wachtwoord-herstellen/…/…/",
        ),
        ("/account/wachtwoord-herstellen/klaar/", "/account/wachtwoord-herstellen/klaar/"),
        ("/kennisbank/12/", "/kennisbank/12/"),
    ],
)
def test_mask_hides_the_secret_parts_of_a_url(text, expected):
    assert mask(text) == expected


def _console_handler() -> logging.Handler:
    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(item, SecretPathFilter) for item in handler.filters)
    ]
    return handler


def test_a_refused_invitation_link_is_logged_without_its_token(client, db, monkeypatch):
    invitation = InvitationFactory()
    url = reverse(
        "invitation_accept",
        kwargs={"slug": invitation.organisation.slug, "token": "wrong-secret-token"},
    )
    handler = _console_handler()
    written = io.StringIO()
    monkeypatch.setattr(handler, "stream", written)

    assert client.get(url).status_code == 404

    assert "Not Found: " in written.getvalue()
    assert "/uitnodiging/…/" in written.getvalue()
    assert "wrong-secret-token" not in written.getvalue()


def test_gunicorns_access_line_hides_the_token_in_the_path_and_the_referer():
    logger = GunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": INVITATION,
        "PATH_INFO": INVITATION,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://wwidw.example{RESET}",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", f"https://wwidw.example{INVITATION}")])

    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))

    line = " ".join(str(value) for value in atoms.values())
    assert "secret_token" not in line and "cb7a2v" not in line
    assert atoms["r"] == "GET /account/organisaties/de-maasoever/uitnodiging/…/ HTTP/1.1"
    assert atoms["s"] == "200"
