"""Find columns that look like personal data, so they are regenerated, never learned.

A column is flagged by its values (vectorised regular expressions over a sample, plus a
Luhn check for card numbers, python-stdnum's validators for national ids and IBANs, and
Faker's own name lists for person names) or by its name (``customer_email``, ``phone_no``).
Value evidence needs a clear majority of the sampled values, so ordinary categoricals
(segments, colours, cities) are not flagged; name evidence alone is accepted only for names
that are unambiguous.

The proposed sdtypes are SDV's PII sdtypes, which SDV/RDT regenerate with Faker values.
``apply_detected_pii`` gives them to a detected schema, so that nothing real is copied when
the user changes nothing; the warnings cover columns a user typed plain on purpose.
"""

from __future__ import annotations

import importlib
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from syndata.vocabulary import PLAIN_SDTYPES

if TYPE_CHECKING:
    from syndata.metadata import Schema

SAMPLE_SIZE = 500
VALUE_SHARE = 0.7
SUPPORTED_SHARE = 0.3
MIN_DISTINCT_FOR_NAMES = 5
_SEED = 0
_NAME_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR")
# What ``detect_pii`` can propose, each a member of ``vocabulary.PII_SDTYPES``, in words.
_DESCRIPTIONS = {
    "email": "e-mail addresses",
    "phone_number": "phone numbers",
    "first_name": "first names",
    "last_name": "last names",
    "name": "person names",
    "address": "postal addresses",
    "street_address": "street addresses",
    "ipv4_address": "IPv4 addresses",
    "ipv6_address": "IPv6 addresses",
    "credit_card_number": "card numbers",
    "ssn": "national id numbers",
    "iban": "bank account numbers (IBAN)",
}
# python-stdnum modules for national ids with a fixed shape or a checksum. Bare digits pass a
# checksum by chance about one time in ten, far below VALUE_SHARE, so id columns stay ids.
_NATIONAL_IDS = (
    "it.codicefiscale", "es.dni", "es.nie", "se.personnummer", "dk.cpr", "fi.hetu", "ch.ssn",
    "be.nn", "br.cpf", "fr.nir", "nl.bsn", "pl.pesel", "no.fodselsnummer", "cn.ric", "ca.sin",
    "ro.cnp", "at.vnr",
)
_NATIONAL_ID_SHAPE = r"^(?=.{8,24}$)(?=(?:\D*\d){6})[0-9A-Za-z]+(?:[ ./+-][0-9A-Za-z]+)*$"
_IBAN_SHAPE = r"^(?=.{15,42}$)[A-Za-z]{2}\d{2}(?: ?[0-9A-Za-z]){11,34}$"
_EMAIL = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
_IPV4 = r"^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$"
_IPV6 = r"^(?=.*:.*:)[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}$"
_SSN = r"^(?:\d{3}-\d{2}-\d{4}|[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])$"
_CARD = r"^\d{4}(?:[ -]?\d{2,4}){2,4}$|^\d{13,19}$"
_PHONE = (
    r"^(?=(?:\D*\d){7,15}\D*$)"  # 7 to 15 digits in all
    r"\+?(?:\(\d{1,4}\)|\d{1,4})(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,5}$"
)
_PHONE_SEPARATED = r"^\+|[ ().-].*[ ().-]|^\(|\d\)"
_DATE_LIKE = r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$"
_STREET_ABBREVIATIONS = (
    "st", "ave", "rd", "ln", "dr", "blvd", "ct", "pl", "sq", "hwy", "pkwy", "ter", "cir",
    "close", "crescent", "strasse", "straße", "str", "weg", "gasse", "platz", "rue", "calle",
    "via", "avenida",
)
_PHONE_EXTENSION = r"(?i)\s*(?:x|ext\.?|extension)\s*\d{1,6}$"
PHONE_SEPARATED_SHARE = 0.3

