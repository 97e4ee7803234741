"""The two editor groups and what they may do in the admin."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

ANALYSTS = "Analysts"
VIEWERS = "Viewers"

# Reference data is shared by every record: analysts may add and change it, never delete it.
REFERENCE_MODELS = {"agency", "legalauthority", "program", "measure"}
# Designations end by delisting, not deletion; subjects carry designations.
NEVER_DELETED_BY_ANALYSTS = REFERENCE_MODELS | {"subject", "designation", "sourcearticle"}
# Records that only the system writes (history, import runs): analysts read them.
READ_ONLY_MODELS = {"importrun", "listentry", "importchange", "indexedname", "namekey"}
# Proposed pairs come from xref and merges from decisions: analysts decide pairs and split
# merges (the change permission), and never add or delete either, so no decision is lost.
DECIDED_MODELS = {"subjectpair", "subjectmerge"}


def analyst_codenames(model_name):
    if model_name in READ_ONLY_MODELS:
        return {f"view_{model_name}"}
    if model_name in DECIDED_MODELS:
        return {f"view_{model_name}", f"change_{model_name}"}
    actions = {"add", "change", "view"}
    if model_name not in NEVER_DELETED_BY_ANALYSTS:
        actions.add("delete")
    return {f"{action}_{model_name}" for action in actions}


def ensure_groups(app_config, using="default", apps=global_apps, **kwargs):
    """Create or update the Analysts and Viewers groups (runs after every ``migrate``)."""
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    models = [
        model for model in app_config.get_models() if not model.__name__.startswith("Historical")
    ]
    analyst_perms, viewer_perms = set(), set()
    for model in models:
        name = model._meta.model_name
        analyst_perms |= analyst_codenames(name)
        viewer_perms.add(f"view_{name}")
    # Analysts manage API tokens for scripts in the admin.
    token_perms = {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("token", "tokenproxy")
    }
    in_app = Permission.objects.using(using).filter(content_type__app_label=app_config.label)
    tokens = Permission.objects.using(using).filter(
        content_type__app_label="authtoken", codename__in=token_perms
    )
    analysts, _ = Group.objects.using(using).get_or_create(name=ANALYSTS)
    analysts.permissions.set([*in_app.filter(codename__in=analyst_perms), *tokens])
    viewers, _ = Group.objects.using(using).get_or_create(name=VIEWERS)
    viewers.permissions.set(in_app.filter(codename__in=viewer_perms))
