"""`{% pagecached %}…{% endpagecached %}`: the part of a page that wwidw/pagecache.py caches,
and `{% pageslot "name" %}` within it: what the part shows that its version does not cover."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wwidw.pagecache import CSRF_PLACEHOLDER, SLOT_PLACEHOLDER

register = template.Library()


class PageCachedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        part = context.get("page_cache")
        if part is None:
            return self.nodelist.render(context)
        if part.html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER, page_slots_open=True):
                part.store(self.nodelist.render(context))
        html = part.html
        # The slots first: they may hold the CSRF placeholder too (their forms).
        for name, slot in (context.get("page_slots") or {}).items():
            html = html.replace(SLOT_PLACEHOLDER.format(name), conditional_escape(slot))
        return _with_token(html, context)


def _with_token(html: str, context) -> str:
    """`html` with the reader's CSRF token where the placeholder is."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    # Rendered by the site's templates and escaped there (a slot's HTML unless it was safe);
    # only the placeholders were replaced, by the token and by the slots.
    return mark_safe(html)  # nosec B308 B703


class PageSlotNode(template.Node):
    def __init__(self, name: str):
        self.name = name

    def render(self, context) -> str:
        if context.get("page_slots_open"):
            return SLOT_PLACEHOLDER.format(self.name)
        slot = (context.get("page_slots") or {}).get(self.name, "")
        return _with_token(conditional_escape(slot), context)


@register.tag
def pagecached(parser, token):
    """The page's costly part, from the cache when it holds it for this data and reader."""
    nodelist = parser.parse(("endpagecached",))
    parser.delete_first_token()
    return PageCachedNode(nodelist)


@register.tag
def pageslot(parser, token):
    """Within `{% pagecached %}`: the view's `page_slots[name]`, put in at every response."""
    try:
        _, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% pageslot %} takes a name") from None
    return PageSlotNode(name.strip("\"'"))
