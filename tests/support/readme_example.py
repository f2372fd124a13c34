"""The README's worked example ("a new exercise for lesson 02"), applied as a teacher would.

The YAML is read from README.md itself, so the tests hold the README to what it says:
the block is added at the end of ``02_two_partners.yml``'s exercises, as written; when its
id is already taken (the example applied twice), the next free id is used instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support import REPO

SECTION = "### Worked example: a new exercise for lesson 02"
FILE = "exercises/02_two_partners.yml"


def readme_text() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def worked_example_yaml() -> str:
    """The first YAML block under the worked example's heading, as the README prints it."""
    text = readme_text()
    rest = text[text.index(SECTION):]
    return re.search(r"```yaml\n(.*?)```", rest, re.S).group(1)


def example_id() -> str:
    return re.search(r'- id: "(\d\d\.\d+)"', worked_example_yaml()).group(1)


def apply_worked_example(data: Path, *, skill: str | None = "as written") -> str:
    """Add the example to ``data``'s lesson-02 file; returns the id it got. ``skill=None``
    leaves the skill line out (an untagged item), another text replaces the tag."""
    block = worked_example_yaml()
    if skill is None:
        block = re.sub(r"^ +skill: .*\n", "", block, flags=re.M)
    elif skill != "as written":
        block = re.sub(r"^( +skill: )\w+", rf"\g<1>{skill}", block, flags=re.M)
    target = data / FILE
    text = target.read_text(encoding="utf-8")
    used = {int(n) for n in re.findall(r'- id: "02\.(\d+)"', text)}
    wanted = example_id()
    if int(wanted.split(".")[1]) in used:
        wanted = f"02.{max(used) + 1}"
        block = re.sub(r'- id: "02\.\d+"', f'- id: "{wanted}"', block, count=1)
    target.write_text(text.rstrip("\n") + "\n" + block, encoding="utf-8")
    return wanted
