#!/usr/bin/env python3
"""Static coverage facts for Python source files, as coverage.py 7.16 sees them.

pycov measures Python programs from Go.  What it cannot learn by watching a
program run is the *static* shape of each file: which lines are statements,
which are excluded by pragmas, and which branch arcs are possible.  This script
computes those facts with the standard library only, following the semantics
of coverage.py 7.16 on CPython 3.14 (see testdata/conformance/README.md).

Usage::

    python3 facts.py < request.json > response.json
    python3 facts.py --stream < settings-then-paths > results   (see stream)

The request is ``{"files": [path, ...], "exclude": [regex, ...],
"partial": [regex, ...], "described": [{"path": path, "code":
[{"code": base64}, ...]}, ...]}``: the exclusion and partial-branch
regexes, the defaults filled in by pycov (config.DefaultExclude and friends,
their one definition).  ``described`` (optional) holds code objects the
agent saw run that may not be the file's source as compiled (see
``described_code``); their maps follow the file's own in ``code``.
The response is ``{"files": [result, ...]}``, one result per requested path,
in order::

    {
      "path": path as given,
      "error": "" or a message (then the facts below are empty),
      "sha256": hex digest of the file's raw bytes,
      "statements": sorted statement lines (docstrings and excluded removed),
      "excluded": sorted excluded lines, as coverage.py reports them,
      "multiline": {"line": first_line, ...} for every non-first physical
                   line of a multi-line statement,
      "arcs": [[from, to], ...] every possible arc from a branch line (a line
              with two or more destinations); a negative ``to`` is the exit of
              the code object whose co_firstlineno is ``-to``,
      "no_branch": sorted branch lines whose untaken arcs are not reported,
      "functions": [{"name": "Cls.meth", "start": n, "end": m, "def": d,
                     "body": b}, ...]  start is the first decorator line
                     (co_firstlineno), def the def line, body the first
                     line of the first body statement,
      "classes": [{"name": "Cls", "start": n, "end": m}, ...],
      "code": [{"qualname", "firstlineno", "size", "branches", "implied"}, ...]
              how each code object's sys.monitoring events become arcs
              (see code_facts),
      "branch_kinds": {"line": {"kind": "if", "into": line}, ...}
    }

The work for one file happens in this order:

1. ``read_source``: decode the bytes like Python does, normalise newlines.
2. ``scan_tokens``: the tokenizer gives the logical lines, hence the
   multi-line statement map.
3. ``find_excluded``: exclusion regexes, suite exclusion by indentation and
   whole-definition exclusion from decorators and signatures.
4. ``byte_statements``: line numbers from the compiled code objects (the
   ones an import cached in __pycache__ when they are this content's, see
   ``cached_code``; else compiled here).
5. ``ArcAnalyzer``: coverage.py-style static arc analysis over the AST.
6. ``find_regions``: functions and classes with their line spans.

``collect_scopes`` walks the AST once to find the module, defs and classes
that steps 3, 5 and 6 need.
"""

import ast
import dis
import gc
import hashlib
import io
import json
import os
import re
import sys
import tokenize
import warnings

# ---------------------------------------------------------------------------
# Source text and tokens
# ---------------------------------------------------------------------------

def read_source(raw):
    """Decode source bytes like Python does (PEP 263 cookie, UTF-8 BOM).

    Newlines are normalised to ``\\n`` so that line numbers can be counted
    with ``str.count``.  Raises SyntaxError or UnicodeDecodeError.
    """
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    text = raw.decode(encoding)  # "utf-8-sig" when there is a BOM
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LogicalLine:
    """One logical line from the tokenizer.

    ``first``/``last`` are its physical line range, ``indent`` the block
    depth it starts at, and ``colon`` the line of its first ``:`` outside
    brackets (the colon that opens a suite in a compound statement), or None.
    """

    __slots__ = ("first", "last", "indent", "colon")

    def __init__(self, first, indent):
        self.first = first
        self.last = first
        self.indent = indent
        self.colon = None


def raw_tokens(text):
    """The tokens of `text` as tuples (type, string, start, end, line).

    These are tokenize.generate_tokens' tokens without the named tuple it
    wraps each in (a third of the cost of tokenizing), from the C
    tokenizer it wraps. Where that differs or fails, generate_tokens
    itself, so that errors read the same.
    """
    try:
        import _tokenize

        tokens = _tokenize.TokenizerIter(io.StringIO(text).readline, extra_tokens=True)
        return list(tokens)
    except (ImportError, TypeError, SyntaxError):
        return tokenize.generate_tokens(io.StringIO(text).readline)


def scan_tokens(text):
    """Tokenize `text` and return its list of LogicalLine records."""
    logical = []
    current = None
    indent = 0
    nesting = 0
    INDENT, DEDENT, NEWLINE, OP = tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE, tokenize.OP
    skipped = (tokenize.COMMENT, tokenize.NL)
    for ttype, ttext, start, end, _ in raw_tokens(text):
        if ttype == OP:
            if ttext == ":" and nesting == 0:
                if current is not None and current.colon is None:
                    current.colon = end[0]
            elif ttext in ("(", "[", "{"):
                nesting += 1
            elif ttext in (")", "]", "}"):
                nesting -= 1
        elif ttype == NEWLINE:
            if current is not None:
                current.last = end[0]
                logical.append(current)
            current = None
            nesting = 0
            continue
        elif ttype == INDENT:
            indent += 1
        elif ttype == DEDENT:
            indent -= 1
        if ttext.strip() and ttype not in skipped:
            if current is None:
                current = LogicalLine(start[0], indent)
            if end[0] > current.last:
                current.last = end[0]
    if current is not None:
        logical.append(current)
    return logical


def multiline_map(logical):
    """Map every non-first line of a multi-line statement to its first line."""
    multiline = {}
    for ll in logical:
        for line in range(ll.first + 1, ll.last + 1):
            multiline[line] = ll.first
    return multiline


