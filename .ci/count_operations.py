#!/usr/bin/env python3
"""Prints `<openapi version> <operations>` for each OpenAPI document given, one line each.

Operations are the get/put/post/delete/options/head/patch/trace keys under `paths`, with
path-item `$ref`s (to this file or a file beside it) followed, as .ci/vendors compares them
with the operations the generator produced. An operation that is itself a `$ref` counts.
"""
import json
import os
import sys

import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path, cache={}):
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        cache[path] = json.loads(text) if path.endswith(".json") else yaml.load(text, Loader=Loader)
    return cache[path]


def resolve(reference, base_file):
    """The node a `$ref` names, and the file it is in."""
    file_part, _, fragment = reference.partition("#")
    target = os.path.normpath(os.path.join(os.path.dirname(base_file), file_part)) if file_part else base_file
    node = load(target)
    for token in filter(None, fragment.split("/")):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node, target


def count(path):
    document = load(path)
    operations = 0
    for item in (document.get("paths") or {}).values():
        item_file = path
        seen = 0
        while isinstance(item, dict) and "$ref" in item and seen < 16:
            item, item_file = resolve(item["$ref"], item_file)
            seen += 1
        if isinstance(item, dict):
            operations += sum(1 for method in METHODS if method in item)
    return str(document.get("openapi", document.get("swagger", "?"))), operations


for spec in sys.argv[1:]:
    try:
        version, operations = count(spec)
    except Exception as error:  # a spec the counter cannot read is reported, not fatal
        print(f"? ? {type(error).__name__}", file=sys.stderr)
        version, operations = "?", 0
    print(version, operations)
