"""The shop tables as a folder of CSVs, the input the commands read."""

from pathlib import Path

import pytest


@pytest.fixture
def shop_dir(tmp_path, shop) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    for name, df in shop.items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return folder