def join_regex(regexes):
    """Combine regexes into one alternation, as coverage.py does."""
    regexes = [r for r in regexes if r]
    if not regexes:
        return None
    if len(regexes) == 1:
        return regexes[0]
    return "|".join(f"(?:{r})" for r in regexes)


def lines_matching(text, regex, multiline):
    """Lines touched by any match of `regex` (searched with MULTILINE).

    A match can span several lines; each is counted, then mapped to the first
    line of its statement.
    """
    matches = set()
    if regex is None:
        return matches
    last_start = 0
    last_line = 0  # zero-based line of last_start
    for match in re.finditer(regex, text, flags=re.MULTILINE):
        start, end = match.span()
        start_line = last_line + text.count("\n", last_start, start)
        end_line = start_line + text.count("\n", start, end)
        for line in range(start_line + 1, end_line + 2):
            matches.add(multiline.get(line, line))
        last_start, last_line = start, start_line
    return matches


# ---------------------------------------------------------------------------
# Exclusion
# ---------------------------------------------------------------------------

def find_excluded(text, scopes, logical, multiline, exclude_regex):
    """Compute coverage.py's excluded lines.

    1. Every line a match of the exclusion regex touches.
    2. A compound-statement clause whose header (up to its colon) holds an
       excluded line is excluded whole: the header and every following
       statement indented deeper (blank and comment lines between them are
       not).  This works per clause, so ``else:  # pragma: no cover`` only
       excludes the else clause.
    3. The lines are mapped to the first line of their statements.
    4. A def or class with an excluded line in its decorators or signature is
       excluded over its whole span, blank lines included.
    """
    matched = lines_matching(text, exclude_regex, multiline)
    raw = set(matched)
    if matched:
        excluding = False
        exclude_indent = 0
        for ll in logical:
            if excluding and ll.indent <= exclude_indent:
                excluding = False
            if excluding:
                raw.add(ll.first)
            elif ll.colon is not None and any(
                line in matched for line in range(ll.first, ll.colon + 1)
            ):
                excluding = True
                exclude_indent = ll.indent
                raw.add(ll.first)

    excluded = {multiline.get(line, line) for line in raw}
    if excluded:
        for node, _ in scopes:
            if isinstance(node, DEFINITIONS):
                first = definition_start(node)
                if any(line in excluded for line in range(first, node.lineno + 1)):
                    excluded.update(range(first, node.end_lineno + 1))
    return excluded


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

# Statements that hold no statements: walks of the statement tree skip
# them (most statements are these). A kind not listed is looked into.
SIMPLE_STATEMENTS = frozenset({
    ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Pass,
    ast.Break, ast.Continue, ast.Raise, ast.Import, ast.ImportFrom, ast.Global,
    ast.Nonlocal, ast.Delete, ast.Assert,
})


def definition_start(node):
    """First line of a def or class: its first decorator if it has one."""
    if node.decorator_list:
        return node.decorator_list[0].lineno
    return node.lineno


def find_docstrings(scopes):
    """Lines of module, class and function docstrings."""
    lines = set()
    for node, _ in scopes:
        first = node.body[0] if node.body else None
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


# ---------------------------------------------------------------------------
# Statements from bytecode
# ---------------------------------------------------------------------------

def byte_statements(code, user_annotate_lines):
    """All line numbers in the line tables of `code` and its nested code.

    The ``__annotate__`` functions CPython 3.14 synthesises for annotations
    (PEP 649) are skipped: coverage.py does not count annotation-only lines
    such as a class-level ``x: int`` as statements.  A function the user
    wrote with that name (its def starts on one of `user_annotate_lines`) is
    kept.
    """
    lines = set()
    stack = [code]
    while stack:
        co = stack.pop()
        if co.co_name == "__annotate__" and co.co_firstlineno not in user_annotate_lines:
            continue
        for _, _, line in co.co_lines():
            if line:
                lines.add(line)
        stack.extend(c for c in co.co_consts if isinstance(c, type(code)))
    return lines


# ---------------------------------------------------------------------------
# Static arc analysis
# ---------------------------------------------------------------------------

class NodeList:
    """A synthetic node standing for a run of statements."""

    def __init__(self, body):
        self.body = body
        self.lineno = body[0].lineno


class SyntheticWhile:
    """A stand-in ``while True:`` for a loop whose test was compiled away."""

    def __init__(self, lineno, body):
        self.lineno = lineno
        self.test = ast.Constant(value=True, lineno=lineno)
        self.body = body
        self.orelse = []


class Block:
    """An entry on the block stack.  Each method handles one kind of jump
    leaving the block and returns True when the jump is fully handled."""

    def process_break_exits(self, exits, add_arc):
        return False

    def process_continue_exits(self, exits, add_arc):
        return False

    def process_raise_exits(self, exits, add_arc):
        return False

    def process_return_exits(self, exits, add_arc):
        return False


class LoopBlock(Block):
    """A for or while loop: continue goes to the top, breaks are collected."""

    def __init__(self, start):
        self.start = start
        self.break_exits = set()

    def process_break_exits(self, exits, add_arc):
        self.break_exits.update(exits)
        return True

    def process_continue_exits(self, exits, add_arc):
        for xit in exits:
            add_arc(xit, self.start)
        return True


class FunctionBlock(Block):
    """A function body: returns and uncaught raises exit the code object."""

    def __init__(self, start):
        self.start = start

    def process_raise_exits(self, exits, add_arc):
        for xit in exits:
            add_arc(xit, -self.start)
        return True

    process_return_exits = process_raise_exits


class TryBlock(Block):
    """A try statement: raises in its body go to the first handler.

    Once the body is done the block stays (if there is a finally clause)
    with no handler, swallowing raises from handlers and else clauses.
    return/break/continue pass through untouched.
    """

    def __init__(self, handler_start):
        self.handler_start = handler_start

    def process_raise_exits(self, exits, add_arc):
        if self.handler_start is not None:
            for xit in exits:
                add_arc(xit, self.handler_start)
        return True


