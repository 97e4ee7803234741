"""Name search and screening: find a party however its name is spelled or written.

- :mod:`.text` (and :mod:`.korean` for Hangul): folding, transliteration (Hangul, Cyrillic,
  Chinese, Arabic), word weights, index keys;
- :mod:`.models` and :mod:`.index`: the name index, derived from the subjects and their
  aliases; :mod:`.signals`: the receivers that keep it in step with them;
- :mod:`.engine`: candidate search and scoring with explanations, and the ranking the core's
  subject search uses (plugged in by :class:`.apps.ScreeningConfig`);
- :mod:`.views`, :mod:`.forms`, :mod:`.urls`: the ``/screen/`` page; :mod:`.api`: the match
  API (``POST /api/v1/match/``).

See docs/screening.md.
"""
