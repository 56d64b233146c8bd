"""The database and output flags of the CLI: refused, in one line, where they do not apply."""

from __future__ import annotations

from syndata.cli import main


def test_database_flags_without_a_database_are_refused(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("a,b\n1,2\n3,4\n")
    assert main(["synthesize", "--data", str(tmp_path / "t.csv"), "--tables", "t",
                 "--model", "cart", "--out", str(tmp_path / "o")]) == 2
    assert "--tables apply to a database" in capsys.readouterr().err


def test_output_flags_that_do_not_go_together_are_refused_before_fitting(tmp_path, capsys):
    (tmp_path / "t.csv").write_text("a,b\n1,2\n3,4\n")
    base = ["synthesize", "--data", str(tmp_path / "t.csv"), "--model", "cart"]
    assert main([*base, "--out", "sqlite:///x.db", "--format", "parquet"]) == 2
    assert main([*base, "--out", str(tmp_path / "o"), "--out-schema", "s"]) == 2
    assert main([*base, "--out", str(tmp_path / "o"), "--format", "parquet",
                 "--safe-for-spreadsheets"]) == 2
    err = capsys.readouterr().err
    assert "apply to a folder" in err and "apply to a database" in err and "CSV files" in err
    assert not (tmp_path / "o").exists()
