"""Cross-list resolution: pairs of subjects from different lists that may be one party.

:func:`run.xref` is the entry point (``manage.py xref``, and the run after each import):
:mod:`.profiles` reads what is compared, :mod:`.blocking` finds the candidate pairs (shared
identifiers, then names through the screening engine), :mod:`.scoring` scores them with the
weights of :mod:`.weights`, and :mod:`.run` proposes or merges them. The core never imports
this package. docs/resolution.md has the rules.
"""