# Column names that say what a column holds. Whole-name patterns (optionally behind a
# prefix such as ``customer_``) so that ``email_opt_in`` or ``product_name`` do not match.
_NAME_HINTS: tuple[tuple[str, str], ...] = (
    ("email", r"(?:e_?mail|email_address|mail_address)"),
    ("phone_number", r"(?:phone|phone_number|phone_no|telephone|tel|mobile|mobile_number|"
                     r"cell_phone|fax)"),
    ("first_name", r"(?:first_?name|given_?name|forename|fname)"),
    ("last_name", r"(?:last_?name|surname|family_?name|lname)"),
    ("name", r"(?:full_?name|(?:customer|client|contact|person|employee|user|patient|"
             r"member|student|owner|author|holder|cardholder|account_holder)_?name)"),
    ("ipv4_address", r"(?:ip|ip_?address|ipv4|ipv4_address|client_ip|remote_ip)"),
    ("ipv6_address", r"(?:ipv6|ipv6_address)"),
    ("street_address", r"(?:street|street_address|address_line_?1|line_?1)"),
    ("address", r"(?:address|addr|home_address|postal_address|mailing_address)"),
    ("credit_card_number", r"(?:credit_?card|credit_card_number|card_?number|card_no|"
                           r"cc_?number|ccn|pan)"),
    ("ssn", r"(?:ssn|social_security(?:_number)?|national_?id|national_insurance_number|"
            r"nino|tax_?id|passport(?:_number)?|id_card(?:_number)?|identity_number|"
            r"personnummer|codice_fiscale|fiscal_code|cpf|dni|nie|nif|pesel|bsn|nir)"),
    ("iban", r"(?:iban|iban_number|bank_account(?:_number)?)"),
)
_AMBIGUOUS_HINTS = frozenset({"name"})
_FAMILIES = {
    "first_name": "person", "last_name": "person", "name": "person",
    "address": "address", "street_address": "address",
    "ipv4_address": "ip", "ipv6_address": "ip",
}


@dataclass(frozen=True)
class PiiFinding:
    """A column that looks like personal data.

    ``reason`` is ``"values"``, ``"name"`` or ``"name and values"``; ``share_matching`` is
    the share of sampled non-empty values that look like ``sdtype`` (0 when only the name
    gave it away and no value matched).
    """

    column: str
    sdtype: str
    reason: str
    share_matching: float

    @property
    def explanation(self) -> str:
        what = _DESCRIPTIONS[self.sdtype]
        share = f"{self.share_matching:.0%} of sampled values look like {what}"
        if self.reason == "values":
            return share
        if self.reason == "name":
            return f"the column name suggests {what}"
        return f"the column name suggests {what} and {share}"


def detect_pii(df: pd.DataFrame) -> dict[str, PiiFinding]:
    """Column name -> finding, for every column that looks like personal data."""
    findings: dict[str, PiiFinding] = {}
    for column in df.columns:
        finding = _detect_column(str(column), df[column])
        if finding:
            findings[str(column)] = finding
    return findings


