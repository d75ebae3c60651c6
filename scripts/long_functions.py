"""List the functions in src/ longer than the style guide's limit (60 lines).

Usage: python scripts/long_functions.py [--limit N] [--under DIR] [--count]

A function's length is counted from its `def` line (decorators excluded) to its
last line, as `ast` reports them, so docstrings and comments count. Nested
functions are listed on their own and also count towards the function that
holds them. Prints one row a function, longest first, then the total; `--count`
prints only the total.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

LIMIT = 60


def long_functions(root: Path, limit: int = LIMIT) -> Iterator[tuple[int, str, str]]:
    """Yield (lines, file, qualified name) for each function over `limit` lines."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        yield from _walk(tree, path, "", limit)


def _walk(node: ast.AST, path: Path, prefix: str, limit: int) -> Iterator[tuple[int, str, str]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            if not isinstance(child, ast.ClassDef):
                lines = (child.end_lineno or child.lineno) - child.lineno + 1
                if lines > limit:
                    yield lines, str(path), name
            yield from _walk(child, path, name + ".", limit)
        else:
            yield from _walk(child, path, prefix, limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=LIMIT, help="longest allowed (default 60)")
    parser.add_argument("--under", type=Path, default=Path("src"), help="folder (default src)")
    parser.add_argument("--count", action="store_true", help="print only how many there are")
    args = parser.parse_args(argv)
    rows = sorted(long_functions(args.under, args.limit), key=lambda r: (-r[0], r[1], r[2]))
    if not args.count:
        for lines, path, name in rows:
            print(f"{lines:4d}  {path}:{name}")
    print(f"{len(rows)} functions over {args.limit} lines under {args.under}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
