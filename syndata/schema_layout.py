"""Where the schema diagram puts each table and how each relationship runs between them.

Tables are laid out left to right by depth (parents left, children right): a table of depth
``d`` has ``x = d``, and the tables of one depth are stacked in a column, ordered by where
their parents sit so edges cross less (the barycentre step of a Sugiyama layout). An edge
leaves its parent at the primary-key line and enters its child at the foreign-key line, so
two relationships between the same pair of tables (``flights.origin`` and ``flights.dest``
to ``airports``) run apart; an edge that skips a depth drops into the gap before the
skipped columns and runs below their tables in a lane of its own instead of under them.
Tables in no relationship are set out in a grid below, not in one tall column.

Hand-written because no layout engine ships with the app: the ``graphviz`` package needs
the ``dot`` binary, which is not installed, and the diagram must also render offline in the
HTML report, so it is drawn with plotly from these coordinates. ``y`` is in text lines (one
unit = one line of a table's box), so the figure's height follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from syndata.metadata import Relationship, Schema

#: Lines of a box that are not text: border and padding.
BOX_PADDING = 1.4
#: Lines between two boxes of one column.
BOX_GAP = 2.0
#: Columns listed in a box before "... N more".
COLUMN_LIMIT = 12


@dataclass(frozen=True)
class Box:
    """One table: its centre, its height, and the ``y`` of each column's line."""

    table: str
    x: float
    y: float
    height: float
    lines: int
    rows: dict[str, float]

    @property
    def top(self) -> float:
        return self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y - self.height / 2


@dataclass(frozen=True)
class Edge:
    """One relationship as a polyline from the parent's centre line to the child's."""

    relationship: Relationship
    points: list[tuple[float, float]]

    @property
    def label(self) -> str:
        rel = self.relationship
        return f"{rel.parent}.{rel.parent_key} -> {rel.child}.{rel.child_key}"


@dataclass
class SchemaLayout:
    """Every box and edge, and the extent they cover (for the axes and the figure size)."""

    boxes: dict[str, Box] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    @property
    def x_range(self) -> tuple[float, float]:
        xs = [b.x for b in self.boxes.values()] + [x for e in self.edges for x, _ in e.points]
        return (min(xs, default=0.0), max(xs, default=0.0))

    @property
    def y_range(self) -> tuple[float, float]:
        ys = [y for b in self.boxes.values() for y in (b.top, b.bottom)]
        ys += [y for e in self.edges for _, y in e.points]
        return (min(ys, default=0.0), max(ys, default=0.0))


def shown_columns(schema: Schema, table: str) -> list[str]:
    """The columns a box lists, in table order: every key, then others up to the limit.

    Keys always show because edges start and end on their lines; the rest are summed up
    in the box's last line.
    """
    columns = schema.columns_of(table)
    keys = schema.key_columns(table)
    room = max(COLUMN_LIMIT - len(keys & set(columns)), 0)
    others = [c for c in columns if c not in keys][:room]
    return [c for c in columns if c in keys or c in others]


def _box_lines(schema: Schema, table: str) -> int:
    total = len(schema.columns_of(table))
    shown = len(shown_columns(schema, table))
    return 1 + shown + (1 if total > shown else 0)


def depths(schema: Schema) -> dict[str, int]:
    """Each table's depth: 0 without parents, else one more than its deepest parent.

    Not ``Schema.topological_order``: the diagram also draws what the Check tab refuses
    (a cycle, a self-reference), so the user sees it.
    """
    parents: dict[str, list[str]] = {t: [] for t in schema.tables}
    for rel in schema.relationships_among(schema.tables):
        if rel.parent != rel.child:
            parents[rel.child].append(rel.parent)
    depth: dict[str, int] = {}

    def visit(table: str, seen: frozenset[str]) -> int:
        if table not in depth:
            above = [visit(p, seen | {table}) for p in parents[table] if p not in seen]
            depth[table] = 1 + max(above) if above else 0
        return depth[table]

    for table in parents:
        visit(table, frozenset())
    return depth


