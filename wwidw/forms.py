from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxLengthValidator
from django.template import loader
from django.utils.translation import gettext_lazy as _

from wwidw import two_factor
from wwidw.mail import queue_email
from wwidw.models import Invitation, User


class LoginForm(AuthenticationForm):
    """Django's login form, with a message that fits login by e-mail address."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match. Check both and try again; "
            "the password is case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the address's maximum length after the field is made, so no validator
        # holds it: an overlong address would be tried, and the login throttle's record of the
        # attempt (a column of 255) would fail.
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


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


def date_input() -> forms.DateInput:
    """The browser's date picker, which reads and writes dates as 2025-03-31."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# Django 6.1's label for an empty choice has no Dutch translation in Django's own catalogue yet;
# naming it here puts it in ours, which Django consults first.
BLANK_CHOICE_LABEL = _("- Select an option -")


class TwoFactorCodeForm(forms.Form):
    """The second login step: a code from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class TwoFactorSetupForm(forms.Form):
    """Links an authenticator app: its first code proves the key arrived."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.time_step = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.time_step = two_factor.matching_time_step(self.key, code)
        if self.time_step is None:
            raise forms.ValidationError(
                _(
                    "This code does not match. Check that the clock of your phone is right and "
                    "enter the code the app shows now."
                )
            )
        return code


class TwoFactorDisableForm(forms.Form):
    """Turning two-step verification off asks for the password again."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate(), so failed attempts count towards the login throttle.
        if authenticate(self.request, username=user.email, password=password) != user:
            raise forms.ValidationError(_("This password is not right. Try again."))
        return password


class InvitationForm(forms.ModelForm):
    """A manager invites a colleague; the organisation is the page's (`instance`)."""

    class Meta:
        model = Invitation
        fields = ["email", "role"]
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "email": _("The colleague's work address. The invitation link is sent there."),
            "role": _("A manager also invites colleagues and ends memberships."),
        }


class NewAccountForm(SetPasswordMixin, forms.ModelForm):
    """The invited person's name and password, for a new account of the invited address
    (`instance`, with its e-mail address set). Django's password rules apply."""

    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Choose a password"), label2=_("Password again")
    )

    class Meta:
        model = User
        fields = ["full_name"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean(self):
        self.validate_passwords()
        return super().clean()

    def _post_clean(self):
        super()._post_clean()
        # Checked against the name and address, as Django's own forms do.
        self.validate_password_for_user(self.instance, password_field_name="password1")

    def save(self, commit=True):
        return self.set_password_and_save(self.instance, commit=commit)
