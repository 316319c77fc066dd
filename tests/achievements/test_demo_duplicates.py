"""The demo's near-duplicates (查重): the generator's texts vary as real submissions do, so among
all demo items only the planted pairs reach the threshold, each with the verdict the demo records."""

import pytest

from innovation.achievements.models import DuplicatePair
from innovation.similarity.models import SimilaritySignature

pytestmark = [pytest.mark.django_db, pytest.mark.demo_db]


def test_only_the_planted_pairs_are_flagged_with_their_verdicts(demo):
    pairs = list(DuplicatePair.objects.select_related("newer__campaign", "earlier__campaign"))
    assert sorted(p.verdict for p in pairs) == [
        "",
        "duplicate",
        "duplicate",
        "evolved",
        "resubmission",
        "unrelated",
    ]
    assert all(p.newer.campaign.year == 2021 and p.earlier.campaign.year < 2021 for p in pairs)
    assert all(p.jaccard >= 0.5 for p in pairs)
    resubmitted = next(p for p in pairs if p.verdict == "resubmission")
    assert resubmitted.newer.enterprise_id == resubmitted.earlier.enterprise_id
    # Every filed demo item is indexed (none is below the short-text guard).
    assert SimilaritySignature.objects.filter(corpus="achievement").count() >= 1300
