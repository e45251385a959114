#!/usr/bin/python3
"""Checks SVG files for anything a review page would run: each file must be
well-formed XML with no `script` element (in any namespace), no attribute
named on* (event handlers), no `foreignObject`, and no href to javascript:.
Prints one line per problem; exits 1 when there is any, 0 otherwise."""
import sys
import xml.etree.ElementTree as ET

problems = 0
for path in sys.argv[1:]:
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        print(f"{path}: not well-formed XML: {e}")
        problems += 1
        continue
    for el in tree.iter():
        local = el.tag.rsplit('}', 1)[-1].lower()
        if local in ("script", "foreignobject", "iframe", "object", "embed"):
            print(f"{path}: a <{local}> element")
            problems += 1
        for name, value in el.attrib.items():
            attr = name.rsplit('}', 1)[-1].lower()
            if attr.startswith("on"):
                print(f"{path}: an event attribute {attr}= on <{local}>")
                problems += 1
            if attr == "href" and value.strip().lower().startswith("javascript:"):
                print(f"{path}: a javascript: link on <{local}>")
                problems += 1
sys.exit(1 if problems else 0)
