"""PII detection: each kind is found by its values or its name; plain columns are left alone."""

from __future__ import annotations

import pandas as pd
import pytest
from faker import Faker

from syndata.metadata import Schema
from syndata.pii import (
    apply_detected_pii,
    detect_pii,
    pii_left_plain,
    pii_warning,
)
from syndata.vocabulary import PII_SDTYPES

ROWS = 40


def _fake(method: str, locale: str = "en_US") -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(7)
    return [str(getattr(fake, method)()) for _ in range(ROWS)]


@pytest.mark.parametrize(
    ("method", "sdtype"),
    [
        ("email", "email"),
        ("phone_number", "phone_number"),
        ("name", "name"),
        ("first_name", "first_name"),
        ("last_name", "last_name"),
        ("street_address", "street_address"),
        ("address", "address"),
        ("ipv4", "ipv4_address"),
        ("ipv6", "ipv6_address"),
        ("credit_card_number", "credit_card_number"),
        ("ssn", "ssn"),
    ],
)
def test_each_kind_is_found_by_its_values(method, sdtype):
    findings = detect_pii(pd.DataFrame({"col_x": _fake(method)}))
    assert findings["col_x"].sdtype == sdtype
    assert findings["col_x"].reason == "values"
    assert findings["col_x"].share_matching >= 0.7


def test_hand_written_values():
    frame = pd.DataFrame(
        {
            "a": ["4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009",
                  "4012888888881881", "6011000990139424"],
            "b": ["(555) 123-4567", "+44 20 7946 0958", "555.123.4567", "+49 30 1234567",
                  "555-987-6543 x12"],
            "c": ["AB 12 34 56 C", "123-45-6789", "987-65-4321", "QQ123456C", "078-05-1120"],
        }
    )
    findings = detect_pii(frame)
    assert {col: f.sdtype for col, f in findings.items()} == {
        "a": "credit_card_number", "b": "phone_number", "c": "ssn"
    }


def test_card_numbers_need_a_valid_checksum():
    frame = pd.DataFrame({"a": ["4111111111111112", "5500000000000005", "1234567812345678"]})
    assert detect_pii(frame) == {}


def test_integer_card_numbers_are_found():
    frame = pd.DataFrame({"n": [4111111111111111, 4012888888881881, 6011000990139424]})
    assert detect_pii(frame)["n"].sdtype == "credit_card_number"


def test_plain_columns_are_not_flagged():
    fake = Faker("en_US")
    fake.seed_instance(3)
    frame = pd.DataFrame(
        {
            "segment": ["retail", "business", "government", "retail"] * 10,
            "colour": ["Red", "Green", "Blue", "Black", "White", "Brown", "Gray", "Pink"] * 5,
            "city": [fake.city() for _ in range(ROWS)],
            "country": [fake.country() for _ in range(ROWS)],
            "company": [fake.company() for _ in range(ROWS)],
            "product_name": [fake.catch_phrase() for _ in range(ROWS)],
            "sentence": [fake.sentence() for _ in range(ROWS)],
            "date": [str(fake.date()) for _ in range(ROWS)],
            "timestamp": [str(fake.date_time()) for _ in range(ROWS)],
            "time": [fake.time() for _ in range(ROWS)],
            "amount": [f"{i * 1234:,}" for i in range(ROWS)],
            "code": [f"{i:010d}" for i in range(ROWS)],
            "count": list(range(ROWS)),
            "ratio": [i / 7 for i in range(ROWS)],
            "email_opt_in": ["yes", "no"] * 20,
            "flag": [True, False] * 20,
            "name": ["Widget", "Gadget", "Gizmo", "Doohickey"] * 10,
            "version": ["1.2.3", "10.0.1", "2.3.44", "0.0.1"] * 10,
        }
    )
    assert detect_pii(frame) == {}


def test_column_names_are_evidence():
    frame = pd.DataFrame(
        {
            "customer_email": ["a1b2c3", "d4e5f6", "x"],
            "PhoneNumber": [5551234567, 5559876543, 5550000000],
            "ip_address": ["hidden", "hidden", "hidden"],
            "ssn": ["redacted"] * 3,
            "email_opt_in": ["yes", "no", "yes"],
        }
    )
    findings = detect_pii(frame)
    assert {col: (f.sdtype, f.reason) for col, f in findings.items()} == {
        "customer_email": ("email", "name"),
        "PhoneNumber": ("phone_number", "name"),
        "ip_address": ("ipv4_address", "name"),
        "ssn": ("ssn", "name"),
    }
    assert "column name suggests e-mail" in findings["customer_email"].explanation


def test_name_and_values_together():
    findings = detect_pii(pd.DataFrame({"first_name": _fake("first_name")}))
    assert findings["first_name"].reason == "name and values"
    assert findings["first_name"].sdtype == "first_name"
    assert "first names" in findings["first_name"].explanation


def test_ambiguous_name_column_needs_person_like_values():
    people = detect_pii(pd.DataFrame({"name": _fake("name")}))
    assert people["name"].sdtype == "name"
    assert detect_pii(pd.DataFrame({"name": ["Widget", "Gadget"] * 10})) == {}


def test_missing_values_are_ignored_in_the_share():
    values = _fake("email")[:10] + [None] * 30
    assert detect_pii(pd.DataFrame({"contact": values}))["contact"].share_matching == 1.0


