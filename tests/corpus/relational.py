"""The relational and metadata corpus: unusual groups of tables, each with a promised outcome.

Every case is a folder of CSV files built at test time from a seeded generator, with a
metadata JSON (``metadata``) or without one (the schema is detected). The promise is per
model (GaussianCopula, HMA, IRGAN): ``WORKS`` (every table written, keys valid, key and date
formats kept, see ``tests/test_corpus_relational.py``) or ``Error(word)``: exit 2 with one
``error:`` line that contains ``word`` (case-insensitive).

The data is small (20-60 rows a table) so the three models run the whole corpus in minutes
on a slow machine; the cases are written from the shapes real exports take, not from how
our code reads them.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MODELS = ("gaussian_copula", "hma", "irgan")
NOT_HMA = ("gaussian_copula", "irgan")
"""For detected twins of a declared case HMA already runs (its fits are the slow ones)."""
WORKS = "works"


@dataclass(frozen=True)
class Error:
    """Exit 2 with one ``error:`` line containing ``word``."""

    word: str


Outcome = str | Error
Rows = list[list[object]]


@dataclass(frozen=True)
class Table:
    """One CSV file: header and rows (``None`` is an empty cell)."""

    file: str
    header: list[str]
    rows: Rows

    def text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows([["" if v is None else v for v in row] for row in self.rows])
        return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    """A group of tables, its metadata (or none: detected) and the outcome per model.

    ``relationships`` are (parent, parent key, child, child key) a detected schema must find;
    ``options`` are extra CLI arguments (``--drop-orphans``); ``rows`` the tables' real row
    counts where the input's are not (rows dropped by an option); ``note`` a word that a
    ``note:`` line on stderr must hold.
    """

    name: str
    tables: Callable[[], list[Table]]
    outcome: Outcome = WORKS
    per_model: dict[str, Outcome] = field(default_factory=dict)
    metadata: Callable[[], dict] | None = None
    relationships: tuple[tuple[str, str, str, str], ...] = ()
    options: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)
    note: str = ""
    models: tuple[str, ...] = MODELS

    def outcome_for(self, model: str) -> Outcome:
        return self.per_model.get(model, self.outcome)

    def build(self, folder: Path) -> tuple[Path, Path | None]:
        """Write the CSV files into ``folder/data`` and the metadata file; return both."""
        data = folder / "data"
        data.mkdir(parents=True)
        for table in self.tables():
            (data / table.file).write_text(table.text(), encoding="utf-8")
        if self.metadata is None:
            return data, None
        meta = folder / "metadata.json"
        meta.write_text(json.dumps(self.metadata(), indent=2), encoding="utf-8")
        return data, meta


# ----- generators ------------------------------------------------------------------------
SEGMENTS = ("retail", "business", "public")
CITIES = ("Lyon", "Graz", "Porto", "Turku", "Cork")


def _rng(name: str) -> random.Random:
    return random.Random(sum(map(ord, name)))


def _date(rng: random.Random, year: int = 2023) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _datetime(rng: random.Random) -> str:
    return f"{_date(rng, 2024)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"


def parent_rows(keys: list[object], seed: str) -> Rows:
    rng = _rng(seed)
    return [[k, rng.choice(SEGMENTS), rng.randint(18, 80), rng.choice(CITIES)] for k in keys]


PARENT_HEADER = ["segment", "age", "city"]


def child_rows(refs: list[object], seed: str, start: int = 1) -> Rows:
    rng = _rng(seed)
    return [[start + i, ref, round(rng.uniform(1, 300), 2), rng.choice(("card", "cash"))]
            for i, ref in enumerate(refs)]


CHILD_HEADER = ["amount", "payment"]


def refs_for(keys: list[object], n: int, seed: str) -> list[object]:
    rng = _rng(seed + "refs")
    return [rng.choice(keys) for _ in range(n)]


def shop(parent_keys: list[object] | None = None, child_refs: list[object] | None = None,
         parent_file: str = "customers.csv", child_file: str = "orders.csv",
         pk: str = "customer_id", fk: str = "customer_id", child_pk: str = "order_id",
         n_children: int = 50) -> list[Table]:
    """A customers/orders pair: the shape most relational exports start from."""
    keys = parent_keys if parent_keys is not None else list(range(1, 21))
    refs = child_refs if child_refs is not None else refs_for(keys, n_children, child_file)
    return [Table(parent_file, [pk, *PARENT_HEADER], parent_rows(keys, parent_file)),
            Table(child_file, [child_pk, fk, *CHILD_HEADER], child_rows(refs, child_file))]


# ----- metadata ----------------------------------------------------------------------------
def _columns(header: list[str], types: dict[str, str]) -> dict:
    defaults = {"segment": "categorical", "city": "categorical", "payment": "categorical",
                "age": "numerical", "amount": "numerical"}
    columns = {}
    for name in header:
        sdtype = types.get(name, defaults.get(name, "id"))
        spec: dict[str, str] = {"sdtype": sdtype}
        if sdtype == "datetime":
            spec["datetime_format"] = ("%Y-%m-%d %H:%M:%S" if "_at" in name else "%Y-%m-%d")
        columns[name] = spec
    return columns


def metadata(tables: list[Table], keys: dict[str, str | None],
             rels: list[tuple[str, str, str, str]], types: dict[str, str] | None = None,
             extra: dict | None = None) -> dict:
    """SDV V1 multi-table metadata for ``tables`` (named after their files)."""
    out = {"METADATA_SPEC_VERSION": "V1", "tables": {}, "relationships": []}
    for table in tables:
        name = table.file.removesuffix(".csv")
        spec = {"columns": _columns(table.header, types or {})}
        if keys.get(name):
            spec["primary_key"] = keys[name]
        out["tables"][name] = spec
    for parent, pk, child, fk in rels:
        out["relationships"].append({"parent_table_name": parent, "parent_primary_key": pk,
                                     "child_table_name": child, "child_foreign_key": fk})
    for name, spec in (extra or {}).items():
        out["tables"][name] = spec
    return out


SHOP_KEYS = {"customers": "customer_id", "orders": "order_id"}
SHOP_REL = [("customers", "customer_id", "orders", "customer_id")]


def shop_metadata(tables: Callable[[], list[Table]], keys: dict | None = None,
                  rels: list | None = None, types: dict | None = None,
                  extra: dict | None = None) -> Callable[[], dict]:
    return lambda: metadata(tables(), SHOP_KEYS if keys is None else keys,
                            SHOP_REL if rels is None else rels, types, extra)


def chain(depth: int) -> list[Table]:
    """``t1 <- t2 <- ... <- t<depth>``: each table's rows reference the one before."""
    tables = [Table("t1.csv", ["t1_id", *PARENT_HEADER], parent_rows(list(range(1, 16)), "t1"))]
    for level in range(2, depth + 1):
        parent_keys = list(range(1, 16 + 4 * (level - 2)))
        n = 15 + 4 * (level - 1)
        rows = child_rows(refs_for(parent_keys, n, f"t{level}"), f"t{level}")
        tables.append(Table(f"t{level}.csv", [f"t{level}_id", f"t{level - 1}_id", *CHILD_HEADER],
                            rows))
    return tables


