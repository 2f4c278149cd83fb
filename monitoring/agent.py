"""pycov's measurement agent, imported as ``sitecustomize`` before the program.

How it gets in. pycov puts this file's directory first on PYTHONPATH and
describes the run in $PYCOV_AGENT (JSON, monitoring/agent.go). On import the
agent takes its directory off sys.path, runs any sitecustomize it shadowed
and, when the interpreter has sys.monitoring, measures. An interpreter
without sys.monitoring is not measured and says nothing.

Child processes. Children inherit the agent through the environment, and the
program still sees os.environ["PYTHONPATH"] as the user set it:

* the agent's entry is removed from os.environ only; the process environment
  keeps it, so children that inherit it (subprocess and multiprocessing with
  no env=, os.system, os.exec*v, os.spawn*, posix_spawn) load the agent;
* os.putenv and os.unsetenv keep the agent's entry in front of whatever the
  program sets PYTHONPATH to, so os.environ changes still reach children;
* a child started with an explicit environment is measured when that
  environment carries PYCOV_AGENT (it stays visible in os.environ, so copies
  of it carry it): fork_exec, execve and posix_spawn put the agent's entry
  in front of its PYTHONPATH. An environment built without PYCOV_AGENT, and
  `python -I`/`-E`, which ignore PYTHONPATH, give an unmeasured child, as
  COVERAGE_PROCESS_START does for coverage.py.

With "subprocess": false the agent removes both variables for real, and
children run unmeasured.

Measurement. PY_START is on globally. The first start of each code object
decides, once per file, whether the file is measured; a measured code object
gets LINE and BRANCH_LEFT/BRANCH_RIGHT as local events. Every callback records
its raw location and returns DISABLE: each location costs one callback in the
life of the process, then nothing. Offsets are resolved to lines after the
run, by pycov, from the same compiler's code objects.

Code that is not its file's source as compiled. An import hook that
transforms code (pytest's assertion rewriting) loads a module whose code
objects have other bytecode, hence other branch offsets, than pycov's
compile of the file. Such a module's loader is not the standard
SourceFileLoader (code exec'd into a fresh namespace has none), which the
agent checks once per code object, when it starts; for those code objects
alone it writes a D record: the code object itself (its constants left
out), marshalled behind the interpreter's magic number, from which pycov
maps its branch events exactly.

The journal. Each process writes its own journal: a file in the journal
directory, memory-mapped (MAP_SHARED). Each callback copies its record into
the mapping before it returns; from then on the record is in the kernel's
page cache for that file, and stays there however the process ends: exit,
os._exit, exec, an uncaught signal, SIGKILL, a segfault. Only a crash of the
machine itself can lose it. Space is reserved ahead (posix_fallocate) in
growing steps, so a full disk ends measurement with a warning rather than a
SIGBUS; the unused tail of a journal is zero bytes. The writer holds an
flock on its journal (through the mapping) until it exits: pycov reads a
journal once that lock is free. A forked child opens a small journal of its
own before any of its code runs; it refers to its parent's journal for the
code records it inherits. Code compiled again from the same place (same
file, name, first line and size) keeps its code id. Records, one per line
(monitoring/journal.go reads them):

    pycov-journal 4 {"pid": ...}      hello, with the protocol version
    C <cid> <firstlineno> <json [real path, qualname, code size]>
    S ["package", "dir"]    a --source package found after the hello
    L <cid> <line>
    B <cid> <source offset> <destination offset>
    X free_tool_id          the program freed (or cleared) our tool id
    D <cid> <crc32> <base64 of MAGIC_NUMBER + marshal(code)>   see above
    T <json context>        what follows ran in this context (see below)

Contexts. With [run] context or dynamic_context = test_function, the hello
says "contexts": true and names the context the process starts in: the
static label, or its parent's context (inherited through $PYCOV_CONTEXT,
which a switch puts in the process environment and in children's explicit
environments). A switch writes a T record; the records after it ran in
that context (one context per process, whichever thread runs, as in
coverage.py). It then re-arms the measured code objects that disabled
locations in the context before (their local events set off and on again:
the disabled locations fire again), so that every location fires once per
context; sys.monitoring.restart_events() would do it too, but re-instruments
every code object the program runs and fires PY_START for each again, which
cost several times more per test. Tests are found without a plugin:
pytest's runner starting a phase (call_and_report) switches to
"<node id>|setup", "|run" or "|teardown", as pytest-cov's
--cov-context=test; otherwise a function named test* or runTest starting
when no test runs switches to coverage.py's test_function name for it,
until it returns, yields or unwinds (PY_RETURN and PY_YIELD events on
that code object, and PY_UNWIND, global).
Without dynamic contexts none of this is installed (a static label alone
is the hello's context).
"""

import os
import sys

