"""The achievements app's models, in named parts; every name stays importable from here
(`from innovation.achievements.models import Achievement`)."""

from .core import (
    EDITABLE_STATES,
    FILED_STATES,
    FINAL_STATES,
    Achievement,
    Attachment,
    Author,
    AwardGrade,
    Campaign,
    DemonstrationPost,
    Field,
    ImportBatch,
    Kind,
    Patent,
    RubricCriterion,
    ScoringMethod,
    State,
    attachment_path,
    percent,
)
from .duplicates import DuplicatePair, Verdict

__all__ = [
    "EDITABLE_STATES",
    "FILED_STATES",
    "FINAL_STATES",
    "Achievement",
    "Attachment",
    "Author",
    "AwardGrade",
    "Campaign",
    "DemonstrationPost",
    "DuplicatePair",
    "Field",
    "ImportBatch",
    "Kind",
    "Patent",
    "RubricCriterion",
    "ScoringMethod",
    "State",
    "Verdict",
    "attachment_path",
    "percent",
]
