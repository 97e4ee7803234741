"""Signals the core sends for writes that Django's own model signals do not see.

``subjects_renamed`` is sent with ``subject_ids`` after a bulk write (an import) created
subjects or changed their names or aliases without saving each one. Apps that keep data
derived from names (the screening app's name index) refresh it on this signal, exactly as
they do on ``post_save`` and ``post_delete`` of a single subject or alias.
"""

from django.dispatch import Signal

subjects_renamed = Signal()
