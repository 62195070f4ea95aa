from django.db import models

from archetypes import choices


class ArchetypeQuerySet(models.QuerySet):
    def published(self) -> "ArchetypeQuerySet":
        return self.filter(status=choices.Status.PUBLISHED)

    def visible_to(self, user) -> "ArchetypeQuerySet":
        """Published archetypes for every account; drafts only for the programme staff (and
        superusers), who curate them."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.published()
