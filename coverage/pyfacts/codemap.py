# ---- Runtime maps: from raw sys.monitoring events to line arcs ------------
#
# The agent records BRANCH_LEFT/BRANCH_RIGHT events as (code object, source
# offset, destination offset) and LINE events per code object. These
# functions describe, for every code object of a file, how such events turn
# into arcs, so that pycov can map them after the run without the process.

import dis

_JUMPS = frozenset({"JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "JUMP", "JUMP_NO_INTERRUPT"})
_RETURNS = frozenset({"RETURN_VALUE", "RETURN_CONST"})


def _walk(code, instrs, index, start, src_line, sources, first_line):
    """Follow execution from offset `start` to the line it reaches.

    Returns that line (mapped to its statement's first line), the exit
    -co_firstlineno when a return is reached first, or None when another
    branch on the same line decides (its own event will say where it went).
    """
    seen = set()
    i = index.get(start)
    while i is not None and i not in seen:
        seen.add(i)
        ins = instrs[i]
        ln = ins.line_number
        if ln is not None:
            ln = first_line.get(ln, ln)
            if ln != src_line:
                return ln
        if ins.offset != start and ins.offset in sources:
            return None
        if ins.opname in _RETURNS:
            return -code.co_firstlineno
        if ins.opname in _JUMPS:
            i = index.get(ins.jump_target)
            continue
        i += 1
        if i >= len(instrs):
            return None
    return None


def code_facts(code, first_line, branch_dests):
    """The runtime map of one code object.

    first_line maps a physical line to the first line of its statement;
    branch_dests maps each static branch line to its set of destinations.
    Returns {"qualname", "firstlineno", "size", "branches", "implied"}:
    branches are [source offset, destination offset, from line, to line]
    (an event's source may also be the NOT_TAKEN right after the branch);
    implied are [line, from, to]: the arc that ran when the line ran in this
    code object, for branch lines with no bytecode branch of their own here
    (a one-line `def f(): return 1` is a branch line of the static model
    whose two exits lie in two code objects).
    """
    instrs = list(dis.get_instructions(code))
    index = {ins.offset: k for k, ins in enumerate(instrs)}
    raw = list(code.co_branches())
    sources = {s for s, _, _ in raw}
    branches = []
    branch_lines = set()
    for src, left, right in raw:
        k = index.get(src)
        if k is None:
            continue
        sl = instrs[k].line_number
        sl = first_line.get(sl, sl)
        branch_lines.add(sl)
        alias = None
        if k + 1 < len(instrs) and instrs[k + 1].opname == "NOT_TAKEN":
            alias = instrs[k + 1].offset
        for dst in (left, right):
            to = _walk(code, instrs, index, dst, sl, sources, first_line)
            if sl is None or to is None:
                continue
            branches.append([src, dst, sl, to])
            if alias is not None:
                branches.append([alias, dst, sl, to])
    lines = {first_line.get(ln, ln) for _, _, ln in code.co_lines() if ln is not None}
    exit_ = -code.co_firstlineno
    implied = []
    for ln in sorted(lines - branch_lines):
        dests = branch_dests.get(ln)
        if not dests:
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