def is_constant_test(node):
    """Is `node` a compile-time constant test?  Returns (is_constant, value)."""
    if isinstance(node, ast.Constant):
        return True, bool(node.value)
    if isinstance(node, ast.Name):
        if node.id in ("True", "False", "None"):
            return True, node.id == "True"
        if node.id == "__debug__":
            return True, True
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        is_const, val = is_constant_test(node.operand)
        return is_const, not val
    elif isinstance(node, ast.BoolOp):
        results = [is_constant_test(v) for v in node.values]
        if all(is_const for is_const, _ in results):
            values = [val for _, val in results]
            return True, any(values) if isinstance(node.op, ast.Or) else all(values)
    return False, False


class ArcAnalyzer:
    """Find the possible arcs between lines, in the style of coverage.py.

    Each statement handler (``_handle_<NodeType>``) adds the arcs inside the
    statement and returns its *exits*: the set of lines from which control
    flows on to the next statement.  Jumps (break, continue, return, raise)
    are routed through the block stack.  Each code object (module, class,
    function) is analyzed separately; leaving it is an arc to
    ``-co_firstlineno``.

    Lines are mapped to the first line of their statement as arcs are added.
    Lambdas, comprehensions, ternaries, boolean operators, ``with`` and
    ``assert`` add no branches.
    """

    def __init__(self, scopes, statements, multiline):
        self.scopes = scopes
        self.multiline = multiline
        self.statements = {multiline.get(line, line) for line in statements}
        self.arcs = set()
        self.block_stack = []
        # with statements: their lines, the arcs into their bodies and the
        # arcs from their bodies' exits to the with line (see fix_withs).
        self.with_lines = set()
        self.with_entries = set()
        self.with_exits = set()

    # -- driving -----------------------------------------------------------

    def analyze(self):
        """Analyze every code object in the tree; return the set of arcs."""
        for node, _ in self.scopes:
            if isinstance(node, ast.Module):
                self._code_module(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._code_function(node)
            elif isinstance(node, ast.ClassDef):
                self._code_class(node)
        self.fix_withs()
        return self.arcs

    def fix_withs(self):
        """Route the exits of with statements past them, as coverage.py does.

        While analysing, a with's body exits go to the with line (where its
        __exit__ runs) and the with line goes on to what follows.  Here each
        arc into a with line from its body becomes an arc to where control
        goes after the with (through enclosing withs whose body it ends),
        and the with lines' own exits are dropped.  A with that nothing
        follows (the end of a finally clause that only exceptions reach)
        keeps the arcs into its line: coverage.py reports those.
        """
        nexts = {}
        for start, end in self.arcs:
            if start in self.with_lines and (start, end) not in self.with_entries:
                nexts.setdefault(start, set()).add(end)

        def after(line):
            depth = 0
            while True:
                ends = nexts.get(line)
                if not ends or len(ends) != 1 or depth > 100:
                    return line
                end = next(iter(ends))
                if (line, end) not in self.with_exits:
                    return end
                line, depth = end, depth + 1

        # with line -> (lines whose arcs into it lead on, where they lead)
        self.with_fixes = {}
        for start, end in self.with_exits:
            target = after(end)
            if target == end:
                continue  # nothing follows: the arc stays
            self.arcs.discard((start, end))
            fix = self.with_fixes.setdefault(end, (set(), target))
            fix[0].add(start)
            if start not in self.with_lines:
                self.add_arc(start, target)
        for line in self.with_fixes:
            for end in nexts.get(line, ()):
                self.arcs.discard((line, end))

    def _code_module(self, node):
        if node.body:
            for xit in self.process_body(node.body, set()):
                self.add_arc(xit, -1)
        else:
            self.add_arc(1, -1)

    def _code_function(self, node):
        start = self.line_for(node)
        self.block_stack = [FunctionBlock(start)]
        exits = self.process_body(node.body, set())
        self.process_return_exits(exits)
        self.block_stack = []

    def _code_class(self, node):
        start = self.line_for(node)
        self.block_stack = []
        for xit in self.process_body(node.body, set()):
            self.add_arc(xit, -start)

    # -- helpers -----------------------------------------------------------

    def add_arc(self, start, end):
        """Record an arc; lines are mapped to their statement's first line."""
        if start >= 0:
            start = self.multiline.get(start, start)
        else:
            start = -self.multiline.get(-start, -start)
        if end >= 0:
            end = self.multiline.get(end, end)
        else:
            end = -self.multiline.get(-end, -end)
        if start != end:
            self.arcs.add((start, end))

    def line_for(self, node):
        """The line coverage.py attributes to `node`, before mapping."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return definition_start(node)
        if isinstance(node, ast.Assign):
            return self.line_for(node.value)
        if isinstance(node, ast.Dict):
            if node.keys:
                if node.keys[0] is not None:
                    return node.keys[0].lineno
                return node.values[0].lineno
            return node.lineno
        if isinstance(node, ast.List):
            if node.elts:
                return self.line_for(node.elts[0])
            return node.lineno
        if isinstance(node, ast.Module):
            return 1
        return node.lineno

    def first_line(self, line):
        return self.multiline.get(line, line)

    def process_body(self, body, prev_starts):
        """Chain the statements of `body`; return the exits of the last one.

        Statements the compiler removed (not in the line table) are skipped,
        though a compound statement's surviving children may stand in for it.
        """
        prev_starts = set(prev_starts)
        for node in body:
            line = self.first_line(self.line_for(node))
            if line not in self.statements:
                node = self.find_non_missing_node(node)
                if node is None:
                    continue
                line = self.first_line(self.line_for(node))
            for prev in prev_starts:
                self.add_arc(prev, line)
            prev_starts = self.node_exits(node)
        return prev_starts

    def find_non_missing_node(self, node):
        """Find the part of a compiled-away statement that still exists."""
        if self.first_line(self.line_for(node)) in self.statements:
            return node
        if isinstance(node, ast.If):
            found = self.find_non_missing_node(NodeList(node.body))
            if found is None and node.orelse:
                found = self.find_non_missing_node(NodeList(node.orelse))
            return found
        if isinstance(node, NodeList):
            present = [n for n in map(self.find_non_missing_node, node.body) if n is not None]
            if not present:
                return None
            if len(present) == 1:
                return present[0]
            return NodeList(present)
        if isinstance(node, ast.While):
            body = self.find_non_missing_node(NodeList(node.body))
            if body is None:
                return None
            inner = body.body if isinstance(body, NodeList) else [body]
            return SyntheticWhile(body.lineno, inner)
        return None

    def node_exits(self, node):
        """Add the arcs inside `node` and return its exits."""
        handler = self.HANDLERS.get(type(node))
        if handler is None:
            # A simple statement: one exit, from its own line.
            return {self.line_for(node)}
        return handler(self, node)

    # -- jumps -------------------------------------------------------------

    def _process_exits(self, method, exits):
        for block in reversed(self.block_stack):
            if getattr(block, method)(exits, self.add_arc):
                break

    def process_break_exits(self, exits):
        self._process_exits("process_break_exits", exits)

    def process_continue_exits(self, exits):
        self._process_exits("process_continue_exits", exits)

    def process_raise_exits(self, exits):
        self._process_exits("process_raise_exits", exits)

    def process_return_exits(self, exits):
        self._process_exits("process_return_exits", exits)

    # -- statement handlers ------------------------------------------------

    def _handle_break(self, node):
        self.process_break_exits({self.line_for(node)})
        return set()

    def _handle_continue(self, node):
        self.process_continue_exits({self.line_for(node)})
        return set()

    def _handle_raise(self, node):
        self.process_raise_exits({self.line_for(node)})
        return set()

    def _handle_return(self, node):
        self.process_return_exits({self.line_for(node)})
        return set()

    def _handle_decorated(self, node):
        """A def or class statement: decorators run, then the def line."""
        main_line = node.lineno
        if node.decorator_list:
            last = None
            for dec in node.decorator_list:
                dec_start = self.line_for(dec)
                if last is not None and dec_start != last:
                    self.add_arc(last, dec_start)
                last = dec_start
            self.add_arc(last, main_line)
        return {main_line}

    def _handle_if(self, node):
        start = self.line_for(node.test)
        is_const, value = is_constant_test(node.test)
        exits = set()
        if not is_const or value:
            exits |= self.process_body(node.body, {start})
        if not is_const or not value:
            exits |= self.process_body(node.orelse, {start})
        return exits

    def _handle_while(self, node):
        start = self.line_for(node.test)
        is_const, _ = is_constant_test(node.test)
        block = LoopBlock(start)
        self.block_stack.append(block)
        for xit in self.process_body(node.body, {start}):
            self.add_arc(xit, start)
        self.block_stack.pop()
        exits = set(block.break_exits)
        if node.orelse:
            exits |= self.process_body(node.orelse, {start})
        elif not is_const:
            exits.add(start)
        return exits

    def _handle_for(self, node):
        start = self.line_for(node.iter)
        block = LoopBlock(start)
        self.block_stack.append(block)
        for xit in self.process_body(node.body, {start}):
            self.add_arc(xit, start)
        self.block_stack.pop()
        exits = set(block.break_exits)
        if node.orelse:
            exits |= self.process_body(node.orelse, {start})
        else:
            exits.add(start)
        return exits

    def _handle_with(self, node):
        # The body's exits go through __exit__, on the with line; fix_withs
        # routes them on once the whole code object is known.
        start = self.first_line(self.line_for(node))
        self.with_lines.add(start)
        before = {arc for arc in self.arcs if arc[0] == start}
        exits = self.process_body(node.body, {start})
        self.with_entries |= {arc for arc in self.arcs if arc[0] == start} - before
        for xit in exits:
            xit = self.first_line(xit)
            if xit != start:
                self.add_arc(xit, start)
                self.with_exits.add((xit, start))
        return {start} if exits else set()

    def _handle_try(self, node):
        handler_start = self.line_for(node.handlers[0]) if node.handlers else None
        block = TryBlock(handler_start)
        self.block_stack.append(block)
        exits = self.process_body(node.body, {self.line_for(node)})
        if node.finalbody:
            block.handler_start = None
        else:
            self.block_stack.pop()

        handler_exits = set()
        for handler in node.handlers:
            handler_exits |= self.process_body(handler.body, {self.line_for(handler)})
        if node.orelse:
            exits = self.process_body(node.orelse, exits)
        exits |= handler_exits

        if node.finalbody:
            self.block_stack.pop()
            final_exits = self.process_body(node.finalbody, exits)
            if exits:
                exits = final_exits
        return exits

    def _handle_match(self, node):
        last_start = self.line_for(node)
        exits = set()
        case = None
        for case in node.cases:
            case_start = self.line_for(case.pattern)
            self.add_arc(last_start, case_start)
            exits |= self.process_body(case.body, {case_start})
            last_start = case_start
        if case is None or not is_wildcard_case(case):
            exits.add(last_start)
        return exits

    def _handle_nodelist(self, node):
        return self.process_body(node.body, {self.line_for(node)})

    HANDLERS = {
        ast.Break: _handle_break,
        ast.Continue: _handle_continue,
        ast.Raise: _handle_raise,
        ast.Return: _handle_return,
        ast.FunctionDef: _handle_decorated,
        ast.AsyncFunctionDef: _handle_decorated,
        ast.ClassDef: _handle_decorated,
        ast.If: _handle_if,
        ast.While: _handle_while,
        SyntheticWhile: _handle_while,
        ast.For: _handle_for,
        ast.AsyncFor: _handle_for,
        ast.With: _handle_with,
        ast.AsyncWith: _handle_with,
        ast.Try: _handle_try,
        ast.TryStar: _handle_try,
        ast.Match: _handle_match,
        NodeList: _handle_nodelist,
    }


def is_wildcard_case(case):
    """Does this (last) match case always match: ``case _:`` or ``case x:``?"""
    pattern = case.pattern
    while isinstance(pattern, ast.MatchOr):
        pattern = pattern.patterns[-1]
    while isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
        pattern = pattern.pattern
    return isinstance(pattern, ast.MatchAs) and pattern.pattern is None and case.guard is None


def branch_arcs(arcs, excluded):
    """Keep the arcs coverage.py reports: those from branch lines.

    Arcs from module-entry (negative) lines, from excluded lines and into
    excluded lines are dropped; a branch line is one with two or more of the
    remaining arcs.
    """
    by_source = {}
    for start, end in arcs:
        if start < 0 or start in excluded or end in excluded:
            continue
        by_source.setdefault(start, []).append(end)
    result = []
    for start, ends in by_source.items():
        if len(ends) > 1:
            result.extend((start, end) for end in ends)
    result.sort()
    return result


# ---------------------------------------------------------------------------
# Functions and classes
# ---------------------------------------------------------------------------

def collect_scopes(tree):
    """The module and every def and class, each with its dotted name.

    Returns ``[(node, name), ...]`` in source order; the module's name is "".
    Names join the enclosing defs and classes with dots ("Cls.meth",
    "outer.inner").  Only statement lists are searched: a def or class can
    appear nowhere else, and skipping expressions keeps this fast.
    """
    scopes = [(tree, "")]
    _collect_scopes(tree.body, "", scopes)
    return scopes


# The walks below are module-level functions, not closures: a closure that
# calls itself is a reference cycle, which would keep each file's tree
# alive until the cyclic collector runs.

def _collect_scopes(body, prefix, scopes):
    for node in body:
        if type(node) in SIMPLE_STATEMENTS:
            continue
        if isinstance(node, DEFINITIONS):
            name = prefix + node.name
            scopes.append((node, name))
            _collect_scopes(node.body, name + ".", scopes)
            continue
        _collect_scopes(getattr(node, "body", ()), prefix, scopes)
        for clause in getattr(node, "handlers", ()) or getattr(node, "cases", ()):
            _collect_scopes(clause.body, prefix, scopes)
        _collect_scopes(getattr(node, "orelse", ()), prefix, scopes)
        _collect_scopes(getattr(node, "finalbody", ()), prefix, scopes)


def find_regions(tree):
    """Function and class regions, as coverage.py's reports find them.

    Like coverage.py (coverage/regions.py), only the ``body`` of each
    statement is searched: a def in an else, except, finally or case block
    is no region of its own (its lines stay in the region around it).
    Returns (functions, classes), each in source order, as dicts with the
    dotted name, first line (first decorator), last line, def line and the
    first line of the body.
    """
    functions, classes = [], []
    _find_regions(tree, "", functions, classes)
    return functions, classes


def _find_regions(node, prefix, functions, classes):
    for child in getattr(node, "body", ()):
        if not isinstance(child, ast.AST):
            return  # a lambda's or an expression's body
        if isinstance(child, DEFINITIONS):
            name = prefix + child.name
            region = {"name": name, "start": definition_start(child), "end": child.end_lineno,
                      "def": child.lineno, "body": child.body[0].lineno}
            (classes if isinstance(child, ast.ClassDef) else functions).append(region)
            _find_regions(child, name + ".", functions, classes)
        else:
            _find_regions(child, prefix, functions, classes)


# ---------------------------------------------------------------------------
#
# The agent records BRANCH_LEFT/BRANCH_RIGHT events as (code object, source
# offset, destination offset) and LINE events per code object. These
# functions describe, for every code object of a file, how such events turn
# into arcs, so that pycov can map them after the run without the process.

_JUMPS = frozenset({"JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP", "JUMP_NO_INTERRUPT"})
_RETURNS = frozenset({"RETURN_VALUE", "RETURN_CONST"})
_RAISES = frozenset({"RAISE_VARARGS", "RERAISE"})


def _op_tables():
    """Per-opcode facts for decoding raw bytecode, from the tables dis uses.

    Returns (opnames, caches, has_arg, jumps): for each opcode byte its
    name, its number of inline cache entries, whether it takes an
    argument, and how its argument gives a jump target (None: not a jump;
    "abs"; +1 or -1: relative, forward or backward), each as dis computes
    Instruction.opname and Instruction.jump_target.
    """
    names = dis._all_opname
    deopt = {name: dis._all_opmap[base] for name, base in dis.deoptmap.items()}
    opnames, caches, has_arg, jumps = [], [], [], []
    for op in range(256):
        name = names[op]
        base = deopt.get(name, op)
        opnames.append(name)
        caches.append(dis._inline_cache_entries.get(names[base], 0))
        has_arg.append(base in dis.hasarg)
        if base in dis.hasjabs:
            jumps.append("abs")
        elif base in dis.hasjrel:
            jumps.append(-1 if dis._is_backward_jump(base) else 1)
        else:
            jumps.append(None)
    return opnames, caches, has_arg, jumps


_OPS = None  # _op_tables(), made on first use


def decode(code):
    """The instructions of `code`, as dis.get_instructions lists them.

    Returns parallel lists (offsets, opnames, lines, targets): each
    instruction's offset, name, line number (None where it has none) and
    jump target (None for a non-jump). Decoding the bytes here is several
    times faster than dis, which builds a named tuple with resolved
    arguments, labels and positions for every instruction.
    """
    global _OPS
    if _OPS is None:
        _OPS = _op_tables()
    opnames, caches, has_arg, jumps = _OPS
    linestarts = {}
    last = False  # None is a line number: "no line"
    for start, _, line in code.co_lines():
        if line is not last:
            last = line
            linestarts[start] = line
    raw = code.co_code
    extended_op = dis.EXTENDED_ARG
    offsets, names, lines, targets = [], [], [], []
    line = None
    extended = 0
    i, n = 0, len(raw)
    while i < n:
        op = raw[i]
        if i in linestarts:
            line = linestarts[i]
        target = None
        if has_arg[op]:
            arg = raw[i + 1] | extended
            if op == extended_op:
                extended = arg << 8
                if extended >= 1 << 31:  # a C int wraps, as in dis
                    extended -= 1 << 32
            else:
                extended = 0
                kind = jumps[op]
                if kind == "abs":
                    target = arg * 2
                elif kind is not None:
                    target = i + 2 + kind * arg * 2 + 2 * caches[op]
        else:
            extended = 0
        offsets.append(i)
        names.append(opnames[op])
        lines.append(line)
        targets.append(target)
        i += 2 + 2 * caches[op]
    return offsets, names, lines, targets


def exception_handlers(code):
    """(start, end, target) offsets of each entry of the exception table."""
    table = code.co_exceptiontable
    entries = []
    pos, n = 0, len(table)

    def varint():
        nonlocal pos
        b = table[pos]
        pos += 1
        val = b & 63
        while b & 64:
            b = table[pos]
            pos += 1
            val = (val << 6) | (b & 63)
        return val

    while pos < n:
        start = varint() * 2
        end = start + varint() * 2
        target = varint() * 2
        varint()  # depth and lasti
        entries.append((start, end, target))
    return entries


class CodeWalk:
    """Follows one code object's bytecode from an offset to the line reached.

    `first_line` maps a physical line to its statement's first line;
    `with_fixes` maps the line of each with statement whose exit leads on
    to (the lines whose arcs into it lead on, where they lead), from
    ArcAnalyzer.fix_withs.
    """

    def __init__(self, code, first_line, with_fixes):
        self.code = code
        self.offsets, self.opnames, raw_lines, self.targets = decode(code)
        get = first_line.get
        # Each instruction's line, mapped to its statement's first line.
        self.lines = [None if ln is None else get(ln, ln) for ln in raw_lines]
        self.index = {offset: k for k, offset in enumerate(self.offsets)}
        self.sources = {s for s, _, _ in code.co_branches()}
        self.with_fixes = with_fixes
        self.handlers = exception_handlers(code)
        self._starts = None

    def line(self, k):
        return self.lines[k]

    def handler(self, offset):
        """The index of the handler for an exception raised at `offset`."""
        target = next((t for lo, hi, t in self.handlers if lo <= offset < hi), None)
        return None if target is None else self.index.get(target)

    def line_starts(self, line):
        """Indexes of the instructions where a run of `line`'s code begins."""
        if self._starts is None:
            self._starts = {}
            prev = None
            for k, ln in enumerate(self.lines):
                if ln != prev:
                    self._starts.setdefault(ln, []).append(k)
                prev = ln
        return self._starts.get(line, [])

    def to(self, start, src_line, fix=True):
        """The line execution reaches from offset `start`, leaving `src_line`.

        Returns that line, the exit -co_firstlineno when a return (or an
        exception nothing here catches) is reached first, or None when
        another branch decides (its own event will say where it went).

        A with statement's exit code (the __exit__ call) carries the with
        line.  Reached from a line its body ends with, the arc goes where
        the with leads (coverage.py rewrites such arcs the same way: the
        with's static continuation, even for a break that leaves a loop
        through it).
        """
        lines, opnames, offsets, sources = self.lines, self.opnames, self.offsets, self.sources
        seen = set()
        i = self.index.get(start)
        count = len(offsets)
        while i is not None and i not in seen:
            seen.add(i)
            ln = lines[i]
            if ln is not None and ln != src_line:
                with_fix = self.with_fixes.get(ln) if fix else None
                if with_fix is not None and src_line in with_fix[0]:
                    return with_fix[1]
                return ln
            offset = offsets[i]
            if offset != start and offset in sources:
                return None
            name = opnames[i]
            if name in _RETURNS:
                return -self.code.co_firstlineno
            if name in _RAISES:
                # The exception goes to its handler here, whose first line
                # the line tracer sees next; with none, it leaves the code
                # object, which the line tracer records as its exit.
                i = self.handler(offset)
                if i is None:
                    return -self.code.co_firstlineno
                continue
            if name in _JUMPS or name == "SEND":
                # SEND: the awaited object finishes; go on after its loop.
                i = self.index.get(self.targets[i])
                continue
            i += 1
            if i >= count:
                return None
        return None


def code_facts(code, first_line, branch_dests, with_fixes):
    """The runtime map of one code object.

    first_line maps a physical line to the first line of its statement;
    branch_dests maps each static branch line to its set of destinations;
    with_fixes is for CodeWalk.
    Returns {"qualname", "firstlineno", "size", "branches", "implied"}:
    branches are [source offset, destination offset, from line, to line]
    (an event's source may also be the NOT_TAKEN right after the branch);
    implied are [line, from, to]: the arc that ran when the line ran in this
    code object, for branch lines with no bytecode branch of their own here
    (a one-line `def f(): return 1` is a branch line of the static model
    whose two exits lie in two code objects; a `while True:` with an else
    clause only a break skips goes on to its body alone).
    """
    walk = CodeWalk(code, first_line, with_fixes)
    offsets, opnames, index = walk.offsets, walk.opnames, walk.index
    branches = []
    branch_lines = set()

    def add(src, dst, sl, to):
        # to None: a later branch on the same line decides where this one
        # goes, and its own event carries the arc. Kept as 0 so that an
        # event is always known to the map.
        branches.append([src, dst, sl, 0 if to is None else to])

    for src, left, right in code.co_branches():
        k = index.get(src)
        if k is None or walk.line(k) is None:
            continue
        sl = walk.line(k)
        branch_lines.add(sl)
        for dst in (left, right):
            to = walk.to(dst, sl)
            add(src, dst, sl, to)
            if k + 1 < len(offsets) and opnames[k + 1] == "NOT_TAKEN":
                add(offsets[k + 1], dst, sl, to)
        if opnames[k] == "FOR_ITER":
            # CPython 3.14 fires no LINE event for the code a for loop's
            # exhaustion runs into when it is a copy (a `return` after the
            # loop, say); the event says that line ran: [src, dst, 0, line].
            to = walk.to(right, sl)
            if to is not None and to > 0 and walk.to(right, sl, fix=False) == to:
                add(src, right, 0, to)
        # An async for whose CLEANUP_THROW comes before its END_SEND: the
        # table says (CLEANUP_THROW, NOT_TAKEN) where the NOT_TAKEN's event
        # says (END_SEND or NOT_TAKEN, the instruction after NOT_TAKEN).
        j = index.get(left)
        if j is not None and 0 < j < len(offsets) - 1 and opnames[j] == "NOT_TAKEN":
            after = offsets[j + 1]
            to = walk.to(after, sl)
            for event_src in (offsets[j - 1], offsets[j]):
                add(event_src, after, sl, to)
    lines = {first_line.get(ln, ln) for _, _, ln in code.co_lines() if ln is not None}
    exit_ = -code.co_firstlineno
    implied = []
    for ln in sorted(lines - branch_lines):
        dests = branch_dests.get(ln)
        if not dests:
            continue
        # Where the line's code goes on to, from every run of it.
        reached = {walk.to(offsets[k], ln) for k in walk.line_starts(ln)}
        if len(reached) == 1 and reached <= dests:
            implied.append([ln, ln, reached.pop()])
            continue
        here = [d for d in dests if d in lines or d == exit_]
        if len(here) == 1:
            implied.append([ln, ln, here[0]])
    return {
        "qualname": code.co_qualname,
        "firstlineno": code.co_firstlineno,
        "size": len(code.co_code),
        "branches": branches,
        "implied": implied,
    }


def branch_kinds(tree, multiline, arcs):
    """What decides each branch line, and its "condition true" destination.

    Returns {"line": {"kind": "if"|"while"|"for"|"case", "into": line}}:
    `into` is the first line of the suite entered when the condition holds
    (the loop runs, the pattern matches). The HTML and text reports use it
    to say why an arc was missed.
    """
    dests = {}
    for start, end in arcs:
        dests.setdefault(start, set()).add(end)
    out = {}

    def note(line, kind, body):
        line = multiline.get(line, line)
        if line in dests and body:
            into = multiline.get(body[0].lineno, body[0].lineno)
            if into in dests[line]:
                out[str(line)] = {"kind": kind, "into": into}

    _branch_statements(tree.body, note)
    return out


_BRANCH_KINDS = {ast.If: "if", ast.While: "while", ast.For: "for", ast.AsyncFor: "for"}


def _branch_statements(body, note):
    """Call note(line, kind, body) for each if, while, for and case in body.

    Only statement lists are searched, as in collect_scopes: these
    statements can appear nowhere else, and an expression holds none.
    """
    for node in body:
        if type(node) in SIMPLE_STATEMENTS:
            continue
        kind = _BRANCH_KINDS.get(type(node))
        if kind is not None:
            note(node.lineno, kind, node.body)
        if isinstance(node, ast.Match):
            for case in node.cases:
                note(case.pattern.lineno, "case", case.body)
                _branch_statements(case.body, note)
            continue
        _branch_statements(getattr(node, "body", ()), note)
        for handler in getattr(node, "handlers", ()):
            _branch_statements(handler.body, note)
        _branch_statements(getattr(node, "orelse", ()), note)
        _branch_statements(getattr(node, "finalbody", ()), note)


def all_code_objects(code):
    """code and every code object nested in it, depth first."""
    stack = [code]
    while stack:
        c = stack.pop()
        yield c
        stack.extend(k for k in c.co_consts if isinstance(k, type(c)))


# ---------------------------------------------------------------------------
# Per-file driver
# ---------------------------------------------------------------------------

def described_code(blobs):
    """The code objects in the agent's D records that this interpreter can read.

    Each is base64 of the magic number of the interpreter that ran it and
    the marshalled code object.  One from another Python version, or that
    does not load, is left out: its events stay unmapped, and pycov says so.
    """
    import base64
    import importlib.util
    import marshal

    out = []
    for blob in blobs or ():
        try:
            raw = base64.b64decode(blob["code"], validate=True)
            if raw[:4] != importlib.util.MAGIC_NUMBER:
                continue
            code = marshal.loads(raw[4:])
        except (ValueError, EOFError, TypeError, KeyError):
            continue
        if isinstance(code, type(described_code.__code__)) and hasattr(code, "co_branches"):
            out.append(code)
    return out


def analyze_text(text, filename, exclude_regex, partial_regex, described=(), code=None):
    """Compute the facts for decoded source `text`.  Raises SyntaxError etc.

    `code` is the module's code object when it is known (cached_code);
    else `text` is compiled.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = compile(text, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        if code is None:
            code = compile(tree, filename, "exec", dont_inherit=True)
    scopes = collect_scopes(tree)

    logical = scan_tokens(text)
    multiline = multiline_map(logical)
    excluded = find_excluded(text, scopes, logical, multiline, exclude_regex)
    docstrings = find_docstrings(scopes)

    user_annotate_lines = {
        definition_start(node)
        for node, _ in scopes
        if isinstance(node, DEFINITIONS) and node.name == "__annotate__"
    }
    raw_statements = byte_statements(code, user_annotate_lines) if logical else set()
    ignore = excluded | docstrings
    statements = {
        multiline.get(line, line) for line in raw_statements - ignore
    } - ignore

    analyzer = ArcAnalyzer(scopes, raw_statements, multiline)
    arcs = analyzer.analyze()
    arcs = branch_arcs(arcs, excluded)
    branch_lines = {start for start, _ in arcs}
    no_branch = lines_matching(text, partial_regex, multiline) & branch_lines

    functions, classes = find_regions(tree)
    dests = {}
    for start, end in arcs:
        dests.setdefault(start, set()).add(end)
    # Branch events and co_branches() exist from 3.14; before that pycov
    # measures lines only and needs no maps.
    with_fixes = analyzer.with_fixes
    code_maps = [
        code_facts(c, multiline, dests, with_fixes)
        for c in all_code_objects(code)
        if c.co_name != "__annotate__"
    ] if hasattr(code, "co_branches") else []
    code_maps += [code_facts(c, multiline, dests, with_fixes) for c in described_code(described)]
    return {
        "code": code_maps,
        "branch_kinds": branch_kinds(tree, multiline, arcs),
        "statements": sorted(statements),
        "excluded": sorted(excluded),
        "multiline": {str(k): v for k, v in sorted(multiline.items())},
        "arcs": [list(arc) for arc in arcs],
        "no_branch": sorted(no_branch),
        "functions": functions,
        "classes": classes,
    }


def empty_result(path, error="", digest=""):
    return {
        "path": path,
        "error": error,
        "sha256": digest,
        "statements": [],
        "excluded": [],
        "multiline": {},
        "arcs": [],
        "no_branch": [],
        "functions": [],
        "classes": [],
    }


ZIP_EXTS = (".zip", ".whl", ".egg", ".pex", ".par")


def read_zip_member(path):
    """The bytes of a module imported from an archive (/p/lib.zip/m.py),
    or None when path is not inside an existing archive."""
    import zipimport

    for ext in ZIP_EXTS:
        archive, found, inner = path.partition(ext + os.sep)
        if found and os.path.isfile(archive + ext):
            try:
                return zipimport.zipimporter(archive + ext).get_data(inner)
            except (OSError, zipimport.ZipImportError):
                return None
    return None


def analyze_file(path, exclude_regex, partial_regex, described=()):
    """Facts for one file, or a result carrying an error message."""
    code = None
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            raw = f.read()
        code = cached_code(path, st, raw)
    except OSError as exc:
        raw = read_zip_member(path)
        if raw is None:
            return empty_result(path, f"{path}: {exc.strerror or exc}")
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = read_source(raw)
        facts = analyze_text(text, path, exclude_regex, partial_regex, described, code)
    except SyntaxError as exc:
        where = f"{path}:{exc.lineno}" if exc.lineno else path
        return empty_result(path, f"{where}: {type(exc).__name__}: {exc.msg}", digest)
    except Exception as exc:  # decoding, tokenizing, recursion limits, ...
        # One unanalyzable file must not sink the whole request.
        return empty_result(path, f"{path}: {type(exc).__name__}: {exc}", digest)
    result = empty_result(path, "", digest)
    result.update(facts)
    return result


def cached_code(path, st, raw):
    """The code object CPython cached when it imported `path`, or None.

    Importing a module leaves its compiled code in __pycache__; reading it
    back costs a tenth of compiling the source again. It is used only when
    it is this content's, checked more strictly than the import system
    checks it: a hash-based file's hash must be `raw`'s; a timestamp-based
    one must record the source's modification second and size (`st`, the
    stat of the file `raw` was read from), and must have been written after
    the source last changed, so that a source rewritten in the same second
    with the same size is not mistaken for the one that was compiled.
    """
    import importlib.util
    import marshal

    try:
        pyc = importlib.util.cache_from_source(path)
        with open(pyc, "rb") as f:
            written = os.fstat(f.fileno()).st_mtime_ns
            data = f.read()
    except (OSError, ValueError, NotImplementedError):
        return None
    if len(data) < 16 or data[:4] != importlib.util.MAGIC_NUMBER:
        return None
    flags = int.from_bytes(data[4:8], "little")
    if flags == 0:
        if (int.from_bytes(data[8:12], "little") != int(st.st_mtime) & 0xFFFFFFFF
                or int.from_bytes(data[12:16], "little") != len(raw) & 0xFFFFFFFF
                or st.st_size != len(raw)
                or written <= st.st_mtime_ns):
            return None
    elif flags in (1, 3):
        if data[8:16] != importlib.util.source_hash(raw):
            return None
    else:
        return None
    try:
        code = marshal.loads(memoryview(data)[16:])
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, type(cached_code.__code__)) else None


def regex_setting(request, key):
    """A request's regex list (a string is one regex)."""
    value = request.get(key)
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ValueError(f"the request has no {key} list")
    return list(value)


