"""What is new in what a member follows: the weekly digest (digest.py) and the start page
(start_page.py) both read it here.

Four kinds of news, each one query whatever the number of follows:
- descriptions published or updated in a followed type or theme, or followed themselves;
- answers on followed descriptions (per description, with their number);
- archetypes changed that are followed, or of a followed type or theme;
- theme sessions announced for a followed type, theme or archetype that are still to come.

Only what the member may see is read: descriptions through `visible_to(member)`, published
archetypes, answers only on descriptions the member may see and never hidden ones.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from archetypes.models import Archetype
from conversation.models import Answer, Followed
from events.models import ThemeSession
from interventions.models import Intervention

DESCRIPTION_PUBLISHED = "published"
DESCRIPTION_UPDATED = "updated"
ANSWERS = "answers"
ARCHETYPE = "archetype"
SESSION = "session"


@dataclass(frozen=True)
class NewsItem:
    kind: str
    title: str
    url: str
    at: datetime.datetime
    count: int = 0
    starts_at: datetime.datetime | None = None

    @property
    def label(self) -> str:
        """What happened, in a few words, in the active language."""
        if self.kind == DESCRIPTION_PUBLISHED:
            return gettext("New description")
        if self.kind == DESCRIPTION_UPDATED:
            return gettext("Description updated")
        if self.kind == ANSWERS:
            return ngettext("%(count)d new answer", "%(count)d new answers", self.count) % {
                "count": self.count
            }
        if self.kind == ARCHETYPE:
            return gettext("Archetype changed")
        return gettext("New session on %(date)s") % {
            "date": date_format(localtime(self.starts_at), "j F Y")
        }


def news(
    member, followed: Followed, *, since: datetime.datetime, now: datetime.datetime, limit: int
) -> list[NewsItem]:
    """What is new since `since` in what the member follows, newest first, at most `limit`
    items: four queries, none when the member follows nothing."""
    if not followed:
        return []
    items = [
        *_descriptions(member, followed, since, limit),
        *_answers(member, followed, since, limit),
        *_archetypes(followed, since, limit),
        *_sessions(followed, since, now, limit),
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def _in_followed_subjects(followed: Followed) -> Q:
    through_types = Intervention.intervention_types.through.objects.filter(
        intervention_id=OuterRef("pk"), interventiontype_id__in=followed.intervention_types
    )
    through_themes = Intervention.themes.through.objects.filter(
        intervention_id=OuterRef("pk"), theme_id__in=followed.themes
    )
    return Q(Exists(through_types)) | Q(Exists(through_themes)) | Q(pk__in=followed.interventions)


def _descriptions(member, followed: Followed, since, limit: int) -> list[NewsItem]:
    rows = (
        Intervention.objects.visible_to(member)
        .published()
        .filter(_in_followed_subjects(followed), updated_at__gte=since)
        .order_by("-updated_at", "-pk")
        .values("pk", "title", "published_at", "updated_at")[:limit]
    )
    return [
        NewsItem(
            kind=(DESCRIPTION_PUBLISHED if row["published_at"] >= since else DESCRIPTION_UPDATED),
            title=row["title"],
            url=Intervention(pk=row["pk"]).get_absolute_url(),
            at=row["updated_at"],
        )
        for row in rows
    ]


def _answers(member, followed: Followed, since, limit: int) -> list[NewsItem]:
    if not followed.interventions:
        return []
    visible = Intervention.objects.visible_to(member).filter(pk__in=followed.interventions)
    rows = (
        Answer.objects.filter(
            question__intervention__in=visible.values("pk"),
            question__hidden_at__isnull=True,
            hidden_at__isnull=True,
            created_at__gte=since,
        )
        .exclude(author=member.pk)
        .values("question__intervention_id", "question__intervention__title")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("-latest")[:limit]
    )
    return [
        NewsItem(
            kind=ANSWERS,
            title=row["question__intervention__title"],
            url=Intervention(pk=row["question__intervention_id"]).get_absolute_url(),
            at=row["latest"],
            count=row["count"],
        )
        for row in rows
    ]


def _archetypes(followed: Followed, since, limit: int) -> list[NewsItem]:
    themes = Archetype.themes.through.objects.filter(
        archetype_id=OuterRef("pk"), theme_id__in=followed.themes
    )
    subjects = (
        Q(pk__in=followed.archetypes)
        | Q(intervention_type__in=followed.intervention_types)
        | Q(Exists(themes))
    )
    rows = (
        Archetype.objects.published()
        .filter(subjects, updated_at__gte=since)
        .order_by("-updated_at", "-pk")
        .values("slug", "title", "updated_at")[:limit]
    )
    return [
        NewsItem(
            kind=ARCHETYPE,
            title=row["title"],
            url=Archetype(slug=row["slug"]).get_absolute_url(),
            at=row["updated_at"],
        )
        for row in rows
    ]


def _sessions(followed: Followed, since, now, limit: int) -> list[NewsItem]:
    subjects = (
        Q(intervention_type__in=followed.intervention_types)
        | Q(intervention_type__theme__in=followed.themes)
        | Q(archetype__in=followed.archetypes)
    )
    rows = (
        ThemeSession.objects.upcoming(now)
        .exclude(status=ThemeSession.Status.CANCELLED)
        .filter(subjects, created_at__gte=since)
        .values("slug", "title", "starts_at", "created_at")[:limit]
    )
    return [
        NewsItem(
            kind=SESSION,
            title=row["title"],
            url=ThemeSession(slug=row["slug"]).get_absolute_url(),
            at=row["created_at"],
            starts_at=row["starts_at"],
        )
        for row in rows
    ]
