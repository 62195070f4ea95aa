"""The layer rule of README's Layout, checked with `ast`.

Models, choices, permissions, services, forms, calculations and e-mails (and QuerySets, while a
`querysets.py` exists) import only downward, never inside a function, and sit in no import cycle.
Views, URLs, admin, templates and `demo/` may read any app; nothing imports `demo/`. No module
of the apps only re-exports what others define.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each app's layer modules may import besides themselves:
# `wwidw` ← `interventions` ← `monitoring` ← `budgets`, `archetypes` ← `events`. Archetypes sit
# above monitoring: an archetype shows figures aggregated from the shared monitoring of its
# linked interventions (archetypes/figures.py reads monitoring's models), and nothing in
# monitoring reads archetypes. Budgets and archetypes both stand on monitoring and know nothing
# of each other; events record their outcome on an archetype, so they stand on archetypes and
# what lies below it, and know nothing of budgets.
MAY_IMPORT = {
    "wwidw": set(),
    "interventions": {"wwidw"},
    "monitoring": {"wwidw", "interventions"},
    "budgets": {"wwidw", "interventions", "monitoring"},
    "archetypes": {"wwidw", "interventions", "monitoring"},
    "events": {"wwidw", "interventions", "monitoring", "archetypes"},
    # The conversation (questions, follows, the weekly digest) is about everything the site
    # shows, and nothing below it reads it.
    "conversation": {"wwidw", "interventions", "monitoring", "budgets", "archetypes", "events"},
    # The read API sits on top: it reads every app the site shows, and no app reads it.
    "api": {"wwidw", "interventions", "monitoring", "budgets", "archetypes", "events"},
}
APPS = tuple(MAY_IMPORT)
DEMO = "demo"
FOLDERS = (*APPS, DEMO)

# `<app>/<name>.py` or a package `<app>/<name>/`. An import under `if TYPE_CHECKING:` is held to
# the same rule: a type hint that names a higher app is the same upward knowledge.
LAYER_MODULES = {
    "models",
    "querysets",
    "choices",
    "permissions",
    "services",
    "forms",
    "calculations",
    "emails",
}

UPWARD = (
    "upward import: {app}'s models, choices, permissions, services, forms, calculations and "
    "e-mails may import only {allowed} (README, Layout)"
)
IN_FUNCTION = (
    "import inside a function: never hide an import cycle; move the read or the rule (onto the "
    "model, into a QuerySet) and import at the top (README, Layout)"
)
CYCLE = "import cycle: a read or a rule sits in the wrong place (README, Layout)"


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # the absolute dotted name of the imported module
    in_function: bool


def module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_layer_module(path: str) -> bool:
    parts = path.split("/")
    return (
        len(parts) >= 2
        and parts[0] in APPS
        and parts[1].removesuffix(".py") in LAYER_MODULES
        and path.endswith(".py")
    )


def imports(source: str, path: str, modules: frozenset[str] = frozenset()) -> list[Import]:
    """Every import of the module at `path`, relative ones made absolute. `from package import
    name` names the submodule when `name` is one of `modules`, else the package."""
    tree = ast.parse(source, filename=path)
    package = module_name(path).split(".")
    if not path.endswith("__init__.py"):
        package.pop()
    in_function = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if node is not function
    }
    found = []
    for node in ast.walk(tree):
        nested = id(node) in in_function
        if isinstance(node, ast.Import):
            found += [Import(node.lineno, alias.name, nested) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                target = f"{base}.{alias.name}" if base else alias.name
                found.append(Import(node.lineno, target if target in modules else base, nested))
    return sorted(set(found), key=lambda found_import: (found_import.line, found_import.target))


def layer_violations(sources: dict[str, str], path: str) -> list[str]:
    """The breaches of the layer rule by the layer module at `path`, as `path:line: what (rule)`.
    A module outside the layers that it imports (a helper such as sections.py or mail.py) is held
    to the module's rule too, named through the chain `path:line → helper.py:line`."""
    app = path.split("/")[0]
    allowed = MAY_IMPORT[app]
    rule = UPWARD.format(app=app, allowed=", ".join(sorted(allowed)) or "themselves")
    path_of = {module_name(other): other for other in sources}
    modules = frozenset(path_of)
    problems = [
        f"{path}:{found.line}: imports {found.target}: {IN_FUNCTION}"
        for found in imports(sources[path], path, modules)
        if found.in_function
    ]
    chains = {path: ""}
    queue = [path]
    while queue:
        current = queue.pop(0)
        for found in imports(sources[current], current, modules):
            other = found.target.split(".")[0]
            where = f"{chains[current]}{current}:{found.line}"
            if other in FOLDERS and other != app and other not in allowed:
                problems.append(f"{where}: imports {found.target}: {rule}")
            helper = path_of.get(found.target)
            if helper and not is_layer_module(helper) and helper not in chains:
                chains[helper] = f"{where} → "
                queue.append(helper)
    return problems