PROTOCOL = 5
_FIRST_SIZE = 64 << 10  # a journal's first mapping; it doubles as it fills
_MAX_STEP = 16 << 20  # ... by at most this much at a time
_FORK_SIZE = 4 << 10  # a forked child's first: it mostly runs its parent's code


def _warn(msg):
    try:
        sys.stderr.write("pycov: %s\n" % msg)
    except Exception:
        pass


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


# -- the environment children inherit ----------------------------------------


def _without_entry(value, entry):
    """PYTHONPATH value without entry (str); None when nothing is left."""
    if value is None:
        return None
    parts = value.split(os.pathsep)
    if entry in parts:
        parts.remove(entry)
    return os.pathsep.join(parts) if parts else None


def _with_entry(value, entry):
    """PYTHONPATH value (str, bytes or None) with entry in front."""
    as_bytes = isinstance(value, bytes)
    text = os.fsdecode(value) if as_bytes else value
    if text and text.split(os.pathsep, 1)[0] == entry:
        return value
    text = entry + os.pathsep + text if text else entry
    return os.fsencode(text) if as_bytes else text


def _is_name(key, name):
    return key == name or key == name.encode()


def _env_for_child(env, here):
    """A child's explicit environment, with the agent if it carries PYCOV_AGENT."""
    if env is None:
        return None
    if isinstance(env, (list, tuple)):  # fork_exec: [b"KEY=VALUE", ...]
        if not any(kv.startswith(b"PYCOV_AGENT=") for kv in env):
            return env
        out = [kv for kv in env if not kv.startswith(b"PYTHONPATH=")]
        old = [kv[11:] for kv in env if kv.startswith(b"PYTHONPATH=")]
        out.append(b"PYTHONPATH=" + _with_entry(old[-1] if old else b"", here))
        if _CONTEXT[0] is not None:
            out = [kv for kv in out if not kv.startswith(b"PYCOV_CONTEXT=")]
            out.append(b"PYCOV_CONTEXT=" + os.fsencode(_CONTEXT[0]))
        return out
    keys = list(env.keys())
    if not any(_is_name(k, "PYCOV_AGENT") for k in keys):
        return env
    out = dict(env)
    key = next((k for k in keys if _is_name(k, "PYTHONPATH")), None)
    if key is None:
        key = "PYTHONPATH" if all(isinstance(k, str) for k in keys) else b"PYTHONPATH"
    out[key] = _with_entry(out.get(key) or type(key)(), here)
    if _CONTEXT[0] is not None:
        name = "PYCOV_CONTEXT" if isinstance(key, str) else b"PYCOV_CONTEXT"
        out[name] = _CONTEXT[0] if isinstance(key, str) else os.fsencode(_CONTEXT[0])
    return out


def _keep_for_children(here):
    """Show the program its own PYTHONPATH; keep the agent for children."""
    environ = os.environ
    user = _without_entry(environ.get("PYTHONPATH"), here)
    key = environ.encodekey("PYTHONPATH")
    if user is None:
        environ._data.pop(key, None)  # os.environ only: not the process's
    else:
        environ._data[key] = environ.encodevalue(user)

    real_putenv, real_unsetenv = os.putenv, os.unsetenv

    def putenv(name, value):
        if _is_name(name, "PYTHONPATH"):
            value = _with_entry(value, here)
        real_putenv(name, value)

    def unsetenv(name):
        if _is_name(name, "PYTHONPATH"):
            real_putenv(name, here)
        else:
            real_unsetenv(name)

    os.putenv, os.unsetenv = putenv, unsetenv

    def wrap(module, name, env_arg):
        real = getattr(module, name, None)
        if real is None:
            return

        def call(*args, **kwargs):
            if len(args) > env_arg:
                args = args[:env_arg] + (_env_for_child(args[env_arg], here),) + args[env_arg + 1:]
            elif "env" in kwargs:
                kwargs["env"] = _env_for_child(kwargs["env"], here)
            return real(*args, **kwargs)

        call.__name__ = call.__qualname__ = name
        call.__doc__ = real.__doc__
        setattr(module, name, call)

    wrap(os, "execve", 2)
    wrap(os, "posix_spawn", 2)
    wrap(os, "posix_spawnp", 2)
    try:
        import _posixsubprocess
    except ImportError:
        return
    wrap(_posixsubprocess, "fork_exec", 5)
    if "subprocess" in sys.modules:  # imported before us (a .pth file)
        sys.modules["subprocess"]._fork_exec = _posixsubprocess.fork_exec


def _forget(here):
    """Remove the agent from the environment for real: children are not measured."""
    user = _without_entry(os.environ.get("PYTHONPATH"), here)
    if user is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = user
    os.environ.pop("PYCOV_AGENT", None)


# -- the journal ---------------------------------------------------------------


