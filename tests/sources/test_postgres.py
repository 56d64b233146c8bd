"""A real PostgreSQL: read through the CLI, synthesize, write into a new schema, and let
the server itself show that the keys and constraints hold."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from syndata.cli import main
from tests.sources.conftest import PASSWORD


def _engine(url: str):
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


def test_cli_reads_synthesizes_and_writes_back_with_constraints(postgres, tmp_path, capsys):
    model_file = tmp_path / "model.syndata"
    code = main(["synthesize", "--data", postgres, "--schema", "sales", "--model", "cart",
                 "--out", postgres, "--out-schema", "synthetic", "--save-model",
                 str(model_file)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "wrote 2 table(s) with their keys" in out and "schema synthetic" in out
    assert PASSWORD not in out + err and ":***@" in out
    assert PASSWORD.encode() not in model_file.read_bytes()
    engine = _engine(postgres)
    with engine.connect() as connection:
        kinds = connection.execute(sa.text(
            "SELECT table_name, constraint_type FROM information_schema.table_constraints "
            "WHERE table_schema = 'synthetic' AND constraint_type IN ('PRIMARY KEY', "
            "'FOREIGN KEY') ORDER BY 1, 2")).fetchall()
        assert [tuple(k) for k in kinds] == [("customers", "PRIMARY KEY"),
                                             ("orders", "FOREIGN KEY"),
                                             ("orders", "PRIMARY KEY")]
        orphans = connection.execute(sa.text(
            "SELECT count(*) FROM synthetic.orders o LEFT JOIN synthetic.customers c "
            "ON o.customer_id = c.id WHERE o.customer_id IS NOT NULL AND c.id IS NULL")).scalar()
        assert orphans == 0
        assert connection.execute(sa.text("SELECT count(*) FROM synthetic.orders")).scalar() > 0
    with pytest.raises(sa.exc.IntegrityError, match="foreign key"), \
            engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO synthetic.orders (order_id, customer_id) "
                                   "VALUES (999999, 999999)"))
    engine.dispose()


def test_the_source_schema_is_refused_without_confirmation(postgres, capsys):
    code = main(["synthesize", "--data", postgres, "--schema", "sales", "--model", "cart",
                 "--out", postgres, "--out-schema", "sales"])
    err = capsys.readouterr().err
    assert code == 2 and "--overwrite-source" in err and PASSWORD not in err


def test_no_permission_is_one_line_without_the_password(postgres, capsys):
    stranger = postgres.replace("syndata:", "stranger:")
    code = main(["synthesize", "--data", stranger, "--schema", "sales", "--model", "cart",
                 "--out", "unused"])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2 and lines[-1].startswith("error: Cannot read postgresql")
    assert "permission denied" in lines[-1] and PASSWORD not in err


def test_source_reads_run_in_read_only_transactions(postgres):
    from syndata.errors import IngestError
    from syndata.sources.sql import read_only_connection

    with pytest.raises(IngestError, match="read-only transaction"), \
            read_only_connection(postgres) as connection:
        connection.execute(sa.text("DELETE FROM sales.orders"))
