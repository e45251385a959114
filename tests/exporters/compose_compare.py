#!/usr/bin/python3
"""Compares what Compose reads in two files, field by field.

  compose_compare.py [--judge config|yaml] ORIGINAL REEXPORT [ORIGINAL REEXPORT ...]

--judge config (default): docker-compose 1.29's own `config` (its library,
in this process, from each file's folder) reads both files; the services,
networks, volumes, secrets and configs it resolves must be equal.
--judge yaml: for files docker-compose 1.29 cannot read (Compose
Specification features it predates), the documents as PyYAML loads them
(YAML 1.1, merge keys applied, as Compose v2's loader sees the data), with
top-level `x-` extensions left out, must be equal.

Prints one line per pair: "ORIGINAL: same" or "ORIGINAL: DIFFERENT" followed
by each differing field as a path with both values. Exit status 0 when every
pair is the same, 1 otherwise, 2 when a file cannot be read at all.
"""
import contextlib, io, json, os, sys

import yaml

SECTIONS = ("services", "networks", "volumes", "secrets", "configs")


def read_config(path):
    """The model docker-compose 1.29 builds from `path`, as plain data."""
    from compose.cli.command import get_config_from_options
    from compose.config.serialize import denormalize_config
    folder = os.path.dirname(os.path.abspath(path))
    options = {"--file": [os.path.basename(path)], "--project-directory": None}
    old = os.getcwd()
    os.chdir(folder)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            config = get_config_from_options(".", options, {})
            data = denormalize_config(config)
    finally:
        os.chdir(old)
    return {k: plain(data.get(k) or {}) for k in SECTIONS}


def plain(v):
    """Compose's own value types (ports, mounts, volume specs) as plain data."""
    if hasattr(v, "repr") and callable(v.repr):
        return plain(v.repr())
    if isinstance(v, dict):
        return {str(k): plain(i) for k, i in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(i) for i in v]
    return v


def read_yaml(path):
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    return {k: v for k, v in data.items() if not str(k).startswith("x-") and k != "version"}


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{path}/{k}: missing in the original, re-export has {json.dumps(b[k], default=str)[:300]}")
            elif k not in b:
                out.append(f"{path}/{k}: lost, the original has {json.dumps(a[k], default=str)[:300]}")
            else:
                diff(a[k], b[k], f"{path}/{k}", out)
        return
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
        return
    if a != b or type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        out.append(f"{path}: original {json.dumps(a, default=str)[:300]} != re-export {json.dumps(b, default=str)[:300]}")


def main(argv):
    judge = "config"
    if len(argv) > 1 and argv[0] == "--judge":
        judge, argv = argv[1], argv[2:]
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    read = read_config if judge == "config" else read_yaml
    status = 0
    for original, reexport in zip(argv[0::2], argv[1::2]):
        try:
            a, b = read(original), read(reexport)
        except BaseException as e:  # compose raises SystemExit-like errors too
            print(f"{original}: UNREADABLE {type(e).__name__}: {str(e)[:400]}")
            status = max(status, 2)
            continue
        out = []
        diff(a, b, "", out)
        if out:
            status = max(status, 1)
            print(f"{original}: DIFFERENT")
            for line in out:
                print(f"  {line}")
        else:
            print(f"{original}: same")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
