from django import forms
from django.utils.translation import gettext_lazy as _

from conversation.models import Answer, Question

TOO_LONG = _("Keep it to %(limit_value)d characters at most; it now has %(show_value)d.")


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["body"]
        labels = {"body": _("Your question")}
        help_texts = {
            "body": _(
                "Everyone who may read this description reads your question and its answers."
            )
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "body": {
                "required": _("Type your question before you send it."),
                "max_length": TOO_LONG,
            }
        }


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["body"]
        labels = {"body": _("Your answer")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "body": {
                "required": _("Type your answer before you send it."),
                "max_length": TOO_LONG,
            }
        }


class HideForm(forms.Form):
    """Why a question or an answer is hidden; the reason is kept with it."""

    reason = forms.CharField(
        label=_("Why do you hide this post?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The post stays kept. The contact person and the managers of the organisation "
            "read who hid it and why; others read that it is hidden."
        ),
        error_messages={"required": _("Say why you hide this post."), "max_length": TOO_LONG},
    )
