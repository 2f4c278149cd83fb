"""pycov's measurement agent, imported as ``sitecustomize`` before the program.

pycov puts this file's directory first on PYTHONPATH and describes the run in
$PYCOV_AGENT (JSON). On import the agent removes its directory from sys.path,
runs any sitecustomize it shadowed, and starts measuring with sys.monitoring:

* PY_START is on globally. The first start of each code object decides, once
  per file, whether the file is measured; a measured code object gets LINE and
  BRANCH_LEFT/BRANCH_RIGHT as local events. The callback returns DISABLE, so a
  code object costs one PY_START in the life of the process.
* Every LINE and BRANCH callback appends its raw location to a list and
  returns DISABLE: each location costs one callback, then nothing. Offsets
  are not resolved to lines here; pycov does that after the run, from the
  same compiler's code objects.
* Records are written in batches to this process's journal (one file per
  process in the journal directory): at exit, at fork, and whenever a new code
  object starts and the batch is large.

The journal is text, one record per line (see monitoring/journal.go):
    pycov-journal 1 {"pid": ...}      hello, with the protocol version
    C <cid> <firstlineno> <json [filename, qualname, code size]>
    L <cid> <line>
    B <cid> <source offset> <destination offset>
"""

import os
import sys


def _chain_sitecustomize(here):
    """Drop our directory from sys.path and run the sitecustomize we shadow."""
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    ours = sys.modules.pop("sitecustomize")
    try:
        import sitecustomize  # noqa: F401  (the user's, if any)
    except ImportError as exc:
        # The import system expects a module under this name when we return.
        sys.modules["sitecustomize"] = ours
        if exc.name != "sitecustomize":
            raise