def chain_metadata(depth: int) -> Callable[[], dict]:
    def build() -> dict:
        keys = {f"t{i}": f"t{i}_id" for i in range(1, depth + 1)}
        rels = [(f"t{i - 1}", f"t{i - 1}_id", f"t{i}", f"t{i - 1}_id")
                for i in range(2, depth + 1)]
        return metadata(chain(depth), keys, rels)
    return build


def star(children: int) -> list[Table]:
    keys = list(range(1, 16))
    out = [Table("hub.csv", ["hub_id", *PARENT_HEADER], parent_rows(keys, "hub"))]
    for i in range(1, children + 1):
        out.append(Table(f"spoke{i}.csv", [f"spoke{i}_id", "hub_id", *CHILD_HEADER],
                         child_rows(refs_for(keys, 20, f"s{i}"), f"s{i}")))
    return out


def star_metadata(children: int) -> dict:
    keys = {"hub": "hub_id", **{f"spoke{i}": f"spoke{i}_id" for i in range(1, children + 1)}}
    rels = [("hub", "hub_id", f"spoke{i}", "hub_id") for i in range(1, children + 1)]
    return metadata(star(children), keys, rels)


# ----- the cases -----------------------------------------------------------------------------
def _orphans() -> list[Table]:
    keys = list(range(1, 21))
    return shop(keys, refs_for(keys, 45, "orph") + [97, 98, 99, 99, 120])