def _ignore(data):
    pass


# -- JSON without the json package --------------------------------------------
# `import json` costs ~6 ms (it imports re), a large part of what the agent
# adds to a process's start. The C accelerator behind it, _json, has no
# such imports: these use it directly for the few values the agent reads
# ($PYCOV_AGENT) and writes (hello and code records).


class _ScanContext:
    """What _json.make_scanner reads from a JSONDecoder."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float
    memo = None


def _loads(text):
    import _json

    try:
        value, end = _json.make_scanner(_ScanContext())(text, 0)
    except StopIteration:  # the scanner's way of saying "no value here"
        raise ValueError("not JSON") from None
    if text[end:].strip():
        raise ValueError("extra data after the JSON value")
    return value


def _dumps(value):
    """JSON for str, int, bool, None, lists and dicts (ASCII-only output)."""
    import _json

    if isinstance(value, str):
        return _json.encode_basestring_ascii(value)
    if value is True or value is False or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (_dumps(str(k)), _dumps(v)) for k, v in value.items()) + "}"
    return "[" + ", ".join(_dumps(v) for v in value) + "]"


class _Journal:
    """This process's journal file, written through a shared memory mapping.

    set_write(f) tells the callbacks which function writes a record: the
    mapping's write, which raises ValueError when the mapping is full (or was
    replaced), whereupon they call overflow.

    The agent holds no file descriptor while the program runs: each journal
    file is opened (O_CLOEXEC), locked, mapped and closed again within
    _switch, and the descriptor is checked (device and inode) before every
    use, so a program that closes every descriptor (os.closerange, as
    daemons do) neither loses the journal nor has its own files touched.
    The flock taken on the file lives as long as a mapping of it does: in
    this process and in its forked children, until they exit or exec. pycov
    reads a journal only once nobody holds that lock.
    """

    def __init__(self, directory, set_write):
        import _thread
        import fcntl
        import mmap

        self.mmap = mmap
        self.flock = fcntl.flock
        self.LOCK_EX = fcntl.LOCK_EX | fcntl.LOCK_NB  # a new file: nobody else has it
        # Before 3.13, mmap keeps a duplicate of the descriptor, which the
        # program may close and reuse: such a mapping is never closed.
        self.dups_fd = sys.version_info < (3, 13)
        self.allocate_lock = _thread.allocate_lock
        self.dir = directory
        self.set_write = set_write
        self.lock = self.allocate_lock()
        self.mm = None
        self.kept = []  # mappings kept open for their lock (see after_fork)

    def open(self, header, size=_FIRST_SIZE):
        """Start a new journal holding header; it appears fully formed."""
        self.base = "j-%d-%s" % (os.getpid(), os.urandom(4).hex())
        self.segment = 1
        self.header = header
        self._retire(self._switch(self.base + ".jnl", header, size))

    def _switch(self, name, content, size):
        """Map a new journal file holding content and make it the writer's;
        return the mapping it replaces.

        The file is created under a temporary name and renamed once its
        content is written, so a reader never sees it half-made.
        """
        tmp = os.path.join(self.dir, "." + name + ".tmp")
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        st = os.fstat(fd)
        ours = (st.st_dev, st.st_ino)
        mm = None
        try:
            while size < 2 * len(content):
                size *= 2
            self._check(fd, ours)
            try:
                self.flock(fd, self.LOCK_EX)
            except OSError:
                pass  # a file system without locks: read when pycov asks
            self._reserve(fd, size)
            self._check(fd, ours)
            if self.dups_fd:
                mm = self.mmap.mmap(fd, size)
            else:
                mm = self.mmap.mmap(fd, size, trackfd=False)
            mm.write(content)
            os.rename(tmp, os.path.join(self.dir, name))
        except BaseException:
            if mm is not None and not self.dups_fd:
                mm.close()
            os.unlink(tmp)
            raise
        finally:
            try:
                self._check(fd, ours)
                os.close(fd)
            except OSError:
                pass  # the program closed it: the number is not ours any more
        old = self.mm
        self.mm = mm
        self.set_write(mm.write)
        return old

    @staticmethod
    def _check(fd, ours):
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) != ours:
            raise OSError("the program closed the journal's file descriptor")

    def _retire(self, old):
        """Stop writing to a replaced mapping. A thread that still holds its
        writer gets ValueError from the closed mapping and comes back
        through overflow."""
        if old is None:
            return
        if self.dups_fd:
            self.kept.append(old)
        else:
            old.close()

    def after_fork(self, header, size):
        """In a forked child: a journal of its own (the lock may be held by
        a thread that does not exist here). The parent's mapping stays open:
        it holds the parent journal's lock, which this journal refers to
        for the code records, for as long as this process lives."""
        self.lock = self.allocate_lock()
        if self.mm is not None:
            self.kept.append(self.mm)
            self.mm = None
        self.open(header, size)

    @staticmethod
    def _reserve(fd, size):
        try:
            os.posix_fallocate(fd, 0, size)
        except AttributeError:  # macOS
            os.ftruncate(fd, size)
        except OSError as exc:
            import errno

            if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            os.ftruncate(fd, size)  # a file system without fallocate

    def write(self, data):
        """Write a record from outside the callbacks."""
        try:
            self.mm.write(data)
        except (ValueError, AttributeError):
            self.overflow(data)

    def overflow(self, data):
        """Write data that did not fit: continue in a new segment. Never raises.

        A full journal continues in a new file, <base>.<n>.jnl, rather than
        a bigger mapping of the same file: a thread that wrote a short
        record into the old mapping while this one was switching keeps it
        there, where nothing overwrites it. The reader joins the segments
        (their code ids are shared).
        """
        with self.lock:  # one thread switches; the others wait, then write
            try:
                try:
                    self.mm.write(data)  # another thread switched meanwhile
                    return
                except ValueError:
                    pass
                self.segment += 1
                size = min(2 * len(self.mm), len(self.mm) + _MAX_STEP)
                hello = self.header.split(b"\n", 1)[0]
                hello = hello[:-1] + b', "segment": %d}\n' % self.segment
                self._retire(self._switch("%s.%d.jnl" % (self.base, self.segment), hello + data, size))
            except Exception as exc:
                self.set_write(_ignore)
                _warn("cannot write the journal any more (%s); process %d is measured only up to here" % (exc, os.getpid()))


# -- measurement ---------------------------------------------------------------


class _Agent:
    """The recorder for one process. All state lives here."""

    def __init__(self, cfg):
        import _json
        import itertools

        self.dumps = _dumps
        self.quote = _json.encode_basestring_ascii
        self.cfg = cfg
        self.mon = sys.monitoring
        self.branch = cfg.get("branch", True) and hasattr(self.mon.events, "BRANCH_LEFT")
        # Contexts ([run] context and dynamic_context): the static label,
        # whether tests are detected, and the context this process starts
        # in (its parent's, when a measured process started it).
        self.static = cfg.get("context") or ""
        self.dynamic = cfg.get("dynamic_context") == "test_function"
        self.contexts = bool(self.static or self.dynamic)
        self.base = os.environ.get("PYCOV_CONTEXT", self.static) if self.contexts else ""
        self.context = self.base
        # co_filename -> its real path when measured, else False; decided
        # once per absolute name. Relative names (runpy.run_path("x.py"),
        # compile(src, "x.py")) depend on the working directory when their
        # code starts: their decisions are kept per (cwd, name).
        self.measured = {}
        self.relative = {}
        # Code ids. A code object is known by id(), and is not kept alive:
        # a code object that reuses a dead one's address starts (on_start
        # sets its entry) before any of its lines or branches can run. Code
        # compiled again from the same place gets the id it had, so that
        # exec(compile(...)) in a loop costs neither memory nor journal.
        self.cids = {}  # id(code) -> cid
        self.bykey = {}  # (real path, qualname, first line, size) -> cid
        self.again = {}  # cid -> the lines and branches written, for code compiled again
        self.next_cid = itertools.count()
        self.tool = None
        self.freed = False
        # Real paths throughout: the working directory pycov saw may be
        # reached through a symlink (macOS's /tmp, a linked CI workspace).
        self.cwd = os.path.realpath(cfg.get("cwd") or os.getcwd())
        self.source = [os.path.realpath(d) + os.sep for d in cfg.get("source_dirs") or []]
        self.source_pkgs = cfg.get("source_pkgs") or []
        # With --source, only what it names is measured, even when none of
        # it has been found (yet).
        self.has_source = bool(self.source or self.source_pkgs)
        self.pending_pkgs = []  # --source packages not found yet
        self.resolved_pkgs = []
        # Namespace packages among them: (name, its live __path__), which
        # grows when a portion appears on a path added later.
        self.namespaces = []
        self.journal = None
        self.include = self._patterns(cfg.get("include_re"))
        self.omit = self._patterns(cfg.get("omit_re"))
        # The standard library (where os.py lives, lib-dynload below it) and
        # the installed packages are never measured without --source.
        # (sysconfig.get_paths() says the same but costs a millisecond.)
        lib = {os.path.realpath(os.path.dirname(os.__file__)) + os.sep}
        site = sys.modules.get("site")
        for p in getattr(site, "getsitepackages", list)() if site else ():
            lib.add(os.path.realpath(p) + os.sep)
        for p in sys.path:
            if p and ("site-packages" in p or "dist-packages" in p):
                lib.add(os.path.realpath(p) + os.sep)
        lib.add(os.path.dirname(os.path.realpath(__file__)) + os.sep)
        self.lib = tuple(lib)
        self._resolve_packages()
        self.journal = _Journal(cfg["journal"], _ignore)  # start() sets set_write
        self.journal.open(self._hello(forked=False))
        if hasattr(os, "register_at_fork"):
            # Registered before the user's sitecustomize runs, so that in a
            # child ours is the first after-fork handler.
            os.register_at_fork(after_in_child=self._after_fork)

    def _hello(self, forked, parent=None, codes=0):
        hello = {
            "pid": os.getpid(),
            "ppid": os.getppid(),
            "forked": forked,
            "python": "%d.%d.%d" % sys.version_info[:3],
            "executable": sys.executable,
            "branch": self.branch,
            "argv": getattr(sys, "argv", []),
            "cwd": os.getcwd(),
            "source_dirs": self.source,
            "resolved_pkgs": self.resolved_pkgs,
        }
        if self.contexts:
            hello["contexts"] = True
            hello["context"] = self.context  # where its first records belong
        if parent:
            # Code ids below codes are the parent journal's: the child
            # shares its code records rather than repeating them.
            hello["parent"] = parent
            hello["codes"] = codes
        line = "pycov-journal %d %s\n" % (PROTOCOL, self.dumps(hello))
        return line.encode("utf-8", "surrogateescape")

    def _after_fork(self):
        """In a forked child: a journal of our own, before any of its code runs."""
        try:
            codes = next(self.next_cid)  # ids from here on are this process's
            self.journal.after_fork(self._hello(True, self.journal.base, codes), _FORK_SIZE)
        except Exception as exc:
            self.journal.set_write(_ignore)
            if os.path.isdir(self.journal.dir):  # else the run is over: say nothing
                _warn("forked process %d is not measured: %s" % (os.getpid(), exc))

    # -- which files are measured ------------------------------------------

    def _patterns(self, regex):
        """[run] include or omit: pycov compiled the file patterns into one
        regular expression (pathglob), matched against real paths."""
        if not regex:
            return None  # (re costs milliseconds to import)
        import re

        return re.compile(regex)

    def _resolve_packages(self):
        """Turn --source package names into directories, without importing them.

        What cannot be found yet (a package in the script's directory, which
        is not on sys.path until the script runs) stays pending; decide()
        finds it in sys.modules once the package starts importing.
        """
        if not self.source_pkgs:
            return
        import importlib.util

        for name in self.source_pkgs:
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            if spec is None:
                self.pending_pkgs.append(name)
            elif spec.submodule_search_locations:
                self._add_source(name, spec.submodule_search_locations)
            elif spec.origin:
                self._add_source(name, [spec.origin], package=False)
            else:
                self.pending_pkgs.append(name)

    def _add_source(self, name, places, package=True):
        """Measure the package name found in places (its __path__, or its
        module file when package is False)."""
        self.resolved_pkgs.append(name)
        if package and not isinstance(places, list):
            # A namespace package's __path__ is live: it gains a portion
            # when one appears on a path added later (_more_namespaces).
            self.namespaces.append((name, places))
        self._add_dirs(name, list(places), package)

    def _add_dirs(self, name, places, package=True):
        for p in places:
            d = os.path.realpath(p) + (os.sep if package else "")
            if d in self.source:
                continue
            self.source.append(d)
            if self.journal is not None:  # resolved after the hello: say so
                rec = b"S [%s, %s]\n" % (self.quote(name).encode(), self.quote(d).encode())
                self.journal.write(rec)

    def _resolve_pending(self):
        """Packages that started importing since: their module is in
        sys.modules (with its __path__) before its first line runs."""
        for name in list(self.pending_pkgs):
            mod = sys.modules.get(name)
            if mod is None:
                continue
            self.pending_pkgs.remove(name)
            path = getattr(mod, "__path__", None)
            if path is not None:
                self._add_source(name, path)
            elif getattr(mod, "__file__", None):
                self._add_source(name, [mod.__file__], package=False)

    def decide(self, filename):
        """The real path of filename when its code is measured, else False.

        One physical file is one file, as for coverage.py: symlinks are
        resolved, and a relative name against the working directory of
        the moment (or, when it names no file there, the first sys.path
        entry where it does). The answer is kept in self.measured for an
        absolute name, in self.relative for a relative one.
        """
        if not filename or filename.startswith("<") or filename.endswith(">"):
            self.measured[filename] = False
            return False
        try:
            if os.path.isabs(filename):
                path = self.measured[filename] = self._measured(os.path.realpath(filename))
                return path
            key = (os.getcwd(), filename)
            path = self.relative.get(key)
            if path is None:
                path = self.relative[key] = self._measured(self._find_relative(key[0], filename))
            return path
        except (OSError, ValueError):
            # A removed working directory, a name with a NUL byte (made with
            # code.replace): not a file pycov can report.
            if os.path.isabs(filename):
                self.measured[filename] = False
            return False

    @staticmethod
    def _find_relative(cwd, filename):
        for d in [cwd] + sys.path:
            if isinstance(d, str):
                p = os.path.join(cwd, d, filename)
                if os.path.exists(p):
                    return os.path.realpath(p)
        return os.path.realpath(os.path.join(cwd, filename))

    def _measured(self, path):
        """path (real) if its code is measured, else False."""
        if not path.endswith((".py", ".pyw")) and not os.path.isfile(path):
            return False
        if self.pending_pkgs:
            self._resolve_pending()
        if self.has_source:
            if not self._in_source(path):
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
        return path

    def _in_source(self, path):
        if any(path == s or path.startswith(s) for s in self.source):
            return True
        # A portion of a namespace package on a path added since?
        found = False
        for name, live in self.namespaces:
            n = len(self.source)
            self._add_dirs(name, list(live))
            found = found or len(self.source) > n
        return found and self._in_source(path)

    def _describe(self, cid, code):
        """The D record of a code object that may not be its source as compiled.

        Its constants (nested code objects among them) are left out: mapping
        events needs the bytecode and the line table only. Marshal's output
        depends on reference counts, so the record also carries a checksum
        of what the mapping depends on, which pycov's facts cache uses.
        """
        try:
            import binascii
            import marshal

            ext = sys.modules["_frozen_importlib_external"]
            bare = code.replace(co_consts=(None,) * len(code.co_consts))
            blob = ext.MAGIC_NUMBER + marshal.dumps(bare)
            digest = binascii.crc32(code.co_linetable, binascii.crc32(code.co_code))
            return b"D %d %d %s\n" % (cid, digest, binascii.b2a_base64(blob, newline=False))
        except Exception:  # pycov then warns that these branches are not counted
            return b""

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
            _warn("every sys.monitoring tool id is taken; this process is not measured")
            return
        if tool != mon.COVERAGE_ID:
            owner = mon.get_tool(mon.COVERAGE_ID)
            _warn("sys.monitoring tool id %d is taken by %r; using id %d" % (mon.COVERAGE_ID, owner, tool))
        self.tool = tool
        self._watch_tool()
        ev = mon.events
        DISABLE = mon.DISABLE
        local = ev.LINE
        if self.branch:
            local |= ev.BRANCH_LEFT | ev.BRANCH_RIGHT
        if self.dynamic:
            # A generator resumed in another context ran its yield line
            # there too, as coverage.py's tracer sees it (the arc from it).
            local |= ev.PY_RESUME
        measured = self.measured
        decide = self.decide
        cids = self.cids
        bykey = self.bykey
        again = self.again
        next_cid = self.next_cid
        set_local = mon.set_local_events
        quote = self.quote
        overflow = self.journal.overflow
        write = self.journal.mm.write  # the journal's current writer; see _Journal
        getframe = sys._getframe
        source_loader = sys.modules["_frozen_importlib_external"].SourceFileLoader
        describe = self._describe if self.branch else None

        def set_write(w):
            nonlocal write
            write = w

        self.journal.set_write = set_write

        def on_start(code, offset, depth=1):
            # depth: how far up the started code's frame is (2 when called
            # by the contexts' handler, whose own frame is in between).
            fname = code.co_filename
            m = measured.get(fname)
            if m is None:
                m = decide(fname)  # the real path, or False
            if m and code.co_name != "__annotate__":
                key = (m, code.co_qualname, code.co_firstlineno, len(code.co_code))
                cid = bykey.get(key)
                if cid is None:
                    cid = bykey[key] = next(next_cid)
                    rec = b"C %d %d [%s, %s, %d]\n" % (cid, key[2], quote(m).encode(), quote(key[1]).encode(), key[3])
                    if describe is not None and type(getframe(depth).f_globals.get("__loader__")) is not source_loader:
                        rec += describe(cid, code)
                    try:
                        write(rec)
                    except ValueError:
                        overflow(rec)
                elif cid not in again:
                    again[cid] = set()  # compiled again: write each hit once
                cids[id(code)] = cid
                set_local(tool, code, local)
            return DISABLE

        def on_line(code, line):
            cid = cids[id(code)]
            if again and cid in again:
                seen = again[cid]
                if line in seen:
                    return DISABLE
                seen.add(line)
            rec = b"L %d %d\n" % (cid, line)
            try:
                write(rec)
            except ValueError:
                overflow(rec)
            return DISABLE

        def on_branch(code, src, dst):
            cid = cids[id(code)]
            if again and cid in again:
                seen = again[cid]
                if (src, dst) in seen:
                    return DISABLE
                seen.add((src, dst))
            rec = b"B %d %d %d\n" % (cid, src, dst)
            try:
                write(rec)
            except ValueError:
                overflow(rec)
            return DISABLE

        if self.dynamic:
            # The code objects that disabled locations in this context,
            # re-armed at the next switch.
            touched = self.touched = {}  # by id(): hashing a code object is slow
            # Code whose body starts on its first line: a lambda, a
            # generator expression, a one-line function. CPython fires no
            # LINE event for the line a code object starts on (there is no
            # change of line; only its very first start, instrumented
            # during PY_START, shows one), so PY_START records that line,
            # once per context: it stays enabled for such code (by id; the
            # strong reference keeps the id from being reused).
            firstline = {}

            # on_line and on_branch, noting the code object (copies: a call
            # more per event was a tenth of the cost of contexts).
            def on_line(code, line):
                i = id(code)
                touched[i] = code
                cid = cids[i]
                if again and cid in again:
                    seen = again[cid]
                    if line in seen:
                        return DISABLE
                    seen.add(line)
                rec = b"L %d %d\n" % (cid, line)
                try:
                    write(rec)
                except ValueError:
                    overflow(rec)
                return DISABLE

            def on_branch(code, src, dst):
                i = id(code)
                touched[i] = code
                cid = cids[i]
                if again and cid in again:
                    seen = again[cid]
                    if (src, dst) in seen:
                        return DISABLE
                    seen.add((src, dst))
                rec = b"B %d %d %d\n" % (cid, src, dst)
                try:
                    write(rec)
                except ValueError:
                    overflow(rec)
                return DISABLE

            def on_resume(code, offset):
                for start, stop, line in code.co_lines():
                    if start <= offset < stop:
                        return on_line(code, line) if line is not None else DISABLE
                return DISABLE

            mon.register_callback(tool, ev.PY_RESUME, on_resume)
            on_start = self._with_contexts(on_start, local, firstline, on_line)
        mon.register_callback(tool, ev.PY_START, on_start)
        mon.register_callback(tool, ev.LINE, on_line)
        if self.branch:
            mon.register_callback(tool, ev.BRANCH_LEFT, on_branch)
            mon.register_callback(tool, ev.BRANCH_RIGHT, on_branch)
        # With dynamic contexts PY_UNWIND ends a test that raises: it is on
        # for good, since changing the global events re-instruments every
        # code object, which cost more than the unwinds it sees.
        mon.set_events(tool, ev.PY_START | (ev.PY_UNWIND if self.dynamic else 0))

    def _with_contexts(self, on_start, local, firstline, on_line):
        """on_start, switching contexts: see "Contexts" above.

        A switch writes a T record, re-arms the locations disabled in the
        context it leaves, so that each location fires once in each
        context, and passes the context to child processes ($PYCOV_CONTEXT).
        """
        mon = self.mon
        tool = self.tool
        ev = mon.events
        DISABLE = mon.DISABLE
        ENDS = ev.PY_RETURN | ev.PY_YIELD  # settrace's "return" events
        getframe = sys._getframe
        set_local, get_local = mon.set_local_events, mon.get_local_events
        touched = self.touched
        cids = self.cids
        quote = self.quote
        again = self.again
        static = self.static
        agent = self
        children = self.cfg.get("subprocess", True)
        runner = os.path.join("_pytest", "runner.py")
        phases = {"setup": "setup", "call": "run", "teardown": "teardown"}
        test = [None, None]  # the code and frame of the test function running
        pytest = []  # non-empty once pytest runs tests: its ids win

        def full(name):
            return static + "|" + name if static else name

        def switch(name):
            if name == agent.context:
                return
            agent.context = _CONTEXT[0] = name
            agent.journal.write(b"T %s\n" % quote(name).encode())
            # (Lists: other threads may add entries meanwhile.)
            for seen in list(again.values()):
                seen.clear()
            if children:
                try:
                    os.putenv("PYCOV_CONTEXT", name)
                except (ValueError, OSError):
                    pass
            # Re-arm what ran: turning a code object's events off and on
            # again enables the locations that returned DISABLE. (Cheaper
            # than restart_events(), which re-instruments every code object
            # the program runs and fires PY_START for each again.)
            codes = list(touched.values())
            touched.clear()
            first_seen.clear()
            for code in codes:
                events = get_local(tool, code)
                set_local(tool, code, 0)
                set_local(tool, code, events)

        def begin(code, frame):
            name = _test_name(code, frame)
            if name is None:
                return
            test[0], test[1] = code, frame
            switch(full(name))
            set_local(tool, code, get_local(tool, code) | ENDS)

        def end(code, offset, _):
            if code is test[0] and getframe(1) is test[1]:
                test[0] = test[1] = None
                set_local(tool, code, get_local(tool, code) & ~ENDS)
                switch(agent.base)

        resume = None
        first_seen = set()  # firstline code that started in this context

        def starts_on_first_line(code):
            """Is the first instruction after RESUME on co_firstlineno?"""
            nonlocal resume
            if resume is None:
                import opcode

                resume = opcode.opmap["RESUME"]
            b = code.co_code
            for i in range(0, len(b), 2):
                if b[i] == resume:
                    for start, stop, line in code.co_lines():
                        if start <= i + 2 < stop:
                            return line == code.co_firstlineno
                    return False
            return False

        def on_start_contexts(code, offset):
            i = id(code)
            if firstline and firstline.get(i) is code:
                if i not in first_seen:
                    first_seen.add(i)
                    on_line(code, code.co_firstlineno)
                return None
            name = code.co_name
            if name[:4] == "test" or name == "runTest":
                # (Never disabled: a test may run the same code again.)
                on_start(code, offset, 2)  # sets the local events first
                if test[0] is None and not pytest:
                    begin(code, getframe(1))
                return None
            elif name == "call_and_report" and code.co_filename.endswith(runner):
                # pytest's runner, starting a test's phase: the context is
                # the node id and phase, as pytest-cov's --cov-context=test.
                if not pytest:
                    pytest.append(True)
                loc = getframe(1).f_locals
                nodeid = getattr(loc.get("item"), "nodeid", None)
                when = phases.get(loc.get("when"))
                if isinstance(nodeid, str) and when:
                    switch(full(nodeid + "|" + when))
                return None  # it must fire again for the next phase
            result = on_start(code, offset, 2)
            if i in cids and starts_on_first_line(code):
                firstline[i] = code
                first_seen.add(i)
                on_line(code, code.co_firstlineno)
                return None
            return result

        mon.register_callback(tool, ev.PY_RETURN, end)
        mon.register_callback(tool, ev.PY_YIELD, end)
        mon.register_callback(tool, ev.PY_UNWIND, end)
        return on_start_contexts

    def _watch_tool(self):
        """Note in the journal when the program frees or clears our tool id,
        which ends measurement: pycov then says so rather than report what
        ran afterwards as missing. The program's call still does what it
        asks."""
        mon = self.mon
        agent = self

        def wrap(name):
            real = getattr(mon, name, None)
            if real is None:
                return

            def call(tool_id, /):
                if tool_id == agent.tool and not agent.freed:
                    agent.freed = True
                    agent.journal.write(b"X %s\n" % name.encode())
                return real(tool_id)

            call.__name__ = call.__qualname__ = name
            call.__doc__ = real.__doc__
            setattr(mon, name, call)

        wrap("free_tool_id")
        wrap("clear_tool_id")


# -- contexts --------------------------------------------------------------------

_CONTEXT = [None]  # the context now, for children's explicit environments


def _test_name(code, frame):
    """The context of a test function starting in frame, as coverage.py's
    dynamic_context = test_function names it (module.Class.test_name), or
    None when it is not a test."""
    fname = code.co_name
    try:
        method = this = None
        if code.co_argcount and code.co_varnames[0] == "self":
            this = frame.f_locals.get("self")
            method = getattr(this, fname, None)
        if method is None:
            func = frame.f_globals.get(fname)
            if func is None:
                return None
            return "%s.%s" % (func.__module__, fname)
        func = getattr(method, "__func__", None)
        if func is None:
            cls = this.__class__
            return "%s.%s.%s" % (cls.__module__, cls.__name__, fname)
        return "%s.%s" % (func.__module__, func.__qualname__)
    except Exception:  # the program's __getattr__, say: not a test pycov can name
        return None


def _main():
    here = os.path.dirname(os.path.abspath(__file__))
    cfg_text = os.environ.get("PYCOV_AGENT")
    cfg = None
    if cfg_text:
        try:
            cfg = _loads(cfg_text)
            if not isinstance(cfg, dict) or "journal" not in cfg:
                raise ValueError("no journal directory")
        except ValueError as exc:
            _warn("this process is not measured: bad $PYCOV_AGENT: %s" % exc)
            cfg = None
    if cfg is None:
        _forget(here)
    elif cfg.get("subprocess", True):
        try:
            _keep_for_children(here)
        except Exception as exc:  # never break the program because of pycov
            _warn("child processes may not be measured: %s" % exc)
    else:
        _forget(here)
    agent = None
    if cfg is not None and hasattr(sys, "monitoring"):
        try:
            agent = _Agent(cfg)
        except Exception as exc:
            # Once the run is over its journal directory is gone, and a
            # process started after it (a daemon's child) says nothing.
            if os.path.isdir(cfg["journal"]):
                _warn("this process is not measured: %s" % exc)
    _chain_sitecustomize(here)
    if agent is not None:
        agent.start()  # the callbacks keep the agent alive


_main()
