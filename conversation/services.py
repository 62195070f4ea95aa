"""Writing the conversation on a description: asking, answering, marking an answer useful and
hiding an improper post. Each checks who may, and mails after the commit (emails.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conversation import emails
from conversation.models import Answer, Question, can_ask, can_moderate
from interventions.models import Intervention
from wwidw import permissions
from wwidw.models import User


def _may_see(user: User, intervention: Intervention) -> bool:
    return Intervention.objects.visible_to(user).filter(pk=intervention.pk).exists()


def may_hide(user: User, intervention: Intervention) -> bool:
    """The contact person and managers on the site; programme staff in the administration,
    for what they may see there (superusers: everything)."""
    if can_moderate(user, intervention):
        return True
    if not permissions.is_programme_staff(user):
        return False
    return user.is_superuser or _may_see(user, intervention)


@transaction.atomic
def ask_question(*, intervention: Intervention, body: str, by: User) -> Question:
    """A member's question on a description they may see, mailed to its contact person."""
    if not (can_ask(by) and _may_see(by, intervention)):
        raise PermissionDenied
    question = Question(intervention=intervention, author=by, body=body)
    question.full_clean()
    question.save()
    emails.send_question(question)
    return question


@transaction.atomic
def answer_question(*, question: Question, body: str, by: User) -> Answer:
    """An answer by anyone who may see the description, mailed to the asker (and the contact)."""
    if not _may_see(by, question.intervention):
        raise PermissionDenied
    if question.is_hidden:
        raise ValidationError(_("This question is hidden; it cannot be answered."))
    answer = Answer(question=question, author=by, body=body)
    answer.full_clean()
    answer.save()
    emails.send_answer(answer)
    return answer


@transaction.atomic
def toggle_useful(*, answer: Answer, by: User) -> Answer:
    """Mark the answer useful, or take the mark away again."""
    if not can_moderate(by, answer.question.intervention):
        raise PermissionDenied
    if answer.is_useful:
        answer.useful_at, answer.useful_by = None, None
    else:
        answer.useful_at, answer.useful_by = timezone.now(), by
    answer.save(update_fields=["useful_at", "useful_by"])
    return answer


@transaction.atomic
def hide_post(*, post: Question | Answer, reason: str, by: User) -> Question | Answer:
    """Hide an improper question or answer. It is kept, with who hid it, when and why."""
    intervention = post.described
    if not may_hide(by, intervention):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"hidden_reason": _("Say why you hide this post.")})
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason
    post.full_clean(exclude=["author", "intervention", "question", "useful_by"])
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post


@transaction.atomic
def show_post(*, post: Question | Answer, by: User) -> Question | Answer:
    """Show a hidden question or answer again: a hiding done by mistake is undone by those who
    may hide."""
    intervention = post.described
    if not may_hide(by, intervention):
        raise PermissionDenied
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return post
