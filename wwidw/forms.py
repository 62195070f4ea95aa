from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form, with a message that fits login by e-mail address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again; "
            "the password is case-sensitive."
        ),
    }


# Django 6.1's label for an empty choice has no Dutch translation in Django's own catalogue yet;
# naming it here puts it in ours, which Django consults first.
BLANK_CHOICE_LABEL = _("- Select an option -")
