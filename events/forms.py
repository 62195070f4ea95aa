from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Registration
from wwidw.models import Organisation


class RegistrationForm(forms.ModelForm):
    """Register for a session on behalf of one of the user's own organisations.

    The session and the user come from the URL and the request, never from the form; the
    organisation only accepts the user's own, so a tampered value is a form error.
    """

    class Meta:
        model = Registration
        fields = ["organisation", "remark"]
        labels = {"organisation": _("On behalf of"), "remark": _("Remark (optional)")}
        help_texts = {"remark": _("For example a dietary requirement or what you hope to learn.")}
        error_messages = {
            "organisation": {
                "invalid_choice": _(
                    "You can only register on behalf of an organisation you belong to. "
                    "Choose one of your own organisations."
                ),
                "required": _("Choose the organisation you register for."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = list(Organisation.objects.of_member(user).order_by("name"))
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name")
        field.empty_label = None
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()
        self.organisations = organisations
