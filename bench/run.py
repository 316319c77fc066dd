"""`make bench`: run the benchmarks of this directory, each in its own process (bench/README.md).

    bench/run.py                      every benchmark below
    bench/run.py org [--iterations N] one of them, with its own options

`org` needs DATABASE_URL pointing at PostgreSQL loaded by `manage.py seed_scale`; `import`
brings its own throw-away database. The exit status is non-zero if any benchmark failed or
missed its target.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "org": "bench_org.py",  # scoped worker list / API / stats at province scale
    "import": "bench_import.py",  # Excel import of 10,000 achievements
    "assign": "bench_assignment.py",  # expert assignment: 1,300 items, 60 experts, 3 each
    "duplicates": "duplicates.py",  # near-duplicate check (查重) over 1,000,000 texts on PostgreSQL
}


def main(argv: list[str]) -> int:
    names = [arg for arg in argv if arg in BENCHMARKS]
    options = [arg for arg in argv if arg not in BENCHMARKS]
    if options and len(names) != 1:
        print("options go to one benchmark: bench/run.py <name> [options]", file=sys.stderr)
        return 2
    failed = []
    for name in names or list(BENCHMARKS):
        script = HERE / BENCHMARKS[name]
        if not script.exists():
            continue
        print(f"== {name}: {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script), *options], check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"== failed or missed the target: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