class _Agent:
    """The recorder for one process. All state lives here."""

    def __init__(self, cfg):
        import json
        import sysconfig

        self.json = json
        self.cfg = cfg
        self.mon = sys.monitoring
        self.branch = cfg.get("branch", True) and hasattr(self.mon.events, "BRANCH_LEFT")
        self.measured = {}  # filename -> bool, decided once per file
        self.codes = []  # measured code objects, index = cid; kept alive so id() stays unique
        self.cids = {}  # id(code) -> cid
        self.lines = []  # (code, line)
        self.branches = []  # (code, src, dst)
        self.pending = []  # journal text not yet written (code records)
        self.cwd = cfg.get("cwd") or os.getcwd()
        self.source = [d.rstrip(os.sep) + os.sep for d in cfg.get("source_dirs") or []]
        self.source_pkgs = cfg.get("source_pkgs") or []
        self.include = self._patterns(cfg.get("include"))
        self.omit = self._patterns(cfg.get("omit"))
        lib = set()
        for key in ("stdlib", "platstdlib", "purelib", "platlib"):
            p = sysconfig.get_paths().get(key)
            if p:
                lib.add(os.path.realpath(p) + os.sep)
        for p in sys.path:
            if p and ("site-packages" in p or "dist-packages" in p):
                lib.add(os.path.realpath(p) + os.sep)
        lib.add(os.path.dirname(os.path.realpath(__file__)) + os.sep)
        self.lib = tuple(lib)
        self._resolve_packages()
        self.journal_dir = cfg["journal"]
        self.fh = None
        self._open_journal()

    # -- which files are measured ------------------------------------------

    def _patterns(self, pats):
        import re
        import fnmatch

        if not pats:
            return None
        out = []
        for p in pats:
            if not p.startswith(("*", "?", os.sep)):
                p = os.path.join(self.cwd, p)
            out.append(fnmatch.translate(p))
        return re.compile("|".join(out))

    def _resolve_packages(self):
        """Turn --source package names into directories, without importing them."""
        import importlib.util

        for name in self.source_pkgs:
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            if spec is None:
                continue
            if spec.submodule_search_locations:
                for d in spec.submodule_search_locations:
                    self.source.append(os.path.realpath(d) + os.sep)
            elif spec.origin:
                self.source.append(os.path.realpath(spec.origin))

    def decide(self, filename):
        """Whether code from filename is measured. Called once per file."""
        if not filename or filename.startswith("<") or filename.endswith(">"):
            return False
        path = os.path.realpath(filename)
        if not path.endswith((".py", ".pyw")) and not os.path.isfile(path):
            return False
        if self.source:
            if not any(path == s or path.startswith(s) for s in self.source):
                return False
        else:
            if path.startswith(self.lib):
                return False
            if self.include is not None:
                if not self.include.match(path):
                    return False
            elif not path.startswith(os.path.join(self.cwd, "")):
                return False
        if self.omit is not None and self.omit.match(path):
            return False
        return True

    # -- sys.monitoring ----------------------------------------------------

    def start(self):
        mon = self.mon
        tool = mon.COVERAGE_ID
        while tool < 6:
            try:
                mon.use_tool_id(tool, "pycov")
                break
            except ValueError:
                tool += 1
        else:
            sys.stderr.write("pycov: every sys.monitoring tool id is taken; this process is not measured\n")
            return
        if tool != mon.COVERAGE_ID:
            owner = mon.get_tool(mon.COVERAGE_ID)
            sys.stderr.write(
                f"pycov: sys.monitoring tool id {mon.COVERAGE_ID} is taken by {owner!r}; using id {tool}\n"
            )
        self.tool = tool
        ev = mon.events
        DISABLE = mon.DISABLE
        local = ev.LINE
        if self.branch:
            local |= ev.BRANCH_LEFT | ev.BRANCH_RIGHT
        measured = self.measured
        decide = self.decide
        codes = self.codes
        cids = self.cids
        set_local = mon.set_local_events
        lines_append = self.lines.append
        branches_append = self.branches.append
        pending = self.pending
        dumps = self.json.dumps
        flush = self.flush

        def on_start(code, offset):
            fname = code.co_filename
            m = measured.get(fname)
            if m is None:
                m = measured[fname] = decide(fname)
            if m and code.co_name != "__annotate__":
                cid = len(codes)
                codes.append(code)
                cids[id(code)] = cid
                pending.append(
                    f"C {cid} {code.co_firstlineno} "
                    f"{dumps([fname, code.co_qualname, len(code.co_code)])}\n"
                )
                set_local(tool, code, local)
                if len(self.lines) + len(self.branches) > 20000:
                    flush()
            return DISABLE

        def on_line(code, line):
            lines_append((code, line))
            return DISABLE

        def on_branch(code, src, dst):
            branches_append((code, src, dst))
            return DISABLE

        mon.register_callback(tool, ev.PY_START, on_start)
        mon.register_callback(tool, ev.LINE, on_line)
        if self.branch:
            mon.register_callback(tool, ev.BRANCH_LEFT, on_branch)
            mon.register_callback(tool, ev.BRANCH_RIGHT, on_branch)
        mon.set_events(tool, ev.PY_START)

        import atexit

        atexit.register(self.stop)
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(before=self.flush, after_in_child=self._after_fork)

    def stop(self):
        """Write everything; called at exit."""
        self.flush()
        if self.fh is not None:
            self.fh.close()
            self.fh = None

    # -- the journal -------------------------------------------------------

    def _open_journal(self):
        import secrets

        name = f"j-{os.getpid()}-{secrets.token_hex(4)}.jnl"
        self.fh = open(os.path.join(self.journal_dir, name), "ab", buffering=0)
        hello = {"pid": os.getpid(), "python": "%d.%d.%d" % sys.version_info[:3], "branch": self.branch,
                 "argv": sys.argv, "source_dirs": self.source}
        self.fh.write(f"pycov-journal 1 {self.json.dumps(hello)}\n".encode("utf-8", "surrogateescape"))

    def _after_fork(self):
        """In a forked child: keep recording, into a journal of our own."""
        self.lines.clear()
        self.branches.clear()
        self.pending.clear()
        # Code records written by the parent are not in our journal: write them again.
        self.pending.extend(
            f"C {cid} {c.co_firstlineno} {self.json.dumps([c.co_filename, c.co_qualname, len(c.co_code)])}\n"
            for cid, c in enumerate(self.codes)
        )
        self._open_journal()

    def flush(self):
        """Write the records gathered so far as one batch."""
        if self.fh is None:
            return
        cids = self.cids
        n_lines, n_branches, n_pending = len(self.lines), len(self.branches), len(self.pending)
        out = self.pending[:n_pending]
        out.extend(f"L {cids[id(c)]} {ln}\n" for c, ln in self.lines[:n_lines])
        out.extend(f"B {cids[id(c)]} {s} {d}\n" for c, s, d in self.branches[:n_branches])
        del self.pending[:n_pending], self.lines[:n_lines], self.branches[:n_branches]
        if out:
            self.fh.write("".join(out).encode("utf-8", "surrogateescape"))


def _main():
    here = os.path.dirname(os.path.abspath(__file__))
    cfg_text = os.environ.get("PYCOV_AGENT")
    _chain_sitecustomize(here)
    if not cfg_text or not hasattr(sys, "monitoring"):
        return
    import json

    try:
        cfg = json.loads(cfg_text)
        agent = _Agent(cfg)
    except Exception as exc:  # never break the program because of pycov
        sys.stderr.write(f"pycov: this process is not measured: {exc}\n")
        return
    agent.start()
    sys.modules["_pycov_agent"] = agent


_main()
