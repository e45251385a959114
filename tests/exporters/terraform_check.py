#!/usr/bin/env python3
"""terraform_check.py SKYPLAN TF_CHECK EXAMPLES WORKDIR MODE

Exports topologies with `skyplan export --to terraform` and has tf-check
(../shared/validators/tf-check) judge every export.

MODE accepted: every example (resources/examples, region-closing included)
  and generated topologies of 10, 100 and 1,000 nodes, each for aws and for
  google, in HCL and in JSON syntax: tf-check must call each directory
  "valid Terraform".
MODE rejected: one export broken three ways (a misspelled attribute, a
  dangling reference, a resource type that does not exist): tf-check must
  reject each with the finding that names the change, so a green `accepted`
  means something.

Exit 0 passed, 1 failed, 77 skipped (tf-check could not run: no npm for HCL).
"""
import glob, json, os, shutil, subprocess, sys

skyplan, tfcheck, examples, work, mode = sys.argv[1:6]
failures = []


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def export(src, out, provider, json_syntax, region=None, force=False):
    shutil.rmtree(out, ignore_errors=True)
    args = [skyplan, "export", "--to", "terraform", "--provider", provider,
            "--region", region or ("eu-west-1" if provider == "aws" else "europe-west1"), "-o", out, src]
    if json_syntax:
        args.append("--tf-json")
    if force:  # generated topologies break rules on purpose (SPOFs, ...): export them anyway
        args.append("--force")
    r = run(args)
    if r.returncode != 0:
        failures.append(f"export {src} ({provider}, {'json' if json_syntax else 'hcl'}) failed: {r.stderr.strip()[-600:]}")
        return False
    return True


def check(dirs):
    """tf-check on each directory (one configuration each); {dir: (status, findings)}, a
    directory INVALID when any of its files is, its resources summed."""
    r = run([tfcheck] + dirs)
    if r.returncode == 77:
        print(r.stderr.strip())
        print("SKIPPED: tf-check could not run")
        sys.exit(77)
    if r.returncode not in (0, 1):
        failures.append(f"tf-check could not run (exit {r.returncode}): {r.stderr.strip()}")
        return {}
    out, cur = {}, None
    for line in r.stdout.splitlines():
        if line.startswith("  ") and cur:
            out[cur][1].append(line.strip())
        else:
            cur, _, status = line.partition(": ")
            out[cur] = (status, [])
    merged = {}
    for path, (status, findings) in out.items():
        d = os.path.dirname(path) if os.path.dirname(path) in dirs else path
        old_status, old_findings = merged.get(d, ("valid Terraform (0 resources)", []))
        if status.startswith("valid Terraform (") and old_status.startswith("valid Terraform ("):
            n = int(status.split("(")[1].split()[0]) + int(old_status.split("(")[1].split()[0])
            merged[d] = (f"valid Terraform ({n} resources)", [])
        elif status.startswith("valid Terraform"):
            merged[d] = (old_status, old_findings)
        else:
            merged[d] = ("INVALID", old_findings + [f"{os.path.basename(path)}: {f}" for f in findings])
    return merged


os.makedirs(work, exist_ok=True)

if mode == "accepted":
    sources = sorted(glob.glob(os.path.join(examples, "*.sky.yaml")) + glob.glob(os.path.join(examples, "*", "*.sky.yaml")))
    for n in (10, 100, 1000):
        path = os.path.join(work, f"generated-{n}.sky.yaml")
        r = run([skyplan, "generate", "--nodes", str(n), "--seed", str(n), "-o", path])
        if r.returncode != 0:
            failures.append(f"generate {n}: {r.stderr.strip()}")
            continue
        sources.append(path)
    if len(sources) < 7:
        failures.append(f"only {len(sources)} topologies found under {examples}")
    dirs = []
    for src in sources:
        stem = os.path.basename(src).replace(".sky.yaml", "")
        for provider in ("aws", "google"):
            for js in (False, True):
                out = os.path.join(work, f"{stem}-{provider}-{'json' if js else 'hcl'}")
                if export(src, out, provider, js, force=stem.startswith("generated-")):
                    files = sorted(os.listdir(out))
                    want = [f"{n}.tf{'.json' if js else ''}" for n in ("main", "outputs", "providers", "variables")]
                    if [f for f in files if f in want] != sorted(want):
                        failures.append(f"{out}: files {files}, expected {want}")
                    dirs.append(out)
    # A configuration imported and exported again (tests/data/terraform) is still valid.
    corpus = os.path.join(examples, "..", "..", "tests", "data", "terraform", "config-aws.tf.json")
    imported = os.path.join(work, "config-aws.sky.yaml")
    r = run([skyplan, "import", "--from", "terraform", "-o", imported, corpus])
    if r.returncode not in (0, 1):
        failures.append(f"import {corpus}: {r.stderr.strip()}")
    else:
        out = os.path.join(work, "config-aws-roundtrip")
        if export(imported, out, "aws", True, force=True):
            dirs.append(out)
    results = check(dirs)
    for d in dirs:
        status, findings = results.get(d, ("(no line from tf-check)", []))
        # A topology whose nodes are all placed elsewhere exports no resources:
        # still valid, and tf-check says so.
        if not status.startswith("valid Terraform"):
            failures.append(f"{d}: {status}: " + " | ".join(findings[:5]))
        else:
            print(f"ok   {d}: {status}")
    total = sum(int(s.split("(")[1].split()[0]) for s, _ in results.values() if s.startswith("valid Terraform ("))
    print(f"{len(dirs)} exports, {total} resources checked")
    if total < 1000:
        failures.append(f"only {total} resources checked: the exports are suspiciously small")

elif mode == "rejected":
    src = os.path.join(examples, "webshop.sky.yaml")
    base = os.path.join(work, "broken-base")
    if export(src, base, "aws", True):
        main = json.load(open(os.path.join(base, "main.tf.json")))
        cases = []

        def variant(name, change, expect):
            d = os.path.join(work, "broken-" + name)
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(base, d)
            m = json.loads(json.dumps(main))
            change(m)
            json.dump(m, open(os.path.join(d, "main.tf.json"), "w"), indent=1)
            cases.append((d, expect))

        def misspell(m):
            lt = next(iter(m["resource"]["aws_launch_template"].values()))
            lt["instance_typ"] = lt.pop("instance_type")

        def dangle(m):
            del m["resource"]["aws_vpc"]

        def unknown_type(m):
            m["resource"]["aws_autoscaling_groop"] = m["resource"].pop("aws_autoscaling_group")

        variant("misspelled", misspell, "instance_typ")
        variant("dangling", dangle, "undeclared resource")
        variant("unknown-type", unknown_type, "aws_autoscaling_groop")
        dirs = [base] + [d for d, _ in cases]
        results = check(dirs)
        status, findings = results.get(base, ("", []))
        if not status.startswith("valid Terraform"):
            failures.append(f"the unbroken export is not valid: {status}: {findings[:3]}")
        for d, expect in cases:
            status, findings = results.get(d, ("(no line)", []))
            if status != "INVALID" or not any(expect in f for f in findings):
                failures.append(f"{d}: expected INVALID naming '{expect}', got {status}: {findings[:3]}")
            else:
                print(f"ok   {d}: rejected ({findings[0]})")
else:
    failures.append(f"unknown mode {mode}")

for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
