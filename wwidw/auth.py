def login_throttle_username(request, credentials: dict | None) -> str:
    """The login name that throttling counts failures for: the e-mail address, any case.

    Without this, `Jan@x.nl` and `jan@x.nl` would each get their own allowance of attempts.
    """
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = getattr(request, "POST", {}).get("username", "")
    return str(value or "").strip().lower()