def _few_orphans() -> list[Table]:
    keys = list(range(1, 21))
    return shop(keys, refs_for(keys, 46, "few") + [21, 21])


def _all_orphans() -> list[Table]:
    return shop(list(range(1, 21)), list(range(100, 130)))


def _grandchild_orphans() -> list[Table]:
    """Orders 25-30 reference missing customers; items of those orders go with them."""
    keys = list(range(1, 21))
    customers, orders = shop(keys, refs_for(keys, 24, "gco") + [90] * 6)
    rows = [[i, 1 + (i - 1) % 30, 1 + i % 4] for i in range(1, 51)]
    return [customers, orders, Table("items.csv", ["item_id", "order_id", "quantity"], rows)]


def _grandchild_metadata() -> dict:
    return metadata(_grandchild_orphans(), {**SHOP_KEYS, "items": "item_id"},
                    [*SHOP_REL, ("orders", "order_id", "items", "order_id")],
                    {"quantity": "numerical"})


def _junction() -> list[Table]:
    rng = _rng("junction")
    students = Table("students.csv", ["student_id", "city", "age"],
                     [[i, rng.choice(CITIES), rng.randint(18, 30)] for i in range(1, 21)])
    courses = Table("courses.csv", ["course_code", "credits"],
                    [[f"CS{100 + i}", rng.randint(1, 6)] for i in range(12)])
    pairs = sorted({(rng.randint(1, 20), f"CS{100 + rng.randint(0, 11)}") for _ in range(45)})
    rows = [[s, c, rng.choice(("A", "B", "C"))] for s, c in pairs]
    return [students, courses, Table("enrollments.csv", ["student_id", "course_code", "grade"],
                                     rows)]


def _junction_metadata() -> dict:
    return metadata(_junction(), {"students": "student_id", "courses": "course_code"},
                    [("students", "student_id", "enrollments", "student_id"),
                     ("courses", "course_code", "enrollments", "course_code")],
                    {"credits": "numerical", "grade": "categorical"})


def _one_to_one() -> list[Table]:
    rng = _rng("profile")
    keys = list(range(1, 21))
    profiles = [[k, rng.choice(("de", "fr", "it")), rng.randint(0, 1)] for k in keys[:15]]
    return [shop(keys)[0],
            Table("profiles.csv", ["customer_id", "language", "newsletter"], profiles)]


def _one_to_one_metadata() -> dict:
    return metadata(_one_to_one(), {"customers": "customer_id", "profiles": "customer_id"},
                    [("customers", "customer_id", "profiles", "customer_id")],
                    {"language": "categorical", "newsletter": "categorical"})


def _one_to_one_chain() -> list[Table]:
    """customers <- profiles (key = foreign key) <- logins, declared children first."""
    rng = _rng("logins")
    rows = [[i, rng.randint(1, 15), _date(rng)] for i in range(1, 41)]
    return [*_one_to_one(), Table("logins.csv", ["login_id", "customer_id", "day"], rows)]


