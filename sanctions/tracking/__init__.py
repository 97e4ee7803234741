"""Time and change: the recorded history, the change feed, records as of a day, delisting,
optimistic locking in the admin and the Atom feed. Writes that only importers make live with
the importers (``sanctions.importers.history``).
"""
