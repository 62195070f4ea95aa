"""The figures a description's page shows of its shared monitoring, rendered once per version of
the rows they come from (monitoring/row_versions.py).

Computing them loads the whole plan (every cost line, value, outcome and measurement) and draws
a chart per effect indicator: most of the time of a description's page when it is built. Kept
under the plan's version, they are not computed again when the page is built after a write to
anything else.

Nothing of the reader is in the section: every reader who may see the description sees the
same figures. The key holds the language and today's date besides the plan's version.
"""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from interventions.models import Intervention
from monitoring.models import DETAIL_RELATIONS, MonitoringPlan, detail_prefetches
from monitoring.row_versions import fingerprint
from wwidw import pagecache

SECTION_TEMPLATE = "monitoring/includes/shared_figures_section.html"


def section(intervention: Intervention, organisation_name: str) -> SafeString | None:
    """The section of the description's shared monitoring figures; None when its plan is not
    shared with all partners."""
    plan = (
        MonitoringPlan.objects.shared()
        .filter(intervention=intervention)
        .select_related(*DETAIL_RELATIONS)
        .annotate(rows=fingerprint())
        .first()
    )
    if plan is None:
        return None
    key = pagecache.shared_key("shared-figures", plan.pk, plan.rows, organisation_name)
    part = pagecache.CachedPart.look_up(key)
    if part.html is None:
        # Read as with_details() reads it, in the same queries after the plan's own.
        prefetch_related_objects([plan], *detail_prefetches())
        context = {"figures": plan.figures(), "organisation_name": organisation_name}
        part.store(render_to_string(SECTION_TEMPLATE, context))
    # The HTML of our own template, rendered with autoescaping.
    return mark_safe(part.html)  # nosec B308 B703