def _one_to_one_chain_metadata() -> dict:
    data = metadata(_one_to_one_chain(), {"customers": "customer_id",
                                          "profiles": "customer_id", "logins": "login_id"},
                    [("profiles", "customer_id", "logins", "customer_id"),
                     ("customers", "customer_id", "profiles", "customer_id")],
                    {"language": "categorical", "newsletter": "categorical", "day": "datetime"})
    return data


def _case_twins() -> list[Table]:
    return [*shop(), shop(child_file="Orders.csv")[1]]


def _dup_pk() -> list[Table]:
    return shop(list(range(1, 19)) + [5, 7])


def _null_pk() -> list[Table]:
    keys: list[object] = list(range(1, 19))
    return shop(keys + [None, None], refs_for(keys, 40, "nullpk"))


def _cycle() -> list[Table]:
    rng = _rng("cycle")
    a = [[i, rng.randint(1, 20), rng.choice(CITIES)] for i in range(1, 21)]
    b = [[i, rng.randint(1, 20), rng.randint(1, 9)] for i in range(1, 21)]
    return [Table("a.csv", ["a_id", "b_id", "city"], a),
            Table("b.csv", ["b_id", "a_id", "age"], b)]


def _cycle_metadata() -> dict:
    return metadata(_cycle(), {"a": "a_id", "b": "b_id"},
                    [("a", "a_id", "b", "a_id"), ("b", "b_id", "a", "b_id")],
                    {"city": "categorical", "age": "numerical"})


def _employees() -> list[Table]:
    rng = _rng("emp")
    rows: Rows = [[1, None, "ceo", 200]]
    rows += [[i, rng.randint(1, i - 1), rng.choice(("dev", "ops", "sales")),
              rng.randint(40, 120)] for i in range(2, 31)]
    return [Table("employees.csv", ["id", "manager_id", "role", "salary"], rows)]


def _employees_metadata() -> dict:
    return metadata(_employees(), {"employees": "id"},
                    [("employees", "id", "employees", "manager_id")],
                    {"role": "categorical", "salary": "numerical"})


def _employees_and_depts() -> list[Table]:
    rng = _rng("dept")
    depts = Table("departments.csv", ["dept_id", "city"],
                  [[d, rng.choice(CITIES)] for d in range(1, 6)])
    emp = _employees()[0]
    rows = [[*row, rng.randint(1, 5)] for row in emp.rows]
    return [depts, Table("employees.csv", [*emp.header, "dept_id"], rows)]


def _employees_and_depts_metadata() -> dict:
    return metadata(_employees_and_depts(), {"employees": "id", "departments": "dept_id"},
                    [("employees", "id", "employees", "manager_id"),
                     ("departments", "dept_id", "employees", "dept_id")],
                    {"role": "categorical", "salary": "numerical"})


def _fk_to_city() -> dict:
    return metadata(shop(), SHOP_KEYS, [("customers", "city", "orders", "customer_id")],
                    {"city": "categorical"})


def _type_mismatch() -> list[Table]:
    keys = list(range(1, 21))
    return shop(keys, [f"{k:03d}" for k in refs_for(keys, 40, "mm")])


def _half_childless() -> list[Table]:
    keys = list(range(1, 21))
    return shop(keys, refs_for(keys[:8], 40, "half"))


def _all_null_fk() -> list[Table]:
    return shop(list(range(1, 21)), [None] * 30)


def _some_null_fk() -> list[Table]:
    keys = list(range(1, 21))
    refs: list[object] = refs_for(keys, 40, "somenull")
    return shop(keys, [None if i % 4 == 0 else r for i, r in enumerate(refs)])


AIRPORT_CODES = ["LHR", "CDG", "FRA", "AMS", "MAD", "FCO", "VIE", "ZRH", "CPH", "OSL",
                 "HEL", "DUB", "LIS", "BRU", "PRG"]


