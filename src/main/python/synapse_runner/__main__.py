"""Command line: `python -m synapse_runner describe|validate|run …` (the package's parent on PYTHONPATH)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import Any, List, Optional

from .errors import EXIT_USAGE, RunnerError, UsageError
from .manifest import load_manifest
from .protocol import EventSink, to_jsonable
from .runner import Cancelled, describe, run_action, validate_only
from .streams import open_event_writer, protected_stdout


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m synapse_runner", description="Runs Synapse plugin actions.")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, action_required: bool) -> argparse.ArgumentParser:
        sub = commands.add_parser(name)
        sub.add_argument("--plugin", required=True, help="plugin folder (holds config.yaml)")
        sub.add_argument("--action", required=action_required)
        sub.add_argument("--manifest-json", help="the parsed config.yaml as JSON; spares the runner needing PyYAML")
        sub.set_defaults(handler=handler)
        return sub

    command("describe", _describe, False)
    command("validate", _validate, True).add_argument("--params-file", help="JSON object; '-' reads stdin")
    run = command("run", _run, True)
    run.add_argument("--params-file", help="JSON object; '-' reads stdin (default: {})")
    run.add_argument("--events", default="stdout", help="fd:N | file:PATH | marker | stdout (default)")
    run.add_argument("--run-id", help="copied into every event as run_id and given to the action as ctx.run_id")
    return parser


def read_params(path: Optional[str]) -> Any:
    if not path:
        return {}
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise UsageError("cannot read params file %s: %s" % (path, exc)) from exc


def _print_json(stream, body: Any) -> None:
    stream.write(json.dumps(to_jsonable(body, strict=False), ensure_ascii=True) + "\n")
    stream.flush()


def _describe(args: argparse.Namespace) -> int:
    out = protected_stdout()  # plugin imports may print; only our one JSON object goes to stdout
    try:
        _print_json(out, describe(args.plugin, load_manifest(args.plugin, args.manifest_json), args.action))
        return 0
    except RunnerError as exc:
        _print_json(out, {"error": exc.to_error()})
        return exc.exit_code


def _validate(args: argparse.Namespace) -> int:
    out = protected_stdout()
    try:
        manifest = load_manifest(args.plugin, args.manifest_json)
        _print_json(out, validate_only(args.plugin, manifest, args.action, read_params(args.params_file)))
        return 0
    except RunnerError as exc:
        _print_json(out, {"ok": False, "error": exc.to_error()})
        return exc.exit_code


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Cancelled("run cancelled by signal %d" % signum)


def _run(args: argparse.Namespace) -> int:
    try:
        sink = EventSink(open_event_writer(args.events), args.run_id)
    except UsageError as exc:
        print("synapse_runner: %s" % exc.message, file=sys.stderr)
        return EXIT_USAGE
    # The host cancels with SIGTERM (kill, Ray job stop): still end the stream with an error event.
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        manifest = load_manifest(args.plugin, args.manifest_json)
        params = read_params(args.params_file)
    except RunnerError as exc:
        sink.error(exc.to_error())
        return exc.exit_code
    except Cancelled as exc:
        sink.error({"type": "Cancelled", "message": str(exc), "traceback": None})
        return 1
    return run_action(args.plugin, manifest, args.action, params, sink, args.run_id)


def _wait() -> int:
    """Started ahead of a run (interpreter up, runner imported), then told what to run by one JSON line on
    stdin: {"argv": [...], "cwd": ..., "env": {...}}. EOF (the host went away) ends it quietly."""
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    try:
        request = json.loads(line)
        argv = [str(a) for a in request["argv"]]
    except (ValueError, KeyError, TypeError) as exc:
        print("synapse_runner: bad request on stdin: %s" % exc, file=sys.stderr)
        return EXIT_USAGE
    os.chdir(request.get("cwd") or os.getcwd())
    os.environ.update({str(k): str(v) for k, v in (request.get("env") or {}).items()})
    return main(argv)


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["wait"]:
        return _wait()
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    # Threads the plugin left running must not keep the process (and the host's run) alive.
    os._exit(code)
