#!/usr/bin/python3
"""Runs the real consumers of Skyplan's exports over many files in one process.

  consumers.py compose FILE...      docker-compose's own CLI (`-f FILE config -q`)
                                    for each file; prints "FILE: ok" or "FILE: INVALID ..."
  consumers.py tosca DEFS FILE...   OpenStack tosca-parser (as tosca-check runs it, with
                                    the definitions in DEFS) reading each file; prints one
                                    JSON object a line: what the parser understood.
Exit status 0 when every file passes, 1 otherwise.
"""
import io, json, os, shutil, sys, tempfile, contextlib


def compose(files):
    from compose.cli.main import main
    bad = 0
    for path in files:
        err = io.StringIO()
        argv = sys.argv
        sys.argv = ["docker-compose", "-f", path, "config", "-q"]
        code = 0
        try:
            with contextlib.redirect_stderr(err):
                main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        finally:
            sys.argv = argv
        if code:
            bad += 1
            print(f"{path}: INVALID {err.getvalue().strip()[:400]}")
        else:
            print(f"{path}: ok")
    return 1 if bad else 0


def plain(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, list):
        return [plain(i) for i in v]
    if isinstance(v, dict):
        return {str(k): plain(i) for k, i in v.items()}
    name = type(v).__name__
    if name == "GetInput":
        return {"get_input": v.input_name}
    return repr(v)


def tosca(defs, files):
    tmp = tempfile.mkdtemp()
    try:
        shutil.copytree("/usr/lib/python3/dist-packages/toscaparser", os.path.join(tmp, "toscaparser"))
        shutil.copytree(defs, os.path.join(tmp, "toscaparser"), dirs_exist_ok=True)
        sys.path.insert(0, tmp)
        from toscaparser.tosca_template import ToscaTemplate
        bad = 0
        for path in files:
            try:
                t = ToscaTemplate(path)
            except Exception as e:
                bad += 1
                print(json.dumps({"file": path, "ok": False, "error": str(e)[:2000]}, ensure_ascii=False))
                continue
            nodes = {}
            for n in t.nodetemplates:
                rels = []
                for req in n.requirements:
                    for name, value in req.items():
                        target = value.get("node") if isinstance(value, dict) else value
                        rel = value.get("relationship", {}) if isinstance(value, dict) else {}
                        props = rel.get("properties", {}) if isinstance(rel, dict) else {}
                        rels.append([name, target, plain(props)])
                nodes[n.name] = {
                    "type": n.type,
                    "metadata": plain(n.entity_tpl.get("metadata", {})),
                    "properties": {k: plain(p.value) for k, p in n.get_properties().items()},
                    "requirements": rels,
                    "relationships": len(n.relationships),
                }
            groups = {g.name: list(g.members) for g in t.topology_template.groups}
            print(json.dumps({"file": path, "ok": True, "nodes": nodes, "groups": groups,
                              "inputs": sorted(i.name for i in t.inputs)}, ensure_ascii=False))
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "compose":
        sys.exit(compose(sys.argv[2:]))
    if len(sys.argv) >= 4 and sys.argv[1] == "tosca":
        sys.exit(tosca(sys.argv[2], sys.argv[3:]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