def _flights() -> list[Table]:
    rng = _rng("flights")
    airports = Table("airports.csv", ["code", "city", "runways"],
                     [[c, rng.choice(CITIES), rng.randint(1, 4)] for c in AIRPORT_CODES])
    rows = []
    for i in range(1, 41):
        origin, dest = rng.sample(AIRPORT_CODES, 2)
        rows.append([f"FL{i:04d}", origin, dest, rng.randint(40, 600)])
    return [airports, Table("flights.csv", ["flight_no", "origin", "dest", "minutes"], rows)]


def _flights_metadata() -> dict:
    return metadata(_flights(), {"airports": "code", "flights": "flight_no"},
                    [("airports", "code", "flights", "origin"),
                     ("airports", "code", "flights", "dest")],
                    {"runways": "numerical", "minutes": "numerical"})


def _no_pk_child() -> list[Table]:
    keys = list(range(1, 21))
    rng = _rng("nopk")
    rows = [[ref, rng.randint(1, 5), rng.choice(("a", "b"))] for ref in refs_for(keys, 40, "np")]
    return [shop(keys)[0], Table("visits.csv", ["customer_id", "pages", "device"], rows)]


def _no_pk_metadata() -> dict:
    return metadata(_no_pk_child(), {"customers": "customer_id"},
                    [("customers", "customer_id", "visits", "customer_id")],
                    {"pages": "numerical", "device": "categorical"})


def _with_isolated() -> list[Table]:
    rng = _rng("iso")
    rates = Table("rates.csv", ["currency", "rate"],
                  [[c, round(rng.uniform(0.5, 2), 3)] for c in ("EUR", "USD", "GBP", "CHF",
                                                                  "SEK", "NOK", "DKK", "PLN")])
    return [*shop(), rates]


def _isolated_metadata() -> dict:
    return metadata(_with_isolated(), {**SHOP_KEYS, "rates": "currency"}, SHOP_REL,
                    {"rate": "numerical"})


def _odd_names() -> list[Table]:
    return shop(parent_file="Customer List.csv", child_file="Bestellungen Übersicht.csv")


def _upper_names() -> list[Table]:
    return shop(parent_file="CUSTOMERS.csv", child_file="Orders 2024.csv")


def _text_keys() -> list[Table]:
    keys = [f"C{i:03d}" for i in range(1, 21)]
    tables = shop(keys)
    child = tables[1]
    rows = [[f"ORD-{row[0]:05d}", *row[1:]] for row in child.rows]
    return [tables[0], Table(child.file, child.header, rows)]


def _leading_zeros() -> list[Table]:
    keys = [f"{i:04d}" for i in range(1, 21)]
    tables = shop(keys)
    child = tables[1]
    rows = [[f"{row[0]:06d}", *row[1:]] for row in child.rows]
    return [tables[0], Table(child.file, child.header, rows)]


def _prefixed() -> list[Table]:
    return shop(list(range(101, 121)), pk="x_customerkey", fk="x_customerkey",
                child_pk="x_orderkey")


def _datetimes() -> list[Table]:
    rng = _rng("dates")
    keys = list(range(1, 21))
    parents = [[k, _date(rng), rng.choice(SEGMENTS)] for k in keys]
    children = [[i, ref, _datetime(rng), round(rng.uniform(1, 90), 2)]
                for i, ref in enumerate(refs_for(keys, 45, "dt"), start=1)]
    return [Table("customers.csv", ["customer_id", "signup_date", "segment"], parents),
            Table("orders.csv", ["order_id", "customer_id", "ordered_at", "amount"], children)]


def _internal_names() -> list[Table]:
    tables = shop()
    parent = tables[0]
    rng = _rng("internal")
    rows = [[*row, rng.randint(0, 5)] for row in parent.rows]
    return [Table(parent.file, [*parent.header, "__orders__customer_id__num_rows"], rows),
            tables[1]]


def _id_not_key() -> list[Table]:
    tables = shop()
    child = tables[1]
    rng = _rng("idnk")
    header = ["order_id", "customer_id", "id", *CHILD_HEADER]
    rows = [[row[0], row[1], rng.randint(1, 6), *row[2:]] for row in child.rows]
    return [tables[0], Table(child.file, header, rows)]


