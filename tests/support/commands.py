"""The `balancing-act` command run in the test's own process, for tests about what a
command says and returns rather than about the process that runs it.

A new process pays about a second of imports (Jupyter, pandas) before it does anything;
``cli.main(argv)`` is the very function the console script calls, so its exit code and
what it prints are the same. Tests about the process itself (a hang cut short by a
timeout, Ctrl+C, what happens at interpreter exit) keep spawning one.
"""

from __future__ import annotations

import contextlib
import io
import subprocess


def run(*args: str) -> subprocess.CompletedProcess:
    """``balancing-act ARGS`` in this process: its exit code, stdout and stderr."""
    from balancing_act import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's own exit (a usage error, --help)
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["balancing-act", *args], code, out.getvalue(),
                                       err.getvalue())
