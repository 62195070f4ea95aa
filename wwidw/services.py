from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from wwidw.models import PROGRAMME_STAFF_GROUP

VOCABULARY_MODELS = ["theme", "interventiontype", "targetgroup", "effect"]

# What programme staff may do in the admin, per app: every action (None), or the named actions
# ("view" for every model) and permissions ("delete_membership"). Apps that gain models later are
# covered by their label.
PROGRAMME_STAFF_ACTIONS = {
    "archetypes": None,
    "events": None,
    "interventions": [
        "view",
        *[f"{action}_{model}" for action in ("add", "change") for model in VOCABULARY_MODELS],
    ],
    # Monitoring is the partners' own; programme staff keep the shared proxy library.
    "monitoring": [f"{action}_financialproxy" for action in ("view", "add", "change")],
    "wwidw": ["view", "add", "change", "delete_membership"],
    "axes": ["view", "delete"],
}


@transaction.atomic
def sync_programme_staff_group(*, using: str = "default") -> Group:
    """Create the Programmabureau group and give it exactly the curation permissions."""
    group, _ = Group.objects.using(using).get_or_create(name=PROGRAMME_STAFF_GROUP)
    condition = Q(pk__in=[])
    for app_label, actions in PROGRAMME_STAFF_ACTIONS.items():
        app_condition = Q(content_type__app_label=app_label)
        if actions is not None:
            action_condition = Q(pk__in=[])
            for action in actions:
                action_condition |= Q(codename__startswith=f"{action}_") | Q(codename=action)
            app_condition &= action_condition
        condition |= app_condition
    group.permissions.set(Permission.objects.using(using).filter(condition))
    return group
