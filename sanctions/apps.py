from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "sanctions"
    verbose_name = _("Sanctions")

    def ready(self):
        from .groups import ensure_groups

        # After every migrate, so that permissions of models added later are granted too.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="sanctions_ensure_groups")
