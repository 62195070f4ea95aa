"""The conversation between professionals about a description: questions with their answers,
and what a member follows (a type, a theme, an archetype, a description) for the start page and
the weekly digest."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from interventions.models import Intervention
from wwidw import permissions
from wwidw.models import Membership


def can_moderate(user, intervention) -> bool:
    """Whether the user keeps order in the questions on the description: its contact person
    (while a member of the owning organisation) and the organisation's managers. They mark
    answers useful and hide improper posts; programme staff hide in the administration."""
    organisation_id = intervention.organisation_id
    if organisation_id in permissions.managed_organisation_ids(user):
        return True
    return (
        intervention.contact_id is not None
        and intervention.contact_id == user.pk
        and organisation_id in permissions.organisation_ids(user)
    )


def can_ask(user) -> bool:
    """Asking needs a member of a partner organisation (who may see the description)."""
    return bool(permissions.organisation_ids(user))


def with_contact(queryset):
    """Descriptions with their contact person, whether that person is still a member of the
    owning organisation (`contact_is_member`), and whether anyone asked a question there
    (`has_questions`, so a page without questions reads none), in the same query."""
    current = Membership.objects.filter(
        user=OuterRef("contact"), organisation=OuterRef("organisation")
    )
    questions = Question.objects.filter(intervention=OuterRef("pk"))
    return queryset.select_related("contact").annotate(
        contact_is_member=Exists(current), has_questions=Exists(questions)
    )


class Post(models.Model):
    """What a question and an answer share: the text, its author and its moderation. A hidden
    post is kept, with who hid it, when and why."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=1000, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.body[:80]

    def get_absolute_url(self) -> str:
        return f"{self.described.get_absolute_url()}#{self.anchor}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "QuestionQuerySet":
        """Questions on the descriptions the user may see."""
        return self.filter(intervention__in=Intervention.objects.visible_to(user))

    def thread(self) -> "QuestionQuerySet":
        """What the thread on a description shows, in two queries for any number of posts."""
        answers = Answer.objects.select_related("author", "hidden_by", "useful_by").order_by(
            "created_at", "pk"
        )
        return (
            self.select_related("author", "hidden_by")
            .prefetch_related(Prefetch("answers", queryset=answers))
            .order_by("created_at", "pk")
        )


class Question(Post):
    """A question on a description, to its contact person; everyone who may see the description
    may read it and its answers."""

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("description"),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["intervention", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | Q(hidden_by__isnull=False),
                name="conversation_question_hidden_by_someone",
            )
        ]

    @property
    def described(self) -> Intervention:
        """The description the post is on."""
        return self.intervention

    @property
    def anchor(self) -> str:
        return f"vraag-{self.pk}"


class AnswerQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AnswerQuerySet":
        """Answers on the descriptions the user may see."""
        return self.filter(question__intervention__in=Intervention.objects.visible_to(user))


class Answer(Post):
    """An answer to a question. The contact person or a manager of the owning organisation may
    mark it useful."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    useful_at = models.DateTimeField(_("marked useful at"), null=True, blank=True)
    useful_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked useful by"),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | Q(hidden_by__isnull=False),
                name="conversation_answer_hidden_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(useful_at__isnull=True) | Q(useful_by__isnull=False),
                name="conversation_answer_useful_by_someone",
            ),
        ]

    @property
    def described(self) -> Intervention:
        """The description the post is on."""
        return self.question.intervention

    @property
    def anchor(self) -> str:
        return f"antwoord-{self.pk}"

    @property
    def is_useful(self) -> bool:
        return self.useful_at is not None


# The targets a follow may point at: exactly one of them is set.
FOLLOW_TARGETS = ("intervention_type", "theme", "archetype", "intervention")


@dataclass(frozen=True)
class Followed:
    """The ids of what a member follows, per kind of target."""

    intervention_types: frozenset[int] = frozenset()
    themes: frozenset[int] = frozenset()
    archetypes: frozenset[int] = frozenset()
    interventions: frozenset[int] = frozenset()
    # The ids of the follows themselves: they change with every follow and unfollow, so a
    # cached part of a page that shows what is followed is keyed by them.
    follow_ids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.follow_ids)


class FollowQuerySet(models.QuerySet):
    def of(self, user) -> "FollowQuerySet":
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(user=user.pk)

    def followed(self) -> Followed:
        """What these follows point at, in one query."""
        rows = list(
            self.order_by("pk").values_list("pk", *(f"{name}_id" for name in FOLLOW_TARGETS))
        )
        ids = {name: set() for name in FOLLOW_TARGETS}
        for row in rows:
            for name, target_id in zip(FOLLOW_TARGETS, row[1:], strict=True):
                if target_id is not None:
                    ids[name].add(target_id)
        return Followed(
            intervention_types=frozenset(ids["intervention_type"]),
            themes=frozenset(ids["theme"]),
            archetypes=frozenset(ids["archetype"]),
            interventions=frozenset(ids["intervention"]),
            follow_ids=tuple(row[0] for row in rows),
        )


def followed_by(user, target: str, ref: str = "pk") -> Exists:
    """An annotation: whether `user` follows the row, whose `ref` is the id of a `target`
    (one of FOLLOW_TARGETS). Pages read it with the row they show anyway, in the same query."""
    return Exists(Follow.objects.filter(user=user.pk, **{target: OuterRef(ref)}))


class Follow(models.Model):
    """A member follows one thing: an intervention type, a theme, an archetype or a description.
    Exactly one of the four targets is set."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("member"),
    )
    intervention_type = models.ForeignKey(
        "interventions.InterventionType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intervention type"),
    )
    theme = models.ForeignKey(
        "interventions.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    archetype = models.ForeignKey(
        "archetypes.Archetype",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archetype"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("description"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    TARGETS = FOLLOW_TARGETS

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    intervention_type__isnull=False,
                    theme__isnull=True,
                    archetype__isnull=True,
                    intervention__isnull=True,
                )
                | Q(
                    intervention_type__isnull=True,
                    theme__isnull=False,
                    archetype__isnull=True,
                    intervention__isnull=True,
                )
                | Q(
                    intervention_type__isnull=True,
                    theme__isnull=True,
                    archetype__isnull=False,
                    intervention__isnull=True,
                )
                | Q(
                    intervention_type__isnull=True,
                    theme__isnull=True,
                    archetype__isnull=True,
                    intervention__isnull=False,
                ),
                name="conversation_follow_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"conversation_follow_{target}_once",
                )
                for target in ("intervention_type", "theme", "archetype", "intervention")
            ),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        for name in self.TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None


class DigestSubscription(models.Model):
    """Whether a member gets the weekly digest, and the last week it went out: one e-mail per
    person per week at most. Unsubscribing (a signed link in the mail) sets `weekly` off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_subscription",
        verbose_name=_("member"),
    )
    weekly = models.BooleanField(_("weekly e-mail"), default=True)
    # The Monday of the last week whose digest was sent.
    last_week = models.DateField(_("last digest week"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return str(self.user)
