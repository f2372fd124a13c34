"""One module per exercise type: its YAML fields and validation, its judging, its answer
control, its answer-key entry and its student placeholder. A new type is one new module
here, decorated with ``checker.register`` and imported by ``balancing_act.exercises``."""
