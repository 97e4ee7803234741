from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    """Name screening: its name index, the index's upkeep, ``/screen/`` and the match API.

    It depends on the core app (``sanctions``), which never imports it: the core's subject
    search asks for this app's ranking through :func:`sanctions.search.use_name_ranking`,
    and the admin's duplicate check for its likely duplicates through
    :func:`sanctions.search.use_similar_names`.
    """

    name = "sanctions.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self):
        from sanctions.search import use_name_ranking, use_similar_names

        from . import signals  # noqa: F401 (keeps the name index in step with the subjects)
        from .engine import rank_subjects, similar_subjects

        use_name_ranking(rank_subjects)
        use_similar_names(similar_subjects)
