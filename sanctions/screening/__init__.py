"""Name search and screening: find a party however its name is spelled or written.

- :mod:`.text`: folding, transliteration (Hangul, Cyrillic, Chinese, Arabic), weights, keys;
- :mod:`.models` and :mod:`.index`: the name index kept with the data;
- :mod:`.engine`: candidate search and scoring with explanations.

See docs/screening.md.
"""
