"""The near-duplicate engine (innovation.similarity.engine): normalisation, shingles, band keys in
the database, the exact Jaccard re-rank and the short-text guard."""

import pytest

from innovation.similarity import engine
from innovation.similarity.models import SimilarityBand, SimilaritySignature

from .texts import BATTERY, BATTERY_REORDERED, BATTERY_TRADITIONAL, TITLE_ONLY, UNRELATED


def test_normalise_folds_width_script_punctuation_and_digits():
    assert engine.normalise("Ａ１２３，蓄電池 組。abc 2024年") == "a0蓄电池组abc0年"


def test_shingles_and_exact_figures():
    battery = engine.prepare(BATTERY)
    assert len(battery.shingles) == 169
    assert len(battery.keys) == engine.BANDS == 32
    assert engine.jaccard(battery.shingles, engine.prepare(BATTERY_TRADITIONAL).shingles) == pytest.approx(
        0.9651, abs=1e-4
    )
    assert engine.jaccard(battery.shingles, engine.prepare(BATTERY_REORDERED).shingles) == pytest.approx(
        0.7696, abs=1e-4
    )
    assert engine.jaccard(battery.shingles, engine.prepare(UNRELATED).shingles) == 0.0
    # Deterministic: the same text gives the same band keys (a fixed seed), another text others.
    assert engine.prepare(BATTERY).keys == battery.keys
    assert not set(engine.prepare(UNRELATED).keys) & set(battery.keys)


def test_band_probability_at_threshold():
    # 32 bands of 3 rows: a pair at the threshold shares a band with probability ≥ 0.98.
    s = engine.THRESHOLD
    assert 1 - (1 - s**engine.ROWS) ** engine.BANDS > 0.98


@pytest.mark.django_db
def test_index_writes_rows_and_matches_reads_them():
    assert engine.index("t", 1, BATTERY) is True
    assert engine.index("t", 2, UNRELATED) is True
    assert SimilarityBand.objects.filter(corpus="t", object_id=1).count() == 32
    assert SimilaritySignature.objects.get(corpus="t", object_id=1).shingle_count == 169
    found = engine.matches("t", BATTERY_TRADITIONAL)
    assert [(m.object_id, m.jaccard) for m in found] == [(1, 0.9651)]
    assert [(m.object_id, m.jaccard) for m in engine.matches("t", BATTERY_REORDERED)] == [(1, 0.7696)]
    assert engine.matches("t", UNRELATED, exclude_ids=[2]) == []
    # Another corpus is another index.
    assert engine.matches("other", BATTERY) == []
    # Re-indexing replaces the rows; removing drops them.
    engine.index("t", 1, BATTERY_REORDERED)
    assert SimilarityBand.objects.filter(corpus="t", object_id=1).count() == 32
    engine.remove("t", 1)
    assert engine.matches("t", BATTERY) == []


@pytest.mark.django_db
def test_short_text_is_neither_indexed_nor_checked():
    engine.index("t", 1, BATTERY)
    assert engine.index("t", 2, TITLE_ONLY) is False
    assert not SimilarityBand.objects.filter(object_id=2).exists()
    assert engine.candidates("t", TITLE_ONLY) == []
    assert engine.matches("t", TITLE_ONLY, threshold=0.0) == []
