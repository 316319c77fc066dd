"""Excel batch import of achievements (成果批量导入).

One file is one all-or-nothing import into one campaign:

1. `read_workbook` checks the header row against the template and reads the data rows;
2. `AchievementImporter.validate` checks every row cell by cell with the lookups done in
   bulk (workers by ID-number hash, workers by name within a unit, units by name, existing
   titles: a handful of queries for the whole file, none per row) and then runs each row
   through the same rules as the form (`rules.apply_fields`, `authors_from`, `patents_from`);
   every problem becomes {"row": Excel row number, "column": header, "message": text};
3. `AchievementImporter.create` writes everything with bulk inserts in one transaction,
   writes an audit row per item through the audit writer (bulk creation bypasses the change
   tracker) and, when asked, submits each item through the workflow kernel. Any error rolls
   the whole file back.

`start_import` (the upload page) stores the file as an ImportBatch and queues the job
`tasks.run_import` (innovation.core.tasks); the job (`run_batch`) holds the batch's lease
(innovation.core.jobs) and records progress on it as it goes, so the page can show it. The
batch becomes "done" in the same transaction as the achievements, so a worker that dies at
any moment leaves either a complete import or none (and a batch a worker takes back or the
page marks interrupted).


The parts: `columns` (the template's columns, the file's limits, reading the data sheet),
`xlsx` (the sheet reader and cell parsers, shared with innovation.experts.importer),
`workbook` (template, help sheet, error list), `rows` (pass 1: each row on its own),
`importer` (pass 2 and the write), `job` (whole files, the upload and the background job).
"""

from .columns import COLUMNS, MAX_ROWS, SHEET_DATA, ImportRefused, import_key, import_max_bytes, read_workbook
from .importer import AchievementImporter, ImportOutcome, SubmitFailed
from .job import import_workbook, run_batch, start_import
from .workbook import build_template, errors_workbook

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "SHEET_DATA",
    "AchievementImporter",
    "ImportOutcome",
    "ImportRefused",
    "SubmitFailed",
    "build_template",
    "errors_workbook",
    "import_key",
    "import_max_bytes",
    "import_workbook",
    "read_workbook",
    "run_batch",
    "start_import",
]
