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
        self.name_historical_models()

    def name_historical_models(self):
        """Make each model importable from the module it names, historical ones included.

        With the models in a package, django-simple-history gives its historical models the
        app's package (``sanctions``) as their module but sets them on the submodule that
        declared the model, so ``sanctions.HistoricalSubject`` would not import (Django's
        shell imports every model by its module and name).
        """
        package = self.module
        for model in self.get_models():
            if model.__module__ == package.__name__:
                setattr(package, model.__name__, model)
