"""Near-duplicate detection (查重) at province scale: innovation.similarity on PostgreSQL.

    DATABASE_URL=postgres://innovation:innovation@127.0.0.1:55433/innovation \
        .venv/bin/python bench/duplicates.py [--n 1000000] [--planted 1000] [--workers 2]

It creates (and at the end drops, unless --keep) its own database `<name>_dupbench` next to the
one DATABASE_URL names, migrates the similarity tables there and:

1. synthesises --n varied achievement texts (title, problem, solution, effect) from a seeded
   generator: a Zipf-weighted vocabulary of 40,000 words over 3,500 characters, with the
   phrases every submission repeats (提高了工作效率, 每年节约…元) and numbers;
2. plants --planted labelled near-duplicates of random corpus items, one fifth of each kind:
   edits (2.5–12.5% of the characters replaced by a word, given a word or dropped), reordered sentences,
   traditional characters, full-width letters, digits and punctuation (with other amounts),
   added boilerplate (a paragraph of the phrases units add);
3. builds the index: shingles, MinHash signatures and band keys (worker processes), COPY into
   the signature and band tables with their indexes dropped, then the indexes created; prints
   each phase's time and pg_total_relation_size of both tables;
4. checks every planted text as a new submission with `engine.matches()` (the band look-up
   through the (corpus, key) index and the exact Jaccard re-rank of the candidates): p50/p95/max
   of one check after 20 warm-up checks;
5. compares with exhaustive Jaccard: every planted text against the whole corpus (an inverted
   index over all corpus shingles held by this script, not by the application), giving the true
   pairs at the threshold; prints recall and precision, and the labelled figures per kind.

Targets: recall ≥ 0.95, precision ≥ 0.9, p95 ≤ 50 ms; exit status 1 when one is missed.
"""

import argparse
import io
import itertools
import multiprocessing
import os
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = "bench"

PHRASES = [
    "提高了工作效率",
    "降低了劳动强度",
    "减少了安全隐患",
    "保证了产品质量",
    "每年可节约成本",
    "经过现场试用",
    "得到了车间的认可",
    "具有推广价值",
    "操作简单方便",
    "在生产过程中",
    "针对这一问题",
    "通过技术改造",
]
BOILERPLATE = (
    "本成果经单位技术部门论证，已在本车间推广应用，得到职工一致好评。"
    "项目符合国家有关安全生产的规定，效益数据经财务部门核实。"
    "申报单位承诺所报材料真实有效，无知识产权纠纷。"
)


class Generator:
    def __init__(self, seed: int):
        rng = random.Random(seed)
        chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
        ccum = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(chars))))
        self.words = [
            "".join(rng.choices(chars, cum_weights=ccum, k=rng.choice((2, 2, 3, 4)))) for _ in range(40000)
        ]
        self.wcum = list(itertools.accumulate(1 / (i + 1) ** 0.9 for i in range(len(self.words))))
        self.rng = rng

    def sentence(self, rng) -> str:
        words = rng.choices(self.words, cum_weights=self.wcum, k=rng.randint(5, 11))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(PHRASES))
        if rng.random() < 0.25:
            words.append(f"{rng.randint(2, 980)}{rng.choice(['元', '%', '小时', 'mm', 'kW'])}")
        return "".join(words) + rng.choice("，，。")

    def field(self, rng, sentences: int) -> str:
        text = "".join(self.sentence(rng) for _ in range(sentences))
        return text[:-1] + "。"

    def item(self, rng) -> list[str]:
        title = "".join(rng.choices(self.words, cum_weights=self.wcum, k=rng.randint(3, 6)))
        return [
            title,
            self.field(rng, rng.randint(2, 4)),
            self.field(rng, rng.randint(3, 6)),
            self.field(rng, 2),
        ]


KINDS = ["edit", "reorder", "traditional", "fullwidth", "boilerplate"]


def _sentences(text: str) -> list[str]:
    parts, current = [], ""
    for ch in text:
        current += ch
        if ch in "，。":
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def plant(gen: Generator, texts: list[str], kind: str, rng) -> list[str]:
    if kind == "edit":
        out, rate = [], rng.uniform(1 / 40, 1 / 8)
        for text in texts:
            chars = list(text)
            for _ in range(max(1, int(len(chars) * rate))):
                at = rng.randrange(len(chars))
                op = rng.random()
                word = rng.choices(gen.words, cum_weights=gen.wcum)[0]
                if op < 0.4:
                    chars[at] = word
                elif op < 0.7:
                    chars.insert(at, word)
                else:
                    del chars[at]
            out.append("".join(chars))
        return out
    if kind == "reorder":
        out = [texts[0]]
        for text in texts[1:]:
            parts = _sentences(text)
            rng.shuffle(parts)
            out.append("".join(parts))
        return [out[0], out[2], out[1], out[3]] if rng.random() < 0.5 else out
    if kind == "traditional":
        import opencc

        converter = opencc.OpenCC("s2t")
        return [converter.convert(t) for t in texts]
    if kind == "fullwidth":

        def wide(text: str) -> str:
            out = []
            for ch in text:
                if ch.isdigit():
                    ch = str(rng.randint(0, 9))
                code = ord(ch)
                out.append(
                    chr(code + 0xFEE0) if 0x21 <= code <= 0x7E else {"，": "，", "。": "．"}.get(ch, ch)
                )
            return "".join(out)

        return [wide(t) for t in texts]
    if kind == "boilerplate":
        extra = BOILERPLATE[: rng.randint(40, len(BOILERPLATE))]
        return [texts[0], texts[1], texts[2], texts[3] + extra]
    raise ValueError(kind)


