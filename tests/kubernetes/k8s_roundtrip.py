#!/usr/bin/python3
"""Round trip of Kubernetes manifests, field by field: each file of the
corpus (tests/data/kubernetes) imported into a native topology, that file
read back, exported to Kubernetes, and every object of the original found in
the re-export with every field equal (read as kubectl reads, YAML 1.1), and
nothing added. Then edits made in Skyplan show up: replicas and image changed
on the native file reach the Deployment, and a link drawn between two
imported workloads becomes a NetworkPolicy admitting exactly its port.
Bad input: a malformed manifest is an error at file:line:col, an object
without a kind too; nothing is written.

usage: k8s_roundtrip.py SKYPLAN CORPUS_DIR"""
import glob, os, re, subprocess, sys, tempfile
import yaml

skyplan, corpus = sys.argv[1:3]
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
    print(("ok   " if cond else "FAIL ") + what)


def run(*args):
    return subprocess.run([skyplan, *args], capture_output=True, text=True)


def objects(text):
    out = {}
    for d in yaml.safe_load_all(text):
        if not d:
            continue
        for o in d["items"] if d.get("kind") == "List" else [d]:
            key = (o["apiVersion"], o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"])
            assert key not in out, f"{key} twice"
            out[key] = o
    return out


def diff(a, b, path=""):
    """The first differing field of two parsed objects, or None."""
    if type(a) != type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'original' if k in a else 're-export'}"
            d = diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


with tempfile.TemporaryDirectory() as tmp:
    files = sorted(glob.glob(os.path.join(corpus, "*.yaml")))
    expect(len(files) >= 4, f"the corpus has manifests ({len(files)})")
    for src in files:
        name = os.path.basename(src)
        native = os.path.join(tmp, name + ".sky.yaml")
        r = run("import", "--from", "kubernetes", src, "-o", native)
        expect(r.returncode == 0, f"{name}: imports ({r.stderr.strip()[-300:]})")
        if r.returncode:
            continue
        r = run("export", "--force", "--to", "kubernetes", native)
        expect(r.returncode == 0, f"{name}: exports ({r.stderr.strip()[-300:]})")
        original, again = objects(open(src).read()), objects(r.stdout)
        # kubectl apply -f creates in file order: each Namespace before what it holds.
        order = list(again)
        late = [k for i, k in enumerate(order) if k[2] and ("v1", "Namespace", "", k[2]) in order[i:]]
        expect(not late, f"{name}: every Namespace comes before its objects (late: {late})")
        expect(set(original) == set(again),
               f"{name}: the same {len(original)} objects come back "
               f"(lost {sorted(set(original) - set(again))}, added {sorted(set(again) - set(original))})")
        for key in sorted(set(original) & set(again)):
            d = diff(original[key], again[key])
            expect(d is None, f"{name}: {key[1]} {key[3]} equal field by field{'' if d is None else ' -- ' + d}")

    # Edits in Skyplan reach the manifests.
    native = os.path.join(tmp, "guestbook.sky.yaml")
    run("import", "--from", "kubernetes", os.path.join(corpus, "guestbook.yaml"), "-o", native)
    t = yaml.safe_load(open(native))
    t["nodes"]["frontend"]["replicas"] = 5
    t["nodes"]["frontend"]["properties"]["image"] = "example.com/gb-frontend:v6"
    t.setdefault("links", []).append({"from": "frontend", "to": "redis-leader", "protocol": "redis", "port": 6379})
    open(native, "w").write(yaml.safe_dump(t))
    r = run("export", "--force", "--to", "kubernetes", native)
    expect(r.returncode == 0, f"edited guestbook exports ({r.stderr.strip()[-300:]})")
    out = objects(r.stdout)
    fe = out.get(("apps/v1", "Deployment", "", "frontend"), {})
    expect(fe.get("spec", {}).get("replicas") == 5, "replicas edited in Skyplan reach the Deployment")
    expect(fe.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [{}])[0].get("image")
           == "example.com/gb-frontend:v6", "an image edited in Skyplan reaches the Deployment")
    policies = [o for k, o in out.items() if k[1] == "NetworkPolicy"]
    admitted = [(p["metadata"]["name"], rule["ports"]) for p in policies for rule in p["spec"].get("ingress", [])]
    expect(any(ports == [{"port": 6379, "protocol": "TCP"}] for _, ports in admitted),
           f"a link drawn on imported workloads becomes a NetworkPolicy on its port ({admitted})")

    # Bad input: positions, and nothing written.
    for text, want in [
        ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: a: b\n",
         r"bad\.yaml:9:10: error: YAML syntax error"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# second\nmetadata:\n  name: b\n",
         r"bad\.yaml:7:1: error: apiVersion and kind are required"),
        ("- just\n- a list\n", r"bad\.yaml:1:1: error: not a Kubernetes object"),
    ]:
        bad = os.path.join(tmp, "bad.yaml")
        open(bad, "w").write(text)
        out = os.path.join(tmp, "bad.sky.yaml")
        r = run("import", "--from", "kubernetes", bad, "-o", out)
        expect(r.returncode != 0 and re.search(want, r.stderr) is not None and not os.path.exists(out),
               f"malformed manifest refused with {want} (exit {r.returncode}: {r.stderr.strip()[-200:]})")

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
