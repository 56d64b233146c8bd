"""The column vocabularies agree with each other and with what SDV accepts."""

from __future__ import annotations

from syndata import pii
from syndata.vocabulary import (
    BASE_SDTYPES,
    DISCRETE_SDTYPES,
    KEY_SDTYPES,
    MODELLED_SDTYPES,
    NUMERIC_SDTYPES,
    PII_SDTYPES,
    PLAIN_SDTYPES,
    SDTYPES,
    is_pii_sdtype,
)


def test_there_is_one_pii_list_and_detection_proposes_only_its_members():
    assert len(PII_SDTYPES) == len(set(PII_SDTYPES)) == 18
    assert set(pii._DESCRIPTIONS) <= set(PII_SDTYPES)


def test_every_pii_sdtype_is_personal_data_and_no_base_sdtype_is():
    assert all(is_pii_sdtype(s) for s in PII_SDTYPES)
    assert not any(is_pii_sdtype(s) for s in BASE_SDTYPES + ("ordinal", "unknown"))
    assert not set(PII_SDTYPES) & PLAIN_SDTYPES


def test_the_groups_are_made_of_offered_or_detected_sdtypes():
    assert SDTYPES == BASE_SDTYPES + PII_SDTYPES
    assert set(KEY_SDTYPES) == {"id"} | set(PII_SDTYPES)
    assert MODELLED_SDTYPES.issubset(BASE_SDTYPES)
    assert (NUMERIC_SDTYPES | DISCRETE_SDTYPES).issubset({*BASE_SDTYPES, "ordinal"})
    assert not NUMERIC_SDTYPES & DISCRETE_SDTYPES
