from django import template

register = template.Library()


@register.filter
def benchmarks_of(benchmarks: dict, plan):
    """The PlanBenchmarks of `plan` in the dashboard's {plan pk: PlanBenchmarks}."""
    if plan is None:
        return None
    return benchmarks.get(plan.pk)
