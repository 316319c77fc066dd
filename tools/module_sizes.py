"""Module-size lint: no Python module under innovation/ over LIMIT lines without a named reason.

Lists every module over the limit (migrations aside: they are generated) and fails unless each is
named in tools/module_sizes.txt with a reason. An entry that is no longer over the limit (or no
longer exists) is reported so that it can be deleted, but does not fail the lint.

    python tools/module_sizes.py            # from the repository's root (make lint runs it)
"""

import sys
from pathlib import Path

LIMIT = 500
ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "tools" / "module_sizes.txt"


def read_exceptions(path: Path) -> tuple[dict[str, str], list[str]]:
    """`path  reason` per line; '#' starts a comment line. Returns {path: reason} and errors."""
    entries, errors = {}, []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            errors.append(f"{path.name}:{number}: {name} names no reason")
        entries[name] = reason.strip()
    return entries, errors


def oversized(root: Path) -> dict[str, int]:
    sizes = {}
    for module in sorted((root / "innovation").rglob("*.py")):
        if "migrations" in module.parts:
            continue
        with module.open("rb") as f:
            lines = sum(1 for _ in f)
        if lines > LIMIT:
            sizes[module.relative_to(root).as_posix()] = lines
    return sizes


def main(root: Path = ROOT, exceptions: Path = EXCEPTIONS) -> int:
    allowed, errors = read_exceptions(exceptions)
    sizes = oversized(root)
    for name, lines in sizes.items():
        if name in allowed:
            print(f"  {lines:5d}  {name}  (allowed: {allowed[name]})")
        else:
            errors.append(
                f"{name} has {lines} lines (over {LIMIT}): split it, or name it with a reason in {exceptions.name}"
            )
    for name in sorted(set(allowed) - set(sizes)):
        print(f"note: {name} is no longer over {LIMIT} lines: delete its entry in {exceptions.name}")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if not errors:
        print(f"module sizes: {len(sizes)} over {LIMIT} lines, each with a named reason")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
