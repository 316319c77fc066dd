"""Near-duplicate detection (查重): normalised character n-gram shingles, MinHash signatures
(datasketch) cut into LSH bands whose keys live in the database, candidates re-ranked by the
exact Jaccard similarity of their stored shingle sets.

Parameters (chosen with bench/duplicates.py): character trigrams; 96 permutations cut into
32 bands of 3 rows. The chance that a pair at Jaccard s shares at least one band is
1 - (1 - s**3)**32: 0.986 at s = 0.5 (the threshold), 0.95 at 0.45, 0.03 at 0.1. Texts with
fewer than MIN_SHINGLES distinct shingles (a title-only draft) are neither indexed nor checked:
a short text would otherwise sit inside every long one.

Nothing is held in memory between requests: `index()` writes a text's rows, `matches()` reads
the band table through its (corpus, key) index and the candidates' shingle sets."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from django.db import transaction
from django.db.models import Count

from .models import SimilarityBand, SimilaritySignature

NGRAM = 3
NUM_PERM = 96
BANDS = 32
ROWS = NUM_PERM // BANDS
SEED = 20260513
THRESHOLD = 0.5
MIN_SHINGLES = 30
# The most candidates re-ranked for one check (those sharing the most bands first).
MAX_CANDIDATES = 400

_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _keep(ch: str) -> bool:
    # Letters, digits and CJK ideographs stay; punctuation, symbols, spaces and controls go.
    return unicodedata.category(ch)[0] in "LN"


def normalise(text: str) -> str:
    """Full/half width folded (NFKC), traditional → simplified, lower case, punctuation and white
    space removed, every run of digits one '0' (amounts and dates do not make a text new)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _t2s().convert(text).lower()
    text = "".join(ch for ch in text if _keep(ch))
    return _DIGITS.sub("0", text)


def shingles(texts: Iterable[str], n: int = NGRAM) -> np.ndarray:
    """The distinct character n-grams of the normalised texts (each text separately, so fields
    are not glued together), hashed to uint32, sorted."""
    hashes: set[int] = set()
    for text in texts:
        norm = normalise(text)
        if len(norm) < n:
            continue
        hashes.update(zlib.crc32(norm[i : i + n].encode()) for i in range(len(norm) - n + 1))
    return np.fromiter(sorted(hashes), dtype=np.uint32, count=len(hashes))


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)


def signature(shingle_hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (datasketch, fixed seed) of a shingle set."""
    minhash = _template().copy()
    minhash.update_batch(shingle_hashes.tolist())
    return minhash.hashvalues


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """One signed 64-bit key per band: blake2b over the band's number and its values."""
    values = np.asarray(hashvalues, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        part = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + part, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def pack(shingle_hashes: np.ndarray) -> bytes:
    return shingle_hashes.astype("<u4").tobytes()


def unpack(blob) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype="<u4")


@dataclass(frozen=True)
class Prepared:
    """A text made ready: its shingles and, when long enough, its band keys."""

    shingles: np.ndarray
    keys: list[int]

    @property
    def checkable(self) -> bool:
        return len(self.shingles) >= MIN_SHINGLES


def prepare(texts: Sequence[str]) -> Prepared:
    sh = shingles(texts)
    if len(sh) < MIN_SHINGLES:
        return Prepared(sh, [])
    return Prepared(sh, band_keys(signature(sh)))


@dataclass(frozen=True)
class Match:
    object_id: int
    jaccard: float


def remove(corpus: str, object_id: int) -> None:
    SimilarityBand.objects.filter(corpus=corpus, object_id=object_id).delete()
    SimilaritySignature.objects.filter(corpus=corpus, object_id=object_id).delete()


def index(corpus: str, object_id: int, texts: Sequence[str], prepared: Prepared | None = None) -> bool:
    """(Re)index one text. Returns False (and leaves it out of the index) when it is too short."""
    prepared = prepared or prepare(texts)
    with transaction.atomic():
        remove(corpus, object_id)
        if not prepared.checkable:
            return False
        SimilaritySignature.objects.create(
            corpus=corpus,
            object_id=object_id,
            shingles=pack(prepared.shingles),
            shingle_count=len(prepared.shingles),
        )
        SimilarityBand.objects.bulk_create(
            SimilarityBand(corpus=corpus, key=key, object_id=object_id) for key in prepared.keys
        )
    return True


def candidates(
    corpus: str, texts: Sequence[str], exclude_ids: Iterable[int] = (), prepared=None
) -> list[int]:
    """The indexed objects sharing at least one band with the texts, most shared bands first."""
    prepared = prepared or prepare(texts)
    if not prepared.checkable:
        return []
    rows = SimilarityBand.objects.filter(corpus=corpus, key__in=prepared.keys)
    excluded = [int(i) for i in exclude_ids]
    if excluded:
        rows = rows.exclude(object_id__in=excluded)
    rows = rows.values("object_id").annotate(shared=Count("id")).order_by("-shared", "object_id")
    return [row["object_id"] for row in rows[:MAX_CANDIDATES]]


def matches(
    corpus: str,
    texts: Sequence[str],
    exclude_ids: Iterable[int] = (),
    threshold: float = THRESHOLD,
    prepared: Prepared | None = None,
) -> list[Match]:
    """The indexed objects whose exact shingle Jaccard with the texts reaches `threshold`,
    most similar first."""
    prepared = prepared or prepare(texts)
    ids = candidates(corpus, texts, exclude_ids, prepared=prepared)
    if not ids:
        return []
    rows = SimilaritySignature.objects.filter(corpus=corpus, object_id__in=ids).values_list(
        "object_id", "shingles"
    )
    found = []
    for object_id, blob in rows:
        score = jaccard(prepared.shingles, unpack(blob))
        if score >= threshold:
            found.append(Match(object_id, round(score, 4)))
    found.sort(key=lambda m: (-m.jaccard, m.object_id))
    return found


def clear(corpus: str) -> None:
    SimilarityBand.objects.filter(corpus=corpus).delete()
    SimilaritySignature.objects.filter(corpus=corpus).delete()
