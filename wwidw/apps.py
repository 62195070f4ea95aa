from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from wwidw import numbers, text
from wwidw.checks import staff_two_factor_check


def _sync_roles(sender, **kwargs) -> None:
    from wwidw.services import sync_programme_staff_group

    sync_programme_staff_group(using=kwargs.get("using", "default"))


class WwidwConfig(AppConfig):
    # The app's configuration among the others this module defines or imports.
    default = True
    name = "wwidw"
    verbose_name = _("Partners and accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Runs after every app's permissions exist, so the group always holds the current set.
        post_migrate.connect(_sync_roles, dispatch_uid="wwidw_sync_programme_staff_group")
        checks.register(staff_two_factor_check, checks.Tags.security, deploy=True)
        text.refuse_in_forms()
        numbers.accept_typed_numbers()


class SignInProtectionConfig(AxesAppConfig):
    """django-axes (login throttling) under a Dutch name in the admin. Its own texts have no
    Dutch translation; ours are in wwidw/library_texts.py."""

    default = False
    verbose_name = _("Sign-in protection")
