#!/usr/bin/python3
"""Every example and generated topologies up to 1,000 nodes, exported to
Kubernetes (one stream, a kustomize folder, zones as labels), judged by
k8s-check; and k8s-check shown to reject a broken manifest, so that a green
run means something.

usage: k8s_validate.py SKYPLAN K8S_CHECK EXAMPLES_DIR [CORPUS_DIR]
With CORPUS_DIR, the re-export of each imported manifest (but those of kinds
k8s-check does not know) is judged too.
Exit: 0 all accepted, 1 something failed, 77 k8s-check skipped (no npm)."""
import glob, os, subprocess, sys, tempfile

skyplan, check, examples = sys.argv[1:4]
corpus = sys.argv[4] if len(sys.argv) > 4 else None
failed = []


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def k8s_check(files):
    r = run([check] + files)
    if r.returncode == 77:
        print(r.stderr.strip())
        print("k8s_validate: SKIPPED (k8s-check could not run)")
        sys.exit(77)
    return r


with tempfile.TemporaryDirectory() as tmp:
    sources = sorted(glob.glob(os.path.join(examples, "*.sky.yaml")) + glob.glob(os.path.join(examples, "*", "*.sky.yaml")))
    assert sources, "no examples found in " + examples
    # Generated topologies of several sizes and link densities, up to 1,000 nodes.
    for i, (nodes, links) in enumerate([(4, 1.0), (12, 2.0), (40, 1.5), (100, 1.0), (250, 2.5), (600, 1.5), (1000, 1.5)]):
        path = os.path.join(tmp, f"generated-{nodes}.sky.yaml")
        r = run([skyplan, "generate", "--nodes", str(nodes), "--links-per-node", str(links), "--seed", str(40 + i), "-o", path])
        if r.returncode != 0:
            failed.append(f"generate {nodes}: {r.stderr}")
            continue
        sources.append(path)
    outputs = []
    for n, src in enumerate(sources):
        stem = f"{n:02d}-" + os.path.basename(src).replace(".sky.yaml", "")
        for mode, extra in [("stream", []), ("labels", ["--k8s-zones", "labels"]), ("kustomize", ["--kustomize"])]:
            out = os.path.join(tmp, f"{stem}-{mode}" + ("" if mode == "kustomize" else ".yaml"))
            # --force: generated topologies carry findings of the checks on purpose
            r = run([skyplan, "export", "--force", "--to", "kubernetes", *extra, src, "-o", out])
            if r.returncode != 0:
                failed.append(f"export {src} ({mode}) exited {r.returncode}: {r.stderr[-500:]}")
                continue
            if mode == "kustomize":
                files = sorted(glob.glob(os.path.join(out, "*.yaml")))
                kust = os.path.join(out, "kustomization.yaml")
                listed = [l.strip()[2:] for l in open(kust) if l.strip().startswith("- ")]
                written = sorted(os.path.basename(f) for f in files if f != kust)
                if sorted(listed) != written:
                    failed.append(f"{out}: kustomization.yaml lists {listed}, folder has {written}")
                outputs += [f for f in files if f != kust]  # kustomization.yaml is kustomize's, not an API object
            else:
                outputs.append(out)
    # Imported manifests, exported again.
    for src in sorted(glob.glob(os.path.join(corpus, "*.yaml"))) if corpus else []:
        if "kind: Certificate" in open(src).read():
            continue  # a custom resource: k8s-check knows built-in kinds only
        native = os.path.join(tmp, "imported-" + os.path.basename(src) + ".sky.yaml")
        out = os.path.join(tmp, "reexported-" + os.path.basename(src))
        r1 = run([skyplan, "import", "--from", "kubernetes", src, "-o", native])
        r2 = run([skyplan, "export", "--force", "--to", "kubernetes", native, "-o", out])
        if r1.returncode or r2.returncode:
            failed.append(f"{src}: import/export failed: {r1.stderr[-300:]} {r2.stderr[-300:]}")
        else:
            outputs.append(out)
    r = k8s_check(outputs)
    print(r.stdout, end="")
    if r.returncode != 0:
        failed.append(f"k8s-check refused some exports (exit {r.returncode})")
    valid = r.stdout.count(": valid Kubernetes (")
    if valid != len(outputs):
        failed.append(f"k8s-check accepted {valid} of {len(outputs)} files")

    # The judge must be able to say no: the webshop export with one field broken.
    webshop = os.path.join(tmp, "broken-base.yaml")
    run([skyplan, "export", "--to", "kubernetes", os.path.join(examples, "webshop.sky.yaml"), "-o", webshop])
    text = open(webshop).read()
    for what, broken, expect in [
        ("replicas as text", text.replace("replicas: 3", "replicas: three", 1), "must be integer"),
        ("an unknown field", text.replace("  replicas: 3", "  replica: 3", 1), 'unknown field "replica"'),
        ("a bad protocol", text.replace("protocol: TCP", "protocol: TCPX", 1), "must be equal to one of the allowed values"),
    ]:
        assert broken != text, what
        path = os.path.join(tmp, "broken.yaml")
        open(path, "w").write(broken)
        r = k8s_check([path])
        if r.returncode != 1 or expect not in r.stdout:
            failed.append(f"k8s-check did not reject {what} (exit {r.returncode}): {r.stdout[-400:]}")
        else:
            print(f"k8s-check rejects {what}: ok")

for f in failed:
    print("FAIL", f)
print(f"{len(sources)} topologies exported, {len(failed)} failures")
sys.exit(1 if failed else 0)
