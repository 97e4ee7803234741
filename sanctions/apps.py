from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class SanctionsConfig(AppConfig):
    name = "sanctions"
    verbose_name = _("Sanctions")

    def ready(self):
        from .groups import ensure_groups
        from .readcache import record_written

        # After every migrate, so that permissions of models added later are granted too.
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="sanctions_ensure_groups")
        # Any write to the records retires the cached counts and chart (sanctions/readcache.py).
        post_save.connect(record_written, dispatch_uid="sanctions_readcache_save")
        post_delete.connect(record_written, dispatch_uid="sanctions_readcache_delete")
        m2m_changed.connect(record_written, dispatch_uid="sanctions_readcache_m2m")
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
