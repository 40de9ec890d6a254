#!/usr/bin/env python3
"""Merges the two sides of a conflicted docs/openapi.yaml: union of paths and components."""
import subprocess, yaml
def side(n):
    return yaml.safe_load(subprocess.run(["git", "show", f":{n}:docs/openapi.yaml"],
                                         capture_output=True, text=True, check=True).stdout)
ours, theirs = side(2), side(3)
for key in ("paths",):
    ours.setdefault(key, {}).update(theirs.get(key, {}))
for key, value in (theirs.get("components") or {}).items():
    ours.setdefault("components", {}).setdefault(key, {}).update(value)
tags = {t["name"]: t for t in (ours.get("tags") or []) + (theirs.get("tags") or [])}
if tags:
    ours["tags"] = list(tags.values())
with open("docs/openapi.yaml", "w") as f:
    yaml.safe_dump(ours, f, allow_unicode=True, sort_keys=False, width=100)