def _box(schema: Schema, table: str, x: float, top: float) -> Box:
    lines = _box_lines(schema, table)
    height = lines + BOX_PADDING
    title = top - BOX_PADDING / 2 - 0.5  # centre of the title line
    shown = shown_columns(schema, table)
    rows = {c: title - 1 - i for i, c in enumerate(shown)}
    more = title - 1 - len(shown)  # the "... N more" line
    rows |= {c: more for c in schema.columns_of(table) if c not in rows}
    return Box(table, x, top - height / 2, height, lines, rows)


def _stack(schema: Schema, names: list[str], x: float) -> list[Box]:
    """A column of boxes centred on ``y = 0``."""
    heights = [_box_lines(schema, n) + BOX_PADDING for n in names]
    top, boxes = (sum(heights) + BOX_GAP * (len(names) - 1)) / 2, []
    for name in names:
        box = _box(schema, name, x, top)
        boxes.append(box)
        top = box.bottom - BOX_GAP
    return boxes


def _order(layer: list[str], parents_of: dict[str, list[str]], placed: dict[str, Box]) -> list[str]:
    """Tables of one depth, top to bottom by the mean height of their placed parents."""
    def key(name: str) -> float:
        ys = [placed[p].y for p in parents_of[name] if p in placed]
        return -sum(ys) / len(ys) if ys else 0.0

    return sorted(layer, key=key)


def _edge(rel: Relationship, boxes: dict[str, Box], floors: dict[float, float]) -> Edge:
    parent, child = boxes[rel.parent], boxes[rel.child]
    start = (parent.x, parent.rows.get(rel.parent_key, parent.y))
    end = (child.x, child.rows.get(rel.child_key, child.y))
    if parent is child:  # a self-reference loops out into the gap on the right
        return Edge(rel, [start, (start[0] + 0.5, start[1]), (end[0] + 0.5, end[1]), end])
    step = 1 if child.x > parent.x else -1
    between = [float(x) for x in range(int(parent.x) + step, int(child.x), step)]
    if not between:
        return Edge(rel, [start, end])
    floor = min(floors[x] for x in between) - 1.0  # a lane of its own below those columns
    floors.update(dict.fromkeys(between, floor))
    half = step / 2
    return Edge(rel, [start, (between[0] - half, floor), (between[-1] + half, floor), end])


def layout(schema: Schema) -> SchemaLayout:
    """Boxes and edges for every table and relationship of ``schema``."""
    tables = list(schema.tables)
    relationships = schema.relationships_among(tables)
    linked = {t for r in relationships for t in (r.parent, r.child)}
    depth = depths(schema)
    parents_of: dict[str, list[str]] = {t: [] for t in tables}
    for rel in relationships:
        parents_of[rel.child].append(rel.parent)
    result = SchemaLayout()
    columns = max((depth[t] for t in linked), default=-1) + 1
    for level in range(columns):
        layer = _order([t for t in tables if t in linked and depth[t] == level], parents_of,
                       result.boxes)
        result.boxes.update((b.table, b) for b in _stack(schema, layer, float(level)))
    floors = {float(x): min((b.bottom for b in result.boxes.values() if b.x == x), default=0.0)
              for x in range(columns)}
    floors = {x: y - BOX_GAP / 2 for x, y in floors.items()}
    result.edges = [_edge(rel, result.boxes, floors) for rel in relationships]
    _grid(schema, [t for t in tables if t not in linked], result, max(columns, 3))
    return result


def _grid(schema: Schema, names: list[str], result: SchemaLayout,
          width: int) -> None:
    """Tables without relationships, ``width`` to a row, below everything else."""
    top = result.y_range[0] - BOX_GAP if result.boxes else 0.0
    for start in range(0, len(names), width):
        row = [_box(schema, name, float(i), top)
               for i, name in enumerate(names[start:start + width])]
        result.boxes.update((b.table, b) for b in row)
        top = min(b.bottom for b in row) - BOX_GAP
