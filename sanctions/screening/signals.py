"""Signal handlers that keep the name index in step with single saves.

Alias saves and deletes made through the model go through
``SubjectQuerySet.refresh_search_text()``, which refreshes the index too; deleting a subject
or an alias deletes its index rows by cascade. Fixture loads (``loaddata``) save raw, past
``Model.save()``, so they are caught here.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ..models import Alias, Subject
from .index import refresh_name_index


@receiver(post_save, sender=Subject, dispatch_uid="screening_index_subject")
def index_subject(sender, instance, **kwargs):
    refresh_name_index([instance.pk])


@receiver(post_save, sender=Alias, dispatch_uid="screening_index_loaded_alias")
def index_loaded_alias(sender, instance, raw=False, **kwargs):
    if raw:
        refresh_name_index([instance.subject_id])