def test_pii_left_plain_and_warning():
    tables = {
        "users": pd.DataFrame({"id": range(ROWS), "mail": _fake("email"),
                               "phone": _fake("phone_number")}),
        "orders": pd.DataFrame({"order_id": range(ROWS), "ip": _fake("ipv4")}),
    }
    schema = Schema.from_dict({
        "tables": {
            "users": {"columns": {"id": {"sdtype": "id"}, "mail": {"sdtype": "categorical"},
                                  "phone": {"sdtype": "phone_number"}}},
            "orders": {"columns": {"order_id": {"sdtype": "id"}, "ip": {"sdtype": "id"}}},
        }
    })
    assert pii_left_plain(schema, tables) == ["users.mail", "orders.ip"]
    assert "users.mail, orders.ip" in pii_warning(schema, tables)
    schema.set_sdtype("users", "mail", "email")
    schema.set_sdtype("orders", "ip", "ipv4_address")
    assert pii_left_plain(schema, tables) == []
    assert pii_warning(schema, tables) is None


@pytest.mark.timeout(20)
def test_long_values_do_not_stall_detection():
    long_values = ["1" * 100_000 + "x", "a" * 100_000 + "@", ":" * 50_000, "1 " * 50_000]
    frame = pd.DataFrame({"odd": long_values * 10})
    assert detect_pii(frame) == {}


def test_proposed_sdtypes_are_ones_sdv_accepts():
    from sdv.metadata import Metadata

    for sdtype in PII_SDTYPES:
        metadata = Metadata.load_from_dict(
            {"tables": {"t": {"columns": {"c": {"sdtype": sdtype}}}}}
        )
        metadata.validate()


@pytest.mark.parametrize(
    "locale",
    ["en_US", "en_CA", "fr_FR", "it_IT", "nl_NL", "nl_BE", "pt_BR", "sv_SE", "fi_FI", "no_NO",
     "pl_PL", "de_CH", "de_AT", "ro_RO"],
)
def test_national_ids_of_several_countries_are_found(locale):
    findings = detect_pii(pd.DataFrame({"ref": _fake("ssn", locale)}))
    assert findings["ref"].sdtype == "ssn"
    assert findings["ref"].reason == "values"


def test_spanish_dni_and_nie_are_national_ids():
    for method in ("nif", "nie"):
        assert detect_pii(pd.DataFrame({"doc": _fake(method, "es_ES")}))["doc"].sdtype == "ssn"


@pytest.mark.parametrize("locale", ["en_GB", "de_DE", "nl_NL", "fr_FR"])
def test_ibans_are_found(locale):
    findings = detect_pii(pd.DataFrame({"konto": _fake("iban", locale)}))
    assert findings["konto"].sdtype == "iban"


@pytest.mark.parametrize("locale", ["en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "it_IT",
                                    "es_ES", "sv_SE", "pt_BR", "en_IN"])
def test_phone_numbers_of_several_formats_are_phones_not_ids(locale):
    assert detect_pii(pd.DataFrame({"tel_x": _fake("phone_number", locale)}))[
        "tel_x"].sdtype == "phone_number"


def test_bare_digit_ids_are_not_national_ids():
    frame = pd.DataFrame({"code": [str(100000000 + i) for i in range(ROWS)],
                          "serial": [f"{i:011d}" for i in range(ROWS)]})
    assert detect_pii(frame) == {}


def _schema(columns: dict, primary_key: str | None = None):
    from syndata.metadata import Schema

    spec = {"columns": {c: {"sdtype": t} for c, t in columns.items()}}
    return Schema.from_dict({"tables": {"t": spec | ({"primary_key": primary_key}
                                                     if primary_key else {})}})


def test_apply_detected_pii_types_plain_columns_and_leaves_keys_and_typed_ones():
    frame = pd.DataFrame({
        "mail_pk": _fake("email"),
        "kontakt": _fake("email"),
        "ref": _fake("ssn"),
        "tel": [5551230000 + 7 * i for i in range(ROWS)],
        "when": _fake("phone_number"),
        "segment": ["a", "b"] * (ROWS // 2),
    })
    schema = _schema({"mail_pk": "id", "kontakt": "categorical", "ref": "id",
                      "tel": "numerical", "when": "datetime", "segment": "categorical"},
                     primary_key="mail_pk")
    notes = apply_detected_pii(schema, {"t": frame})
    types = {c: col.sdtype for c, col in schema.tables["t"].columns.items()}
    assert types == {"mail_pk": "id", "kontakt": "email", "ref": "ssn",
                     "tel": "phone_number", "when": "datetime", "segment": "categorical"}
    assert len(notes) == 3 and notes[0].startswith("t.kontakt is typed email (")


def test_apply_detected_pii_leaves_foreign_keys():
    from syndata.metadata import Schema

    emails = _fake("email")
    schema = Schema.from_dict({
        "tables": {
            "users": {"primary_key": "mail", "columns": {"mail": {"sdtype": "id"}}},
            "orders": {"columns": {"buyer": {"sdtype": "id"}}},
        },
        "relationships": [{"parent_table_name": "users", "parent_primary_key": "mail",
                           "child_table_name": "orders", "child_foreign_key": "buyer"}],
    })
    tables = {"users": pd.DataFrame({"mail": emails}),
              "orders": pd.DataFrame({"buyer": emails * 2})}
    assert apply_detected_pii(schema, tables) == []
    assert schema.tables["orders"].columns["buyer"].sdtype == "id"