def only_reexports(source: str, path: str) -> bool:
    """Whether the module's body, past its docstring, is imports and `__all__` and nothing else."""
    body = ast.parse(source, filename=path).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]

    def names_all(statement: ast.stmt) -> bool:
        targets = getattr(statement, "targets", None) or [getattr(statement, "target", None)]
        return all(isinstance(target, ast.Name) and target.id == "__all__" for target in targets)

    return bool(body) and all(
        isinstance(statement, ast.Import | ast.ImportFrom)
        or (
            isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign)
            and names_all(statement)
        )
        for statement in body
    )


def cycles(sources: dict[str, str]) -> list[str]:
    """The import cycles, at module level, that run through a layer module, each as
    `a.py:3 → b.py:7 → a.py`."""
    path_of = {module_name(path): path for path in sources}
    modules = frozenset(path_of)
    edges = {
        path: {
            path_of[found.target]: found.line
            for found in reversed(imports(source, path, modules))
            if not found.in_function and found.target in path_of and path_of[found.target] != path
        }
        for path, source in sources.items()
    }
    found_cycles = []
    seen = set()
    for start in sorted(path for path in sources if is_layer_module(path)):
        # Breadth first from `start` back to itself gives its shortest cycle.
        came_from = {start: None}
        queue = [start]
        while queue and start not in seen:
            current = queue.pop(0)
            for following in sorted(edges[current]):
                if following == start:
                    steps = [current]
                    while came_from[steps[-1]] is not None:
                        steps.append(came_from[steps[-1]])
                    steps.reverse()
                    seen.update(steps)
                    text = " → ".join(
                        f"{step}:{edges[step][nxt]}"
                        for step, nxt in zip(steps, [*steps[1:], start], strict=True)
                    )
                    found_cycles.append(f"{text} → {start}: {CYCLE}")
                    break
                if following not in came_from:
                    came_from[following] = current
                    queue.append(following)
    return found_cycles


def app_sources(folders) -> dict[str, str]:
    sources = {}
    for folder in folders:
        for file in sorted((ROOT / folder).rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            if "/migrations/" not in path:
                sources[path] = file.read_text(encoding="utf-8")
    return sources


SOURCES = app_sources(FOLDERS)
MODULES = frozenset(module_name(path) for path in SOURCES)
LAYER_PATHS = sorted(path for path in SOURCES if is_layer_module(path))
CYCLES = cycles(SOURCES)


@pytest.mark.parametrize("path", LAYER_PATHS)
def test_layer_module_imports_only_downward_and_at_the_top(path):
    problems = layer_violations(SOURCES, path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("app", APPS)
def test_layer_modules_sit_in_no_import_cycle(app):
    problems = [cycle for cycle in CYCLES if cycle.startswith(f"{app}/")]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", sorted(SOURCES))
def test_module_does_more_than_reexport(path):
    reexports_only = only_reexports(SOURCES[path], path)
    assert not reexports_only, (
        f"{path}: only re-exports; import from the defining module and delete this one "
        "(README, Layout)"
    )


def test_nothing_imports_demo():
    problems = [
        f"{path}:{found.line}: imports {found.target}: nothing imports demo/ (README, Layout)"
        for path, source in SOURCES.items()
        if not path.startswith(f"{DEMO}/")
        for found in imports(source, path, MODULES)
        if found.target.split(".")[0] == DEMO
    ]
    assert not problems, "\n".join(problems)


def test_layer_modules_are_found():
    assert {"wwidw/models.py", "wwidw/permissions.py", "interventions/services.py"} <= set(
        LAYER_PATHS
    )


# The checker itself, on made-up modules: each rule can fail.


def test_upward_import_is_named_with_file_line_and_rule():
    source = '"""Plans."""\n\nfrom django.db import models\nfrom budgets.models import Round\n'
    [problem] = layer_violations({"monitoring/models.py": source}, "monitoring/models.py")
    assert problem.startswith("monitoring/models.py:4: imports budgets.models: upward import")
    assert "may import only interventions, wwidw" in problem


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("interventions/models.py", "from monitoring import calculations\n"),
        ("monitoring/services.py", "import budgets.services\n"),
        ("monitoring/services/plans.py", "from budgets import emails\n"),
        ("archetypes/models.py", "from events.models import ThemeSession\n"),
        ("archetypes/services.py", "from budgets.models import BudgetRound\n"),
        ("budgets/forms.py", "from archetypes import choices\n"),
        ("events/emails.py", "from budgets.models import BudgetRound\n"),
        ("wwidw/permissions.py", "from interventions.models import Intervention\n"),
        ("interventions/choices.py", "from demo import data\n"),
        ("monitoring/querysets.py", "from archetypes.models import Archetype\n"),
    ],
)
def test_upward_or_sideways_import_fails(path, source):
    [problem] = layer_violations({path: source}, path)
    assert f"{path}:1:" in problem
    assert "upward import" in problem


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("events/services.py", "from archetypes.models import ActiveIngredient\n"),
        ("events/models.py", "from monitoring.models import MonitoringPlan\n"),
        ("budgets/services.py", "from monitoring import services\nimport wwidw.permissions\n"),
        ("archetypes/calculations.py", "from monitoring.calculations import sroi\n"),
        ("monitoring/models.py", "from . import choices\nfrom .calculations import total\n"),
        ("wwidw/models.py", "import datetime\nfrom django.db import models\n"),
        ("events/forms.py", "from django import forms\n\nif True:\n    import decimal\n"),
    ],
)
def test_downward_and_outside_imports_pass(path, source):
    assert layer_violations({path: source}, path) == []


