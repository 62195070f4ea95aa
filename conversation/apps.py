from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "conversation"
    verbose_name = _("Questions and follows")
    default_auto_field = "django.db.models.BigAutoField"
