"""Prints the items of one `aibom check --format json` report (stdin), for bench/field.sh."""
import json
import sys

try:
    r = json.load(sys.stdin)
except Exception as e:  # a failed check prints nothing parseable
    print("    ! no report:", e)
    sys.exit(0)


def show(sign, e):
    if e.get("kind") == "library" and not e.get("ai"):
        return
    ev = (e.get("evidence") or [{}])[0]
    where = "%s:%s" % (ev.get("file", ""), ev.get("line", ""))
    test = "  [test]" if e.get("test_only") else ""
    print("    %s %s %s/%s %s%s" % (sign, e.get("kind"), e.get("provider") or "-", e.get("id"), where, test))


for e in r.get("added", []):
    show("+", e)
for e in r.get("removed", []):
    show("-", e)
for c in r.get("changed", []):
    if c.get("kind") != "library":
        print("    ~ %s %s %s: %s -> %s" % (c.get("kind"), c.get("id"), c.get("field"), c.get("from"), c.get("to")))
for s in r.get("switched", []):
    at = s.get("at") or {}
    print("    > %s %s/%s -> %s at %s:%s" % (s.get("kind"), s.get("provider") or "-", s.get("from"), s.get("to"), at.get("file", ""), at.get("line", "")))
