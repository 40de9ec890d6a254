#!/usr/bin/env python3
"""Resolves merge conflicts by keeping both sides (ours first). For line-append conflicts in
the shared wiring files (Modules, Background, properties), which is what they always are."""
import re, sys
for path in sys.argv[1:]:
    text = open(path).read()
    text = re.sub(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n",
                  lambda m: m.group(1) + m.group(2), text, flags=re.S)
    open(path, "w").write(text)
