#!/usr/bin/python3
"""Least privilege of the Kubernetes export, read structurally: two zones and
one link (app -> db on 5432) give NetworkPolicies that admit exactly that
port between those two workloads and nothing else (besides each namespace's
deny-all and its DNS egress to kube-dns); without the link no flow is
admitted at all. Also with --k8s-zones labels.

usage: k8s_least_privilege.py SKYPLAN
(--force: the two nodes are not reached from any entry point, on purpose.)"""
import os, subprocess, sys, tempfile
import yaml

skyplan = sys.argv[1]
TOPOLOGY = """skyplan: 1
name: two-zones
nodes:
  app:
    type: app_server
    zone: front
    properties: {image: "registry.example.com/app:1.0", port: 8080}
  db:
    type: database
    zone: back
    properties: {engine: postgres, password: {secret: DB_PASSWORD}}
links:
%s
zones:
  front: {label: Front}
  back: {label: Back}
"""
LINK = "  - {from: app.out, to: db.in, protocol: postgres, port: 5432}\n"
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
    print(("ok   " if cond else "FAIL ") + what)


def export(text, extra):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "t.sky.yaml")
        open(src, "w").write(text)
        r = subprocess.run([skyplan, "export", "--force", "--to", "kubernetes", *extra, src], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return [d for d in yaml.safe_load_all(r.stdout) if d]


def peer_of(p, docs):
    """(namespace, workload) a peer selects, or its ipBlock/namespace text."""
    if "ipBlock" in p:
        return ("ipBlock", p["ipBlock"]["cidr"])
    ns = p.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name")
    pod = p.get("podSelector", {}).get("matchLabels", {})
    return (ns, tuple(sorted(pod.items())))


def flows(docs):
    """Every (direction, policy namespace, selected pods, peer, protocol, port) the policies admit."""
    out = set()
    for d in docs:
        if d["kind"] != "NetworkPolicy":
            continue
        ns = d["metadata"]["namespace"]
        sel = tuple(sorted(d["spec"]["podSelector"].get("matchLabels", {}).items()))
        for direction, key in (("ingress", "from"), ("egress", "to")):
            for rule in d["spec"].get(direction, []):
                peers = rule.get(key)
                assert peers, f"{d['metadata']['name']}: a rule without peers admits everyone"
                ports = rule.get("ports")
                assert ports, f"{d['metadata']['name']}: a rule without ports admits every port"
                for p in peers:
                    for port in ports:
                        out.add((direction, ns, sel, peer_of(p, docs), port["protocol"], port.get("port")))
    return out


def policy_types(docs):
    return {(d["metadata"]["namespace"], d["metadata"]["name"]): (d["spec"]["podSelector"], d["spec"].get("policyTypes"))
            for d in docs if d["kind"] == "NetworkPolicy"}


for mode, extra in (("namespaces", []), ("labels", ["--k8s-zones", "labels"])):
    with_link = export(TOPOLOGY % LINK, extra)
    without = export(TOPOLOGY % "  []", extra)
    labels = mode == "labels"
    ns_app, ns_db = ("two-zones", "two-zones") if labels else ("front", "back")
    app = (("skyplan.io/node", "app"),)
    db = (("skyplan.io/node", "db"),)
    dns_peer = ("kube-system", (("k8s-app", "kube-dns"),))
    def is_dns(f):
        return f[0] == "egress" and f[2] == () and f[3] == dns_peer and f[5] == 53
    got = flows(with_link)
    drawn = {f for f in got if not is_dns(f)}
    want = {("ingress", ns_db, db, (None if labels else ns_app, app), "TCP", 5432),
            ("egress", ns_app, app, (None if labels else ns_db, db), "TCP", 5432)}
    expect(drawn == want, f"[{mode}] with the link, exactly app -> db TCP 5432 is admitted (got {sorted(drawn)})")
    expect({f[1] for f in got if is_dns(f)} == {ns_app, ns_db},
           f"[{mode}] the only other rule is DNS egress to kube-dns, once per namespace")
    types = policy_types(with_link)
    for ns in {ns_app, ns_db}:
        deny = types.get((ns, "skyplan-default-deny"))
        expect(deny == ({}, ["Ingress", "Egress"]), f"[{mode}] namespace {ns} denies all ingress and egress by default")
    left = {f for f in flows(without) if not is_dns(f)}
    expect(left == set(), f"[{mode}] without the link nothing is admitted between workloads (got {sorted(left)})")
    expect(not any(d["kind"] == "NetworkPolicy" and d["metadata"]["name"].endswith("-flows") for d in without),
           f"[{mode}] removing the link removes its NetworkPolicies")
    # The secret is a reference to a Secret the user creates, never a value.
    sts = next(d for d in with_link if d["kind"] == "StatefulSet")
    env = {e["name"]: e for e in sts["spec"]["template"]["spec"]["containers"][0]["env"]}
    expect(env["POSTGRES_PASSWORD"].get("valueFrom") == {"secretKeyRef": {"name": "db-password", "key": "value"}},
           f"[{mode}] the database password is a secretKeyRef")
    expect(not any(d["kind"] == "Secret" for d in with_link), f"[{mode}] no Secret object is written")

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
