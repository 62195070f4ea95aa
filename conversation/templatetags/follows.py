"""`{% follow_button target %}`: the reader's button to follow a description, an archetype, a
type or a theme, or to stop. The page's view reads `is_followed` with the target (models.py
`followed_by`), so the button costs no query; it sits outside the page's cached part."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from conversation.following import TARGET_FIELDS

register = template.Library()


def _texts(field: str, name: str) -> tuple[str, str]:
    """(the button that follows, the words that say it is followed)."""
    values = {"name": name}
    if field == "intervention":
        return _("Follow this description"), _("You follow this description.")
    if field == "archetype":
        return _("Follow this archetype"), _("You follow this archetype.")
    if field == "intervention_type":
        return (
            _("Follow the type %(name)s") % values,
            _("You follow the type %(name)s.") % values,
        )
    return _("Follow the theme %(name)s") % values, _("You follow the theme %(name)s.") % values


@register.inclusion_tag("conversation/includes/follow_button.html", takes_context=True)
def follow_button(context, target, is_followed: bool, link: bool = True) -> dict:
    field = TARGET_FIELDS[type(target)]
    key = target.pk if field == "intervention" else target.slug
    follow_text, followed_text = _texts(field, str(target))
    request = context["request"]
    return {
        "action": reverse(f"follows:{field}", args=[key]),
        "is_followed": is_followed,
        "name": str(target),
        "follow_text": follow_text,
        "followed_text": followed_text,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "link": link,
    }
