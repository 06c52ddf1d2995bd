#!/usr/bin/env python3
"""Fail when the top-level modules of a crate depend on each other in a cycle.

A module's dependencies are the `crate::<module>` paths its files name (including the
`use crate::{a, b::c}` form). Crate boundaries are already enforced by Cargo; this checks the
layers inside each crate. Usage: scripts/module_cycles.py [CRATE_SRC_DIR ...]
"""
import re
import sys
from pathlib import Path

DEFAULT_ROOTS = ["src", "crates/core/src", "crates/store/src"]
SKIP = {"lib", "main"}


def top_modules(root: Path):
    mods = {}
    for path in sorted(root.iterdir()):
        if path.is_dir():
            mods[path.name] = sorted(path.rglob("*.rs"))
        elif path.suffix == ".rs" and path.stem not in SKIP:
            mods[path.stem] = [path]
    return mods


def braced_names(text: str, start: int):
    """The first name of each item inside the braces that open at `start` (`{a, b::c}` → a, b)."""
    depth, item, items = 0, "", []
    for ch in text[start:]:
        depth += (ch == "{") - (ch == "}")
        if depth == 0:
            break
        if depth == 1 and ch == ",":
            items.append(item)
            item = ""
        elif depth >= 1 and ch != "{" or depth > 1:
            item += ch
    items.append(item)
    return [m.group(0) for m in (re.match(r"\w+", i.strip()) for i in items) if m]


def uses(files, modules):
    found = set()
    for file in files:
        text = re.sub(r"//[^\n]*", "", file.read_text(encoding="utf-8"))
        for m in re.finditer(r"\bcrate::(\w+)", text):
            found.add(m.group(1))
        for m in re.finditer(r"\bcrate::\{", text):
            found.update(braced_names(text, m.end() - 1))
    return {name for name in found if name in modules}


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main(roots):
    failed = False
    for root in map(Path, roots):
        modules = top_modules(root)
        graph = {m: uses(files, modules) - {m} for m, files in modules.items()}
        for component in cycles(graph):
            failed = True
            print(f"{root}: modules depend on each other in a cycle: {', '.join(component)}")
            for m in component:
                inside = sorted(graph[m] & set(component))
                print(f"  {m} uses {', '.join(inside)}")
    if not failed:
        print("no module cycles in " + ", ".join(roots))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or DEFAULT_ROOTS))
