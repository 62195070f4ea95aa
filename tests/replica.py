"""A second web replica for tests/test_scale_out.py: `python -m tests.replica`, a process of its
own with the site's settings, against the database that DATABASE_URL names (the test's).

It reads one JSON request a line from stdin, answers it through Django's test client as the
site would, and writes the answer as one line `REPLY <json>` to stdout. It holds nothing between
requests: the cookies come with each request, as a browser behind a proxy sends them to
whichever replica it reaches. The test's own process answers the same requests with the same
function (`answer`), so both replicas speak alike.
"""

import json
import os
import re
import sys
import traceback

PREFIX = "REPLY "
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def answer(message: dict) -> dict:
    """What the site answers to `message`: {"method", "path", "data", "cookies", "find": texts
    whose presence on the page is returned as "found"}; or the value
    the cache holds under a key, for {"cache_get": key}."""
    from django.core.cache import cache
    from django.test import Client

    if "cache_get" in message:
        return {"value": cache.get(message["cache_get"])}
    client = Client(enforce_csrf_checks=True)
    client.cookies.load(message.get("cookies", {}))
    send = client.post if message["method"] == "POST" else client.get
    response = send(message["path"], message.get("data") or {}, **message.get("headers", {}))
    user = response.wsgi_request.user
    token = CSRF_FIELD.search(response.content.decode(errors="replace"))
    return {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "set_cookies": {name: morsel.value for name, morsel in response.cookies.items()},
        "user": user.get_username() if user.is_authenticated else "",
        "csrf_token": token[1] if token else "",
        "pid": os.getpid(),
        "found": [
            text in response.content.decode(errors="replace") for text in message.get("find", [])
        ],
    }


def main() -> None:
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import override_settings, setup_test_environment

    # As the test runner prepares the test's process: the test server's host name, and the
    # settings the test changed (a faster password hasher).
    setup_test_environment()
    override_settings(**json.loads(os.environ.get("REPLICA_SETTINGS", "{}"))).enable()
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line))
        except Exception:  # the test shows it: a replica that fails must not hang the test
            reply = {"error": traceback.format_exc()}
        finally:
            # No idle connection left to hold up the test's flush or the database's drop.
            connections.close_all()
        sys.stdout.write(PREFIX + json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
