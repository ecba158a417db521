"""Throughput of connexion beside the bare framework, on every backend, in one invocation.

For each backend and server, the runner starts the bare app and the connexion app (one
process, one worker, on 127.0.0.1 only), drives each of the three operations with ``wrk``
over loopback, stops the server, and prints one table: bare req/s, connexion req/s and their
ratio. The table is also written to ``benchmarks/results/`` as JSON and Markdown.

    python -m benchmarks.run --rounds 3           # the reported numbers, about 16 minutes
    python -m benchmarks.run                      # one round, about 5 minutes
    python -m benchmarks.run --only flask --duration 3

See README.rst for the targets and how to read the numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import importlib.metadata
import json
import os
import pathlib
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
BODY_FILE = HERE / "body.json"
POST_SCRIPT = HERE / "post.lua"

#: The ratio connexion / bare that the project aims at, by kind of operation.
TARGETS = {"GET": 0.85, "POST": 0.70}


@dataclasses.dataclass(frozen=True)
class Operation:
    """One request the benchmark sends."""

    name: str
    method: str
    path: str
    status: int
    expected: Any

    @property
    def target(self) -> float:
        return TARGETS[self.method]


with BODY_FILE.open() as _file:
    _ORDER = json.load(_file)

OPERATIONS = (
    Operation("GET path param", "GET", "/items/42", 200, {"id": 42, "name": "item 42"}),
    Operation(
        "GET query params",
        "GET",
        "/items?limit=10&active=true&tags=red&tags=green&tags=blue",
        200,
        {"limit": 10, "active": True, "tags": ["red", "green", "blue"]},
    ),
    Operation(
        "POST 16-field body",
        "POST",
        "/orders",
        201,
        {"id": 1, "customer_id": 4711, "total": 59.97, "lines": 2},
    ),
)


@dataclasses.dataclass(frozen=True)
class Setup:
    """A backend served by one server, with the command of each app variant.

    :param variants: ``bare`` first, then the connexion variants, each mapped to a function
        of the port that returns the server's command line.
    """

    backend: str
    server: str
    variants: dict[str, Callable[[int], list[str]]]


PY = sys.executable


def _gunicorn(worker: str, target: str) -> Callable[[int], list[str]]:
    return lambda port: [
        PY, "-m", "gunicorn", "--workers", "1", "--worker-class", worker,
        "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning",
        f"benchmarks.flask_apps:{target}",
    ]  # fmt: skip


def _run_app(variant: str) -> Callable[[int], list[str]]:
    return lambda port: [PY, "-m", "benchmarks.aiohttp_apps", variant, str(port)]


def _uvicorn(target: str) -> Callable[[int], list[str]]:
    return lambda port: [
        PY, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        "--no-access-log", "--log-level", "warning", f"benchmarks.quart_apps:{target}",
    ]  # fmt: skip


def _hypercorn(target: str) -> Callable[[int], list[str]]:
    return lambda port: [
        PY, "-m", "hypercorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
        "--log-level", "warning", f"benchmarks.quart_apps:{target}",
    ]  # fmt: skip


SETUPS = (
    Setup(
        "flask",
        "gunicorn sync",
        {"bare": _gunicorn("sync", "bare"), "def": _gunicorn("sync", "connexion_app")},
    ),
    Setup(
        "flask",
        "gunicorn gevent",
        {"bare": _gunicorn("gevent", "bare"), "def": _gunicorn("gevent", "connexion_app")},
    ),
    Setup(
        "aiohttp",
        "web.run_app",
        {"bare": _run_app("bare"), "inline": _run_app("inline"), "thread": _run_app("thread")},
    ),
    Setup(
        "quart",
        "uvicorn",
        {
            "bare": _uvicorn("bare"),
            "inline": _uvicorn("connexion_inline"),
            "thread": _uvicorn("connexion_thread"),
        },
    ),
    Setup(
        "quart",
        "hypercorn",
        {
            "bare": _hypercorn("bare"),
            "inline": _hypercorn("connexion_inline"),
            "thread": _hypercorn("connexion_thread"),
        },
    ),
)


# --- machine ----------------------------------------------------------------------------------


def require_wrk() -> str:
    """The path of wrk, or exit with how to install it."""
    path = shutil.which("wrk")
    if path is None:
        sys.exit(
            "wrk was not found on PATH. Install it: 'apt-get install wrk' (Debian, Ubuntu), "
            "'brew install wrk' (macOS), or build it from https://github.com/wg/wrk"
        )
    return path


def pinning(enabled: bool) -> tuple[list[str], list[str]]:
    """taskset prefixes that put the server on CPU 0 and wrk on CPU 1, when possible."""
    if not enabled or shutil.which("taskset") is None or (os.cpu_count() or 1) < 2:
        return [], []
    return ["taskset", "-c", "0"], ["taskset", "-c", "1"]


def wait_for_quiet(threshold: float, max_wait: float) -> tuple[float, float, float]:
    """Wait (up to ``max_wait`` seconds) for the 1-minute load to fall below ``threshold``."""
    deadline = time.monotonic() + max_wait
    load = os.getloadavg()
    while load[0] > threshold and time.monotonic() < deadline:
        print(f"load average {load[0]:.2f} > {threshold}: waiting...", flush=True)
        time.sleep(15)
        load = os.getloadavg()
    if load[0] > threshold:
        print(f"load average still {load[0]:.2f}: measuring anyway (noisier)", flush=True)
    return load


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in (
        "connexion", "flask", "werkzeug", "gunicorn", "gevent", "aiohttp", "quart",
        "uvicorn", "hypercorn", "jsonschema", "httptools", "uvloop",
    ):  # fmt: skip
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "-"
    try:
        found["wrk"] = subprocess.run(
            ["wrk", "--version"], capture_output=True, text=True, check=False
        ).stdout.split(" [")[0]
    except OSError:
        pass
    return found


# --- one server ---------------------------------------------------------------------------------


def request(port: int, op: Operation, timeout: float = 2.0) -> tuple[int, Any]:
    """Send ``op`` once; return the status and the decoded JSON body."""
    data = BODY_FILE.read_bytes() if op.method == "POST" else None
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{op.path}",
        data=data,
        method=op.method,
        headers={"Content-Type": "application/json"} if data else {},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


class Server:
    """A server process started (in its own process group) and stopped by the runner."""

    def __init__(
        self, command: Callable[[int], list[str]], prefix: list[str], log: pathlib.Path
    ) -> None:
        self.port = free_port()
        self.log = log
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*prefix, *command(self.port)],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": path},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log.read_text()[-2000:]}")
            try:
                status, _ = request(self.port, OPERATIONS[0], timeout=1.0)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"the server did not answer in {timeout}s:\n{self.log.read_text()[-2000:]}"
        )

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's processes (its group)."""
        return process_group_cpu(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_group_cpu(pgid: int) -> float:
    """User + system CPU seconds of the live processes of group ``pgid`` (Linux /proc).

    Returns 0.0 where /proc is not there; the runner then reports no CPU-based figures.
    """
    total = 0
    for entry in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # after "pid (comm)": state ppid pgrp session ... utime (14th field) stime (15th)
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / _TICKS


_REQS = re.compile(r"Requests/sec:\s+([\d.]+)")
_COUNT = re.compile(r"(\d+) requests in ([\d.]+)(m?s)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def wrk(
    prefix: list[str], port: int, op: Operation, seconds: int, threads: int, connections: int
) -> dict[str, Any]:
    """Run wrk against ``op``; return req/s and the error counts."""
    command = [
        *prefix, "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
        f"http://127.0.0.1:{port}{op.path}",
    ]  # fmt: skip
    if op.method == "POST":
        command[-1:-1] = ["-s", str(POST_SCRIPT)]
        command += ["--", str(BODY_FILE)]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    found = _REQS.search(output)
    if found is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    non_2xx = _NON_2XX.search(output)
    sockets = _SOCKET.search(output)
    count = _COUNT.search(output)
    return {
        "rps": float(found.group(1)),
        "requests": int(count.group(1)) if count else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def measure_variant(
    command: Callable[[int], list[str]], args: argparse.Namespace, logs: pathlib.Path, label: str
) -> dict[str, dict[str, Any]]:
    """Start one app, check every operation answers as expected, measure each, stop it."""
    server_prefix, wrk_prefix = pinning(not args.no_pin)
    server = Server(command, server_prefix, logs / f"{re.sub(r'[^a-z0-9]+', '-', label)}.log")
    try:
        server.wait_ready()
        results: dict[str, dict[str, Any]] = {}
        for op in OPERATIONS:
            status, body = request(server.port, op)
            if status != op.status or body != op.expected:
                raise RuntimeError(f"{label} {op.name}: got {status} {body!r}")
            if args.warmup > 0:
                wrk(wrk_prefix, server.port, op, args.warmup, args.threads, args.connections)
            cpu_before = server.cpu_seconds()
            result = wrk(
                wrk_prefix, server.port, op, args.duration, args.threads, args.connections
            )
            cpu = server.cpu_seconds() - cpu_before
            # requests per second of server CPU: what one worker would serve with a core of
            # its own, whatever else the machine is running
            result["server_cpu_s"] = round(cpu, 2)
            result["rps_cpu"] = result["requests"] / cpu if cpu > 0 else 0.0
            results[op.name] = result
            print(
                f"  {label:<40} {op.name:<20} {result['rps']:>9.0f} req/s "
                f"{result['rps_cpu']:>9.0f} req/CPU-s  (server CPU {cpu:.2f} s)",
                flush=True,
            )
        return results
    finally:
        server.stop()


# --- the run ----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    setups = [s for s in SETUPS if not args.only or s.backend in args.only]
    load_before = wait_for_quiet(args.max_load, args.max_wait)
    started = datetime.datetime.now()
    # samples[(backend, server, variant)][operation] = one wrk result per round; each round
    # runs every app in turn, so a change in the machine's load touches bare and connexion alike
    samples: dict[tuple[str, str, str], dict[str, list[dict[str, Any]]]] = {}
    with tempfile.TemporaryDirectory(prefix="connexion-bench-") as tmp:
        for round_ in range(args.rounds):
            if args.rounds > 1:
                print(f"round {round_ + 1}/{args.rounds}", flush=True)
            for setup in setups:
                for variant, make_command in setup.variants.items():
                    label = f"{setup.backend} / {setup.server} / {variant}"
                    found = measure_variant(make_command, args, pathlib.Path(tmp), label)
                    for op_name, result in found.items():
                        key = (setup.backend, setup.server, variant)
                        samples.setdefault(key, {}).setdefault(op_name, []).append(result)
    load_after = os.getloadavg()
    rows = []
    for setup in setups:
        for variant in list(setup.variants)[1:]:
            for op in OPERATIONS:
                bare = samples[(setup.backend, setup.server, "bare")][op.name]
                conn = samples[(setup.backend, setup.server, variant)][op.name]
                bare_rps = statistics.median(s["rps"] for s in bare)
                conn_rps = statistics.median(s["rps"] for s in conn)
                bare_cpu = statistics.median(s["rps_cpu"] for s in bare)
                conn_cpu = statistics.median(s["rps_cpu"] for s in conn)
                errors = sum(s["non_2xx"] + s["socket_errors"] for s in bare + conn)
                rows.append(
                    {
                        "backend": setup.backend,
                        "server": setup.server,
                        "handlers": variant,
                        "operation": op.name,
                        "bare_rps": round(bare_rps, 1),
                        "connexion_rps": round(conn_rps, 1),
                        "ratio": round(conn_rps / bare_rps, 3),
                        "bare_rps_per_cpu_s": round(bare_cpu, 1),
                        "connexion_rps_per_cpu_s": round(conn_cpu, 1),
                        "cpu_ratio": round(conn_cpu / bare_cpu, 3) if bare_cpu else None,
                        "target": op.target,
                        "errors": errors,
                        "duration_s": args.duration,
                        "samples": {"bare": bare, "connexion": conn},
                    }
                )
    server_prefix, wrk_prefix = pinning(not args.no_pin)
    return {
        "date": started.isoformat(timespec="seconds"),
        "command": "python -m benchmarks.run " + " ".join(args.argv),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "pinning": {"server": " ".join(server_prefix), "wrk": " ".join(wrk_prefix)},
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
        },
        "wrk": {
            "threads": args.threads,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
        },
        "versions": versions(),
        "rows": rows,
    }


# --- output -----------------------------------------------------------------------------------

COLUMNS = (
    ("backend", "backend / server", "<"),
    ("handlers", "connexion handlers", "<"),
    ("operation", "operation", "<"),
    ("bare_rps", "bare req/s", ">"),
    ("connexion_rps", "connexion req/s", ">"),
    ("ratio", "ratio", ">"),
    ("target", "target", ">"),
    ("cpu_ratio", "ratio per CPU-s", ">"),
    ("busy", "server CPU % bare/cnx", ">"),
)

HANDLER_MODES = {
    "def": "def (WSGI, inline)",
    "inline": "def, sync_handlers=inline",
    "thread": "def, thread pool (default)",
}


def _judged(ratio: float | None, target: float) -> str:
    if ratio is None:
        return "-"
    if ratio >= target:
        return f"{ratio:.2f}"
    # a ratio just under its target must not be shown rounded up to it
    shown = f"{ratio:.2f}" if f"{ratio:.2f}" != f"{target:.2f}" else f"{ratio:.3f}"
    return shown + " MISS"


def _busy(samples: Sequence[dict[str, Any]], duration: float) -> str:
    return f"{100 * statistics.median(s['server_cpu_s'] for s in samples) / duration:.0f}"


def _cells(row: dict[str, Any]) -> dict[str, str]:
    target = row["target"]
    seconds = row["duration_s"]
    busy = (
        _busy(row["samples"]["bare"], seconds) + "/" + _busy(row["samples"]["connexion"], seconds)
    )
    return {
        "backend": f"{row['backend']} / {row['server']}",
        "handlers": HANDLER_MODES.get(row["handlers"], row["handlers"]),
        "operation": row["operation"],
        "bare_rps": f"{row['bare_rps']:.0f}",
        "connexion_rps": f"{row['connexion_rps']:.0f}",
        "ratio": _judged(row["ratio"], target),
        "target": f"{target:.2f}" + (f" ({row['errors']} errors!)" if row["errors"] else ""),
        "cpu_ratio": _judged(row["cpu_ratio"], target),
        "busy": busy,
    }


def text_table(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as an aligned plain-text table."""
    cells = [_cells(row) for row in rows]
    widths = {key: max([len(title)] + [len(c[key]) for c in cells]) for key, title, _ in COLUMNS}

    def line(values: dict[str, str]) -> str:
        return "  ".join(
            f"{values[key]:{align}{widths[key]}}" for key, _, align in COLUMNS
        ).rstrip()

    header = line({key: title for key, title, _ in COLUMNS})
    return "\n".join([header, "-" * len(header), *(line(c) for c in cells)])


def markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown page."""
    machine, bench = report["machine"], report["wrk"]
    lines = [
        f"# connexion vs bare framework, {report['date']}",
        "",
        f"Command: `{report['command']}`",
        "",
        f"wrk -t{bench['threads']} -c{bench['connections']} -d{bench['duration_s']}s after a "
        f"{bench['warmup_s']} s warm-up, median of {bench['rounds']} round(s); "
        f"{machine['cpus']} CPUs, server pinned with `{machine['pinning']['server'] or 'none'}`, "
        f"wrk with `{machine['pinning']['wrk'] or 'none'}`; load average before "
        f"{machine['load_before']}, after {machine['load_after']}.",
        "",
        "| " + " | ".join(title for _, title, _ in COLUMNS) + " |",
        "| " + " | ".join("---:" if align == ">" else "---" for _, _, align in COLUMNS) + " |",
    ]
    for row in report["rows"]:
        cells = _cells(row)
        lines.append("| " + " | ".join(cells[key] for key, _, _ in COLUMNS) + " |")
    lines += ["", "Versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items())]
    return "\n".join(lines) + "\n"


def write_results(report: dict[str, Any], folder: pathlib.Path) -> tuple[pathlib.Path, ...]:
    """Write the report as ``throughput-<date>T<time>.json`` and ``.md``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report["date"].replace(":", "")[: len("2024-01-01T1200")]
    json_path = folder / f"throughput-{stamp}.json"
    md_path = folder / f"throughput-{stamp}.md"
    json_path.write_text(json.dumps(report, indent=2) + "\n")
    md_path.write_text(markdown(report))
    return json_path, md_path


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per run")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure every app this many times; keep medians"
    )
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default=None,
        help="comma-separated backends (flask,aiohttp,quart)",
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin with taskset")
    parser.add_argument(
        "--max-load",
        type=float,
        default=0.5,
        help="wait while the 1-minute load average is above this",
    )
    parser.add_argument(
        "--max-wait", type=float, default=300, help="longest wait for a quiet machine (s)"
    )
    parser.add_argument(
        "--output", type=pathlib.Path, default=HERE / "results", help="where results go"
    )
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(argv)
    args.argv = list(argv)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    require_wrk()
    report = run(args)
    print()
    print(text_table(report["rows"]))
    machine = report["machine"]
    print(
        f"\nload average before {machine['load_before']}, after {machine['load_after']}; "
        f"pinning: server '{machine['pinning']['server'] or 'none'}', "
        f"wrk '{machine['pinning']['wrk'] or 'none'}'"
    )
    if not args.no_save:
        for path in write_results(report, args.output):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
