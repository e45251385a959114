#!/usr/bin/python3
"""What OpenStack tosca-parser understands of a TOSCA template, field by field.

  tosca_fields.py DEFS dump FILE...           one JSON object a line per FILE
  tosca_fields.py DEFS compare ORIG OUT ...    pairs: prints "ORIG: same", or
                                              "ORIG: DIFFERS" and one line per
                                              field that differs; exit 1 then.
                                              The one difference Skyplan makes
                                              on purpose is allowed and listed
                                              ("masked" lines): a literal in a
                                              secret property becomes a
                                              get_input of a new input.

DEFS is the folder of tosca-parser's definition files (tosca-check's). The
parser is tosca-parser 2.6, which knows the versions tosca_simple_yaml_1_0
and 1_2 and the NFV/MEC profiles only: a template of another version
(1_1, 1_3) is read as 1_2 (a copy beside it, so relative imports resolve,
removed afterwards), and its own version is compared as written.

Fields compared: version, description, metadata, imports, repositories,
dsl_definitions and every *_types section; inputs (type, default, required,
constraints, description, ...); node templates (type, properties as the
parser resolves them, functions as {name: args}, requirements, capabilities
with their properties, interfaces, artifacts, attributes, metadata,
directives, node_filter, description, the relationships the parser built);
relationship templates, outputs, groups, policies, substitution mappings.
Metadata keys starting with "skyplan." are Skyplan's own (layout, types)
and are left out: they are the one thing an export adds.
"""
import json, os, re, shutil, sys, tempfile

KNOWN = ("tosca_simple_yaml_1_0", "tosca_simple_yaml_1_2",
         "tosca_simple_profile_for_nfv_1_0_0", "tosca_simple_profile_for_mec_1_0_0")
TYPE_SECTIONS = ("node_types", "relationship_types", "capability_types", "data_types",
                 "artifact_types", "interface_types", "group_types", "policy_types")


def setup(defs):
    tmp = tempfile.mkdtemp()
    shutil.copytree("/usr/lib/python3/dist-packages/toscaparser", os.path.join(tmp, "toscaparser"))
    shutil.copytree(defs, os.path.join(tmp, "toscaparser"), dirs_exist_ok=True)
    sys.path.insert(0, tmp)
    return tmp


def plain(v):
    from toscaparser.functions import Function
    if isinstance(v, Function):
        return {v.name: plain(v.args)}
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple)):
        return [plain(i) for i in v]
    if isinstance(v, dict):
        return {str(k): plain(i) for k, i in v.items()}
    return repr(v)


def ours(meta):
    if not isinstance(meta, dict):
        return meta
    return {k: v for k, v in meta.items() if not str(k).startswith("skyplan.")} or None


def requirement(r):
    (name, value), = r.items()
    if not isinstance(value, dict):
        value = {"node": value}
    return json.dumps([name, plain(value)], sort_keys=True)


def node(n):
    tpl = n.entity_tpl
    out = {"type": n.type,
           "properties": {k: plain(p.value) for k, p in n.get_properties().items()},
           "requirements": sorted(requirement(r) for r in (n.requirements or [])),
           "capabilities": {name: {k: plain(p.value) for k, p in c.get_properties().items()}
                            for name, c in n.get_capabilities().items()},
           "capabilities_as_written": plain(tpl.get("capabilities")),
           "interfaces": sorted(json.dumps([i.type, i.name, plain(i.implementation), plain(i.inputs)],
                                           sort_keys=True) for i in n.interfaces),
           "relationships": sorted(json.dumps([r.type, t.name]) for r, t in n.relationships.items()),
           "metadata": ours(plain(tpl.get("metadata")))}
    for k in ("artifacts", "attributes", "directives", "node_filter", "description", "copy"):
        out[k] = plain(tpl.get(k))
    return out


