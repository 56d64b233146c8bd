"""Every IRGAN progress message says which table and which step, fitting and sampling."""

from irgan import IRGANSynthesizer
from syndata import synthesis
from syndata.metadata import Schema


def test_fit_messages_name_the_table_and_the_epoch(database, fast):
    tables, meta = database
    seen = []
    model = IRGANSynthesizer(meta, epochs=2, batch_size=100, device="cpu", **fast)
    model.fit(tables, progress=seen.append)

    messages = [p.message for p in seen]
    assert all(messages), "a progress report without a message"
    epochs = {p.message: p for p in seen if p.epoch is not None}
    for name in tables:  # every table of this database has columns the GAN learns
        for epoch in (1, 2):
            report = epochs[f"{name}: epoch {epoch} of 2"]
            assert report.loss is not None
            assert report.text == f"{name}: epoch {epoch} of 2, loss {report.loss:.3f}"
        assert f"{name}: encoding columns" in messages
    assert any(m.startswith("orders: degree model (") for m in messages)
    assert any(m.startswith("orders: key model (") for m in messages)
    assert {p.stage for p in seen} == {"fit irgan"}
    assert messages[-1] == "IRGAN fitted" and seen[-1].fraction == 1.0


def test_sample_messages_name_the_table_and_the_step(fitted):
    seen = []
    fitted.sample(scale=0.5, seed=3, progress=seen.append)

    messages = [p.message for p in seen]
    for name in fitted.schema.order:
        assert f"{name}: generating rows" in messages
    assert any(m.startswith("orders: matching keys (") for m in messages)
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert messages[-1] == "IRGAN sampled"


def test_the_fitted_model_passes_sampling_progress_on(database):
    tables, _ = database
    shop = {name: tables[name] for name in ("regions", "users", "orders")}
    model = synthesis.fit("irgan", Schema.detect(shop), shop, {"epochs": 1})
    seen = []
    model.sample(scale=0.2, seed=1, progress=seen.append)

    assert "users: generating rows" in [p.message for p in seen]
