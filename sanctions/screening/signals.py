"""Receivers that keep the name index in step with the subjects and their aliases.

Every write that changes a name reaches the index through a signal: a subject's or an
alias's save or delete (Django's ``post_save`` and ``post_delete``, fixture loads included),
and a bulk write by an importer (the core's ``subjects_renamed``). Deleting a subject
deletes its index rows by cascade.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sanctions.models import Alias, Subject
from sanctions.signals import subjects_renamed

from .index import refresh_name_index


@receiver(post_save, sender=Subject, dispatch_uid="screening_index_subject")
def index_subject(sender, instance, **kwargs):
    refresh_name_index([instance.pk])


@receiver(post_save, sender=Alias, dispatch_uid="screening_index_alias_saved")
def index_saved_alias(sender, instance, **kwargs):
    refresh_name_index([instance.subject_id])


@receiver(post_delete, sender=Alias, dispatch_uid="screening_index_alias_deleted")
def index_deleted_alias(sender, instance, origin=None, **kwargs):
    # An alias deleted with its subject: the subject's index rows go by cascade, and
    # indexing the subject here, before its own row is deleted, would leave rows behind.
    deleted = getattr(origin, "model", type(origin))
    if deleted is not Subject:
        refresh_name_index([instance.subject_id])


@receiver(subjects_renamed, dispatch_uid="screening_index_bulk")
def index_subjects(sender, subject_ids, **kwargs):
    refresh_name_index(subject_ids)
