"""Every tuning weight and threshold of screening, in one place (docs/screening.md).

The scoring functions (:mod:`.scoring`) and the candidate search (:mod:`.candidates`) read
them from here, so that tuning the engine means editing this module and nothing else.
"""

# A candidate whose score reaches this is reported as a match (see docs/screening.md).
DEFAULT_THRESHOLD = 0.8
# Candidates returned per query, by default and at the most.
DEFAULT_LIMIT = 5
MAX_LIMIT = 50

# --- names ------------------------------------------------------------------------------

# Score ceiling when only short or generic words agree ("KIM", "CORP", "LTD").
COMMON_ONLY_CEILING = 0.6
# A short word in at most this many listed names is an acronym that can match alone.
RARE_SHORT_WORD = 3
# How much a word's frequency in the index lowers its weight (see scoring.rarity()).
RARITY_SLOPE, RARITY_FLOOR = 0.08, 0.4
WEAK_ALIAS_FACTOR = 0.9
# How much of a whole word an initial that agrees with it confirms.
INITIAL_SHARE = 0.3
# Word pairs below this similarity do not count as agreeing at all; between it and
# CLOSE_WORDS they count for less than their similarity (see scoring.agreement()).
MIN_WORD_SIMILARITY, CLOSE_WORDS = 0.65, 0.8
# Words with the same consonant outline are at least this similar (base + share * edits).
SAME_OUTLINE_BASE, SAME_OUTLINE_SHARE = 0.55, 0.35
# Words differing only in how a final -y/-i is written ("Arkadiy", "Arkady", "Arkadii").
SAME_ENDING = 0.92

# --- other features ---------------------------------------------------------------------

# Scores added for agreement and taken for conflict of the other features.
BIRTH_DATE_EXACT, BIRTH_DATE_AGREES, BIRTH_DATE_NEAR, BIRTH_DATE_CONFLICT = 0.05, 0.03, -0.05, -0.2
# A clear conflict: both dates exact days and more than CLEAR_CONFLICT_DAYS apart. It takes
# enough to pull a perfect name with no other evidence below DEFAULT_THRESHOLD: two people
# born years apart are not one party, however alike their names.
BIRTH_DATE_CLEAR_CONFLICT, CLEAR_CONFLICT_DAYS = -0.3, 2 * 365
NATIONALITY_AGREES, NATIONALITY_CONFLICT = 0.03, -0.08
IDENTIFIER_AGREES = 0.15

# --- candidate search -------------------------------------------------------------------

# How many postings one query may read, and how many names and subjects it keeps.
KEY_BUDGET = 5000
CANDIDATE_NAMES = 200
CANDIDATE_SUBJECTS = 25
