"""Competition results for 2,000 contestants x 30 aspects x 3 judges (target: <= 2 s).

Times the pure scoring core (innovation.competitions.scoring, no database): 180,000 marks
generated deterministically (seeded), then every contestant's aspect points, section scores,
practical and total, the WorldSkills-style standardisation of the occupation, the ranking with
declared tie-breaks (practical, then an aspect, then time), places and titles. It prints the
seconds of each phase (elapsed, CPU of the process in brackets) and of the whole `compute`, which
is what the target applies to; the exit status is 1 when `compute` takes longer.

    .venv/bin/python bench/competition_scoring.py [--contestants 2000] [--aspects 30] [--judges 3]
                                                  [--repeat 3] [--target 2]
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = 5


def setup_django() -> None:
    """Settings only (messages go through gettext); no database is opened."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "Sm1uZ3pob3UtdGVzdC1rZXktMDEyMzQ1Njc4OWFiY2Q=")
    os.environ.setdefault("PII_HASH_KEY", "bench-only-pii-hash-key")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()


def make_scheme(n_aspects: int, judges: int):
    from innovation.competitions import scoring

    per_section = max(1, n_aspects // SECTIONS)
    sections = [scoring.Section(f"S{s + 1}", 100 // SECTIONS) for s in range(SECTIONS)]
    aspects = [
        scoring.Aspect(
            code=f"A{i + 1:02d}",
            section=f"S{min(i // per_section, SECTIONS - 1) + 1}",
            kind=scoring.JUDGEMENT if i % 2 else scoring.MEASUREMENT,
            max_points=(5, 10, 15)[i % 3],
        )
        for i in range(n_aspects)
    ]
    return scoring.Scheme(
        sections=sections,
        aspects=aspects,
        tie_break=["practical", "aspect:A02", "time"],
        standardise=True,
        places=[("一等奖", 1), ("二等奖", 3), ("三等奖", 6)],
        titles=[(1, 10, "技术能手", "技师"), (11, 50, "优秀选手", "高级工")],
        judges=judges,
    )


def make_contestants(rng: random.Random, scheme, n: int, judges: int) -> list:
    """Each contestant has an ability; judgement marks 0-3 and measurement marks in tenths of a
    point scatter around it, so totals, spreads and a few ties look like a real contest."""
    from innovation.competitions.scoring import JUDGEMENT, Contestant

    tenth = Decimal("0.1")
    contestants = []
    for cid in range(1, n + 1):
        ability = rng.uniform(0.35, 0.95)
        marks = {}
        for a in scheme.aspects:
            if a.kind == JUDGEMENT:
                centre = ability * 3
                marks[a.code] = [min(3, max(0, round(rng.gauss(centre, 0.4)))) for _ in range(judges)]
            else:
                top = a.max_points * 10
                marks[a.code] = [
                    min(top, max(0, round(rng.gauss(ability * top, top * 0.08)))) * tenth
                    for _ in range(judges)
                ]
        theory = Decimal(min(1000, max(0, round(rng.gauss(ability * 1000, 80))))) * tenth
        contestants.append(
            Contestant(
                cid, theory=theory, marks=marks, time_seconds=rng.randint(1800, 3600), label=f"{cid:04d}"
            )
        )
    return contestants


def phases(scheme, contestants) -> dict:
    """The steps of `compute`, timed one by one (for the breakdown; `compute` is the figure)."""
    from innovation.competitions.scoring import formula, numbers, ranking, results
    from innovation.competitions.scoring.standardise import standardise

    timings = {}
    with numbers.working_context():
        t0, c0 = time.perf_counter(), time.process_time()
        prepared = formula.Prepared(scheme)
        scored = [(c, formula.score(prepared, c)) for c in contestants]
        t1, c1 = time.perf_counter(), time.process_time()
        scaled, _stats = standardise({c.id: s.total for c, s in scored})
        t2, c2 = time.perf_counter(), time.process_time()
        entries = [results._Entry(c, s, scaled[c.id], results._time(c)) for c, s in scored]
        ranking.rank_rows(
            entries,
            ident=lambda e: e.contestant.id,
            name=lambda e: e.contestant.name,
            primary=lambda e: e.primary,
            primary_label="标准化成绩",
            keys=results.tie_keys(scheme),
            value=results._value,
        )
        t3, c3 = time.perf_counter(), time.process_time()
    timings["marks -> totals"] = (t1 - t0, c1 - c0)
    timings["standardisation"] = (t2 - t1, c2 - c1)
    timings["ranking"] = (t3 - t2, c3 - c2)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contestants", type=int, default=2000)
    parser.add_argument("--aspects", type=int, default=30)
    parser.add_argument("--judges", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of compute (the best counts)")
    parser.add_argument("--target", type=float, default=2.0, help="seconds allowed for compute")
    args = parser.parse_args(argv)

    setup_django()
    from innovation.competitions.scoring import JUDGE_SPREAD, MISSING_MARKS, compute

    started = time.perf_counter()
    scheme = make_scheme(args.aspects, args.judges)
    contestants = make_contestants(random.Random(args.seed), scheme, args.contestants, args.judges)
    marks = sum(len(v) for c in contestants for v in c.marks.values())
    print(
        f"generated {len(contestants):,} contestants x {len(scheme.aspects)} aspects x {args.judges} judges "
        f"= {marks:,} marks in {time.perf_counter() - started:.2f} s (not timed)"
    )

    for name, (wall, cpu) in phases(scheme, contestants).items():
        print(f"  {name:<16} {wall:6.2f} s ({cpu:.2f})")

    runs = []
    outcome = None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        outcome = compute(scheme, contestants)
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    best = min(runs)
    print(
        f"compute (scores, standardisation, ranking, places, titles): best of {len(runs)} "
        f"{best[0]:.2f} s ({best[1]:.2f}); runs {', '.join(f'{w:.2f}' for w, _c in runs)} s"
    )

    results = outcome.results
    shared = sum(1 for r in results if r.shared_with)
    explained = sum(1 for r in results if r.explanation)
    spread = sum(1 for r in results if r.flagged(JUDGE_SPREAD))
    partial = sum(1 for r in results if r.flagged(MISSING_MARKS))
    stats = outcome.standardisation
    print(
        f"  totals: mean {stats.mean} / sd {stats.sd} / median {stats.median}; standardised "
        f"{results[-1].standardised} .. {results[0].standardised}"
    )
    print(
        f"  {explained} results ordered by a tie-break, {shared} sharing a rank; {spread} with a judge "
        f"spread flag, {partial} partial; places "
        + ", ".join(f"{p.label} {p.awarded}/{p.count}" for p in outcome.places)
    )
    ok = best[0] <= args.target
    print(f"compute {'within' if ok else 'MISSED'} the target of {args.target:g} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