def apply_detected_pii(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Give the PII-looking columns of ``tables`` their PII sdtype in a detected schema.

    Returns one note per column changed.
    SDV's detector types unhinted columns (``kontakt``, ``ref``) by shape alone, as
    categoricals or ids, and those real values are then learned and copied. Called right
    after detection on every path (CLI and app), so the default is never a copy. Keys are
    left alone (their type must match across relationships), and so is every column not
    typed plain: a user's metadata is not passed here, and the warnings below cover it.
    """
    notes: list[str] = []
    for name, frame in tables.items():
        table = schema.tables[name]
        keys = {table.primary_key} | schema.foreign_keys(name)
        for column, finding in detect_pii(frame).items():
            spec = table.columns.get(column)
            if spec is None or column in keys or spec.sdtype not in PLAIN_SDTYPES:
                continue
            schema.set_sdtype(name, column, finding.sdtype)
            notes.append(f"{name}.{column} is typed {finding.sdtype} ({finding.explanation}), "
                         "so it gets fake values instead of real ones.")
    return notes


def pii_left_plain(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """``table.column`` for PII-looking columns the schema still models as plain values.

    A categorical, id or numerical column is learned from (or copied out of) the real
    values, so real e-mails or names could appear in the synthetic output; the CLI, the
    Prepare page and the export warn about these. Tables and columns the schema does not
    describe are not modelled, so they are not listed.
    """
    left: list[str] = []
    for table, frame in tables.items():
        described = schema.tables.get(table)
        columns = described.columns if described else {}
        for column in detect_pii(frame):
            if column in columns and columns[column].sdtype in PLAIN_SDTYPES:
                left.append(f"{table}.{column}")
    return left


def pii_warning(schema: Schema, tables: Mapping[str, pd.DataFrame]) -> str | None:
    """The export warning for ``pii_left_plain``, or None when there is nothing to say."""
    left = pii_left_plain(schema, tables)
    if not left:
        return None
    return (
        f"{', '.join(left)} look(s) like personal data but is modelled as plain values, so "
        "real values may appear in the synthetic output. Set a PII sdtype (e.g. email, name) "
        "on the Prepare page to have them replaced with fake values."
    )


def _detect_column(column: str, series: pd.Series) -> PiiFinding | None:
    hint = _hint_for(column)
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_float_dtype(series):
        return None
    values = _sample(series)
    if values.empty:
        return PiiFinding(column, hint, "name", 0.0) if _name_is_enough(hint) else None
    shares = _integer_shares(values) if pd.api.types.is_integer_dtype(series) else (
        _value_shares(values))
    found = next(((sdtype, share) for sdtype, share in shares if share >= VALUE_SHARE), None)
    if found:
        sdtype, share = found
        if hint and _family(hint) == _family(sdtype):
            return PiiFinding(column, hint if _family(hint) == "person" else sdtype,
                              "name and values", share)
        return PiiFinding(column, sdtype, "values", share)
    if not hint:
        return None
    support = dict(shares).get(hint, 0.0)
    if hint in _AMBIGUOUS_HINTS:
        support = max(support, *(dict(shares).get(k, 0.0) for k in ("first_name",
                                                                      "last_name")))
        if support < SUPPORTED_SHARE:
            return None
    if support >= SUPPORTED_SHARE:
        return PiiFinding(column, hint, "name and values", support)
    return PiiFinding(column, hint, "name", support)


def _hint_for(column: str) -> str | None:
    normal = re.sub(r"[^a-z0-9]+", "_", re.sub(r"([a-z])([A-Z])", r"\1_\2", column).lower())
    normal = normal.strip("_")
    for sdtype, pattern in _NAME_HINTS:
        if re.fullmatch(rf"(?:[a-z0-9_]*_)?{pattern}", normal):
            return sdtype
    return None


def _name_is_enough(hint: str | None) -> bool:
    return hint is not None and hint not in _AMBIGUOUS_HINTS


def _family(sdtype: str) -> str:
    return _FAMILIES.get(sdtype, sdtype)


def _sample(series: pd.Series) -> pd.Series:
    present = series.dropna()
    if len(present) > SAMPLE_SIZE:
        present = present.sample(SAMPLE_SIZE, random_state=_SEED)
    return present.astype(str).str.strip().loc[lambda s: s != ""].reset_index(drop=True)


def _value_shares(values: pd.Series) -> list[tuple[str, float]]:
    """(sdtype, share of values that look like it), most specific kinds first."""
    total = len(values)
    not_date = ~values.str.match(_DATE_LIKE)
    card_shaped = values.str.match(_CARD)
    phones = values.str.replace(_PHONE_EXTENSION, "", regex=True)
    phone = phones.str.match(_PHONE) & not_date
    if (phone & phones.str.contains(_PHONE_SEPARATED)).mean() < PHONE_SEPARATED_SHARE:
        phone = pd.Series(False, index=values.index)  # bare digits alone: more often ids
    shares = [
        ("email", values.str.match(_EMAIL)),
        ("ipv4_address", values.str.match(_IPV4)),
        ("ipv6_address", _ipv6_valid(values)),
        ("ssn", values.str.match(_SSN) | _national_id_valid(values)),
        ("iban", _iban_valid(values)),
        ("credit_card_number", card_shaped & _luhn_valid(values.where(card_shaped, ""))),
        ("phone_number", phone),
        ("street_address", _street_like(values)),
    ]
    result = [(sdtype, float(mask.sum()) / total) for sdtype, mask in shares]
    result[-1:] = _address_kind(values, shares[-1][1], total)
    result.extend(_person_shares(values))
    return result


def _integer_shares(values: pd.Series) -> list[tuple[str, float]]:
    """Whole numbers can only be card numbers by their values (every other kind needs a
    separator, a letter or an ``@``), so the other, costlier checks are skipped."""
    card = values.str.match(_CARD) & _luhn_valid(values)
    return [("credit_card_number", float(card.sum()) / len(values))]


@cache
def _street_patterns() -> tuple[re.Pattern, re.Pattern]:
    """``12 Oak Street`` and ``Hauptstraße 5``, with Faker's street suffixes as the words."""
    from faker.providers.address.en_US import Provider

    words = {w.lower() for w in Provider.street_suffixes} | set(_STREET_ABBREVIATIONS)
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    number_first = re.compile(
        rf"(?i)^\d+[A-Za-z]?,?\s+(?:[\w.'-]+\s+){{0,4}}(?:{alternatives})\b\.?"
    )
    number_last = re.compile(rf"(?i)^[\w.'-]{{0,40}}(?:{alternatives})\s+\d+[A-Za-z]?\b")
    return number_first, number_last


def _street_like(values: pd.Series) -> pd.Series:
    number_first, number_last = _street_patterns()
    return values.str.match(number_first) | values.str.match(number_last)


def _address_kind(values: pd.Series, street: pd.Series, total: int) -> list[tuple[str, float]]:
    """A street address followed by a town (``1 Main St, Springfield``) is a full address."""
    share = float(street.sum()) / total
    full = values[street].str.contains(r"[,\n]\s*\S")
    if street.any() and full.mean() >= 0.5:
        return [("address", share), ("street_address", 0.0)]
    return [("street_address", share), ("address", 0.0)]


def _ipv6_valid(values: pd.Series) -> pd.Series:
    """Regex-shaped candidates, confirmed by ``ipaddress`` (``12:30:45`` is a time)."""
    shaped = values.str.match(_IPV6)

    def parses(value: str) -> bool:
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return False
        return True

    return shaped & values.where(shaped, "").map(parses).astype(bool)


@cache
def _national_id_validators() -> tuple:
    return tuple(importlib.import_module(f"stdnum.{name}") for name in _NATIONAL_IDS)


def _checked(values: pd.Series, shape: str, validators: tuple) -> pd.Series:
    """Values of ``shape`` that one of ``validators`` accepts; none when few have the shape.

    The validators run in Python, so they only run when a clear majority is shaped right,
    and once per distinct value.
    """
    shaped = values.str.match(shape)
    if shaped.mean() < VALUE_SHARE:
        return pd.Series(False, index=values.index)
    valid = [v for v in values[shaped].unique() if any(m.is_valid(v) for m in validators)]
    return values.isin(valid)


def _national_id_valid(values: pd.Series) -> pd.Series:
    """National ids of several countries (codice fiscale, DNI, personnummer, CPF, NIR...).

    A date (``2020-01-01``, ``30.07.1985``) has the shape but is no country's id format,
    so a date column skips the validators (17 per value, 0.3 s for two date columns).
    """
    undated = values.where(~values.str.match(_DATE_LIKE), "")
    return _checked(undated, _NATIONAL_ID_SHAPE, _national_id_validators())


def _iban_valid(values: pd.Series) -> pd.Series:
    """IBANs, printed compact or in groups of four, with a valid mod-97 check."""
    return _checked(values, _IBAN_SHAPE, (importlib.import_module("stdnum.iban"),))


def _luhn_valid(values: pd.Series) -> pd.Series:
    """The Luhn checksum of card numbers, computed on a digit matrix without Python loops."""
    digits = values.str.replace(r"\D", "", regex=True)
    length = digits.str.len()
    valid = (length >= 13) & (length <= 19)
    if not valid.any():
        return valid
    width = 19
    padded = digits.where(valid, "0").str.zfill(width)
    matrix = np.frombuffer("".join(padded).encode(), dtype=np.uint8).reshape(-1, width) - 48
    doubled = matrix[:, -2::-2] * 2
    total = matrix[:, -1::-2].sum(axis=1) + (doubled - 9 * (doubled > 9)).sum(axis=1)
    return valid & pd.Series(total % 10 == 0, index=values.index)


@cache
def _person_names() -> tuple[frozenset[str], frozenset[str]]:
    """First and last names from Faker's person providers for a few common locales."""
    from importlib import import_module

    first: set[str] = set()
    last: set[str] = set()
    for locale in _NAME_LOCALES:
        provider = import_module(f"faker.providers.person.{locale}").Provider
        first.update(getattr(provider, "first_names", ()))
        last.update(getattr(provider, "last_names", ()))
    return frozenset(n.lower() for n in first), frozenset(n.lower() for n in last)


def _person_shares(values: pd.Series) -> list[tuple[str, float]]:
    """Shares of full names, first names and last names among the values.

    Single tokens from a handful of distinct values are not evidence (colours and segments
    coincide with surnames such as Green or Brown), so at least ``MIN_DISTINCT_FOR_NAMES``
    distinct values are required, and a last name needs a clear majority.
    """
    first, last = _person_names()
    if values.nunique() < MIN_DISTINCT_FOR_NAMES:
        return [("name", 0.0), ("first_name", 0.0), ("last_name", 0.0)]
    cleaned = values.str.replace(r"^(?:mr|mrs|ms|dr|prof)\.?\s+", "", regex=True, case=False)
    tokens = cleaned.str.lower().str.replace(r"[^\w\s'-]", " ", regex=True).str.split()
    count = tokens.str.len()
    capitalised = cleaned.str.match(r"^[A-ZÀ-Þ][\w'-]*(?:[ ,]+[A-ZÀ-Þ][\w'.-]*){1,3}$")
    head = tokens.str[0].fillna("")
    tail = tokens.str[-1].fillna("")
    # set lookups per sampled value: Series.isin would hash the whole name lists each call
    head_first, head_last = head.map(first.__contains__), head.map(last.__contains__)
    tail_first, tail_last = tail.map(first.__contains__), tail.map(last.__contains__)
    full = (count.between(2, 4)) & capitalised & (
        head_first | (head_last & cleaned.str.contains(","))
    ) & (tail_last | tail_first | cleaned.str.contains(","))
    single = count == 1
    total = len(values)
    return [
        ("name", float(full.sum()) / total),
        ("first_name", float((single & head_first).sum()) / total),
        ("last_name", float((single & head_last).sum()) / total
         if values.nunique() >= 2 * MIN_DISTINCT_FOR_NAMES else 0.0),
    ]