LONG = "customer_relationship_management_export_of_the_regional_sales_office"


def _long_names() -> list[Table]:
    return shop(parent_file=f"{LONG}_customers.csv", child_file=f"{LONG}_orders_history.csv")


def _single_parent() -> list[Table]:
    return shop([1], [1] * 30)


def _empty_child() -> list[Table]:
    return shop(list(range(1, 21)), [])


def _missing_table_metadata() -> dict:
    extra = {"payments": {"primary_key": "payment_id",
                          "columns": {"payment_id": {"sdtype": "id"},
                                      "amount": {"sdtype": "numerical"}}}}
    return metadata(shop(), SHOP_KEYS, SHOP_REL, extra=extra)


def _extra_column_metadata() -> dict:
    data = metadata(shop(), SHOP_KEYS, SHOP_REL)
    data["tables"]["orders"]["columns"]["discount_code"] = {"sdtype": "categorical"}
    return data


def _unlisted_column_metadata() -> dict:
    data = metadata(shop(), SHOP_KEYS, SHOP_REL)
    del data["tables"]["customers"]["columns"]["city"]
    return data


def _grandchildren() -> list[Table]:
    keys = list(range(1, 16))
    tables = shop(keys, n_children=30)
    rng = _rng("items")
    rows = [[i, rng.randint(1, 30), rng.randint(1, 5)] for i in range(1, 51)]
    return [*tables, Table("items.csv", ["item_id", "order_id", "quantity"], rows)]


def _composite_pk_metadata() -> dict:
    data = metadata(shop(), SHOP_KEYS, SHOP_REL)
    data["tables"]["orders"]["primary_key"] = ["order_id", "customer_id"]
    return data


def _unknown_fk_column_metadata() -> dict:
    return metadata(shop(), SHOP_KEYS, [("customers", "customer_id", "orders", "client_ref")])


def _renamed_table_metadata() -> dict:
    data = metadata(shop(), SHOP_KEYS, [])
    data["tables"]["Customers"] = data["tables"].pop("customers")
    data["relationships"] = [{"parent_table_name": "Customers",
                              "parent_primary_key": "customer_id",
                              "child_table_name": "orders", "child_foreign_key": "customer_id"}]
    return data


def _fk_categorical_metadata() -> dict:
    data = metadata(shop(), SHOP_KEYS, SHOP_REL)
    data["tables"]["orders"]["columns"]["customer_id"] = {"sdtype": "categorical"}
    return data


def _child_sorted_first() -> list[Table]:
    return shop(parent_file="z_customers.csv", child_file="a_orders.csv")


def _two_parents() -> list[Table]:
    rng = _rng("products")
    products = Table("products.csv", ["product_id", "category", "price"],
                     [[f"P-{i:03d}", rng.choice(("toys", "food", "tools")),
                       round(rng.uniform(1, 50), 2)] for i in range(1, 16)])
    customers = shop()[0]
    rows = [[i, rng.randint(1, 20), f"P-{rng.randint(1, 15):03d}", rng.randint(1, 4)]
            for i in range(1, 51)]
    return [customers, products,
            Table("orders.csv", ["order_id", "customer_id", "product_id", "quantity"], rows)]


def _two_parents_metadata() -> dict:
    return metadata(_two_parents(), {**SHOP_KEYS, "products": "product_id"},
                    [*SHOP_REL, ("products", "product_id", "orders", "product_id")],
                    {"category": "categorical", "price": "numerical", "quantity": "numerical"})


