"""`{% pagecached %}…{% endpagecached %}`: the part of a page that wwidw/pagecache.py caches."""

from django import template
from django.utils.safestring import mark_safe

from wwidw.pagecache import CSRF_PLACEHOLDER

register = template.Library()


class PageCachedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        part = context.get("page_cache")
        if part is None:
            return self.nodelist.render(context)
        if part.html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                part.store(self.nodelist.render(context))
        html = part.html
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        # Rendered by this template and escaped there; only the CSRF placeholder was replaced.
        return mark_safe(html)  # nosec B308 B703


@register.tag
def pagecached(parser, token):
    """The page's costly part, from the cache when it holds it for this data and reader."""
    nodelist = parser.parse(("endpagecached",))
    parser.delete_first_token()
    return PageCachedNode(nodelist)
