from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F, Q

from interventions import choices
from wwidw import permissions

SEARCH_CONFIG = "dutch"


class InterventionQuerySet(models.QuerySet):
    def published(self) -> "InterventionQuerySet":
        return self.filter(status=choices.Status.PUBLISHED)

    def visible_to(self, user) -> "InterventionQuerySet":
        """Everything of the user's own organisations; of others, what they published for all."""
        shared = Q(status=choices.Status.PUBLISHED, visibility=choices.Visibility.PARTNERS)
        return self.filter(permissions.visible_q(user, shared=shared))

    def editable_by(self, user) -> "InterventionQuerySet":
        return self.filter(permissions.changeable_q(user))

    def reportable_by(self, user) -> "InterventionQuerySet":
        return self.filter(permissions.reportable_q(user))

    def search(self, text: str) -> "InterventionQuerySet":
        """Descriptions matching the Dutch full-text query, best first."""
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-updated_at")
        )
