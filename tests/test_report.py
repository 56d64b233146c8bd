"""The HTML report parses, holds every section and inlines plotly.js exactly once."""

from html.parser import HTMLParser

import pytest

from syndata.evaluation import evaluate
from syndata.report import SECTIONS, render_report


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.scripts_with_src = 0
        self.plots = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "script" and "src" in attributes:
            self.scripts_with_src += 1
        if tag == "div" and "plotly-graph-div" in (attributes.get("class") or ""):
            self.plots += 1


@pytest.fixture(scope="module")
def report(airline_tables, airline_schema):
    synthetic = {
        name: frame.sample(frac=1.0, random_state=2) for name, frame in airline_tables.items()
    }
    result = evaluate(airline_tables, synthetic, airline_schema, target="flights.dep_delay")
    return render_report(result, airline_tables, synthetic, airline_schema)


def test_report_parses_and_has_every_section(report):
    collector = _Collector()
    collector.feed(report)
    collector.close()
    assert {anchor for anchor, _ in SECTIONS} <= collector.ids
    for anchor in (
        "scores",
        "distributions",
        "correlations",
        "cardinality",
        "summary",
        "schema",
        "privacy",
        "utility",
        "sample",
    ):
        assert anchor in collector.ids
    assert collector.plots > 10
    assert collector.scripts_with_src == 0, "the report must open offline"
    assert "<link" not in report and 'src="http' not in report


def test_plotly_is_inlined_once(report):
    assert report.count("* plotly.js v") == 1
    assert report.count("window.PlotlyConfig") == 1
    assert "Quality level:" in report and "Feature importances" in report
    assert "Exact copies" in report and "Sampling note" in report


def test_report_without_target_or_relationships_says_why(weather, weather_schema):
    result = evaluate({"weather": weather}, {"weather": weather}, weather_schema)
    page = render_report(result, {"weather": weather}, {"weather": weather}, weather_schema)
    assert "No target column was chosen" in page
    assert "No relationships between tables" in page
