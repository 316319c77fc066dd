"""The competitions' Excel imports, all or nothing, every problem named by row and column:
the units' batch registration (registrations.py) and the organiser's theory scores (theory.py)."""

from .registrations import ImportRefused, ImportResult, build_template, import_registrations
from .theory import TheoryImportResult, build_theory_template, import_theory_scores

__all__ = [
    "ImportRefused",
    "ImportResult",
    "TheoryImportResult",
    "build_template",
    "build_theory_template",
    "import_registrations",
    "import_theory_scores",
]