# ------------------------------------------------------------------ worker processes


def _build_chunk(args):
    seed, start, stop = args
    from innovation.similarity import engine

    gen = Generator(seed)
    band_buf, sig_buf = io.StringIO(), io.StringIO()
    all_shingles = []
    for object_id in range(start, stop):
        rng = random.Random(seed * 1_000_003 + object_id)
        prepared = engine.prepare(gen.item(rng))
        all_shingles.append(prepared.shingles)
        if not prepared.checkable:
            continue
        sig_buf.write(
            f"{CORPUS}\t{object_id}\t\\\\x{engine.pack(prepared.shingles).hex()}\t{len(prepared.shingles)}\t"
            f"2026-01-01 00:00:00+00\n"
        )
        for key in prepared.keys:
            band_buf.write(f"{CORPUS}\t{key}\t{object_id}\n")
    lengths = np.array([len(s) for s in all_shingles], dtype=np.int32)
    flat = np.concatenate(all_shingles) if all_shingles else np.zeros(0, np.uint32)
    return start, sig_buf.getvalue(), band_buf.getvalue(), lengths, flat


def _init_worker(database_url):
    setup_django(database_url)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--planted", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        print("needs DATABASE_URL (or --database-url) pointing at PostgreSQL", file=sys.stderr)
        return 2
    import psycopg

    base, _, dbname = args.database_url.rpartition("/")
    bench_db = f"{dbname}_dupbench"
    with psycopg.connect(args.database_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{bench_db}"')
        admin.execute(f'CREATE DATABASE "{bench_db}"')
    url = f"{base}/{bench_db}"
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from innovation.similarity import engine

    call_command("migrate", "similarity", verbosity=0)
    n, rng = args.n, random.Random(args.seed)
    print(
        f"corpus {n:,} texts, {args.planted:,} planted; trigrams, {engine.NUM_PERM} permutations = "
        f"{engine.BANDS} bands × {engine.ROWS} rows, threshold {engine.THRESHOLD}, "
        f"min {engine.MIN_SHINGLES} shingles",
        flush=True,
    )

    # ---- build
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX similarity_band_key; DROP INDEX similarity_band_object")
        cursor.execute(
            "ALTER TABLE similarity_similaritysignature DROP CONSTRAINT similarity_signature_unique"
        )
    chunk = 20_000
    tasks = [(args.seed, s, min(s + chunk, n)) for s in range(0, n, chunk)]
    t0 = time.perf_counter()
    t_copy = 0.0
    lengths_parts, flat_parts = {}, {}
    raw = connection.cursor().connection  # psycopg connection under Django's
    with multiprocessing.Pool(args.workers, initializer=_init_worker, initargs=(url,)) as pool:
        for start, sig, bands, lengths, flat in pool.imap_unordered(_build_chunk, tasks):
            c0 = time.perf_counter()
            with raw.cursor() as cur:
                with cur.copy(
                    "COPY similarity_similaritysignature (corpus, object_id, shingles, shingle_count, indexed_at) "
                    "FROM STDIN"
                ) as copy:
                    copy.write(sig)
                with cur.copy("COPY similarity_similarityband (corpus, key, object_id) FROM STDIN") as copy:
                    copy.write(bands)
            raw.commit()
            t_copy += time.perf_counter() - c0
            lengths_parts[start], flat_parts[start] = lengths, flat
    t_rows = time.perf_counter() - t0
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("CREATE INDEX similarity_band_key ON similarity_similarityband (corpus, key)")
        cursor.execute("CREATE INDEX similarity_band_object ON similarity_similarityband (corpus, object_id)")
        cursor.execute(
            "ALTER TABLE similarity_similaritysignature ADD CONSTRAINT similarity_signature_unique "
            "UNIQUE (corpus, object_id)"
        )
        cursor.execute("VACUUM ANALYZE similarity_similarityband")
        cursor.execute("VACUUM ANALYZE similarity_similaritysignature")
    t_index = time.perf_counter() - t1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('similarity_similarityband'), "
            "pg_total_relation_size('similarity_similaritysignature'), "
            "pg_relation_size('similarity_similarityband'), (SELECT count(*) FROM similarity_similarityband), "
            "(SELECT count(*) FROM similarity_similaritysignature)"
        )
        band_size, sig_size, band_heap, band_rows, sig_rows = cursor.fetchone()
    print(
        f"build: {t_rows + t_index:.1f} s = shingles+MinHash+COPY {t_rows:.1f} s ({args.workers} processes; "
        f"COPY {t_copy:.1f} s of it) + indexes and analyse {t_index:.1f} s",
        flush=True,
    )
    print(
        f"size: bands {band_rows:,} rows, {band_size / 2**20:,.0f} MiB with indexes ({band_heap / 2**20:,.0f} MiB "
        f"heap); signatures {sig_rows:,} rows, {sig_size / 2**20:,.0f} MiB; "
        f"{(band_size + sig_size) / max(sig_rows, 1):,.0f} bytes per indexed text",
        flush=True,
    )

    # ---- planted queries
    gen = Generator(args.seed)
    queries = []
    originals = rng.sample(range(n), args.planted)
    for i, original in enumerate(originals):
        texts = gen.item(random.Random(args.seed * 1_000_003 + original))
        kind = KINDS[i % len(KINDS)]
        queries.append((kind, original, plant(gen, texts, kind, rng)))

    # ---- checks, timed
    for _, _, texts in queries[:20]:
        engine.matches(CORPUS, texts)
    times, found = [], []
    for _, _, texts in queries:
        c0 = time.perf_counter()
        result = engine.matches(CORPUS, texts)
        times.append((time.perf_counter() - c0) * 1000)
        found.append({m.object_id for m in result})
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    print(
        f"one check: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms ({len(times)} checks)",
        flush=True,
    )

    # ---- exhaustive Jaccard: an inverted index over every corpus shingle (this script's, in RAM)
    t2 = time.perf_counter()
    order = sorted(lengths_parts)
    lengths = np.concatenate([lengths_parts[s] for s in order])
    flat = np.concatenate([flat_parts[s] for s in order])
    doc_of = np.repeat(np.arange(n, dtype=np.int32), lengths)
    sort = np.argsort(flat, kind="stable")
    flat, doc_of = flat[sort], doc_of[sort]
    del sort
    true_pairs = found_pairs = hit = 0
    per_kind = {k: [0, 0, 0, 1.0] for k in KINDS}  # planted, at/above threshold, found, lowest J
    below = []
    for (kind, original, texts), got in zip(queries, found, strict=True):
        q = engine.prepare(texts).shingles
        lo, hi = np.searchsorted(flat, q, "left"), np.searchsorted(flat, q, "right")
        docs = (
            np.concatenate([doc_of[a:b] for a, b in zip(lo, hi, strict=True)])
            if len(q)
            else np.zeros(0, np.int32)
        )
        inter = np.bincount(docs, minlength=n)
        nz = np.nonzero(inter)[0]
        jac = inter[nz] / (len(q) + lengths[nz] - inter[nz])
        truth = set(nz[jac >= engine.THRESHOLD].tolist()) if len(q) >= engine.MIN_SHINGLES else set()
        true_pairs += len(truth)
        found_pairs += len(got)
        hit += len(truth & got)
        own = jac[np.searchsorted(nz, original)] if original in set(nz.tolist()) else 0.0
        per_kind[kind][0] += 1
        per_kind[kind][3] = min(per_kind[kind][3], float(own))
        if own >= engine.THRESHOLD:
            per_kind[kind][1] += 1
            per_kind[kind][2] += original in got
        else:
            below.append((kind, round(float(own), 3)))
    t_exh = time.perf_counter() - t2
    recall = hit / true_pairs if true_pairs else 1.0
    precision = hit / found_pairs if found_pairs else 1.0
    print(
        f"exhaustive Jaccard (all {len(queries):,} planted texts × all {n:,} corpus texts, {t_exh:.0f} s): "
        f"{true_pairs:,} pairs at J ≥ {engine.THRESHOLD}; the index found {found_pairs:,}, {hit:,} of them true: "
        f"recall {recall:.4f}, precision {precision:.4f}",
        flush=True,
    )
    for kind, (planted, above, got, lowest) in per_kind.items():
        print(
            f"  {kind:12} planted {planted:4}, at/above threshold {above:4}, found {got:4}, lowest J {lowest:.2f}"
        )
    if below:
        print(f"  planted pairs below the threshold (kind, J): {below[:10]}{' …' if len(below) > 10 else ''}")
    connection.close()
    if not args.keep:
        with psycopg.connect(args.database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_db}"')
    ok = recall >= 0.95 and precision >= 0.9 and p95 <= 50
    print("targets (recall ≥ 0.95, precision ≥ 0.9, p95 ≤ 50 ms):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    unicodedata.normalize("NFKC", "")
    sys.exit(main())
