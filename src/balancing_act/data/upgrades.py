"""Model files written before the neutral words, read as today's (upgrade on read).

Until issue 23 the model named Moscow's indicator "mistrust" (lower is better) and
Washington's "trust" (higher is better). Both are now "concern" (lower is better for
both), and concern in Washington is 1 - the old trust, so every result an older
teacher's copy gives stays the same. The file on disk is never rewritten: this module
turns the old header and cells into today's, before the schema checks them, so a bad
cell in an old file still gets the usual message naming its row and column.
"""

from __future__ import annotations

from collections.abc import Callable

Rows = list[list[str]]

#: steps.csv: old column -> (new column, how a cell converts).
_STEP_COLUMNS = {"mistrust": ("concern_moscow", "same"),
                 "trust": ("concern_washington", "negate")}
#: scenarios.csv: old column -> new column (the factors keep their values: scaling every
#: effect on trust scales every effect on concern alike, and a cost in trust is the same
#: amount of added concern).
_SCENARIO_COLUMNS = {"mistrust_scale": "moscow_scale", "trust_scale": "washington_scale",
                     "reassurance_trust_cost": "reassurance_washington_cost"}
#: parameters.csv: old row name -> (new name, how the value converts, today's description).
_PARAMETER_ROWS = {
    "baseline_mistrust": ("baseline_concern_moscow", "same",
                          "Concern in Moscow before any step (an index from 0 to 1)."),
    "baseline_trust": ("baseline_concern_washington", "complement",
                       "Concern in Washington before any step (an index from 0 to 1)."),
    "mistrust_threshold": ("concern_moscow_ceiling", "same",
                           "The constraint: ties with Russia count as not harmed while "
                           "concern in Moscow stays at or below this level."),
    "trust_floor": ("concern_washington_ceiling", "complement",
                    "A constraint a learner may choose instead: concern in Washington counts "
                    "as eased enough while it stays at or below this level (the course's "
                    "choice, not the article's)."),
}
_UPGRADED = " (Read from an older copy: {old} {was} is {new} {now}.)"


def _convert(cell: str, how: str) -> str:
    """One number converted; a cell that is not a number is left for the schema to name."""
    if how == "same":
        return cell
    try:
        value = float(cell)
    except ValueError:
        return cell
    converted = -value if how == "negate" else 1 - value
    return format(round(converted, 9) + 0.0, "g")  # + 0.0: no '-0'


def _rename_columns(header: list[str], body: Rows,
                    renames: dict[str, tuple[str, str]]) -> tuple[list[str], Rows]:
    if not any(old in header for old in renames) or any(
            new in header for new, _ in renames.values()):
        return header, body  # today's file (or a mix the schema will name)
    where = {header.index(old): how for old, (_, how) in renames.items() if old in header}
    new_header = [renames[h][0] if h in renames else h for h in header]
    new_body = [[_convert(cell, where[i]) if i in where else cell
                 for i, cell in enumerate(row)] for row in body]
    return new_header, new_body


def upgrade_steps(header: list[str], body: Rows) -> tuple[list[str], Rows]:
    """Old ``mistrust`` / ``trust`` columns as ``concern_moscow`` / ``concern_washington``
    (the effect on concern in Washington is minus the old effect on trust)."""
    return _rename_columns(header, body, _STEP_COLUMNS)


def upgrade_scenarios(header: list[str], body: Rows) -> tuple[list[str], Rows]:
    """Old scenario columns under today's names, values unchanged."""
    return _rename_columns(header, body, {old: (new, "same")
                                          for old, new in _SCENARIO_COLUMNS.items()})


def upgrade_parameters(header: list[str], body: Rows) -> tuple[list[str], Rows]:
    """Old parameter rows under today's names: a trust level becomes 1 - it as concern,
    and the row's description says so."""
    if "name" not in header or "value" not in header:
        return header, body
    name_at, value_at = header.index("name"), header.index("value")
    about = header.index("description") if "description" in header else None
    out = []
    for row in body:
        if len(row) != len(header) or row[name_at] not in _PARAMETER_ROWS:
            out.append(row)
            continue
        old, old_value = row[name_at], row[value_at]
        new, how, description = _PARAMETER_ROWS[old]
        row = list(row)
        row[name_at], row[value_at] = new, _convert(old_value, how)
        if about is not None:
            row[about] = description + _UPGRADED.format(old=old, was=old_value.strip(), new=new,
                                                        now=row[value_at])
        out.append(row)
    return header, out


#: Model table name -> its upgrade (the tables whose words changed).
UPGRADES: dict[str, Callable[[list[str], Rows], tuple[list[str], Rows]]] = {
    "steps": upgrade_steps,
    "scenarios": upgrade_scenarios,
    "parameters": upgrade_parameters,
}
