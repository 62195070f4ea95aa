import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from monitoring import calculations
from monitoring.models import MonitoringPlan
from tests.factories import InterventionFactory, make_plan


@pytest.mark.django_db
def test_the_command_keeps_the_ratio_as_the_pages_round_it():
    # 21,049.60 / 10,000 = 2.10496, kept before as 2.1050 (which a page showed as 2,11).
    plan = make_plan(InterventionFactory(), cost=Decimal("10000.00"), benefits=Decimal("21049.60"))
    MonitoringPlan.objects.filter(pk=plan.pk).update(sroi_ratio=Decimal("2.1050"))
    out = io.StringIO()
    call_command("store_monitoring_figures", stdout=out)
    plan.refresh_from_db()
    assert plan.sroi_ratio == Decimal("2.10")
    assert out.getvalue().strip() == "1 monitoring plan(s) computed again."


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (Decimal("2.10496"), Decimal("2.10")),  # rounded once: not 2.1050 → 2.11
        (Decimal("2.105"), Decimal("2.11")),  # half up
        (Decimal("1.0007"), Decimal("1.00")),
        (Decimal("0.004999"), Decimal("0.00")),
        (None, None),
    ],
)
def test_a_ratio_is_shown_rounded_once_half_up(ratio, shown):
    assert calculations.shown_ratio(ratio) == shown
