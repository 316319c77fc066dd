"""The place of `Result` (and the season table of a league).

Deliberately empty in I11-A: the results are computed by the pure scoring core
`innovation.competitions.scoring` (I11-B) from `selectors.occupation_marks(occupation)`, and the
lead adds the `Result` model here when joining the two (one row per registration: total,
theory, practical, standardised score, rank, place, prize, title, promotion, computed_at).
`Occupation.results_stale` says that the marks changed since the last computation."""
