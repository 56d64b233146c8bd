"""TableEncoder: columns in and out of the GAN's encoding, values kept where they must be."""

import numpy as np
import pandas as pd

from irgan import IRGANConfig, IRGANSynthesizer
from irgan.encoding import TableEncoder


def test_encode_decode_keeps_dtypes_categories_and_nulls():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({
        "x": rng.normal(size=300),
        "n": rng.integers(0, 9, 300),
        "c": rng.choice(["a", "b", None], 300),
        "flag": rng.choice([True, False], 300),
    })
    specs = {"x": {"sdtype": "numerical"}, "n": {"sdtype": "numerical"},
             "c": {"sdtype": "categorical"}, "flag": {"sdtype": "boolean"}}
    enc = TableEncoder.fit(df, specs, 50)
    raw = enc.transform(df)
    assert raw.shape == (300, enc.width) and np.isfinite(raw).all()
    out = enc.decode(raw, np.random.default_rng(1))
    assert list(out.columns) == list(df.columns)
    assert out["n"].dtype == df["n"].dtype and out["flag"].dtype == df["flag"].dtype
    assert set(out["c"].dropna()) <= {"a", "b"} and out["c"].isna().any()
    assert out["x"].between(df["x"].min(), df["x"].max()).all()


def test_an_ordinal_column_keeps_its_real_values():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {"year": 2013, "size": rng.choice(["S", "M", "L"], 200), "x": rng.normal(size=200)}
    )
    meta = {
        "tables": {
            "t": {
                "columns": {
                    "year": {"sdtype": "ordinal"},
                    "size": {"sdtype": "ordinal"},
                    "x": {"sdtype": "numerical"},
                }
            }
        },
        "relationships": [],
    }
    model = IRGANSynthesizer(meta, IRGANConfig(epochs=1, hidden_size=32, device="cpu"))
    model.fit({"t": df})
    out = model.sample(seed=1)["t"]
    assert (out["year"] == 2013).all()
    assert set(out["size"]) <= {"S", "M", "L"}



def test_functional_dependency_between_categories_stays_exact(fast):
    rng = np.random.default_rng(1)
    models = [f"M{i}" for i in range(40)]
    maker = {m: f"maker{i % 7}" for i, m in enumerate(models)}
    model_col = rng.choice(models, 800)
    df = pd.DataFrame(
        {
            "model": model_col,
            "manufacturer": [maker[m] for m in model_col],
            "seats": rng.integers(50, 300, 800),
        }
    )
    meta = {
        "tables": {
            "planes": {
                "columns": {
                    "model": {"sdtype": "categorical"},
                    "manufacturer": {"sdtype": "categorical"},
                    "seats": {"sdtype": "numerical"},
                }
            }
        }
    }
    synth = IRGANSynthesizer(meta, IRGANConfig(epochs=2, device="cpu", **fast))
    synth.fit({"planes": df})
    out = synth.sample(seed=2)["planes"]
    assert (out["manufacturer"] == out["model"].map(maker)).all()

