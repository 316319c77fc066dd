"""The scoring core of skills competitions (职工职业技能大赛): pure Python, Decimal only, no database.

`compute(scheme, contestants)` turns one occupation's marks into results; `season_table(rule,
entries)` adds a league's rounds. The services load the rows, call these, and store what they
return; a correction is a re-entry of marks and a recomputation, never an edited result.

The formula
-----------
Every figure below is rounded half-up to 3 decimal places when it is produced, and the next step
uses the rounded figure, so anyone can redo a result sheet by hand from its published figures and
SQLite and PostgreSQL runs agree to the digit (no floats anywhere; marks are int or Decimal).

1. Aspect points.
   * measurement: the mark (the mean when several judges enter it), 0 ≤ mark ≤ max points;
   * judgement: each judge gives 0, 1, 2 or 3; points = mean of the judges' marks / 3 × max
     points (computed as Σ marks × max / (3 × number of marks), one division).
2. Section score (0–100) = Σ points of its aspects / Σ their max points × 100.
3. Practical (0–100) = Σ section score × section weight / 100 (section weights sum to 100).
4. Total (0–100) = theory × theory weight / 100 + practical × practical weight / 100
   (weights are data; default 30 : 70, the national workers' contest).
5. Partial scores: what exists is used and the result is flagged. An aspect nobody marked scores
   0 (its max still counts in the section's denominator, so a gap never raises a section);
   a judgement aspect with fewer judges than the scheme expects (3) uses the mean of those
   present; a missing theory score counts 0 when theory has a weight. Flags: MISSING_MARKS,
   MISSING_THEORY; JUDGE_SPREAD when a judgement aspect's judges differ by more than the scheme's
   spread_limit (1 by default, the WorldSkills rule for judgement marks).

Worked example (theory 30 : practical 70; section A weight 40, section B weight 60):

    aspect  section  kind         max  marks       points
    A1      A        measurement  10   8           8.000
    A2      A        judgement     6   2, 3, 2     7 × 6 / (3 × 3) = 4.667
    B1      B        measurement  20   15          15.000
    B2      B        judgement     9   3, 3, 2     8 × 9 / (3 × 3) = 8.000

    section A = (8.000 + 4.667) / (10 + 6) × 100 = 12.667 / 16 × 100 = 79.16875 → 79.169
    section B = (15.000 + 8.000) / (20 + 9) × 100 = 23 / 29 × 100 = 79.3103… → 79.310
    practical = 79.169 × 40 / 100 + 79.310 × 60 / 100 = 31.6676 + 47.586 = 79.2536 → 79.254
    total with theory 82 = 82 × 30 / 100 + 79.254 × 70 / 100 = 24.6 + 55.4778 = 80.0778 → 80.078

(tests/competitions/test_scoring.py recomputes this example.)

Standardisation (optional, per occupation)
------------------------------------------
WorldSkills' Competition Information System puts each skill's median competitor at 700 on the
WorldSkills scale, most competitors falling between 600 and 800; the public descriptions found
(e.g. skillshub.io, "WorldSkills Scale") say only that and that the rest is "statistical
analysis" — the CIS formula itself is not published in what could be searched. So this is the
formula of the brief, stated exactly: each total T_i is first put on a scale of mean 500 and
standard deviation 100, s_i = 500 + 100 × (T_i − mean) / sd (population SD of the occupation's
totals), then the whole scale is shifted so that the median lands on 700: S_i = s_i + 700 −
median(s). As the median of a linear transform is the transform of the median, this equals
S_i = 700 + 100 × (T_i − median(T)) / sd, which is what `standardise.py` computes. With sd = 0
(one contestant, or all equal) everyone gets 700. Example: totals 75, 76, 78, 85, 87, 91 have
mean 82, sd 6, median 81.5, so 75 → 700 + 100 × (−6.5) / 6 = 591.667 and 91 → 858.333.

Ranking, places, titles
-----------------------
By the total, or by the standardised total when the scheme standardises (the same order), higher
first; then the scheme's tie-break keys in the declared order: "practical", "theory",
"aspect:<code>" (that aspect's points), "time" (lower first; a missing time loses). Contestants
equal on all of them share a rank: 1, 2, 2, 4. Each result explains in words which key ordered
it against the contestants with the same total. Places come from configured counts taken in
order (一等奖 1, 二等奖 2, 三等奖 3 → positions 1 | 2–3 | 4–6); a rank takes the place of its
position, and **a shared rank straddling a boundary gives all its members the better place**:
that place's count is then exceeded, which `Outcome.places` (PlaceTally.exceeded) and a
SHARED_AT_BOUNDARY flag on each member say. Titles and promotion recommendations follow the
rank by rules (from_rank, to_rank, title, promotion), e.g. (1, 5, 技术能手, 技师),
(6, 15, 优秀选手, 高级工); a shared rank inside a range is inside it for all its members.

League season tables: see `league.py` (sum of rounds, or best N of M; ties by declared keys such
as the better last round).
"""

from .inputs import (
    JUDGE_SPREAD,
    JUDGEMENT,
    MEASUREMENT,
    MISSING_MARKS,
    MISSING_THEORY,
    MISSING_TIME,
    PRACTICAL,
    SHARED_AT_BOUNDARY,
    THEORY,
    TIME,
    Aspect,
    Contestant,
    Flag,
    Outcome,
    Place,
    PlaceTally,
    Result,
    Scheme,
    Section,
    Standardisation,
    TitleRule,
)
from .league import BEST_ROUND, LAST_ROUND, LeagueRule, SeasonEntry, SeasonRow, season_table
from .results import compute
from .standardise import standardise

__all__ = [
    "BEST_ROUND",
    "JUDGEMENT",
    "JUDGE_SPREAD",
    "LAST_ROUND",
    "MEASUREMENT",
    "MISSING_MARKS",
    "MISSING_THEORY",
    "MISSING_TIME",
    "PRACTICAL",
    "SHARED_AT_BOUNDARY",
    "THEORY",
    "TIME",
    "Aspect",
    "Contestant",
    "Flag",
    "LeagueRule",
    "Outcome",
    "Place",
    "PlaceTally",
    "Result",
    "Scheme",
    "SeasonEntry",
    "SeasonRow",
    "Section",
    "Standardisation",
    "TitleRule",
    "compute",
    "season_table",
    "standardise",
]
