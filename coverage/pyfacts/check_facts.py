#!/usr/bin/env python3
"""Check facts.py against the coverage.py conformance references.

Usage (with a CPython 3.14 interpreter, which also runs facts.py)::

    python3 coverage/pyfacts/check_facts.py [CONFORMANCE_DIR] [CASE_PREFIX...]

e.g. ``check_facts.py 014 082`` checks only cases 014 and 082.

For every case in testdata/conformance and every file in its reference JSON,
runs facts.py and checks:

1. statements == executed_lines | missing_lines
2. excluded == excluded_lines
3. the reported arcs: arcs from lines not in no_branch must equal
   executed_branches | missing_branches for those lines; for no_branch lines,
   executed | missing must be a subset of the arcs (untaken arcs are hidden);
   and summary.num_branches == len(arcs).

Prints the differences per case and a final line "N passed, N failed"; exits
1 if any case failed.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FACTS = HERE / "facts.py"
DEFAULT_DIR = HERE.parent.parent / "testdata" / "conformance"


def go_regexes(name):
    """A list of regexes from config/config.go, their one definition."""
    text = (HERE.parent.parent / "config" / "config.go").read_text(encoding="utf-8")
    block = re.search(r"var " + name + r" = \[\]string\{(.*?)\n\}", text, re.S).group(1)
    return re.findall(r"`([^`]*)`", block)


def case_files(conf_dir, ref_path):
    """Map each reference file name of a case to its path on disk."""
    stem = ref_path.stem
    ref = json.loads(ref_path.read_text(encoding="utf-8"))
    single = conf_dir / f"{stem}.py"
    files = {}
    for name in ref:
        if single.exists() and len(ref) == 1:
            files[name] = single
        else:
            files[name] = conf_dir / stem / name
    return ref, files


def run_facts(paths):
    """Run facts.py on `paths` with the default settings."""
    request = json.dumps({"files": [str(p) for p in paths], "exclude": go_regexes("DefaultExclude"),
                          "partial": go_regexes("DefaultPartial") + go_regexes("DefaultPartialAlways")})
    proc = subprocess.run(
        [sys.executable, str(FACTS)], input=request, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"facts.py failed:\n{proc.stderr}")
    return json.loads(proc.stdout)["files"]


def diff_file(ref, facts):
    """Differences between one file's reference results and its facts."""
    problems = []
    if facts["error"]:
        return [f"error: {facts['error']}"]

    want = set(ref["executed_lines"]) | set(ref["missing_lines"])
    got = set(facts["statements"])
    if want != got:
        problems.append(f"statements: missing {sorted(want - got)}, unexpected {sorted(got - want)}")

    want = set(ref["excluded_lines"])
    got = set(facts["excluded"])
    if want != got:
        problems.append(f"excluded: missing {sorted(want - got)}, unexpected {sorted(got - want)}")

    reported = {tuple(a) for a in ref["executed_branches"]} | {tuple(a) for a in ref["missing_branches"]}
    arcs = {tuple(a) for a in facts["arcs"]}
    no_branch = set(facts["no_branch"])
    want = {a for a in reported if a[0] not in no_branch}
    got = {a for a in arcs if a[0] not in no_branch}
    if want != got:
        problems.append(f"arcs: missing {sorted(want - got)}, unexpected {sorted(got - want)}")
    hidden = {a for a in reported if a[0] in no_branch} - arcs
    if hidden:
        problems.append(f"no-branch arcs not in arcs: {sorted(hidden)}")

    if ref["summary"]["num_branches"] != len(facts["arcs"]):
        problems.append(
            f"num_branches: expected {ref['summary']['num_branches']}, got {len(facts['arcs'])}"
        )
    return problems


# Cases whose possible arcs differ from coverage.py's on purpose (see
# knownDivergences in cmd/pycov/conformance_test.go).
KNOWN_STATIC_DIVERGENCES = {
    "106_nested_with_chain": "coverage.py's fix_with_jumps makes the third nested with line a branch",
}


def main(argv):
    if sys.version_info[:2] != (3, 14):
        print(f"warning: the references are for CPython 3.14; this is {sys.version.split()[0]}",
              file=sys.stderr)
    conf_dir = Path(argv[1]) if len(argv) > 1 and Path(argv[1]).is_dir() else DEFAULT_DIR
    prefixes = [a for a in argv[1:] if not Path(a).is_dir()]
    passed = failed = 0
    for ref_path in sorted(conf_dir.glob("[0-9][0-9][0-9]_*.json")):
        if prefixes and not any(ref_path.stem.startswith(p) for p in prefixes):
            continue
        ref, files = case_files(conf_dir, ref_path)
        names = sorted(files)
        results = run_facts([files[n] for n in names])
        lines = []
        for name, facts in zip(names, results):
            lines.extend(f"  {name}: {p}" for p in diff_file(ref[name], facts))
        if lines and ref_path.stem in KNOWN_STATIC_DIVERGENCES:
            print(f"known {ref_path.stem}: {KNOWN_STATIC_DIVERGENCES[ref_path.stem]}")
            passed += 1
        elif lines:
            failed += 1
            print(f"FAIL {ref_path.stem}")
            print("\n".join(lines))
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
