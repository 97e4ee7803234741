"""Time and change: what was recorded, when, by whom, and records as they stood.

- :mod:`.history`: the recorded history (django-simple-history) as readers see it: recent
  changes, a subject's designation timeline;
- :mod:`.feed`: the change feed read by ``/api/v1/changes/``, ``/changes/`` and the Atom feed;
- :mod:`.atom`: ``/changes/feed/``;
- :mod:`.asof`: records as they stood at the end of a day (``?as_of=``);
- :mod:`.delisting`: delisting and relisting as steps with their sources;
- :mod:`.locking`: optimistic locking in the admin.

It reads history; the importers' own bulk writes of history live with the importers
(:mod:`sanctions.importers.history`).
"""