def test_import_inside_a_method_fails_even_from_the_same_app_or_the_standard_library():
    source = (
        "class User:\n"
        "    def is_programme_staff(self):\n"
        "        from wwidw import permissions\n"
        "\n"
        "        return permissions.is_programme_staff(self)\n"
        "\n"
        "\n"
        "async def later():\n"
        "    if True:\n"
        "        import json\n"
    )
    problems = layer_violations({"wwidw/models.py": source}, "wwidw/models.py")
    assert [problem.split(": imports")[0] for problem in problems] == [
        "wwidw/models.py:3",
        "wwidw/models.py:10",
    ]
    assert all("import inside a function" in problem for problem in problems)


def test_upward_import_inside_a_function_breaks_both_rules():
    source = "def total():\n    from budgets.models import BudgetRound\n"
    problems = layer_violations({"monitoring/services.py": source}, "monitoring/services.py")
    assert len(problems) == 2


def test_upward_import_through_a_helper_module_is_named_with_its_chain():
    sources = {
        "monitoring/models.py": "from monitoring.portfolio import rows\n",
        "monitoring/portfolio.py": "import datetime\n\nfrom budgets.models import BudgetRound\n",
        "monitoring/views.py": "from budgets.models import BudgetRound\n",
    }
    [problem] = layer_violations(sources, "monitoring/models.py")
    assert problem.startswith(
        "monitoring/models.py:1 → monitoring/portfolio.py:3: imports budgets.models: upward import"
    )


def test_helper_of_a_lower_app_is_held_to_the_importing_modules_rule():
    sources = {
        "interventions/documents.py": "from archetypes import figures\n",
        "monitoring/services.py": "from interventions.documents import html_to_pdf\n",
        "events/services.py": "from interventions.documents import html_to_pdf\n",
    }
    [problem] = layer_violations(sources, "monitoring/services.py")
    assert problem.startswith(
        "monitoring/services.py:1 → interventions/documents.py:1: imports archetypes"
    )
    assert layer_violations(sources, "events/services.py") == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("monitoring/models.py", True),
        ("monitoring/models/plans.py", True),
        ("monitoring/services/__init__.py", True),
        ("monitoring/querysets.py", True),
        ("events/emails.py", True),
        ("archetypes/choices.py", True),
        ("monitoring/views/budgets.py", False),
        ("archetypes/figures.py", False),
        ("events/admin.py", False),
        ("demo/services.py", False),
        ("tests/monitoring/test_models.py", False),
    ],
)
def test_layer_modules_are_recognised(path, expected):
    assert is_layer_module(path) is expected


def test_cycle_between_layer_modules_is_named():
    sources = {
        "events/__init__.py": "",
        "events/services.py": "import datetime\n\nfrom events import emails\n",
        "events/emails.py": "from events import calendar, services\n",
        "events/calendar.py": "",
        "events/views.py": "from events import services\n",
    }
    assert cycles(sources) == [
        f"events/emails.py:1 → events/services.py:3 → events/emails.py: {CYCLE}"
    ]


def test_longer_cycle_through_a_helper_module_is_named():
    sources = {
        "monitoring/models.py": "from monitoring.portfolio import rows\n",
        "monitoring/portfolio.py": "from monitoring.querysets import PlanQuerySet\n",
        "monitoring/querysets.py": "from monitoring.models import MonitoringPlan\n",
    }
    [cycle] = cycles(sources)
    assert cycle.startswith(
        "monitoring/models.py:1 → monitoring/portfolio.py:1 → monitoring/querysets.py:1 → "
        "monitoring/models.py"
    )


def test_import_inside_a_function_is_left_to_its_own_rule_not_reported_as_a_cycle():
    sources = {
        "wwidw/models.py": "def f():\n    from wwidw import permissions\n",
        "wwidw/permissions.py": "from wwidw.models import User\n",
    }
    assert cycles(sources) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"""Models."""\n\nfrom .plans import Plan\nfrom .budgets import Round\n', True),
        ('from .plans import Plan\n\n__all__ = ["Plan"]\n', True),
        ("from .plans import Plan\n__all__: list[str] = []\n__all__ += ['Plan']\n", True),
        ("", False),
        ('"""The monitoring pages."""\n', False),
        ("from .plans import Plan\n\n\ndef total():\n    return 1\n", False),
        ("from .plans import Plan\n\nZERO = 0\n", False),
    ],
)
def test_reexport_only_module_is_recognised(source, expected):
    assert only_reexports(source, "monitoring/models/__init__.py") is expected