CASES: tuple[Case, ...] = (
    Case("detected_shop", shop, relationships=tuple(SHOP_REL)),
    Case("declared_shop", shop, metadata=shop_metadata(shop)),
    Case("orphan_fk", _orphans, Error("--drop-orphans"), metadata=shop_metadata(_orphans)),
    Case("orphan_fk_drop_orphans", _orphans, metadata=shop_metadata(_orphans),
         options=("--drop-orphans",), rows={"orders": 45}),
    Case("many_orphans_detected_unlinked", _orphans, per_model={"hma": Error("connected")},
         note="not linked"),
    Case("few_orphans_detected", _few_orphans, Error("--drop-orphans")),
    Case("few_orphans_detected_drop_orphans", _few_orphans, options=("--drop-orphans",),
         rows={"orders": 46}, relationships=tuple(SHOP_REL)),
    Case("pk_not_unique", _dup_pk, Error("repeat"), metadata=shop_metadata(_dup_pk)),
    Case("pk_nulls", _null_pk, Error("no value"), metadata=shop_metadata(_null_pk)),
    Case("cycle_a_b_a", _cycle, Error("cycle"), metadata=_cycle_metadata),
    Case("self_reference_only_table", _employees, Error("itself"), metadata=_employees_metadata,
         per_model={"hma": Error("one table")}),
    Case("self_reference_with_parent", _employees_and_depts, Error("itself"),
         metadata=_employees_and_depts_metadata),
    Case("fk_to_non_key_column", shop, Error("primary key"), metadata=_fk_to_city),
    Case("fk_text_leading_zeros_pk_int", _type_mismatch, Error("foreign key"),
         metadata=shop_metadata(_type_mismatch)),
    Case("fk_text_leading_zeros_pk_int_detected", _type_mismatch,
         per_model={"hma": Error("connected")}, note="not linked"),
    Case("parents_without_children", _half_childless,
         metadata=shop_metadata(_half_childless)),
    Case("child_all_null_fk", _all_null_fk, metadata=shop_metadata(_all_null_fk),
         per_model={"hma": Error("empty in every row")}),
    Case("child_some_null_fk", _some_null_fk, metadata=shop_metadata(_some_null_fk)),
    Case("two_fks_one_parent", _flights, metadata=_flights_metadata),
    Case("depth_3_chain", lambda: chain(3), metadata=chain_metadata(3),
         per_model={"hma": Error("IRGAN")}),
    Case("depth_6_chain", lambda: chain(6), metadata=chain_metadata(6),
         per_model={"hma": Error("IRGAN")}),
    Case("six_tables_star", lambda: star(5), metadata=lambda: star_metadata(5),
         per_model={"hma": Error("IRGAN")}),
    Case("child_without_primary_key", _no_pk_child, metadata=_no_pk_metadata),
    Case("isolated_table", _with_isolated, metadata=_isolated_metadata,
         per_model={"hma": Error("rates")}),
    Case("file_names_spaces_unicode", _odd_names),
    Case("file_names_uppercase", _upper_names,
         models=NOT_HMA),
    Case("metadata_names_missing_table", shop, Error("payments"),
         metadata=_missing_table_metadata),
    Case("metadata_extra_column", shop, Error("discount_code"),
         metadata=_extra_column_metadata),
    Case("data_column_not_in_metadata", shop, Error("city"),
         metadata=_unlisted_column_metadata),
    Case("empty_child_table", _empty_child, Error("orders"),
         metadata=shop_metadata(_empty_child)),
    Case("single_row_parent", _single_parent, metadata=shop_metadata(_single_parent)),
    Case("text_keys_c001", _text_keys,
         relationships=(("customers", "customer_id", "orders", "customer_id"),),
         models=NOT_HMA),
    Case("text_keys_c001_declared", _text_keys, metadata=shop_metadata(_text_keys)),
    Case("prefixed_integer_key_names", _prefixed,
         relationships=(("customers", "x_customerkey", "orders", "x_customerkey"),)),
    Case("keys_with_leading_zeros", _leading_zeros,
         relationships=(("customers", "customer_id", "orders", "customer_id"),),
         models=NOT_HMA),
    Case("keys_with_leading_zeros_declared", _leading_zeros,
         metadata=shop_metadata(_leading_zeros)),
    Case("datetimes_parent_and_child", _datetimes, metadata=shop_metadata(
        _datetimes, types={"signup_date": "datetime", "ordered_at": "datetime"})),
    Case("datetimes_detected", _datetimes,
         relationships=(("customers", "customer_id", "orders", "customer_id"),),
         models=NOT_HMA),
    Case("column_named_like_sdv_internals", _internal_names, metadata=shop_metadata(
        _internal_names, types={"__orders__customer_id__num_rows": "numerical"})),
    Case("column_id_not_a_key", _id_not_key, metadata=shop_metadata(
        _id_not_key, types={"id": "numerical"})),
    Case("column_id_not_a_key_detected", _id_not_key,
         models=NOT_HMA),
    Case("very_long_table_names", _long_names,
         relationships=((f"{LONG}_customers", "customer_id", f"{LONG}_orders_history",
                         "customer_id"),)),
    Case("composite_primary_key", shop, Error("primary key"), metadata=_composite_pk_metadata),
    Case("relationship_names_unknown_column", shop, Error("client_ref"),
         metadata=_unknown_fk_column_metadata),
    Case("pk_typed_categorical", shop, Error("type 'id'"), metadata=shop_metadata(
        shop, types={"customer_id": "categorical"})),
    Case("fk_typed_categorical", shop, Error("typed categorical"),
         metadata=_fk_categorical_metadata),
    Case("metadata_table_name_other_case", shop, Error("Customers"),
         metadata=_renamed_table_metadata),
    Case("child_file_sorted_before_parent", _child_sorted_first,
         relationships=(("z_customers", "customer_id", "a_orders", "customer_id"),)),
    Case("two_parents_one_child", _two_parents, metadata=_two_parents_metadata),
    Case("two_parents_one_child_detected", _two_parents, relationships=(
        *SHOP_REL, ("products", "product_id", "orders", "product_id")),
         models=NOT_HMA),
    Case("cycle_drop_orphans", _cycle, Error("cycle"), metadata=_cycle_metadata,
         options=("--drop-orphans",), models=("gaussian_copula",)),
    Case("self_reference_drop_orphans", _employees_and_depts, Error("itself"),
         metadata=_employees_and_depts_metadata, options=("--drop-orphans",),
         models=("gaussian_copula",)),
    Case("pk_nulls_drop_orphans", _null_pk, Error("no value"), metadata=shop_metadata(_null_pk),
         options=("--drop-orphans",), models=("gaussian_copula",)),
    Case("type_mismatch_drop_orphans", _type_mismatch, Error("foreign key"),
         metadata=shop_metadata(_type_mismatch), options=("--drop-orphans",),
         models=("gaussian_copula",)),
    Case("all_orphans_drop_orphans", _all_orphans, Error("empty"),
         metadata=shop_metadata(_all_orphans), options=("--drop-orphans",)),
    Case("grandchild_orphans_cascade", _grandchild_orphans, metadata=_grandchild_metadata,
         options=("--drop-orphans",), rows={"orders": 24, "items": 44},
         per_model={"hma": Error("IRGAN")}),
    Case("junction_table_two_parents", _junction, metadata=_junction_metadata),
    Case("junction_table_detected", _junction, relationships=(
        ("students", "student_id", "enrollments", "student_id"),
        ("courses", "course_code", "enrollments", "course_code")),
         models=NOT_HMA),
    Case("one_to_one_pk_is_fk", _one_to_one, metadata=_one_to_one_metadata),
    Case("one_to_one_then_child", _one_to_one_chain, metadata=_one_to_one_chain_metadata,
         per_model={"hma": Error("IRGAN")}),
    Case("file_names_differing_in_case", _case_twins,
         models=NOT_HMA),
    Case("grandchildren_detected", _grandchildren, per_model={"hma": Error("IRGAN")},
         relationships=(*SHOP_REL, ("orders", "order_id", "items", "order_id"))),
)
