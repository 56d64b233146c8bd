"""The home page is step 1 and is headed like the other steps."""


def test_home_is_headed_load_data(app):
    assert [t.value for t in app.title] == ["Load data"]
    assert "syndata" in app.caption[0].value
