"""The lines a successful command prints: tables written, the model, the scores."""

from pathlib import Path

import pandas as pd

from syndata.commands.summary import evaluation_lines, model_line, tables_lines
from syndata.models import FitInfo


def test_tables_lines_count_rows_under_aligned_names(tmp_path):
    tables = {"users": pd.DataFrame({"a": range(3)}),
              "order_lines": pd.DataFrame({"a": range(12_345)})}
    assert tables_lines(tables, tmp_path) == [
        f"wrote 2 tables and metadata.json to {tmp_path}",
        "  users.csv                   3 rows",
        "  order_lines.csv        12,345 rows",
    ]
    assert tables_lines({"users": tables["users"]}, tmp_path)[0].startswith("wrote 1 table and")


def test_model_line_says_where_and_how_long_and_epochs_only_when_known():
    info = FitInfo(model="ctgan", tables=["users"], params={}, device="cuda", fit_seconds=12.34)
    assert model_line(info, 0.96) == "model ctgan on cuda: fit 12.3 s, sample 1.0 s"
    info.epochs_used = 7
    assert model_line(info, 0.96).endswith("sample 1.0 s, 7 epochs")


def test_evaluation_lines_lead_with_the_scores():
    assert evaluation_lines(0.81234, 0.999, "good", [Path("r.html"), Path("s.json")]) == [
        "quality 0.812 (good), diagnostic 0.999", "wrote r.html", "wrote s.json"]
