"""The column vocabularies: which sdtypes exist and what each group of them means.

One home for these sets, because every layer asks the same questions of a column's type
(is it personal data? does a model learn its values? is it a number for a distance?) and
two lists that drift apart answer them differently. The relational GAN package beside
syndata keeps its own list of modelled sdtypes: it is standalone and imports nothing from
syndata.
"""

from __future__ import annotations

BASE_SDTYPES = ("numerical", "categorical", "boolean", "datetime", "id")
"""The sdtypes that are not personal data, as the Prepare page offers them."""

PII_SDTYPES = (
    "email",
    "phone_number",
    "name",
    "first_name",
    "last_name",
    "address",
    "street_address",
    "city",
    "postcode",
    "country",
    "ipv4_address",
    "ipv6_address",
    "credit_card_number",
    "ssn",
    "iban",
    "company",
    "url",
    "user_name",
)
"""SDV's PII sdtypes we offer: SDV/RDT regenerate them with fake values, never copies."""

SDTYPES = BASE_SDTYPES + PII_SDTYPES
"""Every sdtype a user can choose for a column."""

KEY_SDTYPES = ("id",) + PII_SDTYPES
"""The sdtypes a primary key may have (SDV generates unique values for each)."""

EXTRA_SDTYPES = ("ordinal", "unknown")
"""The sdtypes SDV's own detection produces besides ours (any Faker function is valid too)."""

PLAIN_SDTYPES = frozenset({"categorical", "id", "text", "unknown", "ordinal", "numerical"})
"""Sdtypes whose real values a model learns or copies, so PII there reaches the output."""

MODELLED_SDTYPES = frozenset({"numerical", "categorical", "boolean", "datetime"})
"""Sdtypes whose values a model learns a distribution of (the rest are ids or regenerated)."""

NUMERIC_SDTYPES = frozenset({"numerical", "datetime"})
"""Sdtypes a distance or a regression reads as numbers."""

DISCRETE_SDTYPES = frozenset({"categorical", "boolean", "ordinal"})
"""Sdtypes a metric or a classifier reads as labels."""

NON_PII_SDTYPES = frozenset(
    {"numerical", "datetime", "categorical", "boolean", "ordinal", "id", "unknown"}
)
"""Sdtypes that are not personal data; every other sdtype is a PII kind (email, name, ...)."""

DATETIME_FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d-%m-%Y",
    "%Y%m%d",
)
"""The datetime formats the Prepare page offers (detection may find others)."""


def is_pii_sdtype(sdtype: str) -> bool:
    """Whether SDV treats this sdtype as personal data (regenerated with Faker values)."""
    return sdtype not in NON_PII_SDTYPES