def fields(path):
    from toscaparser.tosca_template import ToscaTemplate
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^tosca_definitions_version:\s*['\"]?([A-Za-z0-9_]+)", text, re.M)
    version = m.group(1) if m else None
    read = path
    if version and version not in KNOWN and version.startswith("tosca_simple_yaml_1_"):
        d, b = os.path.split(os.path.abspath(path))
        read = os.path.join(d, ".as12." + b)
        with open(read, "w", encoding="utf-8") as f:
            f.write(text.replace(version, "tosca_simple_yaml_1_2", 1))
    try:
        t = ToscaTemplate(read)
    finally:
        if read != path:
            os.remove(read)
    tpl = t.tpl
    tt = t.topology_template
    top = tt.tpl if tt is not None else {}
    f = {"version": version, "description": plain(tpl.get("description")),
         "metadata": ours(plain(tpl.get("metadata"))), "imports": plain(tpl.get("imports")),
         "repositories": plain(tpl.get("repositories")), "dsl_definitions": plain(tpl.get("dsl_definitions"))}
    for s in TYPE_SECTIONS:
        f[s] = plain(tpl.get(s))
    f["inputs"] = {i.name: {"type": i.type, "default": plain(i.default), "required": i.required,
                            "description": i.description, "as_written": plain(i.schema.schema)}
                   for i in (t.inputs or [])}
    f["nodes"] = {n.name: node(n) for n in (t.nodetemplates or [])}
    f["relationship_templates"] = plain(top.get("relationship_templates"))
    f["outputs"] = {o.name: {"value": plain(o.value), "description": o.description}
                    for o in (t.outputs or [])}
    f["groups"] = {g.name: {"type": g.type, "members": sorted(g.members or []),
                            "as_written": {k: v for k, v in plain(g.entity_tpl).items() if k != "members"}}
                   for g in (tt.groups if tt is not None else [])}
    f["policies"] = {p.name: {"type": p.type, "targets": sorted(p.targets_list and [x.name for x in p.targets_list] or []),
                              "as_written": plain(p.entity_tpl)}
                     for p in (tt.policies if tt is not None else [])}
    f["substitution_mappings"] = plain(top.get("substitution_mappings"))
    f["topology_description"] = plain(top.get("description"))
    return f


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{path}/{k}: only in the export: {json.dumps(b[k], sort_keys=True)[:300]}")
            elif k not in b:
                out.append(f"{path}/{k}: lost: {json.dumps(a[k], sort_keys=True)[:300]}")
            else:
                diff(a[k], b[k], f"{path}/{k}", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a, sort_keys=True)[:300]} -> {json.dumps(b, sort_keys=True)[:300]}")


def masks(a, b):
    """The fields where a literal became {get_input: NEW} and NEW is an input
    of the export only, declared without a default: a secret kept out."""
    found = []
    new = set(b["inputs"]) - set(a["inputs"])
    for name, n in a["nodes"].items():
        m = b["nodes"].get(name)
        if not m:
            continue
        for p, v in n["properties"].items():
            w = m["properties"].get(p)
            # A literal: a scalar, or a map that is no function call (a
            # credential {user, token} is a secret as a whole).
            literal = not (isinstance(v, dict) and len(v) == 1 and str(next(iter(v))).startswith("get_"))
            if (literal and isinstance(w, dict) and list(w) == ["get_input"]
                    and w["get_input"] and w["get_input"][0] in new
                    and b["inputs"][w["get_input"][0]]["default"] is None):
                found.append(f"/nodes/{name}/properties/{p}")
                found.append(f"/inputs/{w['get_input'][0]}")
    return found


def main(argv):
    if len(argv) < 4 or argv[2] not in ("dump", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    tmp = setup(argv[1])
    try:
        files = argv[3:]
        bad = 0
        if argv[2] == "dump":
            for p in files:
                try:
                    print(json.dumps({"file": p, "ok": True, "fields": fields(p)}, sort_keys=True))
                except Exception as e:
                    bad += 1
                    print(json.dumps({"file": p, "ok": False, "error": str(e)[:2000]}))
            return 1 if bad else 0
        if len(files) % 2:
            print("compare takes pairs of files", file=sys.stderr)
            return 2
        for orig, out in zip(files[::2], files[1::2]):
            try:
                a = fields(orig)
            except Exception as e:
                bad += 1
                print(f"{orig}: ORIGINAL INVALID {str(e)[:1000]}")
                continue
            try:
                b = fields(out)
            except Exception as e:
                bad += 1
                print(f"{orig}: EXPORT INVALID {str(e)[:1000]}")
                continue
            lines = []
            diff(a, b, "", lines)
            masked = masks(a, b)
            for m in masked:
                print(f"{orig}: masked {m}")
            lines = [l for l in lines if not any(l.startswith(m + ":") or l.startswith(m + "/") for m in masked)]
            if lines:
                bad += 1
                print(f"{orig}: DIFFERS")
                for l in lines:
                    print(f"  {l}")
            else:
                print(f"{orig}: same")
        return 1 if bad else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
