"""The bulk rows of `manage.py seed_scale` (PostgreSQL COPY): the column lists, the COPY
statement, the suspension of a table's indexes for the load, credit codes, and the workers'
COPY text computed in a pool process (`worker_block`, importable so the pool can pickle it)."""

import datetime
import random

from psycopg import sql

from innovation.core import pii
from innovation.core.validators import USCC_CHARS, id_check_char, uscc_check_char
from innovation.org.demo_data import UNIT_KINDS, person_name

# ID numbers: within one district (one 6-digit division code), worker k gets birth day
# (k * DAY_STEP + salt) mod BIRTH_DAYS after 1964-01-01 and sequence k // BIRTH_DAYS; the
# map is injective because DAY_STEP is prime to BIRTH_DAYS, so numbers are unique.
BIRTH_BASE = datetime.date(1964, 1, 1).toordinal()
BIRTH_DAYS = 14600  # 1964-01-01 .. 2003-12-21
DAY_STEP = 7919
MAX_PER_DISTRICT = BIRTH_DAYS * 100

PHONE_PREFIXES = ("138", "139", "150", "151", "152", "158", "186", "187", "135", "137", "130", "155")

UNION_COLUMNS = (
    "id",
    "name",
    "kind",
    "parent",
    "region",
    "path",
    "depth",
    "sort",
    "created_at",
    "updated_at",
)
ENTERPRISE_COLUMNS = (
    "id",
    "name",
    "uscc",
    "size",
    "industry",
    "region",
    "union",
    "group",
    "address",
    "is_active",
    "scope_path",
    "created_at",
    "updated_at",
)
WORKER_COLUMNS = (
    "id",
    "name",
    "gender",
    "birth_year",
    "enterprise",
    "post",
    "skill_level",
    "id_number",
    "id_number_hash",
    "id_number_masked",
    "phone",
    "phone_hash",
    "phone_masked",
    "user",
    "is_active",
    "scope_path",
    "created_at",
    "updated_at",
)


def columns(model, names) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(model._meta.get_field(name).column) for name in names)


def copy_statement(model, names) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), columns(model, names)
    )


def suspend_indexes(cursor, model) -> list[sql.Composable]:
    """Drop the secondary indexes and the unique / foreign-key constraints of `model`'s table
    and return the statements that restore them, exactly as they were (PostgreSQL's advice
    for bulk loads: building an index once is far cheaper than maintaining it row by row).
    Runs inside the seeding transaction, so a failure restores everything by rolling back.
    """
    table = sql.Identifier(model._meta.db_table)
    regclass = table.as_string(cursor)
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
        [regclass],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " WHERE x.indrelid = %s::regclass AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint c WHERE c.conrelid = x.indrelid AND c.conindid = x.indexrelid)"
        " ORDER BY i.relname",
        [regclass],
    )
    indexes = cursor.fetchall()
    for name, _definition, _type in constraints:
        cursor.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(table, sql.Identifier(name)))
    for name, _definition in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    restore = [sql.SQL(definition) for _name, definition in indexes]
    restore += [
        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            table, sql.Identifier(name), sql.SQL(definition)
        )
        for name, definition, _type in constraints
    ]
    return restore


def uscc(division_code: str, serial: int) -> str:
    """A valid credit code, unique per (division, serial): the serial is spread over 9 base-31 chars."""
    x = (serial * 1_000_000_007 + 12345) % 31**9
    chars = []
    for _ in range(9):
        x, r = divmod(x, 31)
        chars.append(USCC_CHARS[r])
    body = "91" + division_code + "".join(chars)
    return body + uscc_check_char(body)


def posts_for(industry: str) -> tuple[str, ...]:
    for _suffix, code, posts in UNIT_KINDS:
        if code == industry:
            return posts
    return ("办事员",)


def worker_block(task) -> tuple[int, bytes]:
    """COPY text for one slice of workers (runs in a pool process).

    task = (seed, clock, units): worker `id` was registered at POSIX time clock[0] + id * clock[1];
    units = [(enterprise id, scope path, division code, district salt, industry, count,
    first worker id, first district-local index), ...].
    Values contain no tab, newline or backslash, so no COPY escaping is needed.
    """
    seed, (epoch, step), units = task
    rng = random.Random(seed)
    lines = []
    encrypt, keyed_hash = pii.encrypt, pii.keyed_hash
    mask_id, mask_phone = pii.mask_id_number, pii.mask_phone
    for enterprise_id, scope_path, code, salt, industry, count, first_id, k0 in units:
        posts = posts_for(industry)
        for j in range(count):
            k = k0 + j
            birth = datetime.date.fromordinal(BIRTH_BASE + (k * DAY_STEP + salt) % BIRTH_DAYS)
            gender = "M" if rng.random() < 0.6 else "F"
            digit = rng.choice("13579" if gender == "M" else "02468")
            first17 = f"{code}{birth:%Y%m%d}{k // BIRTH_DAYS:02d}{digit}"
            number = first17 + id_check_char(first17)
            phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            registered = datetime.datetime.fromtimestamp(epoch + (first_id + j) * step, datetime.UTC)
            registered = registered.isoformat(sep=" ")
            lines.append(
                "\t".join(
                    (
                        str(first_id + j),
                        person_name(rng),
                        gender,
                        str(birth.year),
                        str(enterprise_id),
                        rng.choice(posts),
                        rng.choice("5544332221 ").strip(),
                        encrypt(number),
                        keyed_hash(number),
                        mask_id(number),
                        encrypt(phone),
                        keyed_hash(phone),
                        mask_phone(phone),
                        "\\N",
                        "f" if rng.random() < 0.03 else "t",
                        scope_path,
                        registered,
                        registered,
                    )
                )
            )
    lines.append("")
    return len(lines) - 1, "\n".join(lines).encode("utf-8")
