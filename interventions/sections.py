"""The seven steps of the WWidW format: which fields each holds and which are required.

One list serves the form's section navigation, the completeness indicator, the publish check
and the detail page, so the four never disagree.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from interventions import choices


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    fields: list[str]
    required: list[str] = field(default_factory=list)
    # Repeating parts (related names) of which at least one is required to publish.
    required_children: list[str] = field(default_factory=list)


SECTIONS = [
    Section(
        "basis",
        _("Basic details"),
        fields=[
            "title",
            "summary",
            "contact_name",
            "contact_email",
            "phase",
            "start_date",
            "end_date",
            "duration_kind",
            "scale",
            "municipality",
            "neighbourhood",
            "cbs_codes",
            "location",
            "intervention_types",
            "themes",
            "keywords",
            "visibility",
        ],
        required=[
            "title",
            "summary",
            "phase",
            "start_date",
            "municipality",
            "intervention_types",
            "themes",
        ],
    ),
    Section(
        "probleem",
        _("Problem and target group"),
        fields=[
            "occasion",
            "problem_analysis",
            "causes",
            "baseline",
            "sources",
            "null_alternative",
            "target_groups",
            "target_group_note",
            "intermediate_target_group",
            "target_group_size",
            "target_group_unit",
        ],
        required=["occasion", "problem_analysis", "target_groups"],
    ),
    Section(
        "doelen",
        _("Goals and intended effects"),
        fields=["main_goal"],
        required=["main_goal"],
        required_children=["intended_effects"],
    ),
    Section(
        "aanpak",
        _("Approach and cooperation"),
        fields=["approach", "method_link", "participation_level"],
        required=["approach"],
        required_children=["activities"],
    ),
    Section(
        "werking",
        _("Assumptions and active ingredients"),
        fields=["preconditions", "risks"],
        required_children=["theory_steps", "active_ingredients"],
    ),
    Section(
        "middelen",
        _("Resources"),
        fields=["total_budget", "own_contribution", "fte", "funding_source"],
    ),
    Section(
        "resultaat",
        _("Results, evaluation and lessons"),
        fields=[
            "results",
            "evaluation_form",
            "evaluated_by",
            "report_url",
            "report_file",
            "evidence_level",
            "lessons",
            "dos",
            "donts",
            "would_repeat",
        ],
        required=["evaluation_form"],
    ),
]


def required_fields(section: Section, phase: str) -> list[str]:
    """The section's required fields, with those that depend on the phase."""
    required = list(section.required)
    if section.key == "middelen" and phase != choices.Phase.IDEA:
        required.append("total_budget")
    if section.key == "resultaat" and phase == choices.Phase.FINISHED:
        required += ["results", "lessons"]
    return required
