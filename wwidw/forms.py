from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext_lazy as _

from wwidw.mail import queue_email


class LoginForm(AuthenticationForm):
    """Django's login form, with a message that fits login by e-mail address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again; "
            "the password is case-sensitive."
        ),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, sending its e-mail through the task queue."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        queue_email(message)


# Django 6.1's label for an empty choice has no Dutch translation in Django's own catalogue yet;
# naming it here puts it in ours, which Django consults first.
BLANK_CHOICE_LABEL = _("- Select an option -")
