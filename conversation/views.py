"""Questions and answers on a description: the thread on its page (`thread`), and the pages
that ask, answer, mark useful and hide. A description the reader may not see is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversation import services
from conversation.forms import AnswerForm, HideForm, QuestionForm
from conversation.models import Answer, Question, can_ask, can_moderate
from interventions.models import Intervention


def thread(request, intervention: Intervention) -> dict:
    """What the description's page shows of its questions, for this kind of reader (the
    page's cached part is kept per kind of reader and per contact person: interventions'
    read.intervention_detail)."""
    questions = Question.objects.filter(intervention=intervention).thread()
    return {
        "questions": list(questions) if getattr(intervention, "has_questions", True) else [],
        "can_ask": can_ask(request.user),
        "can_moderate": can_moderate(request.user, intervention),
        "question_form": QuestionForm(),
    }


def _question(request, pk: int, question_pk: int) -> Question:
    questions = Question.objects.visible_to(request.user).filter(intervention_id=pk)
    return get_object_or_404(questions.select_related("intervention", "author"), pk=question_pk)


def _answer(request, pk: int, answer_pk: int) -> Answer:
    answers = Answer.objects.visible_to(request.user).filter(question__intervention_id=pk)
    related = answers.select_related("question__intervention", "author")
    return get_object_or_404(related, pk=answer_pk)


@login_required
def question_create(request, pk: int):
    intervention = get_object_or_404(Intervention.objects.visible_to(request.user), pk=pk)
    if not can_ask(request.user):
        raise PermissionDenied
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = services.ask_question(
            intervention=intervention, body=form.cleaned_data["body"], by=request.user
        )
        messages.success(
            request, _("Your question is sent. You get an e-mail when it is answered.")
        )
        return redirect(question)
    context = {"intervention": intervention, "form": form}
    return render(request, "conversation/question_form.html", context)


@login_required
def answer_create(request, pk: int, question_pk: int):
    question = _question(request, pk, question_pk)
    if question.is_hidden:
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = services.answer_question(
            question=question, body=form.cleaned_data["body"], by=request.user
        )
        messages.success(request, _("Your answer is placed."))
        return redirect(answer)
    context = {"intervention": question.intervention, "question": question, "form": form}
    return render(request, "conversation/answer_form.html", context)


@require_POST
@login_required
def answer_useful(request, pk: int, answer_pk: int):
    answer = services.toggle_useful(answer=_answer(request, pk, answer_pk), by=request.user)
    if answer.is_useful:
        messages.success(request, _("The answer is marked useful."))
    else:
        messages.success(request, _("The answer is no longer marked useful."))
    return redirect(answer)


@login_required
def question_hide(request, pk: int, question_pk: int):
    return _hide(request, _question(request, pk, question_pk))


@login_required
def answer_hide(request, pk: int, answer_pk: int):
    return _hide(request, _answer(request, pk, answer_pk))


def _hide(request, post: Question | Answer):
    intervention = post.described
    if not can_moderate(request.user, intervention):
        raise PermissionDenied
    if post.is_hidden:
        messages.info(request, _("This post is hidden already."))
        return redirect(post)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_post(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form.add_error("reason", error.messages)
        else:
            messages.success(request, _("The post is hidden. It is kept, with your reason."))
            return redirect(post)
    context = {"intervention": intervention, "post": post, "form": form}
    return render(request, "conversation/hide_form.html", context)


@require_POST
@login_required
def question_show(request, pk: int, question_pk: int):
    return _show(request, _question(request, pk, question_pk))


@require_POST
@login_required
def answer_show(request, pk: int, answer_pk: int):
    return _show(request, _answer(request, pk, answer_pk))


def _show(request, post: Question | Answer):
    intervention = post.described
    if not can_moderate(request.user, intervention):
        raise PermissionDenied
    if post.is_hidden:
        services.show_post(post=post, by=request.user)
        messages.success(request, _("The post is shown again."))
    return redirect(post)
