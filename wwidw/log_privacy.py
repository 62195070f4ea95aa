"""Secrets in URLs kept out of the logs.

An invitation link (`…/uitnodiging/<token>/`) lets whoever opens it make an account in the
organisation, and a password reset link (`…/wachtwoord-herstellen/<uid>/<token>/`) lets them set
the password. Such a URL ends up in a log line as the path of a request (gunicorn's access log,
Django's "Not Found" and "Forbidden" lines), or as the Referer of the request after it. Both
logs go through `mask()`: the console handler of Django's logging has `SecretPathFilter`
(settings.LOGGING), and gunicorn writes its access log with `GunicornLogger`
(gunicorn.conf.py). The path stays readable; only the secret parts become "…".
"""

import logging
import re

from gunicorn.glogging import Logger

SECRET_PATHS = re.compile(
    r"(?P<start>/uitnodiging/)[^/\s?#\"']+"
    r"|(?P<reset>/wachtwoord-herstellen/)(?!klaar/)[^/\s?#\"']+/[^/\s?#\"']+"
)
HIDDEN = "…"


def _hide(match: re.Match) -> str:
    if match["start"]:
        return f"{match['start']}{HIDDEN}"
    return f"{match['reset']}{HIDDEN}/{HIDDEN}"


def mask(text: str) -> str:
    """`text` with the secret parts of the URLs in it hidden."""
    return SECRET_PATHS.sub(_hide, text)


def _masked(value):
    return mask(value) if isinstance(value, str) else value


class SecretPathFilter(logging.Filter):
    """Hides the secrets of URLs in a record's message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_masked(value) for value in record.args)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with the secrets of URLs hidden in every part of an access line (the
    request line, the path, the query string, the Referer)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: _masked(value) for key, value in atoms.items()}
