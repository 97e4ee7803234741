"""Every threshold and weight of cross-list resolution, in one place (docs/resolution.md)."""

# A pair scoring at or above this waits for an analyst in the review queue.
REVIEW_THRESHOLD = 0.7
# Names found by the name search below this score are not worth scoring as a pair.
MIN_NAME_SCORE = 0.6
# An automatic merge also needs the names to agree at least this well.
AUTO_MERGE_MIN_NAME = 0.7

# How much a shared identifier lifts the name score s: 1 - (1 - s) * (1 - lift).
STRONG_IDENTIFIER_LIFT = 0.8
OTHER_IDENTIFIER_LIFT = 0.5

# Added for agreement, taken for conflict.
BIRTH_DATE_EXACT, BIRTH_DATE_AGREES, BIRTH_DATE_NEAR, BIRTH_DATE_CONFLICT = 0.1, 0.05, -0.1, -0.3
NATIONALITY_AGREES, NATIONALITY_CONFLICT = 0.05, -0.15
# A person against an organization, vessel or aircraft; an organization against a vessel.
KIND_CONFLICT, KIND_DIFFERS = -0.5, -0.05
# Dates of birth this close (in days) but not overlapping are "near", not a conflict.
NEAR_DAYS = 366
# An identifier carried by more subjects than this identifies none of them.
MAX_BLOCK = 10
# How many subjects each name search brings, at the most.
NAME_CANDIDATES = 10
