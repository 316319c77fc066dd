"""Moved to `innovation.audit.masking` (the audit writer masks with it, and `audit` stands below
`core`). This name stays only while tests/demo_site/test_no_personal_data_in_logs.py imports it
from here. TODO(i9): lead switches that import and removes this module."""

from innovation.audit.masking import mask_id_number  # noqa: F401
