"""E-mail about questions on a description, through the task queue (wwidw.mail).

A question goes only to the description's own organisation (its contact person, or its
managers when it has none), who may see it. An answer goes to the asker with the text only
while the asker may still see the description; otherwise the mail says no more than that
there is an answer.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from conversation.models import Answer, Question
from interventions.models import Intervention
from wwidw.mail import queue_email
from wwidw.models import Membership, User
from wwidw.text import single_line


def question_recipients(question: Question) -> list[User]:
    """The contact person while an active member of the owning organisation, else its
    managers."""
    intervention = question.intervention
    members = Membership.objects.filter(organisation_id=intervention.organisation_id)
    contact = intervention.contact
    if contact and contact.is_active and members.filter(user=contact).exists():
        return [contact]
    managers = members.managers().select_related("user").order_by("user__email")
    return [membership.user for membership in managers if membership.user.is_active]


def _message(*, subject: str, template: str, context: dict, to: User) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        return EmailMessage(
            subject=single_line(subject),
            body=render_to_string(f"conversation/email/{template}.txt", context),
            to=[to.email],
        )


def send_question(question: Question) -> None:
    """Queue the question for its description's contact person (or managers)."""
    context = {
        "question": question,
        "intervention": question.intervention,
        "url": settings.SITE_URL + question.get_absolute_url(),
    }
    for recipient in question_recipients(question):
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("A question about %(title)s") % {"title": question.intervention.title}
        queue_email(_message(subject=subject, template="question", context=context, to=recipient))


def send_answer(answer: Answer) -> None:
    """Queue the answer for the asker, and for the contact person when someone else answered."""
    question = answer.question
    intervention = question.intervention
    context = {
        "answer": answer,
        "question": question,
        "intervention": intervention,
        "url": settings.SITE_URL + answer.get_absolute_url(),
    }
    asker = question.author
    if asker.pk != answer.author_id and asker.is_active:
        visible = Intervention.objects.visible_to(asker).filter(pk=intervention.pk).exists()
        with translation.override(settings.LANGUAGE_CODE):
            subject = (
                _("An answer to your question about %(title)s") % {"title": intervention.title}
                if visible
                else _("An answer to your question")
            )
        template = "answer" if visible else "answer_without_text"
        queue_email(_message(subject=subject, template=template, context=context, to=asker))
    contact = intervention.contact
    if contact is None or contact.pk in (answer.author_id, asker.pk) or not contact.is_active:
        return
    if not Membership.objects.filter(user=contact, organisation=intervention.organisation_id):
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A new answer about %(title)s") % {"title": intervention.title}
    queue_email(_message(subject=subject, template="answer", context=context, to=contact))
