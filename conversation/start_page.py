"""The start page of a signed-in member: what is new in what they follow, what their
organisation has to do, the sessions to come and, for programme staff, what awaits curation.

Each block is one query whatever its length (a window function counts all rows beside the
first few), so the page costs the same with one follow or a hundred. Programme staff get three
more queries, members of an organisation four, followers four (news.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Window
from django.urls import reverse

from archetypes.models import Archetype, ArchetypeIntervention
from budgets.models import BudgetRound
from conversation.models import Answer, Followed, Question
from conversation.news import NewsItem, news
from events.models import SessionIngredient, ThemeSession
from interventions.models import Intervention
from monitoring import reminders
from wwidw import permissions

NEWS_DAYS = 14
NEWS_LIMIT = 10
ROWS = 5
SESSIONS = 5
CURATION_DAYS = 30
QUESTION_WAIT = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Row:
    title: str
    url: str
    date: datetime.date | datetime.datetime | None = None


@dataclass(frozen=True)
class Block:
    """The first rows of a list, and how many there are in all."""

    rows: list[Row] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class StartPage:
    news: list[NewsItem]
    follow_count: int
    is_member: bool
    drafts: Block
    open_questions: Block
    overdue_periods: Block
    open_rounds: Block
    sessions: list[Row]
    is_programme_staff: bool
    unlinked_descriptions: Block
    unplaced_outcomes: Block
    waiting_questions: Block


def start_page(user, followed: Followed, *, now: datetime.datetime) -> StartPage:
    today = now.date()
    is_member = bool(permissions.organisation_ids(user))
    is_staff = permissions.is_programme_staff(user)
    empty = Block()
    since = now - datetime.timedelta(days=NEWS_DAYS)
    return StartPage(
        news=news(user, followed, since=since, now=now, limit=NEWS_LIMIT),
        follow_count=len(followed.follow_ids),
        is_member=is_member,
        drafts=_drafts(user) if is_member else empty,
        open_questions=_open_questions(user) if is_member else empty,
        overdue_periods=_overdue_periods(user, today) if is_member else empty,
        open_rounds=_open_rounds(user, today) if is_member else empty,
        sessions=_sessions(now),
        is_programme_staff=is_staff,
        unlinked_descriptions=_unlinked_descriptions(user, now) if is_staff else empty,
        unplaced_outcomes=_unplaced_outcomes(now) if is_staff else empty,
        waiting_questions=_waiting_questions(user, now) if is_staff else empty,
    )


def _block(queryset, row) -> Block:
    """The first ROWS of `queryset` (a values() queryset), with the count of all."""
    rows = list(queryset.annotate(total=Window(Count("*")))[:ROWS])
    return Block(rows=[row(values) for values in rows], total=rows[0]["total"] if rows else 0)


def _description_row(values: dict, date_field: str = "updated_at") -> Row:
    url = Intervention(pk=values["pk"]).get_absolute_url()
    return Row(title=values["title"], url=url, date=values[date_field])


# The organisation's to-dos


def _drafts(user) -> Block:
    drafts = (
        Intervention.objects.editable_by(user)
        .filter(status=Intervention.Status.CONCEPT)
        .order_by("-updated_at", "-pk")
        .values("pk", "title", "updated_at")
    )
    return _block(drafts, _description_row)


def _unanswered() -> Exists:
    return ~Exists(Answer.objects.filter(question=OuterRef("pk"), hidden_at__isnull=True))


def _question_row(values: dict) -> Row:
    """The question itself, at its place in the thread on its description."""
    question = Question(pk=values["pk"], intervention=Intervention(pk=values["intervention_id"]))
    return Row(
        title=values["intervention__title"],
        url=question.get_absolute_url(),
        date=values["created_at"],
    )


def _open_questions(user) -> Block:
    """Questions to the member as contact person that nobody answered yet."""
    questions = (
        Question.objects.filter(
            _unanswered(),
            intervention__contact=user.pk,
            intervention__in=Intervention.objects.editable_by(user).values("pk"),
            hidden_at__isnull=True,
        )
        .order_by("created_at", "pk")
        .values("pk", "intervention_id", "intervention__title", "created_at")
    )
    return _block(questions, _question_row)


def _overdue_periods(user, today: datetime.date) -> Block:
    """Reporting periods that ended without figures (the rule of monitoring/reminders.py)."""
    plans = reminders.active_plans().filter(permissions.reportable_q(user))
    periods = (
        reminders.overdue_periods(plans, today)
        .order_by("end_date", "pk")
        .values("plan__intervention_id", "plan__intervention__title", "label", "end_date")
    )

    def row(values: dict) -> Row:
        url = reverse("monitoring:costs", args=[values["plan__intervention_id"]])
        title = f"{values['plan__intervention__title']}: {values['label']}"
        return Row(title=title, url=url, date=values["end_date"])

    return _block(periods, row)


def _open_rounds(user, today: datetime.date) -> Block:
    rounds = (
        BudgetRound.objects.visible_to(user)
        .accepting_applications(today)
        .order_by("closing_date", "pk")
        .values("pk", "name", "closing_date")
    )

    def row(values: dict) -> Row:
        url = reverse("budgets:round_detail", args=[values["pk"]])
        return Row(title=values["name"], url=url, date=values["closing_date"])

    return _block(rounds, row)


def _sessions(now: datetime.datetime) -> list[Row]:
    sessions = (
        ThemeSession.objects.upcoming(now)
        .exclude(status=ThemeSession.Status.CANCELLED)
        .values("slug", "title", "starts_at")[:SESSIONS]
    )
    return [
        Row(
            title=values["title"],
            url=reverse("events:detail", args=[values["slug"]]),
            date=values["starts_at"],
        )
        for values in sessions
    ]


# What awaits curation by the programme staff


def _unlinked_descriptions(user, now: datetime.datetime) -> Block:
    """Descriptions published lately, of a type that has an archetype, in none yet."""
    with_archetype = Intervention.intervention_types.through.objects.filter(
        intervention_id=OuterRef("pk"),
        interventiontype_id__in=Archetype.objects.values("intervention_type"),
    )
    linked = ArchetypeIntervention.objects.filter(intervention=OuterRef("pk"))
    descriptions = (
        Intervention.objects.visible_to(user)
        .published()
        .filter(Exists(with_archetype), ~Exists(linked))
        .filter(published_at__gte=now - datetime.timedelta(days=CURATION_DAYS))
        .order_by("-published_at", "-pk")
        .values("pk", "title", "published_at")
    )
    return _block(descriptions, lambda values: _description_row(values, "published_at"))


def _unplaced_outcomes(now: datetime.datetime) -> Block:
    """Past sessions with candidate active ingredients that are in no archetype yet; the
    count is of sessions."""
    outcomes = (
        SessionIngredient.objects.filter(
            archetype_ingredient__isnull=True, session__ends_at__lt=now
        )
        .exclude(consensus=SessionIngredient.Consensus.REJECTED)
        .values("session__slug", "session__title")
        .annotate(ended=Max("session__ends_at"))
        .order_by("-ended", "session__slug")
    )

    def row(values: dict) -> Row:
        url = reverse("events:detail", args=[values["session__slug"]])
        return Row(title=values["session__title"], url=url, date=values["ended"])

    return _block(outcomes, row)


def _waiting_questions(user, now: datetime.datetime) -> Block:
    """Questions nobody answered for more than a week, on descriptions the reader may see."""
    questions = (
        Question.objects.filter(
            _unanswered(),
            intervention__in=Intervention.objects.visible_to(user).values("pk"),
            hidden_at__isnull=True,
            created_at__lt=now - QUESTION_WAIT,
        )
        .order_by("created_at", "pk")
        .values("pk", "intervention_id", "intervention__title", "created_at")
    )
    return _block(questions, _question_row)
