from django.conf import settings
from django.core.checks import Warning


def staff_two_factor_check(app_configs, **kwargs) -> list[Warning]:
    """`check --deploy` warns when staff may open the administration without two-step
    verification on a site that is not a local development site."""
    if settings.WWIDW_REQUIRE_STAFF_MFA or settings.DEBUG:
        return []
    return [
        Warning(
            "WWIDW_REQUIRE_STAFF_MFA is off: staff and superusers open the administration "
            "with a password alone.",
            hint="Remove WWIDW_REQUIRE_STAFF_MFA from the environment (it is on by default); "
            "turn it off only for the local demo.",
            id="wwidw.W001",
        )
    ]
