"""The schema diagram's layout: depth columns, one distinct edge per relationship."""

from __future__ import annotations

import pytest

from syndata import plots
from syndata.metadata import Schema
from syndata.schema_layout import BOX_GAP, depths, layout


def _rel(label: str) -> dict:
    """A relationship written as the diagram's legend names it: ``parent.key -> child.key``."""
    (parent, pk), (child, fk) = (side.strip().split(".") for side in label.split("->"))
    return {"parent_table_name": parent, "parent_primary_key": pk,
            "child_table_name": child, "child_foreign_key": fk}


def _table(primary: str | None, *columns: str) -> dict:
    meta = {"columns": {c: {"sdtype": "id" if c.endswith("id") else "numerical"}
                        for c in columns}}
    if primary:
        meta["primary_key"] = primary
    return meta


def _flights() -> dict:
    """airlines, airports, planes -> flights (19 columns, origin and dest far down) ->
    delays, which also points at airlines: an edge that skips the flights column."""
    filler = [f"c{i}" for i in range(14)]
    return {
        "tables": {
            "airlines": _table("carrier_id", "carrier_id", "name"),
            "airports": _table("faa_id", "faa_id", "lat"),
            "planes": _table("tail_id", "tail_id", "seats"),
            "flights": _table("flight_id", "flight_id", *filler, "carrier_id", "tail_id",
                              "origin_id", "dest_id"),
            "delays": _table("delay_id", "delay_id", "flight_id", "carrier_id", "minutes"),
        },
        "relationships": [
            _rel("airlines.carrier_id -> flights.carrier_id"),
            _rel("planes.tail_id -> flights.tail_id"),
            _rel("airports.faa_id -> flights.origin_id"),
            _rel("airports.faa_id -> flights.dest_id"),
            _rel("flights.flight_id -> delays.flight_id"),
            _rel("airlines.carrier_id -> delays.carrier_id"),
        ],
    }


def test_tables_of_depth_d_sit_at_x_d():
    schema = Schema.from_dict(_flights())
    placed = layout(schema)
    assert depths(schema) == {"airlines": 0, "airports": 0, "planes": 0, "flights": 1,
                              "delays": 2}
    assert {t: b.x for t, b in placed.boxes.items()} == depths(schema)


def test_every_relationship_is_drawn_once_and_named():
    metadata = _flights()
    placed = layout(Schema.from_dict(metadata))
    assert [e.relationship for e in placed.edges] == Schema.from_dict(metadata).relationships
    figure = plots.schema_diagram(Schema.from_dict(metadata))
    names = [t.name for t in figure.data]
    assert names == [e.label for e in placed.edges] and len(set(names)) == len(names)
    assert "airports.faa_id -> flights.dest_id" in names


def test_edges_run_from_the_key_line_to_the_foreign_key_line():
    placed = layout(Schema.from_dict(_flights()))
    for edge in placed.edges:
        rel = edge.relationship
        parent = placed.boxes[rel.parent]
        child = placed.boxes[rel.child]
        assert edge.points[0] == (parent.x, parent.rows[rel.parent_key])
        assert edge.points[-1] == (child.x, child.rows[rel.child_key])
        assert child.bottom < edge.points[-1][1] < child.top


def test_two_relationships_between_the_same_tables_run_apart():
    """origin and dest are past the column limit: keys are listed all the same."""
    placed = layout(Schema.from_dict(_flights()))
    origin, dest = (e for e in placed.edges if e.relationship.parent == "airports")
    assert origin.points[-1] != dest.points[-1]
    figure = plots.schema_diagram(Schema.from_dict(_flights()))
    label = next(a.text for a in figure.layout.annotations if a.text.startswith("<b>flights"))
    assert "origin_id: id [FK]" in label and "dest_id: id [FK]" in label
    assert "... 7 more" in label  # 19 columns, 12 shown


def test_an_edge_that_skips_a_depth_runs_below_that_column():
    placed = layout(Schema.from_dict(_flights()))
    edge = next(e for e in placed.edges if e.relationship.child == "delays"
                and e.relationship.parent == "airlines")
    flights = placed.boxes["flights"]
    lane = edge.points[1:-1]
    assert [x for x, _ in lane] == [0.5, 1.5]
    assert all(y < flights.bottom for _, y in lane)


def test_boxes_of_one_column_do_not_overlap():
    placed = layout(Schema.from_dict(_flights()))
    roots = sorted((b for b in placed.boxes.values() if b.x == 0), key=lambda b: -b.y)
    assert len(roots) == 3
    for upper, lower in zip(roots, roots[1:], strict=False):
        assert upper.bottom - lower.top == pytest.approx(BOX_GAP)


def test_a_child_sits_near_its_parents():
    """Barycentre order: the child of the lowest root is placed lowest in its column."""
    metadata = {
        "tables": {"a": _table("a_id", "a_id"), "b": _table("b_id", "b_id"),
                   "ca": _table(None, "a_id"), "cb": _table(None, "b_id")},
        "relationships": [_rel("b.b_id -> cb.b_id"), _rel("a.a_id -> ca.a_id")],
    }
    placed = layout(Schema.from_dict(metadata))
    assert placed.boxes["a"].y > placed.boxes["b"].y
    assert placed.boxes["ca"].y > placed.boxes["cb"].y


def test_tables_without_relationships_are_a_grid_not_a_column():
    metadata = {"tables": {f"t{i}": _table(None, "x") for i in range(5)}, "relationships": []}
    placed = layout(Schema.from_dict(metadata))
    assert [b.x for b in placed.boxes.values()] == [0, 1, 2, 0, 1]
    assert len({b.y for b in placed.boxes.values()}) == 2
    figure = plots.schema_diagram(Schema.from_dict(metadata))
    assert not figure.data and not figure.layout.showlegend


def test_isolated_tables_go_below_the_related_ones():
    metadata = _flights()
    metadata["tables"]["weather"] = _table(None, "temp")
    placed = layout(Schema.from_dict(metadata))
    lowest = min(b.bottom for t, b in placed.boxes.items() if t != "weather")
    assert placed.boxes["weather"].top < lowest


def test_a_self_reference_loops_out_and_back():
    metadata = {"tables": {"staff": _table("staff_id", "staff_id", "boss_id")},
                "relationships": [_rel("staff.staff_id -> staff.boss_id")]}
    placed = layout(Schema.from_dict(metadata))
    (edge,) = placed.edges
    box = placed.boxes["staff"]
    assert edge.points[0] == (0, box.rows["staff_id"])
    assert edge.points[-1] == (0, box.rows["boss_id"])
    assert max(x for x, _ in edge.points) == 0.5
    names = [t.name for t in plots.schema_diagram(Schema.from_dict(metadata)).data]
    assert names == ["staff.staff_id -> staff.boss_id"]


def test_the_figure_is_tall_enough_for_its_boxes():
    small = plots.schema_diagram(
        Schema.from_dict({"tables": {"t": _table(None, "x")}, "relationships": []})
    )
    big = plots.schema_diagram(Schema.from_dict(_flights()))
    assert big.layout.height > small.layout.height
    low, high = big.layout.yaxis.range
    placed = layout(Schema.from_dict(_flights()))
    assert low < min(b.bottom for b in placed.boxes.values())
    assert high > max(b.top for b in placed.boxes.values())