def settings(request):
    """The exclusion and partial-branch regexes of a request, or an error."""
    try:
        exclude_regex = join_regex(regex_setting(request, "exclude"))
        partial_regex = join_regex(regex_setting(request, "partial"))
        for regex in (exclude_regex, partial_regex):
            if regex is not None:
                re.compile(regex, re.MULTILINE)
    except (re.error, ValueError) as exc:
        return None, None, f"bad exclusion or partial-branch regex: {exc}"
    return exclude_regex, partial_regex, ""


def main():
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    # A file's trees and maps hold no reference cycles, so reference
    # counting frees them; the cyclic collector would only walk, again and
    # again, the answers kept for the response (a fifth of the CPU on a
    # 1,000-file project, and no memory saved).
    gc.disable()
    if sys.argv[1:] == ["--stream"]:
        stream()
        return
    request = json.load(sys.stdin)
    paths = request.get("files") or []
    exclude_regex, partial_regex, error = settings(request)
    if error:
        results = [empty_result(path, error) for path in paths]
    else:
        described = {d["path"]: d["code"] for d in request.get("described") or ()}
        results = [analyze_file(path, exclude_regex, partial_regex, described.get(path)) for path in paths]
    # json.dumps (one shot) uses the C encoder; json.dump would not. No
    # spaces after separators: a fifth less for pycov to read.
    sys.stdout.write(json.dumps({"files": results}, separators=(",", ":")) + "\n")


def stream():
    """Answer one file at a time, for analysing files while a program runs.

    The first line of stdin is the settings, ``{"exclude": [...],
    "partial": [...]}`` as in a request; each further line is a path as a
    JSON string, answered at once by one line holding its result (no
    described code: files are streamed before the agent could describe
    any).  End of input ends it.
    """
    exclude_regex, partial_regex, error = settings(json.loads(sys.stdin.readline() or "{}"))
    for line in sys.stdin:
        path = json.loads(line)
        if error:
            result = empty_result(path, error)
        else:
            result = analyze_file(path, exclude_regex, partial_regex)
        sys.stdout.write(json.dumps(result, separators=(",", ":")) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
