"""bench/suite_metrics.py's real-half ceiling and privacy summary, and the suite's option
checks: the halves are disjoint where they are split, keys stay valid in each half."""

import pytest

from bench.schemas import generate
from bench.suite import main
from bench.suite_data import DatasetError, load_dataset
from bench.suite_metrics import privacy, split_halves


def test_halves_split_the_largest_child_and_its_descendants_and_keep_keys_valid():
    schema = generate("retail", rows=600, seed=1)
    first, second, split = split_halves(schema.tables, schema.metadata, seed=0)
    assert split == {"order_items", "returns"}
    for name, frame in schema.tables.items():
        a, b = first[name], second[name]
        if name in split:
            assert len(a) + len(b) == len(frame) and 0.3 < len(a) / len(frame) < 0.7
            assert not set(a.index) & set(b.index)
        else:
            assert a.equals(frame) and b.equals(frame)
    for half in (first, second):
        returned = half["returns"]["item_id"]
        assert returned.isin(half["order_items"]["item_id"]).all()


def test_privacy_counts_copies_of_large_tables_only_and_a_copy_has_dcr_ratio_zero():
    tables, metadata = load_dataset("grunfeld")
    result = privacy(tables, tables, metadata)
    assert result["exact_copies"] == 1.0
    assert result["dcr_ratio"] == 0.0
    assert set(result["tables"]) == {"firms", "firm_years"}


def test_unknown_dataset_or_model_is_a_one_line_error_and_exit_2(capsys):
    assert main(["--datasets", "nope"]) == 2
    assert "unknown dataset(s) nope; choose among flights5" in capsys.readouterr().err
    assert main(["--models", "gpt"]) == 2
    assert "unknown model(s) gpt" in capsys.readouterr().err
    with pytest.raises(DatasetError, match="Choose among"):
        load_dataset("nope")
