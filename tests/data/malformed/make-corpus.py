#!/usr/bin/env python3
"""Writes the malformed-descriptor corpus next to this script.

Each file is a small hostile or broken *.sky.yaml; EXPECTED lists, for each,
the exact diagnostic `skyplan validate` must print (file:line:col included)
and its exit code. Run again after changing a case, then review EXPECTED.
"""
import os

here = os.path.dirname(os.path.abspath(__file__))
ok_head = "skyplan: 1\nname: t\n"

cases = {
    "01-empty": b"",
    "02-binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "03-invalid-utf8": b"skyplan: 1\nname: caf\xe9\n",
    "04-newer-version": b"skyplan: 2\nname: future\n",
    "05-version-not-number": b"skyplan: one\n",
    "06-no-version": b"name: t\nnodes: {}\n",
    "07-not-a-mapping": b"- skyplan: 1\n- name: t\n",
    "08-unclosed-flow": (ok_head + "nodes:\n  a: {type: internet\n").encode(),
    "09-bad-indentation": (ok_head + "nodes:\n  a:\n    type: internet\n   label: x\n").encode(),
    "10-duplicate-node-id": (ok_head + "nodes:\n  web: {type: web_server}\n  web: {type: app_server}\n").encode(),
    "11-duplicate-key": (ok_head + "nodes:\n  web:\n    type: web_server\n    type: app_server\n").encode(),
    "12-duplicate-link": (ok_head + "nodes:\n  i: {type: internet}\n  fw: {type: firewall}\nlinks:\n"
                          "  - {from: i.out, to: fw.ext}\n  - {from: i.out, to: fw.ext}\n").encode(),
    "13-duplicate-policy": (ok_head + "policies:\n  - {id: p, kind: data-residency}\n"
                            "  - {id: p, kind: segmentation}\n").encode(),
    "14-deep-nesting": (ok_head + "extra: " + "[" * 200 + "]" * 200 + "\n").encode(),
    "15-alias-bomb": (ok_head + "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                      + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
                                for p, c in zip("abcdefgh", "bcdefghi"))).encode(),
    "16-alias-cycle": (ok_head + "extra: &loop [1, *loop]\n").encode(),
    "17-huge-scalar": (ok_head + "description: " + "x" * (1 << 20 + 1) + "\n").encode(),
    "18-link-to-unknown-node": (ok_head + "nodes:\n  i: {type: internet}\nlinks:\n  - {from: i.out, to: ghost.in}\n").encode(),
    "19-unknown-zone": (ok_head + "nodes:\n  i: {type: internet, zone: nowhere}\n").encode(),
    "20-zone-cycle": (ok_head + "zones:\n  a: {parent: b}\n  b: {parent: a}\n").encode(),
    "21-replicas-not-a-number": (ok_head + "nodes:\n  w:\n    type: web_server\n    replicas: many\n").encode(),
    "22-nodes-is-a-list": (ok_head + "nodes:\n  - web\n  - db\n").encode(),
    "23-link-without-to": (ok_head + "nodes:\n  i: {type: internet}\nlinks:\n  - {from: i.out}\n").encode(),
    "24-port-out-of-range": (ok_head + "nodes:\n  i: {type: internet}\n  fw: {type: firewall}\nlinks:\n"
                             "  - {from: i.out, to: fw.ext, port: 70000}\n").encode(),
    "25-bad-memory-size": (ok_head + "nodes:\n  w:\n    type: web_server\n    resources: {memory: lots}\n").encode(),
    "26-two-documents": (ok_head + "---\nskyplan: 1\n").encode(),
    "27-stray-comma": b",\n",
    "28-invalid-node-id": (ok_head + "nodes:\n  web.1: {type: web_server}\n").encode(),
    "29-unknown-type": (ok_head + "nodes:\n  m: {type: mainframe}\n").encode(),
    "30-secret-as-literal": (ok_head + "nodes:\n  db:\n    type: database\n    properties:\n"
                             "      password: hunter2\n").encode(),
    "31-link-against-direction": (ok_head + "nodes:\n  i: {type: internet}\n  fw: {type: firewall}\nlinks:\n"
                                  "  - {from: fw.ext, to: i.out}\n").encode(),
    "32-bad-endpoint": (ok_head + "nodes:\n  i: {type: internet}\nlinks:\n  - {from: \"i.\", to: i}\n").encode(),
    "33-unknown-terminal": (ok_head + "nodes:\n  i: {type: internet}\n  fw: {type: firewall}\nlinks:\n"
                            "  - {from: i.out, to: fw.wan}\n").encode(),
    "34-enum-value": (ok_head + "nodes:\n  lb:\n    type: load_balancer\n    properties: {algorithm: random}\n").encode(),
    "35-mapping-key-is-a-list": (ok_head + "nodes:\n  [a, b]: {type: internet}\n").encode(),
    "36-tab-indentation": (ok_head + "nodes:\n\ta: {type: internet}\n").encode(),
    # Found by the fuzzer: a key over YAML's 1024-character limit for implicit
    # keys read (explicitly) but could not be written back.
    "37-key-too-long": b"skyplan: 1\n? name" + b"x" * 2000 + b"\n: 1\n",
    # Found by the fuzzer: yaml-cpp 0.7 decodes the escape \\_ (U+00A0) to a
    # lone byte, which the writer could not write back as UTF-8.
    "38-escape-decodes-to-bad-utf8": b'skyplan: 1\nname: "non\\_breaking"\n',
    # Resource bounds (docs/RELIABILITY.md): UTF-16 is refused by name, with
    # and without a byte order mark; CRLF files read with the right lines.
    "39-utf16-with-bom": "\ufeffskyplan: 1\nname: t\n".encode("utf-16-le"),
    "40-utf16-without-bom": "skyplan: 1\nname: t\n".encode("utf-16-be"),
    "41-crlf-duplicate-key": (ok_head + "nodes:\n  web: {type: web_server}\n  web: {type: app_server}\n")
                             .replace("\n", "\r\n").encode(),
    # A position no canvas can show: routing the links around it walked the
    # cells in between (the designer hung).
    "42-position-out-of-range": (ok_head + "nodes:\n  i: {type: internet}\nlayout:\n  nodes:\n"
                                 "    i: [1e12, 0]\n").encode(),
}

for name, data in cases.items():
    with open(os.path.join(here, name + ".sky.yaml"), "wb") as f:
        f.write(data)
