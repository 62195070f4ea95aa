"""What the read API answers, as pydantic schemas: django-ninja builds the OpenAPI schema
from them and checks every answer against them."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    detail: str


class InvalidInput(Schema):
    detail: str
    errors: dict[str, list[str]] | list[dict[str, Any]]


class OrganisationOut(Schema):
    slug: str
    name: str


class DescriptionItem(Schema):
    id: int
    url: str = Field(description="The description in this API.")
    site_url: str = Field(description="The description's page on the site.")
    title: str
    summary: str
    organisation: OrganisationOut
    status: str
    visibility: str
    phase: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    municipality: str
    intervention_types: list[str]
    evidence_level: int
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class DescriptionPage(Schema):
    items: list[DescriptionItem]
    next: str | None = Field(description="The next page; null on the last page.")
    next_cursor: str | None


class IntendedEffectOut(Schema):
    code: str
    effect: str
    level: str
    indicator: str
    target_value: str
    target_date: datetime.date | None


class ActivityOut(Schema):
    name: str
    description: str
    performed_by: str
    frequency: str


class PartnerOut(Schema):
    name: str
    role: str
    contribution: str


class TheoryStepOut(Schema):
    position: int
    if_text: str
    then_text: str
    because_text: str
    support: str
    confidence: str


class ActiveIngredientOut(Schema):
    name: str
    explanation: str
    is_essential: bool


class SectionOut(Schema):
    key: str
    title: str
    fields: dict[str, Any] = Field(
        description="The section's fields by name; choices as their stored codes, lists of "
        "vocabulary as names, dates as ISO dates, amounts as decimal strings."
    )
    intended_effects: list[IntendedEffectOut] | None = None
    activities: list[ActivityOut] | None = None
    partners: list[PartnerOut] | None = None
    theory_steps: list[TheoryStepOut] | None = None
    active_ingredients: list[ActiveIngredientOut] | None = None


class DescriptionDetail(Schema):
    id: int
    url: str
    site_url: str
    title: str
    organisation: OrganisationOut
    status: str
    visibility: str
    revision: int
    published_at: datetime.datetime | None
    updated_at: datetime.datetime
    sections: list[SectionOut]


class OutputOut(Schema):
    indicator: str
    unit: str
    target: Decimal | None
    realised: Decimal | None
    realisation_percentage: Decimal | None
    cost_per_unit: Decimal | None


class EffectOut(Schema):
    effect_code: str
    effect: str
    indicator: str
    unit: str
    direction: str
    baseline_value: Decimal
    baseline_date: datetime.date
    target_value: Decimal | None
    latest_value: Decimal | None
    latest_date: datetime.date | None
    status: str
    change: Decimal | None
    improvement: Decimal | None
    attainment_percentage: Decimal | None


class MonitoringOut(Schema):
    description_id: int
    is_shared: bool
    is_forecast: bool = Field(description="True: no realised costs yet, the budget counts.")
    total_cost: Decimal
    pv_benefits: Decimal
    pv_costs: Decimal
    net_present_value: Decimal
    sroi_ratio: Decimal | None
    sroi_ratio_lowest: Decimal | None
    sroi_ratio_highest: Decimal | None
    outputs: list[OutputOut]
    effects: list[EffectOut]
    updated_at: datetime.datetime


class TypeOut(Schema):
    slug: str
    name: str


class ArchetypeItem(Schema):
    slug: str
    url: str
    site_url: str
    title: str
    intervention_type: TypeOut
    summary: str
    verdict: str
    evidence_level: int
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ArchetypeList(Schema):
    items: list[ArchetypeItem]


class ArchetypeIngredientOut(Schema):
    name: str
    description: str
    is_essential: bool
    support: str


class ReferenceOut(Schema):
    authors: str
    year: int | None
    title: str
    publisher: str
    doi: str
    url: str
    finding: str


class PracticeExampleOut(Schema):
    id: int
    url: str
    title: str
    organisation: str
    role: str
    is_exemplary: bool


class SpreadOut(Schema):
    median: Decimal | None
    p25: Decimal | None
    p75: Decimal | None
    n: int


class RangeOut(Schema):
    low: Decimal | None
    high: Decimal | None
    n: int


class EffectCountOut(Schema):
    code: str
    name: str
    descriptions: int
    measured: int
    median_improvement: Decimal | None


class ArchetypeFiguresOut(Schema):
    """Figures of the linked practice examples published for all partners and their shared
    monitoring, as the archetype page shows them: a median, range or improvement only over at
    least `minimum_n` values, otherwise null."""

    minimum_n: int
    descriptions: int
    partners: int
    with_monitoring: int
    total_cost: SpreadOut | None
    cost_per_year: SpreadOut | None
    sroi_ratio: RangeOut | None
    effects: list[EffectCountOut]


class ArchetypeDetail(ArchetypeItem):
    themes: list[str]
    problem: str
    for_whom: str
    mechanism: str
    variants: str
    preconditions: str
    risks: str
    evidence_summary: str
    lessons: str
    knowledge_gaps: str
    active_ingredients: list[ArchetypeIngredientOut]
    references: list[ReferenceOut]
    practice_examples: list[PracticeExampleOut]
    figures: ArchetypeFiguresOut


class SessionItem(Schema):
    slug: str
    url: str
    site_url: str
    title: str
    kind: str
    status: str
    intervention_type: TypeOut | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    places_left: int
    registration_opens_at: datetime.datetime
    registration_closes_at: datetime.datetime
    updated_at: datetime.datetime


class SessionList(Schema):
    items: list[SessionItem]


class SessionDetail(SessionItem):
    description: str
    programme: str
    address: str
    capacity: int
    archetype: str | None = Field(description="The slug of the published archetype, if any.")
    outcome_summary: str
