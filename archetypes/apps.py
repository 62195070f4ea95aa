from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchetypesConfig(AppConfig):
    name = "archetypes"
    verbose_name = _("Archetypes")
    default_auto_field = "django.db.models.BigAutoField"
