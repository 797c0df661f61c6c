"""Work that may not end, run in a child process that can be stopped.

The service must answer every request at once, however bad the case it is sent: reading a
hostile case file can take minutes (the standard TOML parser is quadratic in the length of a
dotted key) and a run of a large case can take for ever (a scenario space of 7^40). Neither
can be interrupted inside a thread, so both run in a child process: :func:`call_isolated`
starts it, relays its progress, and kills it (with anything it started) when its time limit
passes or when it is asked to stop.

Children are forked from a small server process that has already imported the package
(``forkserver``), so a child starts in tens of milliseconds, and nothing of the service's
threads or sockets is copied into it. Where that is not available (Windows) they are spawned.
A child also ends by itself when the service dies, so no run outlives it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, cast

Result = TypeVar("Result")

#: Modules the fork server imports once, so that each child starts with them loaded.
PRELOAD = [
    "realpolitik.web.intake",
    "realpolitik.web.jobs",
    "realpolitik.web.workbench",
    "realpolitik.analysis.bargaining_stage",
    "realpolitik.analysis.scenarios_stage",
    "realpolitik.analysis.games_stage",
]

#: How often (seconds) the parent looks at its stop flag while a child works.
_POLL = 0.05
#: How long (seconds) a child that has sent its result may take to exit before it is killed.
_GRACE = 5.0


def _make_context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


_CONTEXT = _make_context()


class Stopped(Exception):
    """The child was stopped on request."""


class TimeLimitReached(Exception):
    """The child was stopped because its time limit passed."""


class ChildFailed(Exception):
    """The child raised an exception or died; the message says which."""


def warm_up() -> None:
    """Start the fork server now rather than at the first request (it imports the package,
    which takes seconds)."""
    if _CONTEXT.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def call_isolated(
    target: Callable[..., Result],
    *args: Any,
    time_limit: float,
    stop: threading.Event | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Result:
    """``target(*args)`` in a child process, its return value passed back.

    With ``progress``, the child's ``target`` gets one more argument, a callable
    ``(stage, share_done)`` whose calls are relayed to ``progress`` in this process. Raises
    :class:`TimeLimitReached` after ``time_limit`` seconds, :class:`Stopped` once ``stop`` is
    set, :class:`ChildFailed` when ``target`` raises or the child dies; the child is killed
    in each case. ``target`` and ``args`` must be picklable (module-level functions)."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    alive_reader, alive_writer = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(  # type: ignore[attr-defined]
        target=_child,
        args=(sender, alive_reader, target, args, progress is not None),
        daemon=True,
        name=f"realpolitik-{getattr(target, '__name__', 'work')}",
    )
    deadline = time.monotonic() + time_limit
    try:
        process.start()
        sender.close()
        alive_reader.close()
        result = _relay(process, receiver, deadline, stop, progress)
        process.join(_GRACE)  # it has sent its result and is exiting
        return cast(Result, result)
    finally:
        _end(process)
        receiver.close()
        alive_writer.close()


def _relay(
    process: BaseProcess,
    receiver: Connection,
    deadline: float,
    stop: threading.Event | None,
    progress: Callable[[str, float], None] | None,
) -> Any:
    """Pass on the child's messages until it sends its result, fails, or must stop."""
    while True:
        if stop is not None and stop.is_set():
            raise Stopped
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeLimitReached
        ready = wait([receiver, process.sentinel], timeout=min(remaining, _POLL))
        if not ready:
            continue
        try:
            kind, *payload = receiver.recv()
        except EOFError:  # the child ended without a word: killed, or crashed
            process.join(1)
            exit_code = process.exitcode
            raise ChildFailed(
                f"the worker process ended unexpectedly (exit code {exit_code})"
            ) from None
        if kind == "progress" and progress is not None:
            progress(payload[0], payload[1])
        elif kind == "result":
            return payload[0]
        elif kind == "error":
            raise ChildFailed(payload[0])


def _end(process: BaseProcess) -> None:
    """Kill the child and whatever it started, and reap it."""
    if process.pid is None:  # never started
        return
    if process.exitcode is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (AttributeError, OSError):  # no process groups here, or it had not made its own
            process.kill()
    process.join(10)
    with contextlib.suppress(ValueError):  # still running after a kill: leave it to the OS
        process.close()


def _child(
    sender: Connection,
    alive: Connection,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    with_progress: bool,
) -> None:
    """The child's side: run ``target`` and send back what came of it."""
    if hasattr(os, "setpgrp"):
        os.setpgrp()  # its own process group, so that one kill reaches what it starts
    threading.Thread(target=_end_with_parent, args=(alive,), daemon=True).start()
    if with_progress:

        def report(stage: str, done: float) -> None:
            sender.send(("progress", stage, float(done)))

        args = (*args, report)
    try:
        result = target(*args)
    except BaseException as error:  # everything goes back as a message, never a traceback
        sender.send(("error", f"{type(error).__name__}: {error}"))
    else:
        sender.send(("result", result))
    finally:
        sender.close()


def _end_with_parent(alive: Connection) -> None:
    """Wait for the parent's end of the pipe to close (the parent died) and exit then."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv()
    os._exit(70)
