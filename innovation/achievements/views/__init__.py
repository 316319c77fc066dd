"""The achievements pages, by page group: lists, detail (and workflow steps, attachments),
edit (filing), campaigns. The Excel import pages are in views_import."""

from .campaigns import campaign_detail, campaign_edit
from .detail import (
    achievement_detail,
    achievement_step,
    attachment_delete,
    attachment_download,
    attachment_upload,
    benefit_verify,
    bulk_action,
)
from .duplicates import DuplicatePairListView, achievement_recheck, pair_verdict
from .edit import achievement_autosave, achievement_edit
from .lists import (
    AchievementListView,
    CampaignListView,
    DemonstrationPostListView,
    benefit_summary,
    demo_posts_print,
)

__all__ = [
    "AchievementListView",
    "DuplicatePairListView",
    "achievement_recheck",
    "pair_verdict",
    "CampaignListView",
    "DemonstrationPostListView",
    "achievement_autosave",
    "achievement_detail",
    "achievement_edit",
    "achievement_step",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "benefit_summary",
    "benefit_verify",
    "bulk_action",
    "campaign_detail",
    "campaign_edit",
    "demo_posts_print",
]
