"""Database aggregates that Django does not ship, for every app's figures."""

from django.db import models


class PercentileCont(models.Aggregate):
    """PostgreSQL's continuous percentile: `percentile_cont(fraction) WITHIN GROUP (ORDER BY
    expression)`, interpolating between the two nearest values. NULLs are left out."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = models.FloatField()

    def __init__(self, expression, *, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        super().__init__(expression, fraction=repr(fraction), **extra)
