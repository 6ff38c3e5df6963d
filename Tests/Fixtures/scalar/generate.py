#!/usr/bin/env python3
"""Random FLS programs for differential testing of the scalar fast path.

Each program defines a few top-level functions that compute with ints,
floats and bools (the subset the scalar compiler turns into unboxed code),
sometimes with a construct that must make a function fall back to the
generic interpreter, and then calls them from the top level, printing one
result per line. Risky calls (likely errors, recursion-limit probes,
runaway recursion) come last, so most programs run to completion.

Most programs also get top-level loop sections (TopLoops): while and for
loops over globals, which the fast path runs in registers and writes back;
some programs are notebooks (`# %%` cells), so that `fls render` shows the
variables a failed loop left behind. Most programs also get array sections
(ArraySections: elements read and written in loops, loops in functions) and
sections for typed code entered from generic statements, int/float/maximum/
minimum/** of numpy scalars and variables whose kind changes at a later step
(MixedSections), and sections with `for v in x` over arrays, comprehensions,
record fields read in loops and round() (WalkSections), and sections with
variables that are a Python float at some steps and a numpy f64 at others and
with `row = m[i]` of 2-d arrays in loops (RowSections); each layer has its
own random stream (see README.md).
interrupt_session() makes REPL input for the Ctrl-C test of differential.py.

Deterministic: the same --seed and --count give byte-identical files.
Python 3 standard library only.

    python3 generate.py --seed 1 --count 200 --out corpus
"""

import argparse
import os
import random
import re

INT, FLOAT, BOOL = "int", "float", "bool"
KINDS = (INT, FLOAT, BOOL)

# Operator precedence (LANGUAGE.md section 2); atoms are 10.
P_IF, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_NEG, P_POW, P_ATOM = 0, 2, 3, 4, 5, 6, 7, 8, 9, 10

INT_EDGES = [
    "9223372036854775807", "(-9223372036854775807 - 1)", "4611686018427387904",
    "3037000500", "2147483647", "4294967296", "1000000007", "9007199254740993",
]
FLOAT_LITS = ["0.5", "2.25", "1.5", "0.1", "3.0", "7.75", "0.0", "10.0", "0.25", "1.75"]
FLOAT_EDGES = ["1e300", "1e-300", "1e16", "1e308", "9007199254740992.0", "4.9e-324"]

FN_WORDS = ["step", "mix", "walk", "fold", "pick", "tally", "spin", "probe", "churn", "blend",
            "trim", "scan", "drift", "hop", "mash", "bend", "pulse", "sift", "twist", "knot"]
LOCAL_NAMES = ["s", "t", "u", "v", "acc", "m", "q", "r", "z", "p", "e", "h2"]
PARAM_POOL = ["a", "b", "c", "x", "y", "k", "w"]
MAX_FN_COST = 40000
TOP_BUDGET = 1_500_000


def paren(e, need):
    return "(" + e[0] + ")" if need else e[0]


def section_place(text, base):
    """The line where a layer's sections go: after the program's definitions
    (the head line and the defs are the same text with or without the
    sections of other layers)."""
    defs = "\n".join(base.lines[1:base.n_defs])
    pos = text.find("\n" + defs + "\n") if defs else -1
    return 1 if pos < 0 else text[:pos + 1 + len(defs)].count("\n") + 1


def splice_sections(lines, at, notebook, normal, fails, chance):
    """The program with a layer's `normal` sections (code, after) at line `at`
    and its failing ones at the end; in a notebook each section is a cell of
    its own (a normal one sometimes shares its cell with what follows)."""
    ins, end = [], []
    for code, after in normal:
        ins += (["# %%"] + code + (["# %%"] if chance(0.5) else []) + after) if notebook else code + after
    for code, after in fails:
        end += (["# %%"] + code + ["# %%"] + after) if notebook else code + after
    if notebook and at < len(lines) and lines[at] != "# %%" and lines[at] != "":
        ins.append("# %%")
    out = lines[:at] + ins + lines[at:]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out + end) + "\n"


class Fn:
    def __init__(self, name, params, ret, rec=None):
        self.name = name
        self.params = params          # list of (name, kind)
        self.ret = ret                # INT/FLOAT/BOOL, or "null"/"mixed" (top level only)
        self.rec = rec                # None, "linear", "tree", "mutual", "runaway"
        self.level_cost = 10          # cost of one call without the recursion
        self.cost = 10                # cost of one call from another function
        self.defaults = {}            # param index -> literal text
        self.partner = None
        self.calls = set()            # names of the functions it calls
        self.text = ""
        self.lambda_def = False
        self.depth_k = 6              # bound on depth passed from other functions

    def call_cost(self):
        return self.cost


class Gen:
    def __init__(self, rng):
        self.rng = rng

    # ----- small helpers ---------------------------------------------------
    def chance(self, p):
        return self.rng.random() < p

    def pick(self, xs):
        return self.rng.choice(xs)

    def small_int(self, lo=-9, hi=20):
        n = self.rng.randint(lo, hi)
        return (str(n), P_ATOM) if n >= 0 else ("-" + str(-n), P_NEG)

    def int_lit(self):
        if self.chance(0.08):
            s = self.pick(INT_EDGES)
            neg = self.chance(0.3) and not s.startswith("(")
            return ("-" + s, P_NEG) if neg else (s, P_ATOM)
        return self.small_int()

    def float_lit(self):
        s = self.pick(FLOAT_EDGES) if self.chance(0.1) else self.pick(FLOAT_LITS)
        if self.chance(0.3):
            return ("-" + s, P_NEG)
        return (s, P_ATOM)


class FnGen(Gen):
    """Generates one function body."""

    def __init__(self, rng, prog, fn, callables):
        super().__init__(rng)
        self.prog = prog
        self.fn = fn
        self.callables = callables   # Fn objects this one may call (no recursion)
        self.kinds = {}              # function-wide name -> kind
        self.scopes = [set()]        # names certainly assigned, per block
        self.protected = set()
        self.loop_depth = 0
        self.mult = 1
        self.cost = 0
        self.used_names = set(p for p, _ in fn.params)
        self.loop_vars = ["i", "j", "i2"]
        self.risky = prog.chance(0.15)      # may divide by a variable that can be zero
        self.fallback = None
        self.if_depth = 0
        for p, k in fn.params:
            self.kinds[p] = k
            self.scopes[0].add(p)

    # ----- scope -----------------------------------------------------------
    def avail(self, kind):
        names = set()
        for s in self.scopes:
            names |= s
        return sorted(n for n in names if self.kinds.get(n) == kind)

    def assignable(self, kind):
        return [n for n in self.avail(kind) if n not in self.protected]

    def new_local(self, kind):
        cands = [n for n in LOCAL_NAMES if n not in self.kinds and n not in self.used_names]
        if not cands:
            return None
        n = self.pick(cands)
        self.kinds[n] = kind
        self.used_names.add(n)
        return n

    def add_cost(self, n):
        self.cost += n * self.mult

    # ----- expressions -----------------------------------------------------
    def expr(self, kind, d=2):
        if kind == INT:
            return self.int_expr(d)
        if kind == FLOAT:
            return self.float_expr(d)
        return self.bool_expr(d)

    def var_or_lit(self, kind):
        vs = self.avail(kind)
        if vs and self.chance(0.75):
            return (self.pick(vs), P_ATOM)
        if kind == INT:
            return self.int_lit()
        if kind == FLOAT:
            return self.float_lit()
        return (self.pick(["true", "false"]), P_ATOM)

    def binop(self, l, op, r, p):
        if op == "**":
            return (paren(l, l[1] <= P_POW) + " ** " + paren(r, r[1] < P_ATOM), P_POW)
        cmp = p == P_CMP
        return (paren(l, l[1] < p or (cmp and l[1] <= p)) + " " + op + " " + paren(r, r[1] <= p), p)

    def neg(self, e):
        return ("-" + paren(e, e[1] <= P_NEG), P_NEG)

    def safe_divisor(self):
        r = self.rng.random()
        if self.risky and r < 0.3:
            vs = self.avail(INT)
            if vs:
                v = self.pick(vs)
                k = self.rng.randint(0, 4)
                if k == 0:
                    return (v, P_ATOM)
                return (v + " " + self.pick(["+", "-"]) + " " + str(k), P_ADD)
        if r < 0.55:
            n = self.pick([2, 3, 5, 7, 10, 4, 1, 6])
            return (str(n), P_ATOM) if self.chance(0.7) else ("-" + str(n), P_NEG)
        e = self.int_expr(0)
        k = self.rng.randint(2, 9)
        return (paren(e, e[1] < P_MUL) + " % " + str(k) + " + 1", P_ADD)

    def int_expr(self, d):
        self.add_cost(1)
        if d <= 0:
            return self.var_or_lit(INT)
        r = self.rng.random()
        if r < 0.22:
            return self.var_or_lit(INT)
        if r < 0.45:
            op = self.pick(["+", "-", "*", "+", "-"])
            return self.binop(self.int_expr(d - 1), op, self.int_expr(d - 1), P_MUL if op == "*" else P_ADD)
        if r < 0.55:
            return self.binop(self.int_expr(d - 1), self.pick(["//", "%"]), self.safe_divisor(), P_MUL)
        if r < 0.60:
            k = self.pick(["0", "1", "2", "2", "3", "3", "4", "5", "7"] + (["31", "62", "63", "64"] if self.chance(0.3) else []))
            return self.binop(self.int_expr(d - 1), "**", (k, P_ATOM), P_POW)
        if r < 0.65:
            return self.neg(self.int_expr(d - 1))
        if r < 0.74:
            return self.if_expr(INT, d)
        if r < 0.88:
            c = self.call_expr(INT, d)
            if c:
                return c
        if r < 0.91 and self.fallback_ok():
            # a builtin call: stays on the generic path
            self.note_fallback("builtin")
            return ("abs(" + self.int_expr(d - 1)[0] + ")", P_ATOM)
        if r < 0.93 and self.fallback_ok():
            bs = self.avail(BOOL)
            if bs:
                self.note_fallback("bool arithmetic")
                return self.binop((self.pick(bs), P_ATOM), "+", self.int_expr(d - 1), P_ADD)
        if r < 0.95 and self.fallback_ok():
            self.note_fallback("variable exponent")
            e = self.pick(self.avail(INT) or ["2"])
            return self.binop(self.int_expr(d - 1), "**", ("(" + e + " % 5)", P_ATOM), P_POW)
        if r < 0.97 and self.fallback_ok() and self.prog.global_kind is not None and self.prog.global_kind == INT:
            self.note_fallback("global read")
            self.prog.global_used = True
            return (self.prog.global_name, P_ATOM)
        return self.var_or_lit(INT)

    def float_expr(self, d):
        self.add_cost(1)
        if d <= 0:
            return self.var_or_lit(FLOAT)
        r = self.rng.random()
        if r < 0.2:
            return self.var_or_lit(FLOAT)
        if r < 0.4:
            op = self.pick(["+", "-", "*", "/"])
            l = self.float_expr(d - 1) if self.chance(0.6) else self.int_expr(d - 1)
            if op == "/" or self.chance(0.4):
                rr = self.float_expr(d - 1) if self.chance(0.6) else self.int_expr(d - 1)
            else:
                rr = self.float_expr(d - 1)
            if self.chance(0.5):
                l, rr = rr, l
            return self.binop(l, op, rr, P_ADD if op in "+-" else P_MUL)
        if r < 0.48:
            return self.binop(self.int_expr(d - 1), "/", self.int_expr(d - 1), P_MUL)
        if r < 0.55:
            l = self.float_expr(d - 1)
            rr = self.float_expr(d - 1) if self.chance(0.5) else self.int_expr(d - 1)
            return self.binop(l, self.pick(["//", "%"]), rr, P_MUL)
        if r < 0.60:
            k = self.pick(["2", "3", "0", "0.5", "1.5", "-1", "-2", "10"])
            if k.startswith("-"):
                kk = (k, P_NEG)
            else:
                kk = (k, P_ATOM)
            # an int base only with a float exponent (int ** int is an int)
            base = self.float_expr(d - 1) if self.chance(0.7) or "." not in k else self.int_expr(d - 1)
            return (paren(base, base[1] <= P_POW) + " ** " + paren(kk, kk[1] < P_ATOM), P_POW)
        if r < 0.65:
            return self.neg(self.float_expr(d - 1))
        if r < 0.74:
            return self.if_expr(FLOAT, d)
        if r < 0.88:
            c = self.call_expr(FLOAT, d)
            if c:
                return c
        if r < 0.91 and self.fallback_ok():
            self.note_fallback("builtin")
            return ("float(" + self.int_expr(d - 1)[0] + ")", P_ATOM)
        if r < 0.93 and self.fallback_ok() and self.prog.global_kind == FLOAT:
            self.note_fallback("global read")
            self.prog.global_used = True
            return (self.prog.global_name, P_ATOM)
        return self.var_or_lit(FLOAT)

    def cond(self, d):
        """A condition's text: a bool expression; an if-expression in parentheses."""
        e = self.bool_expr(d)
        return paren(e, e[1] == P_IF)

    def cmp(self, d):
        op = self.pick(["<", "<=", ">", ">=", "==", "!="])
        r = self.rng.random()
        if r < 0.5:
            l, rr = self.int_expr(d - 1), self.int_expr(d - 1)
            if self.chance(0.3):
                rr = self.small_int(-3, 12)
        elif r < 0.75:
            l, rr = self.float_expr(d - 1), self.float_expr(d - 1)
        else:
            l, rr = self.int_expr(d - 1), self.float_expr(d - 1)
            if self.chance(0.5):
                l, rr = rr, l
        return self.binop(l, op, rr, P_CMP)

    def bool_expr(self, d):
        self.add_cost(1)
        if d <= 0:
            if self.chance(0.5):
                return self.var_or_lit(BOOL)
            return self.cmp(1)
        r = self.rng.random()
        if r < 0.15:
            return self.var_or_lit(BOOL)
        if r < 0.5:
            return self.cmp(d)
        if r < 0.62:
            op = self.pick(["and", "or"])
            p = P_AND if op == "and" else P_OR
            return self.binop(self.bool_expr(d - 1), op, self.bool_expr(d - 1), p)
        if r < 0.7:
            e = self.bool_expr(d - 1)
            return ("not " + paren(e, e[1] <= P_NOT), P_NOT)
        if r < 0.76:
            bs = self.avail(BOOL)
            if len(bs) >= 1:
                return self.binop((self.pick(bs), P_ATOM), self.pick(["==", "!="]), self.bool_expr(0), P_CMP)
        if r < 0.82:
            return self.if_expr(BOOL, d)
        if r < 0.94:
            c = self.call_expr(BOOL, d)
            if c:
                return c
        return self.cmp(d)

    def if_expr(self, kind, d):
        cond = (self.cond(d - 1), 0)
        a = self.expr(kind, d - 1)
        b = self.expr(kind, d - 1)
        if self.chance(0.2) and d >= 2:
            c2 = (self.cond(d - 2), 0)
            b2 = self.expr(kind, d - 2)
            return ("if " + cond[0] + " { " + a[0] + " } else if " + c2[0] + " { " + b[0] + " } else { " + b2[0] + " }", P_IF)
        if self.chance(0.05):
            # a statement inside the branch (the type analysis gives up on these)
            n = self.new_local(kind)
            if n:
                inner = self.expr(kind, d - 1)
                if kind == BOOL:
                    value = self.binop((n, P_ATOM), "and", a, P_AND)
                else:
                    op = self.pick(["+", "-", "*"])
                    value = self.binop((n, P_ATOM), op, a, P_MUL if op == "*" else P_ADD)
                return ("if " + cond[0] + " { " + n + " = " + inner[0] + "; " + value[0] + " } else { " + b[0] + " }", P_IF)
        return ("if " + cond[0] + " { " + a[0] + " } else { " + b[0] + " }", P_IF)

    def fallback_ok(self):
        return self.prog.fallback_rate > 0 and self.chance(self.prog.fallback_rate)

    def note_fallback(self, what):
        self.fallback = self.fallback or what

    def args_for(self, callee, d):
        out = []
        for idx, (p, k) in enumerate(callee.params):
            if idx == 0 and callee.rec in ("linear", "tree", "mutual"):
                e = self.int_expr(max(d - 1, 0))
                out.append((paren(e, e[1] < P_MUL) + " % " + str(callee.depth_k), P_MUL))
            else:
                out.append(self.expr(k, max(d - 1, 0)))
        return out

    def call_expr(self, kind, d):
        cands = [f for f in self.callables if f.ret == kind and self.cost + self.mult * f.call_cost() <= MAX_FN_COST]
        if not cands:
            return None
        f = self.pick(cands)
        self.fn.calls.add(f.name)
        self.add_cost(f.call_cost())
        args = self.args_for(f, d)
        texts = [a[0] for a in args]
        if f.defaults and self.chance(0.4) and len(texts) == len(f.params):
            texts = texts[:-1]   # use the default
            self.note_fallback(None)
        if len(texts) > 0 and self.chance(0.04 if self.prog.fallback_rate else 0):
            i = len(texts) - 1
            texts[i] = f.params[i][0] + "=" + texts[i]
            self.note_fallback("keyword argument")
        return (f.name + "(" + ", ".join(texts) + ")", P_ATOM)

    # ----- statements ------------------------------------------------------
    def block(self, n, indent, ret_kind, allow_return=True, final=None):
        """A list of statement lines; `final` is a line to end with."""
        self.scopes.append(set())
        lines = []
        for _ in range(n):
            lines += self.statement(indent, ret_kind, allow_return)
        if final is not None:
            lines += final()
        self.scopes.pop()
        return lines

    def statement(self, indent, ret_kind, allow_return):
        pad = "    " * indent
        r = self.rng.random()
        self.add_cost(1)
        nest_ok = indent < 4
        if r < 0.22:
            kind = self.pick(KINDS)
            n = self.new_local(kind)
            if n is None:
                return self.augmented(pad)
            e = self.expr(kind)
            self.scopes[-1].add(n)
            return [pad + n + " = " + e[0]]
        if r < 0.38:
            return self.augmented(pad)
        if r < 0.46:
            kind = self.pick(KINDS)
            vs = self.assignable(kind)
            if vs:
                v = self.pick(vs)
                return [pad + v + " = " + self.expr(kind)[0]]
            return self.augmented(pad)
        if r < 0.60 and nest_ok:
            return self.if_stmt(indent, ret_kind, allow_return)
        if r < 0.72 and nest_ok and self.loop_depth < 2:
            return self.for_stmt(indent, ret_kind, allow_return)
        if r < 0.80 and nest_ok and self.loop_depth < 2:
            return self.while_stmt(indent, ret_kind, allow_return)
        if r < 0.86 and self.loop_depth > 0:
            c = (self.cond(1), 0)
            return [pad + "if " + c[0] + " { " + self.pick(["break", "continue", "break"]) + " }"]
        if r < 0.91 and allow_return and ret_kind in KINDS:
            c = (self.cond(1), 0)
            return [pad + "if " + c[0] + " { return " + self.expr(ret_kind, 1)[0] + " }"]
        if r < 0.93 and self.prog.fallback_rate and self.chance(0.5):
            return self.fallback_stmt(indent)
        return self.augmented(pad)

    def fallback_stmt(self, indent):
        pad = "    " * indent
        r = self.rng.random()
        if r < 0.35:
            # a local that may be unassigned
            n = self.new_local(INT)
            if n is None:
                return self.augmented(pad)
            self.note_fallback("maybe unassigned")
            c = (self.cond(1), 0)
            # the name stays unavailable, except in a guarded read now (or,
            # rarely, an unguarded one: an error when the branch did not run)
            first = pad + "if " + c[0] + " { " + n + " = " + self.int_expr(1)[0] + " }"
            r2 = self.rng.random()
            if r2 < 0.45:
                return [first, pad + "if " + c[0] + " { " + n + " += 1 }"]
            if r2 < 0.6:
                vs = self.assignable(INT)
                if vs:
                    return [first, pad + self.pick(vs) + " += " + n]
            return [first]
        if r < 0.7:
            # a local changes kind
            vs = self.assignable(INT)
            vs = [v for v in vs if v not in [p for p, _ in self.fn.params]]
            if vs:
                v = self.pick(vs)
                self.note_fallback("kind change")
                for s in self.scopes:
                    s.discard(v)
                return [pad + v + " " + self.pick(["/= 2", "+= 0.5", "= " + v + " > 0"])]
            return self.augmented(pad)
        # int truthiness in a condition
        vs = self.avail(INT)
        if vs:
            self.note_fallback("int condition")
            v = self.pick(vs)
            t = self.assignable(INT)
            if t:
                return [pad + "if " + v + " { " + self.pick(t) + " += 1 }"]
        return self.augmented(pad)

    def augmented(self, pad):
        kind = self.pick([INT, INT, FLOAT])
        vs = self.assignable(kind)
        if not vs:
            kind = INT if kind == FLOAT else FLOAT
            vs = self.assignable(kind)
        if not vs:
            n = self.new_local(INT)
            if n is None:
                return [pad + "# nothing"]
            e = self.int_expr(1)
            self.scopes[-1].add(n)
            return [pad + n + " = " + e[0]]
        v = self.pick(vs)
        if kind == INT:
            op = self.pick(["+=", "-=", "*=", "+=", "-="])
            e = self.int_expr(1) if op != "*=" else self.small_int(-3, 5)
        else:
            op = self.pick(["+=", "-=", "*=", "/="])
            e = self.float_expr(1) if self.chance(0.6) else self.int_expr(1)
        return [pad + v + " " + op + " " + e[0]]

    def if_stmt(self, indent, ret_kind, allow_return):
        pad = "    " * indent
        self.if_depth += 1
        c = (self.cond(2), 0)
        then = self.block(self.rng.randint(1, 2), indent + 1, ret_kind, allow_return)
        lines = [pad + "if " + c[0] + " {"] + then
        r = self.rng.random()
        if r < 0.3:
            c2 = (self.cond(1), 0)
            lines += [pad + "} else if " + c2[0] + " {"] + self.block(self.rng.randint(1, 2), indent + 1, ret_kind, allow_return)
        if r < 0.65:
            lines += [pad + "} else {"] + self.block(self.rng.randint(1, 2), indent + 1, ret_kind, allow_return)
        lines.append(pad + "}")
        self.if_depth -= 1
        # both-branch assignment of the same new local (certainly assigned afterwards)
        if self.chance(0.15):
            kind = self.pick(KINDS)
            n = self.new_local(kind)
            if n:
                c = (self.cond(1), 0)
                lines += [pad + "if " + c[0] + " { " + n + " = " + self.expr(kind, 1)[0] + " } else { " + n + " = " + self.expr(kind, 1)[0] + " }"]
                self.scopes[-1].add(n)
        return lines

    def range_args(self):
        r = self.rng.random()
        if r < 0.05:
            # near the ends of i64: the counter must not overflow
            k = self.rng.randint(0, 6)
            s = self.rng.randint(1, 4)
            if self.chance(0.5):
                return ["9223372036854775807 - %d" % k, "9223372036854775807", str(s)], k
            return ["-9223372036854775807 + %d" % k, "-9223372036854775807 - 1", "-%d" % s], k + 1
        if r < 0.35:
            k = self.rng.randint(1, 9)
            e = self.int_expr(1)
            return ["(" + e[0] + ") % " + str(k) if e[1] < P_MUL else e[0] + " % " + str(k)], k
        if r < 0.6:
            a = self.rng.randint(-4, 3)
            b = a + self.rng.randint(0, 8)
            return [str(a), str(b)], b - a
        if r < 0.8:
            a = self.rng.randint(-3, 8)
            b = a - self.rng.randint(0, 9)
            s = self.pick([-1, -2, -3])
            return [str(a), str(b), str(s)], a - b
        e = self.int_expr(1)
        k = self.rng.randint(2, 7)
        start = paren(e, e[1] < P_MUL) + " % " + str(k)
        s = self.pick(["1", "2", "3"])
        if self.risky and self.chance(0.3):
            vs = self.avail(INT)
            if vs:
                s = self.pick(vs) + " % 3"   # may be zero: an error
        return [start, str(k + 3), s], k + 3

    def for_stmt(self, indent, ret_kind, allow_return):
        pad = "    " * indent
        lv = [v for v in self.loop_vars if v not in self.kinds or (self.kinds[v] == INT and v not in set().union(*self.scopes))]
        if not lv:
            return self.augmented(pad)
        v = lv[0]
        self.kinds[v] = INT
        args, count = self.range_args()
        lines = []
        read_after = self.chance(0.15)
        if read_after:
            lines.append(pad + v + " = " + self.small_int(-5, 5)[0])
            self.scopes[-1].add(v)
        lines.append(pad + "for " + v + " in range(" + ", ".join(args) + ") {")
        self.loop_depth += 1
        old = self.mult
        self.mult *= max(count, 1)
        self.scopes.append({v})
        lines += self.block(self.rng.randint(1, 3), indent + 1, ret_kind, allow_return)
        self.scopes.pop()
        self.mult = old
        self.loop_depth -= 1
        lines.append(pad + "}")
        if not read_after:
            pass
        return lines

    def while_stmt(self, indent, ret_kind, allow_return):
        pad = "    " * indent
        n = self.new_local(INT)
        if n is None:
            return self.augmented(pad)
        limit = self.rng.randint(1, 9)
        lines = [pad + n + " = 0"]
        self.scopes[-1].add(n)
        cond = n + " < " + str(limit)
        if self.chance(0.5):
            # `and` only: the counter bounds the loop
            c = self.bool_expr(1)
            cond += " and " + paren(c, c[1] <= P_AND)
        lines.append(pad + "while " + cond + " {")
        lines.append(pad + "    " + n + " += 1")
        self.protected.add(n)
        self.loop_depth += 1
        old = self.mult
        self.mult *= limit
        lines += self.block(self.rng.randint(1, 3), indent + 1, ret_kind, allow_return)
        self.mult = old
        self.loop_depth -= 1
        self.protected.discard(n)
        lines.append(pad + "}")
        return lines

    # ----- whole functions -------------------------------------------------
    def header(self):
        ps = []
        for i, (p, k) in enumerate(self.fn.params):
            if i in self.fn.defaults:
                ps.append(p + " = " + self.fn.defaults[i])
            else:
                ps.append(p)
        return "fn " + self.fn.name + "(" + ", ".join(ps) + ")"

    def final_value(self, indent, kind):
        pad = "    " * indent

        def go():
            r = self.rng.random()
            if r < 0.2 and kind in KINDS:
                c = (self.cond(1), 0)
                return [pad + "if " + c[0] + " {", pad + "    " + self.expr(kind)[0], pad + "} else {",
                        pad + "    " + self.expr(kind)[0], pad + "}"]
            if r < 0.3 and kind in KINDS:
                return [pad + "return " + self.expr(kind)[0]]
            return [pad + self.expr(kind)[0]]
        return go

    def plain(self):
        f = self.fn
        if f.ret in KINDS and self.chance(0.3):
            e = self.expr(f.ret, 3)
            return [self.header() + " = " + e[0]]
        lines = [self.header() + " {"]
        self.scopes.append(set())
        for _ in range(self.rng.randint(1, 5)):
            lines += self.statement(1, f.ret, True)
        if f.ret == "null":
            c = (self.cond(1), 0)
            lines += ["    if " + c[0] + " { " + self.expr(INT)[0] + " }"]
        elif f.ret == "mixed":
            c = (self.cond(1), 0)
            lines += ["    if " + c[0] + " { return " + self.expr(INT, 1)[0] + " }", "    " + self.bool_expr(1)[0]]
        else:
            lines += self.final_value(1, f.ret)()
        self.scopes.pop()
        lines.append("}")
        return lines

    def rec_call(self, target, dec):
        args = [self.fn.params[0][0] + dec]
        for p, k in target.params[1:]:
            args.append(self.expr(k, 1)[0])
        return (target.name + "(" + ", ".join(args) + ")", P_ATOM)

    def combine_rec(self, kind, calls):
        """An expression of `kind` from recursive-call expressions."""
        if kind == INT:
            e = calls[0]
            for c in calls[1:]:
                e = self.binop(e, self.pick(["+", "-"]), c, P_ADD)
            r = self.rng.random()
            if r < 0.4:
                return self.binop(e, self.pick(["+", "-"]), self.int_expr(1), P_ADD)
            if r < 0.6:
                return self.binop(self.binop(e, "*", self.small_int(2, 5), P_MUL), "%", (str(self.pick([1000, 97, 1000003])), P_ATOM), P_MUL)
            if r < 0.8:
                return self.binop(self.int_expr(1), "*", (paren(e, True), P_ATOM), P_MUL) if self.chance(0.5) else self.binop(e, "*", self.int_expr(1), P_MUL)
            return e
        if kind == FLOAT:
            e = calls[0]
            for c in calls[1:]:
                e = self.binop(e, "+", c, P_ADD)
            r = self.rng.random()
            if r < 0.5:
                return self.binop(e, self.pick(["*", "/"]), self.float_lit(), P_MUL)
            return self.binop(e, self.pick(["+", "-"]), self.float_expr(1), P_ADD)
        e = calls[0]
        for c in calls[1:]:
            op = self.pick(["and", "or"])
            e = self.binop(e, op, c, P_AND if op == "and" else P_OR)
        r = self.rng.random()
        if r < 0.3:
            return ("not " + paren(e, e[1] <= P_NOT), P_NOT)
        if r < 0.7:
            op = self.pick(["and", "or"])
            return self.binop(e, op, self.bool_expr(1), P_AND if op == "and" else P_OR)
        return e

    def recursive(self, targets, decs, base_cond):
        """Body of a recursive function: a base case, a few statements, recursive calls."""
        f = self.fn
        d = f.params[0][0]
        self.protected.add(d)
        base = self.expr(f.ret, 1)
        if self.risky and f.ret == INT and self.chance(0.5):
            base = self.binop(self.int_expr(1), self.pick(["//", "%"]), (d + " + " + str(self.rng.randint(1, 3)), P_ADD), P_MUL)
        if self.chance(0.35):
            # one-liner
            calls = [self.rec_call(t, dec) for t, dec in zip(targets, decs)]
            body = self.combine_rec(f.ret, calls)
            return [self.header() + " = if " + base_cond + " { " + base[0] + " } else { " + body[0] + " }"]
        lines = [self.header() + " {", "    if " + base_cond + " { return " + base[0] + " }"]
        self.scopes.append(set())
        saved = self.callables
        self.callables = [c for c in self.callables if c.cost <= 300]
        for _ in range(self.rng.randint(0, 3)):
            lines += self.statement(1, f.ret, True)
        self.callables = saved
        calls = [self.rec_call(t, dec) for t, dec in zip(targets, decs)]
        if self.chance(0.4):
            n = self.new_local(f.ret)
            if n:
                lines.append("    " + n + " = " + calls[0][0])
                self.scopes[-1].add(n)
                calls[0] = (n, P_ATOM)
                if self.chance(0.5):
                    lines += self.statement(1, f.ret, False)
        body = self.combine_rec(f.ret, calls)
        if self.chance(0.2):
            c = (self.cond(1), 0)
            lines += ["    if " + c[0] + " {", "        " + body[0], "    } else {", "        " + self.combine_rec(f.ret, calls)[0], "    }"]
        else:
            lines.append("    " + body[0])
        self.scopes.pop()
        lines.append("}")
        return lines


class Program(Gen):
    def __init__(self, rng, index, rebind=True):
        super().__init__(rng)
        self.index = index
        self.rebind = rebind          # may rebind a callee back to an earlier definition
        self.fallback_rate = 0.0 if self.chance(0.45) else self.pick([0.03, 0.06, 0.12])
        self.global_name = "G"
        self.global_kind = self.pick([INT, FLOAT]) if self.chance(0.35) else None
        self.global_used = False

    def make_functions(self):
        rng = self.rng
        nfn = rng.randint(2, 5)
        words = rng.sample(FN_WORDS, nfn)
        fns = []
        i = 0
        while i < nfn:
            word = words[i]
            r = rng.random()
            if r < 0.3:
                rec = "linear"
            elif r < 0.42:
                rec = "tree"
            elif r < 0.55 and i + 1 < nfn:
                rec = "mutual"
            else:
                rec = None
            nparams = rng.choice([0, 1, 1, 2, 2, 2, 3]) if rec is None else rng.choice([0, 1, 1, 2])
            params = []
            pool = list(PARAM_POOL)
            rng.shuffle(pool)
            for j in range(nparams):
                params.append((pool[j], rng.choice([INT, INT, FLOAT, BOOL])))
            ret = rng.choice([INT, INT, INT, FLOAT, FLOAT, BOOL])
            if rec:
                params = [(rng.choice(["d", "n", "depth"]), INT)] + params
            f = Fn(word, params, ret, rec)
            if rec is None and params and rng.random() < 0.15:
                k = params[-1][1]
                f.defaults[len(params) - 1] = {INT: str(rng.randint(-3, 9)), FLOAT: "0.5", BOOL: rng.choice(["true", "false"])}[k]
            fns.append(f)
            if rec == "mutual":
                # the partner: same depth parameter, its own others
                params2 = [(params[0][0], INT)] + [(p, rng.choice([INT, FLOAT, BOOL])) for p, _ in params[1:]]
                g = Fn(words[i + 1], params2, rng.choice([INT, INT, FLOAT, BOOL]), "mutual")
                f.partner, g.partner = g, f
                fns.append(g)
                i += 2
            else:
                i += 1
        return fns

    def generate(self):
        rng = self.rng
        fns = self.make_functions()
        lines = ["# generated by generate.py: program %d" % self.index]
        # a global some functions may read
        if self.global_kind:
            lines.append("G = " + (self.int_lit()[0] if self.global_kind == INT else self.float_lit()[0]))
        lam = None
        if self.fallback_rate and self.chance(0.3):
            lam = Fn("h", [("x", INT)], INT)
            lam.lambda_def = True
            lam.cost = 5
            lam.text = "h = fn(x) = " + self.pick(["x * 3 + 1", "x % 7", "x - 2", "-x * x", "x // 2 + 1"])
        # special functions, only called from the top level
        extras = []
        if self.fallback_rate and self.chance(0.25):
            extras.append(Fn("maybe" + str(rng.randint(1, 9)), [("a", INT)], "null"))
        if self.fallback_rate and self.chance(0.15):
            extras.append(Fn("either" + str(rng.randint(1, 9)), [("a", INT), ("b", FLOAT)], "mixed"))
        # generate from the last to the first: function i calls functions after it
        texts = {}
        for idx in range(len(fns) - 1, -1, -1):
            f = fns[idx]
            callables = [g for g in fns[idx + 1:] if g is not f.partner] + ([lam] if lam else [])
            fg = FnGen(rng, self, f, callables)
            if f.rec is None:
                body = fg.plain()
                f.cost = max(fg.cost, 5)
            elif f.rec == "linear":
                dec = rng.choice([" - 1", " - 1", " - 2", " // 2"])
                cond = rng.choice([f.params[0][0] + " <= 0", f.params[0][0] + " < 1", f.params[0][0] + " <= 0"])
                body = fg.recursive([f], [dec], cond)
                f.level_cost = max(fg.cost, 5)
                f.depth_k = rng.randint(3, 12)
                f.cost = f.level_cost * f.depth_k
            elif f.rec == "tree":
                d = f.params[0][0]
                body = fg.recursive([f, f], [" - 1", " - 2"], d + " < 2")
                f.level_cost = max(fg.cost, 5)
                f.depth_k = rng.randint(3, 9)
                f.cost = f.level_cost * (2 ** f.depth_k)
            else:
                d = f.params[0][0]
                body = fg.recursive([f.partner], [" - 1"], d + " <= 0")
                f.level_cost = max(fg.cost, 5)
                f.depth_k = rng.randint(3, 10)
                f.cost = (f.level_cost + 50) * f.depth_k * 2
            if f.rec == "mutual" and f.partner.text:
                # the partner was generated first; share a depth bound
                f.depth_k = f.partner.depth_k
                f.cost = f.partner.cost = max(f.cost, f.partner.cost)
            f.fallback = fg.fallback
            f.text = "\n".join(body)
        if self.chance(0.05):
            extras.append(self.wide())
        for f in extras:
            if f.text:
                continue
            fg = FnGen(rng, self, f, [g for g in fns if g.cost < 2000])
            f.text = "\n".join(fg.plain())
            f.cost = fg.cost
        # definition order: shuffled (calls are looked up at call time)
        order = fns + extras
        rng.shuffle(order)
        if lam:
            lines.append(lam.text)
        for f in order:
            lines.append(f.text)
        # where the top level starts (TopLoops inserts its sections after the plain calls)
        self.n_defs = len(lines)
        self.fns, self.extras, self.lam = fns, extras, lam
        lines += self.top_level(fns, extras, lam)
        self.lines = lines
        return "\n".join(lines) + "\n"

    def redefinition(self, f, plain_only=False):
        """A new top-level definition of f (same name, maybe another kind or an extra parameter)."""
        g = Fn(f.name, list(f.params), f.ret)
        g.defaults = dict(f.defaults)
        r = self.rng.random()
        if r < 0.3 and not plain_only:
            g.ret = self.pick([k for k in KINDS if k != f.ret])
        elif r < 0.45 and not plain_only:
            g.params.append(("extra", INT))
            g.defaults[len(g.params) - 1] = str(self.rng.randint(-2, 5))
        fg = FnGen(self.rng, self, g, [])
        return [fg.header() + " = " + fg.expr(g.ret, 2)[0]]

    def wide(self):
        """A function with about as many locals as a scalar frame holds (120:
        Limits.maxScalarRegisters is 128, less the budget, two parameters, the
        result and its kind, and three temporaries)."""
        n = self.rng.randint(114, 125)
        f = Fn("wide", [("x", INT), ("y", self.pick([INT, FLOAT]))], INT)
        stmts = ["v0 = x + 1"]
        for i in range(1, n):
            stmts.append("v%d = v%d %s %s" % (i, i - 1, self.pick(["+", "-", "*"]),
                                             self.pick(["x", "2", "3", "v0", "1"])))
        lines = ["fn wide(x, y) {"]
        for i in range(0, len(stmts), 10):
            lines.append("    " + "; ".join(stmts[i:i + 10]))
        lines.append("    if y > 0 { v%d + v%d } else { v%d - x }" % (n - 1, n // 2, n - 2))
        lines.append("}")
        f.text = "\n".join(lines)
        f.cost = n
        return f

    # ----- top-level calls -------------------------------------------------
    def arg_for(self, kind, mix=0.2):
        r = self.rng.random()
        if r < mix:
            r2 = self.rng.random()
            if r2 < 0.3:
                kind = self.pick([k for k in KINDS if k != kind])
            elif r2 < 0.55:
                return self.pick(["[3][0]", "[1.5, -2.0][1]", "[true, false][0]", "[7, -4][1]", "astype([5], \"i32\")[0]"])
            elif r2 < 0.7:
                return self.pick(["-0.0", "0.0"]) if kind == FLOAT else "0"
        if kind == INT:
            if self.chance(0.1):
                return self.pick(INT_EDGES)
            return str(self.rng.randint(-12, 25))
        if kind == FLOAT:
            if self.chance(0.08):
                return self.pick(FLOAT_EDGES)
            return self.pick(["0.5", "-2.5", "3.25", "1.0", "-0.75", "6.5", "0.1", "-7.0", "12.0"])
        return self.pick(["true", "false"])

    def depth_arg(self, f, budget):
        """A depth argument for a recursive function, within the budget."""
        per = max(f.level_cost, 1)
        budget = max(budget, 0)
        if f.rec == "tree":
            hi = 1
            while hi < 18 and (2 ** (hi + 1)) * per < budget:
                hi += 1
            n = self.rng.randint(-2, hi)
            cost = (2 ** max(n, 0)) * per
        else:
            hi = min(9000, budget // per)
            r = self.rng.random()
            if r < 0.6 or hi < 30:
                n = self.rng.randint(-3, min(hi, 20))
            elif r < 0.85:
                n = self.rng.randint(20, min(hi, 600))
            else:
                n = self.rng.randint(min(hi, 600), hi)
            cost = max(n, 1) * per * (2 if f.rec == "mutual" else 1)
        r = self.rng.random()
        if r < 0.1:
            return str(n) + ".5" if n >= 0 else str(n), cost
        if r < 0.13:
            return self.pick(["true", "false"]), per
        if r < 0.16:
            return "[" + str(n) + "][0]", cost
        return str(n), cost

    def call_text(self, f, budget, mix=0.2):
        args = []
        cost = f.cost
        for i, (p, k) in enumerate(f.params):
            if i == 0 and f.rec in ("linear", "tree", "mutual"):
                a, cost = self.depth_arg(f, budget)
                args.append(a)
            else:
                args.append(self.arg_for(k, mix))
        if f.defaults and self.chance(0.4):
            args = args[:-1]
        if args and self.chance(0.08):
            i = len(args) - 1
            args[i] = f.params[i][0] + "=" + args[i]
        return f.name + "(" + ", ".join(args) + ")", cost

    def top_level(self, fns, extras, lam):
        rng = self.rng
        out = []
        budget = TOP_BUDGET
        callable_fns = fns + extras
        n_calls = rng.randint(5, 12)
        for _ in range(n_calls):
            f = self.pick(callable_fns)
            t, c = self.call_text(f, min(budget, 300_000))
            budget -= c
            if budget < 0:
                break
            r = rng.random()
            if r < 0.12 and f.ret in KINDS:
                out.append("print(" + t + ", dtype(" + t + "))")
                budget -= c
            elif r < 0.2 and f.ret in (INT, FLOAT):
                t2, c2 = self.call_text(f, min(budget, 100_000))
                budget -= c2
                out.append("print(" + t + " + " + t2 + ")")
            else:
                out.append("print(" + t + ")")
        self.calls_end = len(out)
        # a loop at the top level: the same call repeated (fast calls from generic code)
        if self.chance(0.35):
            f = self.pick(fns)
            if f.params and f.cost * 8 < budget:
                a, b = rng.randint(-4, 2), rng.randint(3, 8)
                args = []
                for i, (p, k) in enumerate(f.params):
                    if i == 0:
                        args.append("k" if k == INT else ("k * 0.5" if k == FLOAT else "k > 0"))
                    else:
                        args.append(self.arg_for(k, 0.1))
                if f.rec == "tree":
                    args[0] = "k % 8"
                out += ["for k in range(%d, %d) {" % (a, b), "    print(" + f.name + "(" + ", ".join(args) + "))", "}"]
                budget -= f.cost * (b - a) * 20
        if self.chance(0.1):
            f = self.pick(fns)
            if len(f.params) == 1 and f.rec is None:
                out.append("print(map(list(1, 2.5, true, -4), " + f.name + "))")
        # the global changes (maybe its kind)
        if self.global_kind and self.chance(0.6):
            out.append("G = " + self.pick([self.int_lit()[0], self.float_lit()[0], "true"]))
            for _ in range(rng.randint(1, 3)):
                f = self.pick(fns)
                t, c = self.call_text(f, min(max(budget, 0), 100_000))
                out.append("print(" + t + ")")
        # a callee is redefined: callers must see the new one
        plain = [f for f in fns if f.rec is None and f.ret in KINDS]
        called = [f for f in plain if any(f.name in g.calls for g in fns)]
        if plain and self.chance(0.15):
            f = self.pick(called or plain)
            out += self.redefinition(f)
            for _ in range(rng.randint(1, 3)):
                g = self.pick(fns)
                t, c = self.call_text(g, min(max(budget, 0), 100_000))
                out.append("print(" + t + ")")
        if called and self.rebind and self.chance(0.15):
            # a callee redefined, then rebound to its first definition: compilations
            # made for the first one are valid again (prefer a caller two calls away)
            pairs = []
            for f in called:
                direct = [g for g in fns if f.name in g.calls]
                for g in fns:
                    if g not in direct and g.cost < 20_000 and any(h.name in g.calls for h in direct):
                        pairs.append((f, g))
            wrap = None
            t = None
            if self.chance(0.4):
                # a fresh chain outer -> mid -> f, mid never called from the top level
                f = self.pick(called)
                t, c = self.call_text(f, 20_000, 0.0)
                out.append("fn mid_%s() = %s" % (f.name, t))
                out.append("fn outer_%s() = mid_%s()" % (f.name, f.name))
                g, t = f, "outer_%s()" % f.name
            elif pairs and self.chance(0.5):
                f, g = self.pick(pairs)
            else:
                f = self.pick(called)
                cands = [g for g in fns if f.name in g.calls and g.cost < 20_000]
                g = self.pick(cands) if cands else None
                wrap = g
            if g and t is None:
                t, c = self.call_text(g, 20_000, 0.1)
                if wrap:
                    # a wrapper, so that the caller of f is itself a callee
                    out.append("fn outer_%s() = %s" % (g.name, t))
                    t = "outer_%s()" % g.name
            if g:
                saved = "saved_" + f.name
                out.append("print(" + t + ")")
                out.append(saved + " = " + f.name)
                redef = self.redefinition(f, plain_only=True)
                if self.chance(0.35):
                    # the new definition reads a global: callers cannot be compiled for it
                    out.append("RB = 0")
                    if f.ret == BOOL:
                        redef = [redef[0] + " and RB == 0"]
                    else:
                        # after the header's ")": a default value has " = " too
                        head, body = redef[0].split(") = ", 1)
                        redef = [head + ") = (" + body + ") + RB"]
                out += redef
                out.append("print(" + t + ")")
                out.append(f.name + " = " + saved)
                out.append("print(" + t + ")")
        if called and self.rebind and self.chance(0.12):
            # a callee that flips between definitions: callers' compilations go stale
            f = self.pick(called)
            callers = [g for g in fns if f.name in g.calls and g.cost < 5000]
            if callers:
                g = self.pick(callers)
                n = rng.randint(6, 14)
                m = rng.randint(2, 4)
                t, c = self.call_text(g, 20_000, 0.1)
                out.append("for k in range(%d) {" % n)
                out.append("    if k %% %d == 0 {" % m)
                out += ["        " + x for x in self.redefinition(f, plain_only=True)]
                out.append("    } else {")
                out += ["        " + x for x in self.redefinition(f, plain_only=True)]
                out.append("    }")
                out.append("    print(" + t + ")")
                out.append("}")
        # risky calls, at the end
        risky = []
        if self.chance(0.25):
            f = self.pick(callable_fns)
            if f.params:
                args = [self.arg_for(k, 0.0) for _, k in f.params]
                if f.rec in ("linear", "tree", "mutual"):
                    args[0] = str(rng.randint(0, 4))
                i = rng.randrange(len(args))
                if i == 0 and f.rec in ("linear", "tree", "mutual"):
                    args[i] = self.pick(["\"ab\"", "[1, 2, 3]", "null", "-1"])
                else:
                    args[i] = self.pick(["\"ab\"", "[1, 2, 3]", "null", "astype([200], \"u8\")[0]", "0", "-1"])
                risky.append("print(" + f.name + "(" + ", ".join(args) + "))")
        lin = [f for f in fns if f.rec in ("linear", "mutual") and f.level_cost * 10000 < 2_000_000]
        if lin and self.chance(0.12):
            f = self.pick(lin)
            args = [str(self.pick([9998, 9999, 10000, 10001, 9997, 5000, 12000]))]
            args += [self.arg_for(k, 0.0) for _, k in f.params[1:]]
            t = f.name + "(" + ", ".join(args) + ")"
            if self.chance(0.3) and f.ret in (INT, FLOAT):
                # under m frames of a generic recursive function (it reads a global)
                m = rng.randint(1, 9990)
                args[0] = str(9999 - m + rng.randint(-2, 2))
                risky.append("ZERO = 0")
                risky.append("fn climb(n, m) = if m <= 0 { %s(%s) } else { climb(n, m - 1) + ZERO }"
                             % (f.name, ", ".join(["n"] + args[1:])))
                t = "climb(%s, %d)" % (args[0], m)
            elif self.chance(0.4):
                # from inside another function: one more level of nesting
                out_wrap = "fn deep_%s(n) = %s(%s)" % (f.name, f.name, ", ".join(["n"] + args[1:]))
                risky.append(out_wrap)
                t = "deep_%s(%s)" % (f.name, args[0])
            risky.append("print(" + t + ")")
        if self.chance(0.08):
            kind = rng.random()
            if kind < 0.5:
                risky.append("fn runaway(n) = runaway(n + 1) " + self.pick(["+ 1", "* 2", "- n"]))
                risky.append("print(runaway(" + str(rng.randint(-3, 3)) + "))")
            else:
                risky.append("fn ping(n) = pong(n + 1) - 1")
                risky.append("fn pong(n) = if n < -5 { 0 } else { ping(n " + self.pick(["* 1", "+ 0", "- 1 + 1"]) + ") + 1 }")
                risky.append("print(ping(" + str(rng.randint(0, 3)) + "))")
        elif self.chance(0.05) and fns:
            g = self.pick(fns)
            one = [f for f in fns if len(f.params) == 1 and f.rec is None]
            risky.append(self.pick([g.name + " = 5", "range = 7"] + [f.name + " = abs" for f in one]))
            for f in fns[:2]:
                t, c = self.call_text(f, 50_000, 0.0)
                risky.append("print(" + t + ")")
        self.risky_start = len(out)
        out += risky
        return out


# ----- top-level loops ----------------------------------------------------------
#
# A `while` or `for i in range(...)` loop in top-level code takes the fast path
# too when the globals it uses hold ints, floats or bools as it starts (or are
# first assigned inside it): they are loaded into registers and written back
# when the loop ends, breaks or fails. TopLoops adds such loops to a program
# made by Program, with their own random stream (so the rest of the program is
# the same as without them), and sometimes writes the program as a notebook
# (`# %%` cells): `fls render` runs every cell even after one fails, so the
# variables a failed loop wrote back can be printed.

TOP_NAMES = ["acc", "tot", "cnt", "hits", "lo", "hi", "fx", "fy", "bx", "ok", "n1", "n2", "sx", "sy",
             "best", "last", "prev", "cur", "nxt", "w1", "w2", "d1", "d2", "qq", "rr", "zz", "yy", "mm",
             "aa", "bb", "cc", "dd"]
TOP_LOOP_VARS = ["i", "j", "k2", "ii"]
TOP_LOOP_BUDGET = 300_000
MIXED = "mixed"     # a name whose kind is not known (or not a number): never used in expressions
SECTION_MARK = "# loop section: "

# Values a variable may hold when a loop starts that keep the loop off the fast
# path (and what they do to the generic run: element-wise arithmetic, wrapping
# u8, errors for strings and null).
BENIGN_ODD = ["[1, 2, 3]", "[0.5, -1.5]", "astype([5], \"i32\")[0]", "astype([250], \"u8\")[0]",
              "[4][0]", "[true][0]", "astype([2.5], \"f32\")[0]"]
ODD_ENTRIES = BENIGN_ODD + ["\"ab\"", "null"]


class _TopProg:
    """The part of a Program that FnGen reads, for top-level code."""

    def __init__(self, rng, fallback_rate):
        self.rng = rng
        self.fallback_rate = fallback_rate
        self.global_kind = None       # globals are plain variables at the top level
        self.global_name = "G"
        self.global_used = False

    def chance(self, p):
        return self.rng.random() < p


class Section:
    def __init__(self, kind, risky=False):
        self.kind = kind
        self.risky = risky      # may end with an error
        self.code = []          # the lines (one cell)
        self.after = []         # lines printing the state afterwards
        self.maybe = []         # names that may be unassigned afterwards: read deliberately
        self.cost = 0


class TopLoops(FnGen):
    """Top-level loop sections for one program (see above)."""

    def __init__(self, rng, base):
        shim = _TopProg(rng, rng.choice([0.0, 0.0, 0.04, 0.1]))
        callables = list(base.fns) + [f for f in base.extras if f.ret in KINDS]
        if base.lam and rng.random() < 0.3:
            callables.append(base.lam)
        super().__init__(rng, shim, Fn("<top>", [], INT), callables)
        self.base = base
        self.defined = set()            # names certainly assigned at the top level (any kind)
        self.loop_vars = ["j", "i2", "jj"]   # for FnGen's nested loops
        self.active = []                # variables of the top-level loops being generated
        self.helper_names = set()
        self.total = 0
        self.failing_ok = True      # odd entries may be strings, null, functions (errors)
        if base.global_kind:
            self.kinds["G"] = base.global_kind
            self.scopes[0].add("G")
            self.defined.add("G")

    # ----- names -------------------------------------------------------------
    def new_local(self, kind):
        cands = [n for n in TOP_NAMES if n not in self.kinds]
        if not cands:
            return None
        n = self.pick(cands)
        self.kinds[n] = kind
        return n

    def var_of(self, kind, fresh_p=0.5, exclude=()):
        """A variable for a section: an existing one of this kind, or a new one."""
        vs = [v for v in self.avail(kind) if v not in self.protected and v not in self.active and v != "G"
              and v not in exclude]
        if vs and not self.chance(fresh_p):
            return self.pick(vs)
        n = self.new_local(kind)
        if n is None and vs:
            return self.pick(vs)
        return n

    def helper(self, stem):
        k = 1
        while "%s%d" % (stem, k) in self.helper_names:
            k += 1
        name = "%s%d" % (stem, k)
        self.helper_names.add(name)
        return name

    def set_top(self, name, kind):
        """`name` now certainly holds a value of `kind` at the top level."""
        self.kinds[name] = kind
        self.defined.add(name)
        if kind in KINDS:
            self.scopes[0].add(name)
        else:
            for s in self.scopes:
                s.discard(name)

    def lit(self, kind):
        if kind == INT:
            return self.int_lit()[0]
        if kind == FLOAT:
            return self.float_lit()[0]
        return self.pick(["true", "false"])

    def init_line(self, name, kind, pad="", odd=0.0):
        """`name = value` of `kind` (sometimes an odd value that keeps the loop generic)."""
        if odd and self.chance(odd):
            pool = ODD_ENTRIES + [self.pick([f.name for f in self.base.fns])] if self.failing_ok else BENIGN_ODD
            v = self.pick(pool)
            return pad + name + " = " + v, True
        r = self.rng.random()
        if r < 0.55:
            e = self.lit(kind)
        elif r < 0.85:
            e = self.expr(kind, 1)[0]
        else:
            c = self.call_expr(kind, 1)
            e = c[0] if c else self.lit(kind)
        return pad + name + " = " + e, False

    # ----- loop headers -----------------------------------------------------------
    def top_range(self):
        """Arguments of range(...), the number of iterations (None: not known here) and a bound."""
        r = self.rng.random()
        if r < 0.16:
            n = self.rng.randint(0, 12) if self.chance(0.8) else self.rng.randint(100, 1500)
            return [str(n)], n
        if r < 0.34:
            a = self.rng.randint(-6, 6)
            b = a + self.rng.randint(-2, 11)
            return [str(a), str(b)], len(range(a, b))
        if r < 0.50:
            s = self.pick([-1, -1, -2, -3, -5])
            a = self.rng.randint(-4, 12)
            b = a + self.rng.randint(-13, 2)
            return [str(a), str(b), str(s)], len(range(a, b, s))
        if r < 0.58:
            # large steps (and bounds)
            lo = -self.rng.randint(1, 10 ** self.rng.randint(3, 15))
            hi = self.rng.randint(1, 10 ** self.rng.randint(3, 15))
            k = self.rng.randint(1, 9)
            s = max((hi - lo) // k + self.rng.randint(-3, 3), 1)
            if self.chance(0.5):
                return [str(lo), str(hi), str(s)], len(range(lo, hi, s))
            return [str(hi), str(lo), "-" + str(s)], len(range(hi, lo, -s))
        if r < 0.63:
            # steps at the ends of i64: the next value overflows
            a = self.rng.randint(-5, 5)
            if self.chance(0.5):
                return [str(a), str(a + self.rng.randint(1, 9)), "9223372036854775807"], 1
            return [str(a), str(a - self.rng.randint(1, 9)), "-9223372036854775807 - 1"], 1
        if r < 0.70:
            args, k = self.pick([(["0"], 0), (["-3"], 0), (["4", "4"], 0), (["9", "2"], 0), (["3", "9", "-1"], 0),
                                 (["-9223372036854775807 - 1"], 0), (["5", "5", "-2"], 0),
                                 (["9223372036854775807", "9223372036854775807"], 0)])
            return args, k
        if r < 0.75:
            args, k = self.range_args()     # near the ends of i64, or computed
            return args, None if len(args) < 3 or "%" in args[0] else k
        # computed from the variables: bounded, count unknown
        args, k = self.range_args()
        return args, None

    def bound_of(self, args, count):
        if count is not None:
            return count
        return 9    # range_args keeps computed ranges short

    def for_header(self, pad, pre):
        """(lines before, header, loop variable, count or None, bound, kind of the variable before)."""
        cands = [v for v in TOP_LOOP_VARS if v not in self.active and v not in self.protected]
        v = self.pick(cands or ["i9"])
        before = []
        prev = self.kinds.get(v) if v in self.defined else None
        if pre and self.chance(0.25):
            r = self.rng.random()
            if r < 0.6:
                before.append(pad + v + " = " + self.small_int(-5, 5)[0])
                prev = INT
            elif r < 0.85:
                before.append(pad + v + " = " + self.float_lit()[0])
                prev = FLOAT
            else:
                before.append(pad + v + " = " + self.pick(["\"s\"", "[1, 2]", "null", "true"]))
                prev = MIXED
        args, count = self.top_range()
        self.risky_step = False
        if pre and self.risky and self.chance(0.3):
            vs = self.avail(INT)
            if vs:
                # a step that may be zero (an error), over a short range
                n = self.rng.randint(2, 9)
                v = self.pick(vs)
                args = ["0", str(n), v + " % 3"] if self.chance(0.5) else [str(n), "0", "-(" + v + " % 3)"]
                count = None
        return before, pad + "for " + v + " in range(" + ", ".join(args) + ") {", v, count, self.bound_of(args, count), prev

    def while_header(self, pad, indent):
        """(lines before, header, first body line, counter, runs at least once, bound)."""
        n = self.var_of(INT, 0.6)
        if n is None:
            return None
        big = self.chance(0.1)
        lim = self.rng.randint(100, 1200) if big else self.rng.randint(0, 10)
        down = self.chance(0.25)
        if down:
            before = [pad + n + " = " + str(lim)]
            test, step = n + " > 0", n + " -= 1"
            stop = (n + " <= 0", P_CMP)
        else:
            before = [pad + n + " = 0"]
            test, step = n + " < " + str(lim), n + " += 1"
            stop = (n + " >= " + str(lim), P_CMP)
        if indent == 0:
            self.set_top(n, INT)
        else:
            self.kinds[n] = INT
            self.scopes[-1].add(n)
        self.protected.add(n)
        r = self.rng.random()
        once = lim >= 1
        bound = lim
        if r < 0.35:
            cond = test
        elif r < 0.55:
            c = self.bool_expr(1)
            cond = test + " and " + paren(c, c[1] <= P_AND)
            once = False
        elif r < 0.65:
            c = self.bool_expr(1)
            cond = paren(c, c[1] <= P_AND) + " and " + test
            once = False
        elif r < 0.8:
            # bounded by a second limit
            lim2 = lim + self.rng.randint(0, 4)
            c = self.bool_expr(1)
            second = (n + " > " + str(lim - lim2)) if down else (n + " < " + str(lim2))
            cond = "(" + test + " or " + paren(c, c[1] <= P_OR) + ") and " + second
            bound = lim2
        elif r < 0.9:
            c = self.bool_expr(1)
            d = self.bool_expr(1)
            cond = "not (" + stop[0] + ") and (" + paren(c, c[1] <= P_OR) + " or " + paren(d, d[1] <= P_OR) + ")"
            once = False
        else:
            c = self.bool_expr(1)
            cond = test + " and not " + paren(c, c[1] <= P_NOT)
            once = False
        return before, pad + "while " + cond + " {", pad + "    " + step, n, once, bound

    # ----- statements in a loop body ------------------------------------------------------
    def head_stmt(self, indent, sec):
        """One statement at the start of a loop body (runs on every iteration)."""
        pad = "    " * indent
        if self.chance(0.04):
            # an int variable becomes a float (or a bool): the loop must run the generic way
            vs = [v for v in self.assignable(INT) if v not in self.active]
            if vs:
                v = self.pick(vs)
                for sc in self.scopes:
                    sc.discard(v)
                self.kinds[v] = MIXED
                return [pad + v + " " + self.pick(["/= 2", "+= 0.5", "= " + v + " > 0", "*= 1.0", "= " + v + " / 1"])]
        r = self.rng.random()
        if r < 0.22:
            kind = self.pick([INT, INT, FLOAT])
            vs = self.assignable(kind)
            if vs:
                v = self.pick(vs)
                if kind == INT:
                    return [pad + v + " " + self.pick(["+=", "+=", "-=", "*="]) + " " +
                            (self.int_expr(2)[0] if self.chance(0.8) else self.small_int(-3, 4)[0])]
                if self.chance(0.7):
                    return [pad + v + " " + self.pick(["+=", "-=", "*=", "/="]) + " " + self.expr(self.pick([INT, FLOAT]), 2)[0]]
                return [pad + v + " = " + v + " * " + self.float_lit()[0] + " + " + self.float_expr(1)[0]]
        if r < 0.32:
            vs = self.assignable(INT)
            if vs:
                return [pad + "if " + self.cond(2) + " { " + self.pick(vs) + " += 1 }"]
        if r < 0.4:
            vs = self.assignable(BOOL)
            if vs:
                v = self.pick(vs)
                c = self.bool_expr(1)
                return [pad + v + " = " + self.pick([v + " and " + paren(c, c[1] <= P_AND),
                                                    paren(c, c[1] <= P_OR) + " or not " + v,
                                                    "not " + v, v + " != " + paren(c, c[1] <= P_CMP)])]
        if r < 0.6:
            # first assignment (a new variable), maybe from a call
            kind = self.pick(KINDS)
            n = self.new_local(kind)
            if n:
                c = self.call_expr(kind, 2) if self.chance(0.5) else None
                e = c or self.expr(kind, 2)
                self.scopes[-1].add(n)
                sec.names.append(n)
                return [pad + n + " = " + e[0]]
        if r < 0.7:
            # several variables per iteration (Fibonacci-like, wrapping)
            a, b = self.assignable(INT), None
            if len(a) >= 2:
                x, y = self.rng.sample(a, 2)
                t = self.new_local(INT)
                if t:
                    self.scopes[-1].add(t)
                    sec.names.append(t)
                    return [pad + t + " = " + x + " + " + y + self.pick(["", " * 3", " - 1"]),
                            pad + x + " = " + y, pad + y + " = " + t]
        if r < 0.78:
            kind = self.pick([INT, FLOAT])
            vs = self.assignable(kind)
            if vs:
                v = self.pick(vs)
                e = self.expr(kind, 1)
                op = self.pick([">", "<"])
                if self.chance(0.5):
                    return [pad + "if " + paren(e, e[1] <= P_CMP) + " " + op + " " + v + " { " + v + " = " + e[0] + " }"]
                return [pad + v + " = if " + paren(e, e[1] <= P_CMP) + " " + op + " " + v + " { " + e[0] + " } else { " + v + " }"]
        if r < 0.9:
            kind = self.pick([INT, INT, FLOAT, BOOL])
            c = self.call_expr(kind, 2)
            vs = self.assignable(kind)
            if c and vs:
                v = self.pick(vs)
                if kind == BOOL:
                    return [pad + v + " = " + c[0]]
                return [pad + v + " " + self.pick(["+=", "-=", "="]) + " " + c[0]]
        return self.augmented(pad)

    def outside_subset(self, indent, sec):
        """A statement the fast path does not take: the loop (only this one) runs the generic way."""
        pad = "    " * indent
        vs = self.avail(INT) + self.avail(FLOAT)
        v = self.pick(vs) if vs else "0"
        r = self.rng.random()
        sec.generic = True
        if r < 0.35:
            return [pad + "if " + self.cond(1) + " { print(" + v + ") }"]
        if r < 0.5:
            return [pad + "print(" + v + ", " + self.expr(self.pick(KINDS), 1)[0] + ")"]
        t = self.assignable(INT)
        if not t:
            return [pad + "print(" + v + ")"]
        w = self.pick(t)
        return [pad + self.pick([w + " += [1, 2, 3][1]", w + " = len(\"abc\") + " + w, w + " += int(" + v + ")",
                                 w + " += abs(" + w + ") % 5"])]

    def loop(self, indent, sec, form=None, n_head=None, n_filler=None, depth=0, inner_p=0.25):
        """A for or while loop at `indent`. Its head statements run on every
        iteration; the names they first assign are certainly assigned after the
        loop when it certainly runs once. Returns the lines and whether it runs once."""
        pad = "    " * indent
        form = form or self.pick(["for", "for", "while"])
        lines = []
        if form == "while":
            h = self.while_header(pad, indent)
            if h is None:
                form = "for"
            else:
                before, header, first, counter, once, bound = h
                lines += before
                lines.append(header)
                body = [first]
                var = None
                self.active.append(counter)
        if form == "for":
            before, header, var, count, bound, prev = self.for_header(pad, indent == 0 or self.chance(0.3))
            lines += before
            lines.append(header)
            once = count is not None and count >= 1
            body = []
            self.kinds[var] = INT
        self.active.append(var)
        self.loop_depth += 1
        old = self.mult
        self.mult *= max(bound, 1)
        self.scopes.append({var} if var else set())
        names_before = len(sec.names)
        for _ in range(self.rng.randint(1, 3) if n_head is None else n_head):
            body += self.head_stmt(indent + 1, sec)
        certain = [n for n in sec.names[names_before:] if n in self.scopes[-1]]
        if depth < 1 and self.chance(inner_p):
            inner, inner_once = self.loop(indent + 1, sec, n_filler=self.rng.randint(0, 1), depth=depth + 1)
            body += inner
        if self.chance(0.2):
            c = self.cond(1)
            body.append(pad + "    if " + c + " { " + self.pick(["break", "continue"]) + " }")
        for _ in range(self.rng.randint(0, 2) if n_filler is None else n_filler):
            body += self.statement(indent + 1, None, False)
        if self.chance(0.06 if self.prog.fallback_rate else 0.02):
            body += self.outside_subset(indent + 1, sec)
        self.scopes.pop()
        self.mult = old
        self.loop_depth -= 1
        self.active.pop()
        lines += body
        lines.append(pad + "}")
        # what is certainly assigned after the loop
        target = self.scopes[-1]
        if once:
            for n in certain:
                target.add(n)
                if indent == 0:
                    self.defined.add(n)
        if var:
            if once:
                target.add(var)
                if indent == 0:
                    self.set_top(var, INT)
            elif indent == 0:
                if count == 0 and prev is not None:
                    self.set_top(var, prev)
                elif prev == INT:
                    self.set_top(var, INT)
                elif prev is not None:
                    self.set_top(var, MIXED)
                else:
                    self.kinds[var] = INT
                    if var not in sec.maybe:
                        sec.maybe.append(var)
        if form == "while":
            self.protected.discard(counter)
            self.active.remove(counter)
        if indent == 0:
            for n in sec.names:
                if n not in self.defined and n not in sec.maybe:
                    sec.maybe.append(n)
        return lines, once

    # ----- sections ---------------------------------------------------------------
    def inits(self, sec, n, odd=0.0):
        lines = []
        chosen = []
        for _ in range(n):
            kind = self.pick([INT, INT, FLOAT, FLOAT, BOOL])
            v = self.var_of(kind, exclude=chosen)
            if v is None:
                break
            chosen.append(v)
            line, was_odd = self.init_line(v, kind, odd=odd)
            lines.append(line)
            sec.touched.append(v)
            if was_odd:
                sec.odd.append(v)
            self.set_top(v, kind)
        return lines

    def after_lines(self, sec, notebook):
        names = [n for n in dict.fromkeys(sec.touched + sec.names) if n in self.defined]
        self.rng.shuffle(names)
        names = names[:7]
        if not names:
            return []
        out = ["print(" + ", ".join(names) + ")"]
        nums = [n for n in names if self.kinds.get(n) in KINDS]
        if nums and self.chance(0.3):
            out.append("print(" + ", ".join("dtype(" + n + ")" for n in nums[:3]) + ")")
        if notebook and self.chance(0.3):
            out.append(names[0])     # the cell's value is displayed
        return out

    def finish(self, sec):
        """After the section: names whose kind a generic run may have changed are not used again."""
        for v in sec.odd:
            self.set_top(v, MIXED)

    def new_section(self, kind, risky=False):
        sec = Section(kind, risky)
        sec.names = []          # names first assigned in a loop body
        sec.touched = []        # names set before the loop
        sec.odd = []
        sec.generic = False
        self.cost = 0
        self.mult = 1
        self.risky = risky and self.chance(0.5)
        sec.code.append(SECTION_MARK + kind)
        return sec

    def sec_plain(self, notebook, odd=0.0):
        sec = self.new_section("accumulate" if not odd else "odd entry", risky=bool(odd))
        sec.code += self.inits(sec, self.rng.randint(1, 4), odd)
        defined = set(self.defined)
        lines, _ = self.loop(0, sec)
        sec.code += lines
        if odd:
            # the loop may fail: what it assigns first may stay unassigned
            for n in sorted(self.defined - defined - set(sec.touched)):
                self.defined.discard(n)
                self.scopes[0].discard(n)
                if n not in sec.maybe:
                    sec.maybe.append(n)
        sec.after = self.after_lines(sec, notebook)
        self.finish(sec)
        return sec

    def sec_nested(self, notebook):
        sec = self.new_section("nested")
        sec.code += self.inits(sec, self.rng.randint(1, 3))
        pad = ""
        outer = self.pick(["for", "while"])
        # an outer loop whose body is mostly an inner loop
        lines, _ = self.loop(0, sec, form=outer, n_head=self.rng.randint(0, 1), n_filler=0, depth=-1, inner_p=1.0)
        sec.code += lines
        sec.after = self.after_lines(sec, notebook)
        return sec

    def sec_generic_outer(self, notebook):
        """An outer loop the fast path does not take (it prints); the inner loop is
        a loop site of its own, entered once per outer iteration, with kinds that
        may change between entries."""
        sec = self.new_section("generic outer")
        sec.code += self.inits(sec, self.rng.randint(1, 2))
        reps = self.rng.randint(2, 5)
        rv = self.pick(["rep", "rr2", "pass_"])
        self.kinds[rv] = INT
        form = self.pick(["for", "for", "while"])
        if form == "for":
            sec.code.append("for " + rv + " in range(" + str(reps) + ") {")
            self.scopes.append({rv})
        else:
            sec.code.append(rv + " = 0")
            sec.code.append("while " + rv + " < " + str(reps) + " {")
            self.scopes[0].add(rv)
            self.defined.add(rv)
            self.scopes.append(set())
        self.active.append(rv)
        self.protected.add(rv)
        old = self.mult
        self.mult *= reps
        body = []
        # entry values, maybe of a kind depending on the iteration
        alternating = []
        for _ in range(self.rng.randint(1, 3)):
            kind = self.pick([INT, FLOAT, BOOL])
            v = self.var_of(kind, 0.3)
            if v is None:
                break
            r = self.rng.random()
            if r < 0.35 and kind != BOOL:
                other = self.float_lit()[0] if kind == INT else self.int_lit()[0]
                body.append("    " + v + " = if " + rv + " % " + str(self.rng.randint(2, 3)) + " == 0 { " + self.lit(kind) + " } else { " + other + " }")
                alternating.append(v)
            elif r < 0.45:
                body.append("    " + v + " = if " + rv + " == " + str(self.rng.randint(0, reps - 1)) + " { " + self.pick(ODD_ENTRIES) + " } else { " + self.lit(kind) + " }")
                sec.odd.append(v)
            elif r < 0.6 and v in self.defined:
                pass     # carried over from the previous iteration
            else:
                body.append("    " + v + " = " + self.expr(kind, 1)[0])
            self.scopes[-1].add(v)
            sec.touched.append(v)
        saved_defined = set(self.defined)
        inner, _ = self.loop(1, sec, n_filler=self.rng.randint(0, 2))
        body += inner
        names = [n for n in dict.fromkeys([rv] + sec.touched) if n in self.scopes[-1] or n in self.scopes[0]]
        if form == "while":
            body.append("    " + rv + " += 1")
        body.append("    print(" + ", ".join(names[:6]) + ")")
        self.defined = saved_defined
        self.mult = old
        self.active.pop()
        self.protected.discard(rv)
        inside = self.scopes.pop()
        sec.code += body
        sec.code.append("}")
        # the entry values are assigned first in every iteration (reps >= 2)
        for v in dict.fromkeys(sec.touched):
            if v in alternating or v in sec.odd or v not in inside:
                self.set_top(v, MIXED)
            else:
                self.set_top(v, self.kinds[v])
        self.set_top(rv, INT)
        # the inner loop's variables may be of either kind now
        for v in sec.touched:
            if v in self.defined and self.kinds.get(v) in KINDS and self.chance(0.5):
                sec.after.append(v + " = " + self.lit(self.kinds[v]))
        sec.after += self.after_lines(sec, notebook)
        return sec

    def sec_redefine(self, notebook):
        """A callee redefined (or rebound) between entries of a loop site."""
        sec = self.new_section("callee redefined")
        f = self.helper("lf")
        g = self.helper("lg") if self.chance(0.4) else None
        saved = "saved_" + f
        defs = ["fn " + f + "(x) = x * " + str(self.rng.randint(2, 5)) + " + " + str(self.rng.randint(-3, 3))]
        if g:
            defs.append("fn " + g + "(x) = " + f + "(x) " + self.pick(["+ 1", "* 2", "- x"]))
        sec.code += defs
        acc = self.var_of(INT, 0.7)
        if acc is None:
            return None
        sec.code.append(acc + " = 0")
        self.set_top(acc, INT)
        sec.touched.append(acc)
        sec.code.append(saved + " = " + f)
        reps = self.rng.randint(3, 6)
        sec.code.append("for rep in range(" + str(reps) + ") {")
        alts = ["fn " + f + "(x) = x - " + str(self.rng.randint(1, 9)),
                "fn " + f + "(x) = x * 0.5",                 # another return kind
                "fn " + f + "(x) = x + RB2",                 # reads a global: not scalar
                f + " = " + saved,                           # back to the first definition
                f + " = abs",
                "fn " + f + "(x) = if x > 2 { x } else { -x }"]
        picks = self.rng.sample(alts, self.rng.randint(2, 3))
        sec.code.append("    if rep % " + str(len(picks) + 1) + " == 1 { " + picks[0] + " }")
        for k, p in enumerate(picks[1:]):
            sec.code.append("    if rep % " + str(len(picks) + 1) + " == " + str(k + 2) + " { " + p + " }")
        sec.code.append("    RB2 = rep")
        it = self.pick(["i", "j"])
        n = self.rng.randint(0, 6)
        callee = g or f
        body = self.pick(["{ " + acc + " += " + callee + "(" + it + ") }",
                          "{ " + acc + " = " + acc + " + " + callee + "(" + it + " + " + acc + " % 3) }",
                          "{ if " + it + " > 1 { " + acc + " -= " + callee + "(" + it + ") } }"])
        sec.code.append("    for " + it + " in range(" + str(n) + ") " + body)
        sec.code.append("    print(rep, " + acc + ")")
        sec.code.append("}")
        self.kinds[it] = INT
        if n >= 1:
            self.set_top(it, INT)
        self.set_top(acc, MIXED)
        sec.after = ["print(" + acc + ", " + f + "(2))"]
        return sec

    def sec_wide(self, notebook):
        """A loop using about as many variables as a loop site takes (30)."""
        sec = self.new_section("wide")
        n = self.rng.randint(26, 33)
        names = ["wv%d" % k for k in range(n)]
        pre = self.rng.randint(n // 2, n)
        init = ["%s = %s" % (names[k], self.pick(["0", "1", "-2", "0.5", "true"]) if k % 5 else "0") for k in range(pre)]
        for k in range(0, len(init), 8):
            sec.code.append("; ".join(init[k:k + 8]))
        kind_of = {}
        for k in range(pre):
            v = init[k].split(" = ")[1]
            kind_of[names[k]] = FLOAT if "." in v else BOOL if v == "true" else INT
        stmts = []
        for k in range(n):
            nm = names[k]
            prev = names[k - 1] if k else "i"
            pk = kind_of.get(prev, INT) if k else INT
            kd = kind_of.get(nm)
            if kd is None:
                kd = INT if pk == BOOL else pk
                kind_of[nm] = kd
                rhs = ("1" if kd == INT else "0.5") if pk == BOOL else prev + " + i"
                stmts.append(nm + " = " + rhs)
            elif kd == BOOL:
                stmts.append(nm + " = not " + nm)
            elif pk == BOOL:
                stmts.append(nm + " += 1")
            elif kd == INT and pk == FLOAT:
                stmts.append(nm + " -= i")
            else:
                stmts.append(nm + " += " + prev)
        reps = self.rng.randint(0, 4)
        sec.code.append("for i in range(%d) {" % reps)
        for k in range(0, len(stmts), 6):
            sec.code.append("    " + "; ".join(stmts[k:k + 6]))
        sec.code.append("}")
        shown = names[:pre] if reps == 0 else names
        sec.after = ["print(" + ", ".join(shown[k] for k in range(0, len(shown), 3)) + ")"]
        if reps == 0:
            sec.maybe.append(names[-1] if pre < n else "i")
        self.kinds["i"] = INT
        if reps:
            self.set_top("i", INT)
        return sec

    def sec_if(self, notebook):
        """Loops inside a top-level if: still loop sites."""
        sec = self.new_section("inside if")
        sec.code += self.inits(sec, self.rng.randint(1, 2))
        sec.code.append("if " + self.cond(1) + " {")
        self.scopes.append(set())
        lines, _ = self.loop(1, sec)
        self.scopes.pop()
        sec.code += lines
        if self.chance(0.6):
            sec.code.append("} else {")
            self.scopes.append(set())
            lines, _ = self.loop(1, sec)
            self.scopes.pop()
            sec.code += lines
        sec.code.append("}")
        for n in sec.names:
            if n not in self.defined and n not in sec.maybe:
                sec.maybe.append(n)
        sec.after = self.after_lines(sec, notebook)
        return sec

    def sec_range_rebound(self, notebook):
        sec = self.new_section("range rebound")
        acc = self.var_of(INT, 0.5)
        if acc is None:
            return None
        f = self.helper("myrange")
        sec.code += ["fn " + f + "(n) = list(n, 7, -1)", acc + " = 0", "saved_range = range", "range = " + f,
                     "for i in range(3) { " + acc + " += i }", "range = saved_range",
                     "for i in range(4) { " + acc + " = " + acc + " * 2 + i }"]
        self.set_top(acc, INT)
        self.set_top("i", INT)
        sec.after = ["print(" + acc + ", i)"]
        return sec

    def acc_for(self, sec, avoid):
        """An int accumulator, set to a literal now."""
        acc = self.var_of(INT, 0.3)
        if acc is None or acc == avoid:
            acc = avoid
        else:
            sec.code.append(acc + " = " + self.small_int()[0])
            self.set_top(acc, INT)
            sec.touched.append(acc)
        return acc

    # failing loops: the error, then (in a notebook) the variables written back
    def sec_fail(self, notebook):
        sec = self.new_section("fails", risky=True)
        sec.code += self.inits(sec, self.rng.randint(1, 3))
        r = self.rng.random()
        pad = "    "
        if r < 0.3:
            # integer division by zero after a few iterations
            d = self.var_of(INT, 0.8)
            if d is None:
                return None
            k = self.rng.randint(0, 5)
            sec.code.append(d + " = " + str(k))
            self.set_top(d, INT)
            sec.touched.append(d)
            self.protected.add(d)
            form = self.pick(["for", "while"])
            head = []
            self.scopes.append(set())
            for _ in range(self.rng.randint(0, 2)):
                head += self.head_stmt(1, sec)
            self.scopes.pop()
            acc = self.acc_for(sec, d)
            div = self.pick([acc + " += 1000 // " + d, acc + " = " + acc + " % " + d, acc + " += " + d + " // " + d,
                             "t9 = 7 // (" + d + " * 2)"])
            if div.startswith("t9"):
                sec.names.append("t9")
            body = head + [pad + div, pad + d + " -= 1"]
            if form == "for":
                sec.code.append("for i in range(" + str(k + self.rng.randint(1, 4)) + ") {")
                self.kinds["i"] = INT
            else:
                # bounded: a kind change in the body may turn the error into nan
                sec.code.append("while " + self.pick([d + " > -5", "not (" + d + " <= -3)", d + " >= -2 or " + d + " > 10"]) + " {")
            sec.code += body
            tail = self.head_stmt(1, sec)
            sec.code += tail + ["}"]
            self.protected.discard(d)
            if form == "for":
                sec.maybe.append("i")
        elif r < 0.45:
            # range step zero, maybe in an inner loop
            st = self.var_of(INT, 0.8)
            if st is None:
                return None
            k = self.rng.randint(0, 3)
            sec.code.append(st + " = " + str(k))
            self.set_top(st, INT)
            acc = self.acc_for(sec, st)
            sec.touched.append(st)
            if self.chance(0.5):
                sec.code += ["for j in range(" + str(k + 2) + ") {",
                             pad + "for i in range(0, 6, " + st + ") { " + acc + " += i }", pad + st + " -= 1", "}"]
                sec.maybe += ["j", "i"]
            else:
                sec.code += ["for i in range(" + self.pick(["0, 9, ", "9, 0, ", "", "1, 1, "]) + st + " - " + str(k) + ") { " + acc + " += i }"]
                sec.maybe += ["i"]
        elif r < 0.75:
            # the recursion limit, inside a function called from the loop
            acc = self.var_of(INT, 0.3)
            if acc is None:
                return None
            sec.code.append(acc + " = 0")
            self.set_top(acc, INT)
            sec.touched.append(acc)
            lin = [f for f in self.base.fns if f.rec == "linear" and f.level_cost * 10000 < 1_000_000 and not f.fallback]
            if lin and self.chance(0.4):
                f = self.pick(lin)
                args = ["i"] + [self.lit(k) for _, k in f.params[1:]]
                call = f.name + "(" + ", ".join(args) + ")"
                kind = f.ret
            else:
                f = self.helper("deep")
                r2 = self.rng.random()
                if r2 < 0.5:
                    sec.code.append("fn " + f + "(n) = if n <= 0 { 0 } else { " + f + "(n - 1) + 1 }")
                elif r2 < 0.8:
                    sec.code.append("fn " + f + "(n, x) = if n <= 0 { x } else { " + f + "(n - 1, x * 0.5) + 1.0 }")
                else:
                    g = self.helper("deepb")
                    sec.code.append("fn " + f + "(n) = if n <= 0 { 0 } else { " + g + "(n - 1) + 1 }")
                    sec.code.append("fn " + g + "(n) = if n <= 0 { 0 } else { " + f + "(n - 1) - 1 }")
                call = f + "(i)" if r2 < 0.5 or r2 >= 0.8 else f + "(i, 2.0)"
                kind = INT if r2 < 0.5 or r2 >= 0.8 else FLOAT
            lo = self.rng.randint(9994, 10000)
            t = self.new_local(kind) or "t8"
            sec.code.append("for i in range(" + str(lo) + ", 10003) {")
            self.kinds["i"] = INT
            self.scopes.append({"i"})
            if self.chance(0.5):
                sec.code += self.head_stmt(1, sec)
            sec.code.append(pad + t + " = " + call)
            sec.code.append(pad + acc + " += 1")
            self.scopes.pop()
            sec.code.append("}")
            sec.names.append(t)
            sec.maybe.append("i")
        elif r < 0.85:
            # runaway recursion
            acc = self.var_of(INT, 0.3)
            if acc is None:
                return None
            f = self.helper("runaway")
            sec.code.append("fn " + f + "(n) = " + f + "(n + 1) " + self.pick(["+ 1", "- n", "* 2"]))
            sec.code.append(acc + " = 0")
            self.set_top(acc, INT)
            sec.touched.append(acc)
            k = self.rng.randint(0, 4)
            sec.code.append("for i in range(6) { " + acc + " += i; if i == " + str(k) + " { " + acc + " += " + f + "(i) } }")
            self.kinds["i"] = INT
            sec.maybe.append("i")
        else:
            # the error is in the loop's condition or range
            z = self.var_of(INT, 0.8)
            if z is None:
                return None
            k = self.rng.randint(0, 3)
            sec.code.append(z + " = " + str(k))
            self.set_top(z, INT)
            sec.touched.append(z)
            if self.chance(0.5):
                sec.code.append("while 10 // " + z + " > 0 { " + z + " -= 1 }")
            else:
                sec.code.append("for i in range(10 // " + z + ") { " + z + " -= 1 }")
                self.kinds["i"] = INT
                sec.maybe.append("i")
        for n in sec.names:
            if n not in sec.maybe:
                sec.maybe.append(n)
        sec.after = self.after_lines(sec, notebook)
        # afterwards nothing is known about the variables the loop wrote
        for v in sec.touched:
            if v in self.kinds and v != "G":
                self.set_top(v, MIXED)
        for v in sec.names:
            self.kinds[v] = MIXED
            for sc in self.scopes:
                sc.discard(v)
        return sec

    # ----- the program ------------------------------------------------------------
    def program(self):
        b = self.base
        lines = b.lines
        original = "\n".join(lines) + "\n"
        if not self.chance(0.75):
            return original
        notebook = self.chance(0.4)
        self.failing_ok = notebook
        head, defs = lines[:1], lines[1:b.n_defs]
        calls = lines[b.n_defs:b.n_defs + b.calls_end]
        rest = lines[b.n_defs + b.calls_end:b.n_defs + b.risky_start]
        risky = lines[b.n_defs + b.risky_start:]
        kinds = ["plain"] * 6 + ["nested"] * 2 + ["generic_outer"] * 2 + ["redefine", "wide", "if", "odd"]
        normal = []
        for _ in range(self.rng.randint(2, 5)):
            k = self.pick(kinds + (["range_rebound"] if self.chance(0.05) else []))
            if k == "odd":
                sec = self.sec_plain(notebook, odd=0.5)
            else:
                sec = getattr(self, "sec_" + k)(notebook)
            if sec is None:
                continue
            self.total += self.cost
            normal.append(sec)
            if self.total > TOP_LOOP_BUDGET:
                break
        fails = []
        for _ in range(self.rng.randint(0, 3) if notebook else (1 if self.chance(0.2) else 0)):
            sec = self.sec_fail(notebook)
            if sec:
                fails.append(sec)
        if not notebook:
            # a failing section comes last (before or after the risky calls)
            out = head + defs + calls
            for s in normal:
                out += s.code + s.after
            out += rest
            tail = risky
            if fails and self.chance(0.5):
                out += tail
                tail = []
            for s in fails:
                out += s.code + s.after
            out += tail
            maybe = [n for s in normal + fails for n in s.maybe]
            if maybe and self.chance(0.4):
                out.append("print(" + self.pick(maybe) + ")")
            return "\n".join(out) + "\n"
        out = list(head)
        if self.chance(0.3):
            out += ["# %% [markdown]", "# Top-level loops, with the variables they leave behind."]
        out += ["# %%"] + defs
        if calls:
            out += ["# %%"] + calls
        for s in normal + [None] + fails:
            if s is None:
                if rest:
                    out += ["# %%"] + rest
                continue
            out += ["# %%"] + s.code
            if s.after:
                if self.chance(0.5) or s in fails:
                    out.append("# %%")
                out += s.after
            for n in s.maybe[:3]:
                if self.chance(0.5 if s in fails else 0.35):
                    out += ["# %%", "print(" + n + ")"]
        if risky:
            out += ["# %%"] + risky
        return "\n".join(out) + "\n"


# ----- Arrays inside loops ---------------------------------------------------------
#
# Sections that read and write array elements in loops (the typed path holds numpy
# scalars and arrays of rank 1 and 2): `elements` at the top level, `function loops`
# in functions with array parameters, each sometimes in a failing variant. They come
# from their own random stream ("SEED:INDEX:arrays") and are inserted after the
# program's function definitions (failing ones at the end), with names of their own,
# so the rest of each program is the same as without them (--no-arrays).

ARR_DTYPES = ["bool", "u8", "i32", "i64", "f32", "f64"]
ARR_VALUES = {
    "bool": ["true", "false"],
    "u8": ["0", "1", "2", "3", "7", "100", "127", "128", "200", "250", "254", "255"],
    "i32": ["0", "1", "-1", "5", "-7", "12", "1000", "-40000", "2147483647", "-2147483648", "2147483600"],
    "i64": ["0", "1", "-1", "6", "-9", "17", "3037000500", "4611686018427387904", "-1000000007",
            "9223372036854775807", "9007199254740993"],
    "f32": ["0.1", "0.5", "-1.5", "2.25", "3.0", "1e30", "-0.0", "7.75", "16777217.0"],
    "f64": ["0.1", "0.5", "-1.5", "2.25", "3.0", "1e300", "-0.0", "7.75", "9007199254740992.0", "1e-300",
            "9.223372036854776e18"],
}
ARR_NAMES = ["xv1", "xv2", "xv3"]
MAT_NAMES = ["xm1", "xm2"]
ACC_NAMES = ["es1", "es2"]
EL_WORDS = ["count", "argmax", "dot", "fill", "find", "scale", "running", "total", "clip", "tally"]
ARR_SECTION_KINDS = ["elements", "function loops"]


class ArrayVar:
    def __init__(self, name, dtype, shape):
        self.name = name
        self.dtype = dtype
        self.shape = shape

    @property
    def numeric(self):
        return self.dtype != "bool"

    @property
    def intlike(self):
        return self.dtype in ("u8", "i32", "i64")


class SectionLayer(Gen):
    """A layer whose sections are of the kinds in KINDS (`section(kind, fails)`
    makes one): one to three where the base program has room, and for some
    programs failing ones at the end. Its functions are named PREFIX + word + n."""
    KINDS = []
    # The kinds and the chance of a failing section in a program that is not a notebook.
    FAIL_KINDS = None
    FAIL_CHANCE = 0.35
    PREFIX = ""

    def __init__(self, rng, base):
        super().__init__(rng)
        self.base = base
        self.fn_count = 0

    def fn_name(self, word):
        self.fn_count += 1
        return "%s%s%d" % (self.PREFIX, word, self.fn_count)

    def apply(self, text):
        if not self.chance(0.7):
            return text
        lines = text.split("\n")
        notebook = any(l.startswith("# %%") for l in lines)
        at = section_place(text, self.base)
        normal = [self.section(self.pick(self.KINDS)) for _ in range(self.rng.randint(1, 3))]
        fails = [self.section(self.pick(self.FAIL_KINDS or self.KINDS), True)
                 for _ in range(self.rng.randint(0, 2) if notebook else (1 if self.chance(self.FAIL_CHANCE) else 0))]
        return splice_sections(lines, at, notebook, normal, fails, self.chance)


class ArraySections(SectionLayer):
    KINDS = ["elements", "elements", "functions"]
    FAIL_KINDS = ["elements", "functions"]
    FAIL_CHANCE = 0.3

    def __init__(self, rng, base):
        super().__init__(rng, base)
        self.fn_names = set()
        self.int_src = None
        self.cur_n = 0

    # ----- values ---------------------------------------------------------------
    def values(self, dtype, n):
        return [self.pick(ARR_VALUES[dtype]) for _ in range(n)]

    def make_array(self, name, dtype, shape):
        """`name = ...` making an array of `dtype` and `shape` (literal, zeros, astype)."""
        empty = 0 in shape
        if empty or self.chance(0.3):
            z = "zeros(%d)" % shape[0] if len(shape) == 1 else "zeros([%d, %d])" % shape
            return name + " = " + (z if dtype == "f64" else "astype(%s, \"%s\")" % (z, dtype))
        if len(shape) == 1:
            vals = self.values(dtype, shape[0])
            if dtype == "f64" and not any("." in v or "e" in v for v in vals):
                vals[0] = "0.5"
            lit = "[" + ", ".join(vals) + "]"
        else:
            rows = []
            for _ in range(shape[0]):
                rows.append("[" + ", ".join(self.values(dtype, shape[1])) + "]")
            if dtype == "f64" and not any("." in r or "e" in r for r in rows):
                rows[0] = "[" + ", ".join(["0.5"] + self.values("f64", shape[1] - 1)) + "]"
            lit = "[" + ", ".join(rows) + "]"
        if dtype == "i64" and len(shape) == 1 and all(v.lstrip("-").isdigit() for v in vals):
            return name + " = " + lit
        if dtype == "bool" and self.chance(0.5):
            return name + " = " + lit
        if dtype == "f64" and self.chance(0.6):
            return name + " = " + lit
        src = lit
        if dtype in ("bool", "u8", "i32") and self.chance(0.2) and len(shape) == 1:
            # through a float array: astype truncates
            src = "[" + ", ".join(v + ".5" if v.isdigit() else v for v in vals) + "]"
            if dtype == "bool":
                src = lit
        return name + " = astype(%s, \"%s\")" % (src, dtype)

    # ----- expressions ------------------------------------------------------------
    def idx(self, ix, length, safe=True):
        """An index expression valid for 0 <= ix < length (any length >= 1)."""
        r = self.rng.random()
        if r < 0.4:
            return ix
        if r < 0.55:
            return "-1 - " + ix
        if r < 0.65:
            return "len(%s) - 1 - %s" % (length, ix) if isinstance(length, str) else "%d - %s" % (length - 1, ix)
        if r < 0.72:
            return ix + " - 1"
        if r < 0.8:
            return "(%s * 3) %% %s" % (ix, "len(%s)" % length if isinstance(length, str) else str(length))
        if r < 0.86:
            return ix + " // 2"
        if r < 0.93:
            return ix + " - " + ("len(%s)" % length if isinstance(length, str) else str(length))
        if self.int_src is not None and not isinstance(length, str) and length > 0:
            # an index that is a numpy integer (an element of another array)
            return "%s[%s] %% %d" % (self.int_src, ix, length)
        return ix

    def small_lit(self, floaty=None):
        if floaty is None:
            floaty = self.chance(0.35)
        if floaty:
            return self.pick(["0.5", "1.5", "2.0", "0.25", "3.5", "0.1"])
        return str(self.rng.randint(1, 9))

    def value(self, ctx, target, ix):
        """A value to store into an element of `target` (no error on purpose)."""
        reads = [a for a in ctx.vecs if a.numeric]
        r = self.rng.random()
        if target.dtype == "bool":
            if r < 0.3:
                return "not " + self.read(ctx, target, ix)
            if r < 0.55:
                return "%s %% %d == 0" % (ix, self.rng.randint(2, 3))
            if r < 0.8 and reads:
                a = self.pick(reads)
                return "%s > %s" % (self.read(ctx, a, ix), self.small_lit())
            return self.pick(["true", "false"])
        bools = [a for a in ctx.vecs if a.dtype == "bool"]
        if r < 0.04 and bools:
            # arithmetic on a numpy bool (an int64 or f64 in numpy 2)
            return "%s %s %s" % (self.read(ctx, self.pick(bools), ix), self.pick(["+", "*", "//"]),
                                 self.pick(["1", "2", "2.5"]))
        if r < 0.2:
            # a Python int from the index (never negative, small enough for u8)
            return self.pick(["%s * %s" % (ix, self.small_lit(False)), "%s + %s" % (ix, self.small_lit(False)),
                              "%s %% 3" % ix])
        if not reads:
            return ix
        a = self.pick(reads)
        e = self.read(ctx, a, ix)
        r = self.rng.random()
        if r < 0.25:
            return e + " + " + self.small_lit()
        if r < 0.4:
            return e + " * " + self.small_lit()
        if r < 0.5:
            return e + " / " + self.pick(["2", "4", "3", "0.5"])
        if r < 0.6:
            b = self.pick(reads)
            return e + " - " + self.read(ctx, b, ix)
        if r < 0.68 and a.intlike:
            return e + " // " + str(self.rng.randint(2, 5))
        if r < 0.74 and a.intlike:
            return e + " % " + str(self.rng.randint(2, 7))
        if r < 0.8:
            return "-" + e
        if r < 0.86 and ctx.accs:
            return self.pick(ctx.accs) + " + " + e
        if r < 0.88:
            return e + self.pick([" * ", " / ", " ** 2 + 0 * "]) + self.read(ctx, self.pick(reads), ix)
        if r < 0.89 and a.intlike:
            # numpy ints divided by a zero element: whatever the generic path does
            return e + self.pick([" // ", " % "]) + self.read(ctx, self.pick(reads), ix)
        if r < 0.9:
            return self.small_lit() + " * " + e + " + " + self.read(ctx, self.pick(reads), ix)
        return e

    def read(self, ctx, a, ix, jx=None):
        if len(a.shape) == 1:
            return "%s[%s]" % (a.name, self.idx(ix, a.shape[0] if not ctx.symbolic else a.name))
        i = self.pick([ix, "-1 - " + ix, ix + " - 1"]) if jx is not None else ix
        j = self.pick([jx, "-1 - " + jx, jx + " - 1"]) if jx is not None else "0"
        return "%s[%s, %s]" % (a.name, i, j)

    def cond(self, ctx, ix):
        r = self.rng.random()
        bools = [a for a in ctx.vecs if a.dtype == "bool"]
        nums = [a for a in ctx.vecs if a.numeric]
        if r < 0.25 and bools:
            e = self.read(ctx, self.pick(bools), ix)
            return ("not " + e) if self.chance(0.3) else e
        if r < 0.7 and nums:
            a = self.pick(nums)
            other = self.pick([self.small_lit(), "-1", "0", self.read(ctx, self.pick(nums), ix)]
                              + (ctx.accs if ctx.accs else []))
            e = "%s %s %s" % (self.read(ctx, a, ix), self.pick([">", "<", ">=", "==", "!="]), other)
            if self.chance(0.2):
                e += self.pick([" and ", " or "]) + "%s %% 2 == 0" % ix
            return e
        return "%s %% %d == %d" % (ix, self.rng.randint(2, 4), self.rng.randint(0, 1))

    # ----- statements ---------------------------------------------------------------
    def stmt1(self, ctx, ix, pad, writes):
        """One statement of a loop over the indices of the section's vectors."""
        r = self.rng.random()
        nums = [a for a in ctx.vecs if a.numeric]
        if r < 0.22 and ctx.accs and nums:
            s = self.pick(ctx.accs)
            a = self.pick(nums)
            e = self.read(ctx, a, ix)
            return [pad + self.pick([
                "%s += %s" % (s, e),
                "%s = %s + %s * %s" % (s, s, e, self.read(ctx, self.pick(nums), ix)),
                "%s = %s * 0.5 + %s" % (s, s, e),
                "%s -= %s" % (s, e),
                "if %s > %s { %s = %s }" % (e, s, s, e),
            ] + ["%s += %s" % (s, self.read(ctx, b, ix)) for b in ctx.vecs if b.dtype == "bool"][:1])]
        if r < 0.35:
            c = ctx.counter
            return [pad + "if %s { %s += 1 }" % (self.cond(ctx, ix), c)]
        if r < 0.7 and writes:
            t = self.pick(writes)
            i = self.idx(ix, t.shape[0] if not ctx.symbolic else t.name)
            if t.numeric and self.chance(0.35):
                op = self.pick(["+=", "-=", "*="] + (["/="] if t.dtype in ("f32", "f64") else []))
                v = self.small_lit(None if t.dtype in ("f32", "f64") else False) if self.chance(0.6) \
                    else self.read(ctx, self.pick(nums), ix)
                return [pad + "%s[%s] %s %s" % (t.name, i, op, v)]
            return [pad + "%s[%s] = %s" % (t.name, i, self.value(ctx, t, ix))]
        if r < 0.76 and nums:
            a = self.pick(nums)
            ctx.used_best = True
            return [pad + "if %s[%s] > %s[bi] { bi = %s }" % (a.name, ix, a.name, ix)]
        if r < 0.82 and writes and [w for w in writes if w.numeric]:
            # running state
            t = self.pick([w for w in writes if w.numeric])
            x = self.pick(nums)
            return [pad + "%s[%s] = %s * %s[%s - 1] + %s[%s]" % (t.name, ix, self.small_lit(True), t.name, ix,
                                                               x.name, ix)]
        if r < 0.87 and writes:
            # swap two elements through a temporary
            t = self.pick(writes)
            return [pad + "tmp = %s[%s]" % (t.name, ix),
                    pad + "%s[%s] = %s[-1 - %s]" % (t.name, ix, t.name, ix),
                    pad + "%s[-1 - %s] = tmp" % (t.name, ix)]
        if r < 0.91 and ctx.loop_kind == "for":
            return [pad + "if %s { %s }" % (self.cond(ctx, ix), self.pick(["break", "continue"]))]
        if r < 0.94 and writes:
            # a copy taken inside the loop, then the original written: value semantics
            t = self.pick(writes)
            ctx.snap = True
            return [pad + "snap = " + t.name, pad + "%s[%s] = %s" % (t.name, ix, self.value(ctx, t, ix))]
        if r < 0.955 and ctx.helpers and nums:
            # a function that writes its own copy of the array, called in the loop
            a = self.pick(nums)
            return [pad + "%s += %s(%s, %s)" % (self.pick(ctx.accs), self.pick(ctx.helpers), a.name, ix)]
        if r < 0.965 and writes:
            # the written variable gets another array (same dtype) in the loop
            t = self.pick(writes)
            same = [a.name for a in ctx.vecs if a.dtype == t.dtype and a is not t]
            src = self.pick(same + ["astype(zeros(%s), \"%s\")" % ("len(%s)" % t.name, t.dtype)])
            return [pad + "if %s { %s = %s }" % (self.cond(ctx, ix), t.name, src)]
        if r < 0.975:
            ctx.ok_used = True
            return [pad + "okv = okv and %s" % self.cond(ctx, ix)]
        # outside the typed subset: the loop runs the generic way
        a = self.pick(ctx.vecs)
        return [pad + self.pick(["print(%s[%s])" % (a.name, ix), "lst = [%s[%s]]" % (a.name, ix),
                                 "%s = abs(%s)" % (ctx.counter, ctx.counter)])]

    def loop1(self, ctx, pad, writes, n_stmts, fail=None):
        """A loop over the vectors' indices (for or while), maybe with a failing statement."""
        ix = "ix"
        L = "len(%s)" % ctx.vecs[0].name
        form = self.rng.random()
        lines = []
        if form < 0.55:
            ctx.loop_kind = "for"
            hdr = self.pick(["range(%s)" % L, "range(%s)" % L, "range(%s - 1, -1, -1)" % L, "range(1, %s)" % L,
                             "range(0, %s, 2)" % L])
            lines.append(pad + "for ix in %s {" % hdr)
            body_pad = pad + "    "
            tail = []
        elif form < 0.8:
            ctx.loop_kind = "for"      # increment first: continue is safe
            lines.append(pad + "ix = -1")
            lines.append(pad + "while ix < %s - 1 {" % L)
            body_pad = pad + "    "
            lines.append(body_pad + "ix += 1")
            tail = []
        else:
            ctx.loop_kind = "while"
            lines.append(pad + "ix = 0")
            lines.append(pad + "while %s {" % self.pick(["ix < %s" % L, "ix < %s and %s < 1000" % (L, ctx.counter),
                                                         "not (ix >= %s)" % L]))
            body_pad = pad + "    "
            tail = [body_pad + "ix += 1"]
        body = []
        for _ in range(n_stmts):
            body += self.stmt1(ctx, ix, body_pad, writes)
        if fail:
            at = len(body) if self.chance(0.5) else self.rng.randint(0, len(body))
            f = fail(ix, body_pad)
            body = body[:at] + f + body[at:]
        lines += body + tail + [pad + "}"]
        return lines

    def loop2(self, ctx, pad, m, fail=None):
        """A 2-d loop over the rows and columns of `m` (shape R x n)."""
        R, C = m.shape
        rows = self.pick(["len(%s)" % m.name, str(R)])
        lines = [pad + "for ix in range(%s) {" % rows, pad + "    for jx in range(%d) {" % C]
        p = pad + "        "
        body = []
        vec = self.pick(ctx.vecs) if ctx.vecs else None
        for _ in range(self.rng.randint(1, 3)):
            r = self.rng.random()
            if r < 0.3:
                v = "ix * 10 + jx" if m.dtype != "bool" else "(ix + jx) % 2 == 0"
                body.append(p + "%s[ix, jx] = %s" % (m.name, v))
            elif r < 0.5 and m.numeric and vec is not None and vec.numeric:
                body.append(p + "%s[ix, jx] %s %s[jx]" % (m.name, self.pick(["+=", "-=", "*="]), vec.name))
            elif r < 0.7 and m.numeric and ctx.accs:
                body.append(p + "%s += %s" % (self.pick(ctx.accs), self.read(ctx, m, "ix", "jx")))
            elif r < 0.8 and m.numeric:
                body.append(p + "%s[ix, jx] = %s[ix - 1, jx] + %s" % (m.name, m.name, self.small_lit(False)))
            elif r < 0.9:
                cond = self.read(ctx, m, "ix", "jx") + (" > 1" if m.numeric else "")
                body.append(p + "if %s { %s += 1 }" % (cond, ctx.counter))
            elif r < 0.95:
                body.append(p + "%s[-1 - ix, -1 - jx] = %s" % (m.name, self.read(ctx, m, "ix", "jx")))
            else:
                # one index on a 2-d array: a whole row (not an element)
                body.append(p + "%s[ix] = %s" % (m.name, "ix + jx" if m.dtype != "bool" else "jx % 2 == 0"))
        if fail:
            at = self.rng.randint(0, len(body))
            body = body[:at] + fail("ix", p) + body[at:]
        return lines + body + [pad + "    }", pad + "}"]

    # ----- failing statements ------------------------------------------------------------
    def failing(self, ctx, writes):
        """A function (ix, pad) -> lines that fail at some iteration, or None."""
        vecs = ctx.vecs
        n = vecs[0].shape[0]
        k = self.rng.randint(0, max(0, n - 1))
        guard = self.pick(["", "if ix == %d { " % k, "if ix >= %d { " % k])
        end = " }" if guard else ""
        a = self.pick(vecs)
        cands = [
            "es1 += %s[ix + 1]" % a.name if a.numeric else "okv = %s[ix + 1]" % a.name,
            "%s[len(%s)] = %s" % (a.name, a.name, "true" if a.dtype == "bool" else "1"),
            "okv = %s[-1 - len(%s)] == %s[0]" % (a.name, a.name, a.name),
            "cnt_e = cnt_e // (ix - %d)" % k,
            "cnt_e = cnt_e %% (%d - ix)" % k,
            "%s[ix] = \"s\"" % a.name,
            "okv = len(es1)",
            "%s[ix * 1.0] = %s[0]" % (a.name, a.name),
        ]
        ints = [w for w in writes if w.dtype in ("u8", "i32")]
        if ints:
            t = self.pick(ints)
            big = "256 + ix" if t.dtype == "u8" else "2147483648 + ix"
            cands += ["%s[ix] = %s" % (t.name, big), "%s[ix] = -1 - ix" % t.name if t.dtype == "u8" else
                      "%s[ix] = %s[ix] + 3000000000" % (t.name, t.name),
                      "%s[ix] = %s[ix] + 300" % (t.name, t.name) if t.dtype == "u8" else
                      "%s[ix] = -2147483649" % t.name]
        mats = ctx.mats
        if mats:
            m = self.pick(mats)
            cands += ["%s[ix, %d] = 1" % (m.name, m.shape[1]), "es1 += %s[%d, 0]" % (m.name, m.shape[0])]
        typed = [c for c in cands if "\"s\"" not in c and "len(es1)" not in c and "1.0]" not in c]
        s = self.pick(typed if self.chance(0.75) else cands)
        return lambda ix, pad: [pad + guard + s.replace("ix", ix) + end]

    # ----- sections ---------------------------------------------------------------------
    def sec_elements(self, fails=False):
        ctx = type("Ctx", (), {})()
        ctx.symbolic = False
        ctx.counter = "cnt_e"
        ctx.used_best = False
        ctx.snap = False
        ctx.ok_used = False
        ctx.loop_kind = "for"
        code = [SECTION_MARK + ("elements fails" if fails else "elements")]
        r = self.rng.random()
        n = 0 if r < 0.08 else 1 if r < 0.18 else self.rng.randint(2, 10)
        if fails and n == 0:
            n = self.rng.randint(1, 6)
        vecs = []
        for name in ARR_NAMES[:self.rng.randint(1, 3)]:
            a = ArrayVar(name, self.pick(ARR_DTYPES), (n,))
            vecs.append(a)
            code.append(self.make_array(name, a.dtype, a.shape))
        mats = []
        if self.chance(0.35):
            m = ArrayVar(MAT_NAMES[0], self.pick(ARR_DTYPES), (self.rng.randint(0 if not fails else 1, 4), n))
            mats.append(m)
            code.append(self.make_array(m.name, m.dtype, m.shape))
        ctx.vecs, ctx.mats = vecs, mats
        ints = [a for a in vecs if a.intlike]
        self.int_src = self.pick(ints).name if ints and self.chance(0.5) else None
        ctx.helpers = []
        if self.chance(0.3):
            h = self.fn_name(self.pick(["bump", "peek"]))
            ctx.helpers.append(h)
            if "bump" in h:
                code += ["fn %s(v, i) {" % h, "    v[i] %s %s" % (self.pick(["+=", "*=", "="]), self.pick(["1", "2", "0.5"])),
                         "    v[i]", "}"]
            else:
                code.append("fn %s(v, i) = v[i] + v[-1 - i]" % h)
        # accumulators: Python ints/floats that become numpy scalars, or an element
        ctx.accs = []
        for name in ACC_NAMES[:self.rng.randint(1, 2)]:
            ctx.accs.append(name)
            nums = [a for a in vecs if a.numeric]
            init = self.pick(["0", "0.0", "1", "0.5"] + (["%s[0]" % self.pick(nums).name] if nums and n else []))
            code.append("%s = %s" % (name, init))
        code.append("cnt_e = 0")
        code.append("okv = true")
        code.append("bi = 0")
        # sharing before the loop
        shared = []
        if self.chance(0.4):
            a = self.pick(vecs + mats)
            code.append("xs_%s = %s" % (a.name, a.name))
            shared.append(a.name)
        writes = [a for a in vecs if self.chance(0.6)]
        if fails and not writes:
            # the elements written before the failure must be there afterwards
            writes = [self.pick(vecs)]
        fail = self.failing(ctx, writes) if fails else None
        fail_in_2d = bool(fails and mats and mats[0].shape[0] and self.chance(0.4))
        reps = self.rng.randint(2, 6) if self.chance(0.2) else 0
        pad = ""
        if reps:
            code.append("for rep in range(%d) {" % reps)
            pad = "    "
        if n == 0 or not (mats and self.chance(0.3)):
            code += self.loop1(ctx, pad, writes, self.rng.randint(1, 4), None if fail_in_2d else fail)
        if mats and mats[0].shape[0] and n:
            code += self.loop2(ctx, pad, mats[0], fail if fail_in_2d else None)
        elif fail_in_2d:
            code += self.loop1(ctx, pad, writes, 1, fail)
        if reps:
            code.append("}")
        # afterwards: the arrays, their dtypes, the scalars and their dtypes
        after = []
        names = [a.name for a in vecs + mats] + ["xs_" + s for s in shared]
        if ctx.snap:
            names.append("snap")
        after.append("print(" + ", ".join(names) + ")")
        after.append("print(" + ", ".join("dtype(%s)" % x for x in names[:3]) + ")")
        sc = ctx.accs + ["cnt_e"] + (["okv"] if ctx.ok_used else []) + (["bi"] if ctx.used_best else [])
        after.append("print(" + ", ".join(sc) + ")")
        after.append("print(" + ", ".join("dtype(%s)" % x for x in sc) + ")")
        if ctx.snap and self.chance(0.5):
            after.append("print(shape(snap), %s == %s)" % (writes[0].name if writes else vecs[0].name, "snap"))
        return code, after

    # ----- function loops ------------------------------------------------------------------
    def fn_name(self, word):
        k = 1
        while "el_%s%d" % (word, k) in self.fn_names:
            k += 1
        name = "el_%s%d" % (word, k)
        self.fn_names.add(name)
        return name

    def loop_head(self, var, bound, pad):
        """A for or while loop over range(bound) with `var` (lines, closing lines)."""
        if self.chance(0.65):
            return [pad + "for %s in range(%s) {" % (var, bound)], [pad + "}"], "for"
        return ([pad + "%s = -1" % var, pad + "while %s < %s - 1 {" % (var, bound), pad + "    %s += 1" % var],
                [pad + "}"], "for")

    def function(self):
        """(name, kind of arguments, lines) of a function looping over array parameters."""
        t = self.pick(["count", "argmax", "dot", "fill", "fill2", "find", "scale", "running", "total2",
                       "clip", "tally", "digits", "copyback", "writers", "recursive", "lastpos", "first"])
        p = "    "
        if t == "count":
            f = self.fn_name("count")
            h, c, _ = self.loop_head("ix", "len(v)", p)
            cond = "v[ix] > t"
            if self.chance(0.4):
                cond += self.pick([" and v[-1 - ix] < t + 5", " or v[ix - 1] == t"])
            body = [p + "c = 0"] + h + [p + "    if %s { c += 1 }" % cond] + c + [p + "c"]
            return f, "vt", ["fn %s(v, t) {" % f] + body + ["}"]
        if t == "argmax":
            f = self.fn_name("argmax")
            h, c, _ = self.loop_head("ix", "len(v)", p)
            body = [p + "bi = 0"] + h + [p + "    if v[ix] %s v[bi] { bi = ix }" % self.pick([">", ">=", "<"])] + c
            body.append(p + self.pick(["bi", "bi", "[bi, v[bi]][0]"]))
            return f, "v", ["fn %s(v) {" % f] + body + ["}"]
        if t == "dot":
            f = self.fn_name("dot")
            h, c, _ = self.loop_head("ix", "len(a)", p)
            body = [p + "s = %s" % self.pick(["0", "0.0"] + (["a[0] - a[0]"] if self.cur_n else []))] + h
            body.append(p + "    s += a[ix] * b[%s]" % self.pick(["ix", "-1 - ix", "ix"]))
            body += c + [p + "s"]
            return f, "vv", ["fn %s(a, b) {" % f] + body + ["}"]
        if t in ("fill", "fill2"):
            f = self.fn_name("fill")
            dt = self.pick(ARR_DTYPES[1:])
            if t == "fill":
                z = "zeros(n)" if dt == "f64" else "astype(zeros(n), \"%s\")" % dt
                h, c, _ = self.loop_head("ix", "n", p)
                v = self.pick(["ix * k + 1", "k - ix", "ix / 2", "k"]) if dt != "u8" else \
                    self.pick(["(ix * 7) % 256", "ix % 3", "k % 256"])
                body = [p + "m = " + z] + h + [p + "    m[ix] = " + v]
                if self.chance(0.4):
                    body.append(p + "    if ix > 0 { m[ix] += m[ix - 1] }")
                body += c + [p + "m"]
                return f, "nk", ["fn %s(n, k) {" % f] + body + ["}"]
            z = "zeros([r, c])" if dt == "f64" else "astype(zeros([r, c]), \"%s\")" % dt
            body = [p + "m = " + z, p + "for ix in range(r) {", p + "    for jx in range(c) {",
                    p + "        m[ix, jx] = " + self.pick(["ix * 10 + jx", "ix + jx", "jx"]),
                    p + "    }", p + "}"]
            if self.chance(0.5):
                body += [p + "for ix in range(1, r) {", p + "    for jx in range(c) { m[ix, jx] += m[ix - 1, jx] }",
                         p + "}"]
            body.append(p + "m")
            return f, "rc", ["fn %s(r, c) {" % f] + body + ["}"]
        if t == "find":
            f = self.fn_name("find")
            if self.chance(0.5):
                body = [p + "ix = 0", p + "while ix < len(v) {", p + "    if v[ix] == t { return ix }",
                        p + "    ix += 1", p + "}", p + "-1"]
            else:
                body = [p + "at = -1", p + "for ix in range(len(v)) {",
                        p + "    if v[ix] %s t { at = ix; break }" % self.pick(["==", ">"]),
                        p + "    if v[ix] < 0 { continue }", p + "}", p + "at"]
            return f, "vt", ["fn %s(v, t) {" % f] + body + ["}"]
        if t == "scale":
            f = self.fn_name("scale")
            h, c, _ = self.loop_head("ix", "len(v)", p)
            body = h + [p + "    v[ix] = v[ix] * k"] + c + [p + "v"]
            return f, "vk", ["fn %s(v, k) {" % f] + body + ["}"]
        if t == "copyback":
            f = self.fn_name("copyback")
            h, c, _ = self.loop_head("ix", "len(v)", p)
            body = [p + "w = v"] + h + [p + "    v[ix] += 1"] + c + [p + self.pick(["w", "[w, v]"])]
            return f, "v", ["fn %s(v) {" % f] + body + ["}"]
        if t == "running":
            f = self.fn_name("running")
            body = [p + "y = zeros(len(x))", p + "for ix in range(len(x)) {",
                    p + "    if ix == 0 { y[ix] = x[ix] } else { y[ix] = k * y[ix - 1] + x[ix] }", p + "}", p + "y"]
            return f, "vk", ["fn %s(x, k) {" % f] + body + ["}"]
        if t == "total2":
            f = self.fn_name("total")
            body = [p + "s = %s" % self.pick(["0", "0.0"]), p + "for ix in range(len(m)) {",
                    p + "    for jx in range(nc) { s += m[ix, jx] * (jx + 1) }", p + "}", p + "s"]
            return f, "mc", ["fn %s(m, nc) {" % f] + body + ["}"]
        if t == "clip":
            f = self.fn_name("clip")
            body = [p + "s = 0.0", p + "for ix in range(len(v)) {", p + "    if v[ix] < 0 { continue }",
                    p + "    if s > k { break }", p + "    s += v[ix]", p + "}", p + "s"]
            return f, "vk", ["fn %s(v, k) {" % f] + body + ["}"]
        if t == "tally":
            # calls another function in its loop, with an element as argument
            g = self.fn_name("below")
            f = self.fn_name("tally")
            return f, "v", ["fn %s(v, t) {" % g, p + "c = 0", p + "for ix in range(len(v)) { if v[ix] < t { c += 1 } }",
                            p + "c", "}", "fn %s(v) {" % f, p + "s = 0", p + "for ix in range(len(v)) {",
                            p + "    s += %s(v, v[ix])" % g, p + "}", p + "s", "}"]
        if t == "lastpos" and not self.risky_fns:
            t = "first"
        if t == "lastpos":
            # a local first assigned in the loop, maybe never: the same error both ways
            f = self.fn_name("last")
            val = self.pick(["ix", "v[ix]", "v[-1 - ix] * 2"])
            return f, "vt", ["fn %s(v, t) {" % f, p + "for ix in range(len(v)) { if v[ix] > t { lastv = %s } }" % val,
                             p + "lastv", "}"]
        if t == "first":
            # return an element (a numpy scalar) from inside the loop, after writing
            f = self.fn_name("first")
            return f, "vt", ["fn %s(v, t) {" % f, p + "for ix in range(len(v)) {",
                             p + "    v[ix] %s" % self.pick(["+= 1", "*= 2", "= v[ix] - t"]),
                             p + "    if v[ix] > t { return v[ix] }", p + "}", p + self.pick(["t", "-1", "0.5"]), "}"]
        if t == "writers":
            # both write their own copy of the array in a loop; one calls the other in its loop
            g = self.fn_name("inner")
            f = self.fn_name("outer")
            op = self.pick(["+= 1", "*= 2", "= v[ix - 1]", "-= v[0]"])
            return f, "v", ["fn %s(v) {" % g, p + "for ix in range(len(v)) { v[ix] %s }" % op, p + "v[0]", "}",
                            "fn %s(v) {" % f, p + "s = 0", p + "for ix in range(len(v)) {",
                            p + "    v[ix] %s" % self.pick(["+= 1", "= v[-1 - ix]", "*= 3"]),
                            p + "    s += %s(v) + v[ix]" % g, p + "}", p + "s", "}"]
        if t == "recursive":
            # a recursive function writing its own copy in a loop (value semantics at each level)
            f = self.fn_name("rec")
            return f, "v", ["fn %s(v, n) {" % f, p + "s = 0", p + "for ix in range(len(v)) {",
                            p + "    v[ix] %s" % self.pick(["+= 1", "*= 2", "= v[ix - 1] + n"]),
                            p + "    if n > 0 { s += %s(v, n - 1) }" % f, p + "    s += v[ix]", p + "}", p + "s", "}"]
        f = self.fn_name("digits")
        return f, "n", ["fn %s(n) {" % f, p + "s = 0", p + "q = n", p + "while q > 0 {", p + "    s += q % 10",
                        p + "    q = q // 10", p + "}", p + "s", "}"]

    def sec_functions(self, fails=False):
        code = [SECTION_MARK + ("function loops fails" if fails else "function loops")]
        n = self.rng.randint(0, 8) if not fails else self.rng.randint(1, 6)
        self.cur_n = n
        self.risky_fns = fails
        arrays = []
        for name in ARR_NAMES[:self.rng.randint(1, 3)]:
            a = ArrayVar(name, self.pick(ARR_DTYPES[1:] if self.chance(0.85) else ARR_DTYPES), (n,))
            arrays.append(a)
            code.append(self.make_array(name, a.dtype, a.shape))
        mat = None
        if self.chance(0.3):
            mat = ArrayVar(MAT_NAMES[1], self.pick(ARR_DTYPES[1:]), (self.rng.randint(1, 3), max(n, 1)))
            code.append(self.make_array(mat.name, mat.dtype, mat.shape))
        fns = [self.function() for _ in range(self.rng.randint(1, 3))]
        for _, _, lines in fns:
            code += lines
        calls = []
        for f, sig, _ in fns:
            for _ in range(self.rng.randint(1, 3)):
                a = self.pick(arrays)
                b = self.pick(arrays)
                thr = self.pick(["0", "2", "0.5", "-1", "%s[0]" % a.name if n else "1", "true"])
                k = self.pick(["2", "0.5", "3", "-1", "%s[-1]" % a.name if n else "2"])
                args = {"vt": "%s, %s" % (a.name, thr), "v": a.name, "vv": "%s, %s" % (a.name, b.name),
                        "nk": "%d, %s" % (self.rng.randint(0, 9), self.pick(["2", "3", "0.5", "1"])),
                        "rc": "%d, %d" % (self.rng.randint(0, 3), self.rng.randint(0, 4)),
                        "vk": "%s, %s" % (a.name, k),
                        "mc": ("%s, %d" % (mat.name, mat.shape[1])) if mat else "zeros([2, 3]), 3",
                        "n": self.pick(["%d" % self.rng.randint(0, 99999), "%s[0]" % a.name if n and a.intlike else "77"])}[sig]
                if f.startswith("el_rec"):
                    args += ", %d" % self.rng.randint(0, 3)
                call = "%s(%s)" % (f, args)
                r = self.rng.random()
                if r < 0.55:
                    calls.append("print(%s)" % call)
                elif r < 0.75:
                    calls.append("fr = " + call)
                    calls.append("print(fr, dtype(fr))")
                else:
                    # called from a loop
                    calls.append("fa = 0")
                    calls.append("for rep in range(%d) { fa += %s }" % (self.rng.randint(1, 4), call))
                    calls.append("print(fa, dtype(fa))")
        if fails:
            f, sig, _ = self.pick(fns)
            bad = {"vt": ["zeros(0), 1", "3, 1", "\"ab\", 1"], "v": ["zeros(0)", "5", "null"],
                   "vv": ["%s, zeros(0)" % arrays[0].name, "[1, 2, 3, 4, 5, 6, 7, 8, 9], [1]"],
                   "nk": ["300, 1", "-1, 1", "4, \"x\""], "rc": ["2, -1", "2, \"c\""],
                   "vk": ["astype([200, 3], \"u8\"), 300", "%s, \"k\"" % arrays[0].name, "5, 1"],
                   "mc": ["zeros([2, 3]), 4", "zeros(3), 1"], "n": ["\"ab\"", "[1, 2]"]}[sig]
            call = "%s(%s)" % (f, self.pick(bad) + (", 2" if f.startswith("el_rec") else ""))
            calls.insert(self.rng.randint(0, len(calls)), "print(%s)" % call)
        code += calls
        after = ["print(" + ", ".join(a.name for a in arrays) + ")",
                 "print(" + ", ".join("dtype(%s)" % a.name for a in arrays) + ")"]
        return code, after

    # ----- the program ---------------------------------------------------------------
    def section(self, kind, fails=False):
        return self.sec_elements(fails) if kind == "elements" else self.sec_functions(fails)


# ----- typed code under generic statements, conversions, late kinds -------------------
#
# A fourth layer (its own random stream, "SEED:INDEX:mixed"; --no-mixed leaves it out,
# giving exactly the previous version's programs): loops whose statements run the
# generic way ("islands": f-strings, str, print, append, calls of functions that take
# arrays) and call functions with loops of their own, recursion through such statements
# (a tree, and a linear descent up to and past the recursion limit), errors inside the
# nested loops; int(), float(), maximum(), minimum() and ** of numbers and numpy scalars
# of every dtype in loops (nan, -0.0, inf, wrapping, promotion, Python ints out of range,
# negative integer powers, int of nan); and variables whose kind changes only at a later
# step (a running max that first changes at step K, an accumulator that takes f32
# elements from step K on, an int that becomes a float, a string or a numpy i32 at step
# K, variables alternating kinds every step), with K around the steps where the generic
# loop tries the typed path again (0, 1, 2, 4, ..., 64, 128). Names: y..., is_...

MIXED_KINDS = ["islands", "conversions", "late kind"]
LATE_STEPS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 66, 99, 100, 127, 128, 129, 130, 131, 200]
CONV_VALUES = {
    "bool": ["true", "false"],
    "u8": ["0", "1", "2", "3", "7", "16", "100", "128", "200", "250", "255"],
    "i32": ["0", "1", "-1", "3", "-2", "5", "-7", "1000", "46341", "-40000", "2147483647", "-2147483648"],
    "i64": ["0", "1", "-1", "2", "-9", "17", "3037000500", "-1000000007", "9007199254740993",
            "9223372036854775807"],
    "f32": ["0.5", "-1.25", "2.0", "-0.0", "0.0", "3.5", "16777217.0", "1e30", "-7.75"],
    "f64": ["0.5", "-1.25", "2.0", "-0.0", "0.0", "2.5", "-3.5", "1e300", "1e-300", "9007199254740993.0"],
}
SPECIAL_VALUES = ["nan", "inf", "-inf"]
CONV_DTYPES = ["bool", "u8", "i32", "i64", "f32", "f64"]


class Vec:
    def __init__(self, name, dtype, vals):
        self.name, self.dtype, self.vals = name, dtype, vals

    @property
    def special(self):
        return any(v in SPECIAL_VALUES for v in self.vals)

    @property
    def int_safe(self):
        """int() of every element is fine (finite, well inside i64)."""
        if self.special:
            return False
        return all(abs(float(v if v not in ("true", "false") else "0")) < 1e15 for v in self.vals)

    @property
    def intlike(self):
        return self.dtype in ("u8", "i32", "i64", "bool")


class MixedSections(SectionLayer):
    KINDS = MIXED_KINDS
    PREFIX = "is_"

    # ----- islands: typed code entered from a generic statement ---------------------
    def row_helper(self, dt, fails, K):
        """(name, lines, sig) of a function with a loop over a row `a` (and maybe `r`, the
        row's index; `t` a threshold). With `fails`, it fails for row K."""
        p = "    "
        t = self.pick(["total", "count", "maxof", "bump", "whilesum", "outer"])
        if t == "outer" and fails:
            t = "total"
        f = self.fn_name(t)
        init = self.pick(["0.0", "0", "0.5"]) if dt != "bool" else "0"
        bad = []
        if fails:
            bad = [p + "    if r == %d and j == len(a) - 1 { %s }" % (K, self.pick([
                "s += a[j + 1]", "s += a[len(a)]", "s = s + \"x\"", "s += 1 // (j - j)",
                "s += int(s / 0.0)", "a[j] = \"q\"", "s += a[j] ** -1" if dt in ("u8", "i32", "i64") else "s += a[j, 0]"]))]
        if t == "total":
            return f, "ar", ["fn %s(a, r) {" % f, p + "s = " + init, p + "for j in range(len(a)) {",
                             p + "    s += a[j]" + self.pick(["", "", " * 0.5", " * j"])] + bad + [p + "}", p + "s", "}"]
        if t == "count":
            cmp = self.pick([">", ">=", "<", "!="])
            return f, "ar", ["fn %s(a, r) {" % f, p + "s = 0", p + "for j in range(len(a)) {",
                             p + "    if a[j] %s r %% 3 { s += 1 }" % cmp] + bad + [p + "}", p + "s", "}"]
        if t == "maxof":
            return f, "ar", ["fn %s(a, r) {" % f, p + "s = a[0]", p + "for j in range(len(a)) {",
                             p + "    if a[j] > s { s = a[j] }"] + bad + [p + "}", p + "s", "}"]
        if t == "bump":
            op = self.pick(["+= 1", "*= 2", "= a[j - 1]", "= j"]) if dt != "bool" else "= not a[j]"
            return f, "ar", ["fn %s(a, r) {" % f, p + "s = 0", p + "for j in range(len(a)) {", p + "    a[j] %s" % op,
                             p + "    s += a[j]"] + bad + [p + "}", p + "s + a[0]", "}"]
        if t == "whilesum":
            return f, "ar", ["fn %s(a, r) {" % f, p + "s = %s" % init, p + "j = 0", p + "while j < len(a) {",
                             p + "    s += a[j] * (j + r)"] + bad + [p + "    j += 1", p + "}", p + "s", "}"]
        # a function whose loop has an island calling a function with its own loop
        g, _, inner = self.row_helper(dt, False, K)
        return f, "ar", inner + ["fn %s(a, r) {" % f, p + "s = 0.0", p + "for j in range(%s) {" % self.pick(["2", "len(a)"]),
                                 p + "    tag = f\"{r}:{j}\"", p + "    s += %s(a, j) + len(tag)" % g, p + "}", p + "s", "}"]

    def island_stmt(self, pad, helpers, R, i):
        r = self.rng.random()
        h = self.pick(helpers)
        call = "%s(ym[%s], %s)" % (h, i, i)
        if r < 0.3:
            return [pad + "ya += " + call]
        if r < 0.4:
            return [pad + "yt = f\"row {%s}\"" % i, pad + "ya += " + call]
        if r < 0.5:
            return [pad + "yl = append(yl, %s)" % call]
        if r < 0.6:
            return [pad + "yt = f\"{%s}-{yb}\"" % i]
        if r < 0.68:
            return [pad + "yc += len(str(%s)) + len(f\"{ya}\")" % call]
        if r < 0.74 and R <= 4:
            return [pad + "print(%s, %s)" % (i, call)]
        if r < 0.82:
            return [pad + "if %s %% 2 == 0 { ya += %s } else { yt = f\"{%s}\" }" % (i, call, i)]
        if r < 0.9:
            return [pad + "yt = str(%s) + \"!\"" % i, pad + "yb += len(yt)"]
        if r < 0.95:
            # an item of a list set in place (typed: ScalarListSet), from the start, from the
            # end, or by a generic index; chosen from r, so the random stream stays the same
            k = int((r - 0.9) * 10000)
            index = ["0", "-1", "len(yl) - 1", i + " - " + i][k % 4]
            value = ["%s * 3" % i, "ya", "yd * 0.5", "%s > 1" % i, "ym[%s, 0]" % i][(k // 4) % 5]
            return [pad + "yl = append(yl, %s)" % i, pad + "yl[%s] = %s" % (index, value)]
        return [pad + "yc += %s" % call]

    def typed_stmt(self, pad, i, dt):
        r = self.rng.random()
        if r < 0.25:
            return pad + "yb += 1"
        if r < 0.45:
            return pad + "yb += %s * %d" % (i, self.rng.randint(1, 5))
        if r < 0.65 and dt != "bool":
            return pad + "ya += ym[%s, %s]" % (i, self.pick(["0", "-1"]))
        if r < 0.8:
            return pad + "if ym[%s, 0] > yb { yb += 2 }" % i if dt != "bool" else pad + "if ym[%s, 0] { yb += 2 }" % i
        return pad + "yd = yd * 0.5 + %s" % i

    def matrix(self, dt, R, C):
        n = R * C
        if dt in ("f64", "f32"):
            src = "sin(astype(range(%d), \"f64\") * %s)" % (n, self.pick(["0.37", "1.1", "0.5"]))
            if dt == "f32":
                src = "astype(%s, \"f32\")" % src
        elif dt == "bool":
            src = "astype(range(%d), \"i64\") %% %d == 0" % (n, self.rng.randint(2, 3))
        else:
            src = "astype(range(%d), \"%s\")" % (n, dt)
            if self.chance(0.3):
                src += " * %d" % self.rng.randint(2, 9)
        return "ym = reshape(%s, [%d, %d])" % (src, R, C)

    def sec_islands(self, fails=False):
        code = [SECTION_MARK + ("islands fails" if fails else "islands")]
        dt = self.pick(["f64", "f64", "f32", "i64", "i32", "u8", "bool"])
        R, C = self.rng.randint(1, 6), self.rng.randint(1, 8)
        K = self.rng.randint(0, R - 1)
        code.append(self.matrix(dt, R, C))
        helpers = []
        for _ in range(self.rng.randint(1, 2)):
            f, _, lines = self.row_helper(dt, fails and not helpers, K)
            helpers.append(f)
            code += lines
        code += ["ya = " + self.pick(["0.0", "0", "0.5"] + (["ym[0, 0]"] if dt != "bool" else [])), "yb = 0", "yc = 0", "yd = 0.0",
                 "yt = \"\"", "yl = list()"]
        form = self.rng.random()
        body = []
        pad = "    "
        for _ in range(self.rng.randint(1, 4)):
            if self.chance(0.55):
                body += self.island_stmt(pad, helpers, R, "i")
            else:
                body.append(self.typed_stmt(pad, "i", dt))
        if not any("is_" in l or "f\"" in l or "str(" in l for l in body):
            body.insert(self.rng.randint(0, len(body)), pad + "yt = f\"row {i}\"")
        head = self.pick(["range(len(ym))", "range(%d)" % R, "range(%d, -1, -1)" % (R - 1)])
        if form < 0.55:
            code += ["for i in %s {" % head] + body + ["}"]
        elif form < 0.7:
            code += ["i = 0", "while i < %d {" % R] + body + [pad + "i += 1", "}"]
        else:
            # the same loop inside a function (its variables are locals), called from a loop
            w = self.fn_name("rows")
            fbody = [l.replace("ym", "m") for l in body]
            code += ["fn %s(m) {" % w, pad + "ya = 0.0", pad + "yb = 0", pad + "yc = 0", pad + "yd = 0.0",
                     pad + "yt = \"\"", pad + "yl = list()", pad + "for i in range(len(m)) {"] + \
                    [pad + l for l in fbody] + [pad + "}", pad + "list(ya, yb, yc, yd, yt, yl)", "}"]
            reps = self.rng.randint(1, 3)
            code += ["for rep in range(%d) {" % reps, pad + "yt = f\"rep {rep}\"", pad + "yl = %s(ym)" % w, "}",
                     "print(yl)"]
        # recursion through islands
        if self.chance(0.5):
            tr = self.fn_name("tree")
            B = self.rng.randint(2, 3)
            D = self.rng.randint(0, 5 if B == 2 else 4)
            code += ["fn %s(depth) {" % tr, pad + "t = 0.0", pad + "for i in range(%d) {" % B,
                     pad + "    tag = f\"{depth}-{i}\"", pad + "    if depth > 0 { t += %s(depth - 1) }" % tr,
                     pad + "    t += len(tag) * 0.5" + self.pick(["", " + i"]), pad + "}", pad + "t", "}",
                     "print(%s(%d))" % (tr, D)]
        down = None
        if fails or self.chance(0.4):
            down = self.fn_name("down")
            arr = self.chance(0.4)
            code += ["fn %s(n) {" % down, pad + "s = 0", pad + "for i in range(%d) {" % self.rng.randint(1, 2),
                     pad + "    " + self.pick(["label = f\"{n}\"", "label = str(n)", "yy = [n]"]),
                     pad + "    if i == 0 and n > 0 { s += %s(n - 1) }" % down,
                     pad + "    s += " + ("ym[0, 0]" if arr and dt != "bool" else "1"), pad + "}", pad + "s + 1", "}"]
            if fails and self.chance(0.6):
                n = self.pick([9996, 9997, 9998, 9999, 10000, 10001, 10002, 20000])
                how = self.rng.random()
                if how < 0.5:
                    code.append("print(%s(%d))" % (down, n))
                else:
                    code += ["for k in range(2) {", pad + "yt = f\"{k}\"", pad + "yb += %s(%d - k)" % (down, n), "}"]
            else:
                code.append("print(%s(%d))" % (down, self.pick([0, 3, 100, 2999, 5000])))
        if fails:
            # call the failing helper on every row, from a typed loop with an island
            code += ["for i in range(%d) {" % R, pad + "yt = f\"row {i}\"", pad + "ya += %s(ym[i], i)" % helpers[0],
                     pad + "yb += 1", "}"]
        after = ["print(ya, yb, yc, yd, yt, dtype(ya), dtype(yd))", "print(yl, ym)"]
        return code, after

    # ----- conversions: int float maximum minimum ** ------------------------------------
    def conv_vec(self, name, dtype, n, special):
        vals = [self.pick(CONV_VALUES[dtype]) for _ in range(n)]
        if special and dtype in ("f32", "f64"):
            vals[self.rng.randrange(n)] = self.pick(SPECIAL_VALUES)
        lit = "[" + ", ".join(vals) + "]"
        if dtype == "f64" and self.chance(0.6) and any("." in v or "e" in v or v in SPECIAL_VALUES for v in vals):
            return Vec(name, dtype, vals), name + " = " + lit
        return Vec(name, dtype, vals), name + " = astype(%s, \"%s\")" % (lit, dtype)

    def conv_stmt(self, vecs, i, pad):
        a = self.pick(vecs)
        b = self.pick(vecs)
        e = "%s[%s]" % (a.name, i)
        f = "%s[%s]" % (b.name, i)
        r = self.rng.random()
        if r < 0.12:
            return pad + "cm = maximum(cm, %s)" % e
        if r < 0.22:
            return pad + "cn = minimum(cn, %s)" % e
        if r < 0.3:
            return pad + "cm = %s(%s, %s)" % (self.pick(["maximum", "minimum"]), e, self.pick([
                f, "2.5", "-0.0", "0.0", "0", "1", "true", i, "200" if a.dtype != "bool" else "1", "cn"]))
        if r < 0.4:
            if a.dtype == "bool":
                e = "%s * 1" % e
            return pad + "cs += float(%s)%s" % (e, self.pick(["", " ** 2", " / 2", " * 0.5 + float(%s > 1)" % i]))
        if r < 0.5:
            if a.int_safe and a.dtype != "bool":
                return pad + "ci += int(%s%s)" % (e, self.pick(["", " * 1.5", " + 0.5", " / 3"]))
            if a.dtype == "bool":
                # int() and float() of a numpy bool are errors: of an expression on it, fine
                return pad + "ci += int(%s + 0)" % e
            return pad + "ci += int(%s)" % self.pick([i, "%s * 0.5" % i, "-2.7", "true", "float(%s)" % i])
        if r < 0.62:
            ex = self.pick(["0", "1", "2", "3", "2", "0.5", "2.0", "-1" if not a.intlike else "2",
                            "-0.5" if not a.intlike else "1", f if b.dtype in ("u8", "bool") else "3"])
            return pad + "cp = %s ** %s" % (e, ex)
        if r < 0.68:
            return pad + "cs += %s ** 2%s" % (e, self.pick(["", " + %s ** 2" % f, " - 1"]))
        if r < 0.72:
            return pad + "cq = %s ** %s" % (self.pick(["2", "3", "0.5", "-1.5", i]), e if a.dtype in ("u8", "bool") else "2")
        if r < 0.8 and a.int_safe and a.dtype != "bool":
            return pad + "ch[int(%s) %% len(ch)] += 1" % e
        if r < 0.86:
            return pad + "if maximum(%s, %s) > minimum(%s, %s) { cc += 1 }" % (e, f, e, f)
        if r < 0.9:
            return pad + "cb = float(%s) + int(%s)" % (self.pick(["true", "false", i, "cc"]), self.pick(["-2.7", "2.9", "true", "cc"]))
        if r < 0.95:
            return pad + "cs = cs + float(%s) * 0.5" % i
        return pad + "cp = -%s ** 2" % e

    def conv_fail(self, vecs, pad, K):
        ints = [v for v in vecs if v.dtype in ("u8", "i32")]
        allints = [v for v in vecs if v.dtype in ("u8", "i32", "i64")]
        floats = [v for v in vecs if v.dtype in ("f32", "f64")]
        opts = []
        if floats:
            v = self.pick(floats)
            opts += ["if i == %d { %s[i] = %s }" % (K, v.name, self.pick(SPECIAL_VALUES)) + "; ci += int(%s[i])" % v.name,
                     "ci += int(%s[i] / (i - %d))" % (v.name, K)]
        if ints:
            v = self.pick(ints)
            big = "300" if v.dtype == "u8" else "3000000000"
            opts += ["if i == %d { cm = maximum(%s[i], %s) }" % (K, v.name, big),
                     "cn = minimum(%s[i], %s + i * %d)" % (v.name, "250" if v.dtype == "u8" else "2147483640", 1)]
        if allints:
            v = self.pick(allints)
            opts += ["if i == %d { cp = %s[i] ** -1 }" % (K, v.name), "cp = %s[i] ** (%d - i)" % (v.name, K + 1)]
        bools = [v for v in vecs if v.dtype == "bool"]
        if bools:
            opts.append("if i == %d { ci += %s(%s[i]) }" % (K, self.pick(["int", "float"]), bools[0].name))
        opts += ["if i == %d { ci += int(nan) }" % K, "if i == %d { cs += float(\"x\") }" % K,
                 "if i == %d { cm = maximum(cm, \"a\") }" % K]
        return pad + self.pick(opts)

    def sec_conversions(self, fails=False):
        code = [SECTION_MARK + ("conversions fails" if fails else "conversions")]
        n = self.rng.randint(1, 8) if not fails else self.rng.randint(2, 8)
        vecs = []
        for name in ["ya1", "ya2", "ya3"][:self.rng.randint(1, 3)]:
            dt = self.pick(CONV_DTYPES)
            v, line = self.conv_vec(name, dt, n, self.chance(0.3))
            vecs.append(v)
            code.append(line)
        code += ["cm = " + self.pick(["-inf", "inf", "0", "0.0", "-0.0", "%s[0]" % vecs[0].name, "false"]),
                 "cn = " + self.pick(["inf", "-inf", "0", "0.0", "-0.0", "%s[-1]" % vecs[-1].name, "true", "1"]),
                 "cs = " + self.pick(["0.0", "0", "-0.0"]), "ci = 0", "cp = 0", "cq = 0", "cc = 0", "cb = 0.0",
                 "ch = zeros([%d], dtype=\"i64\")" % self.rng.randint(1, 6)]
        K = self.rng.randint(0, n - 1)
        pad = "    "
        body = [self.conv_stmt(vecs, "i", pad) for _ in range(self.rng.randint(2, 6))]
        if fails:
            body.insert(self.rng.randint(0, len(body)), self.conv_fail(vecs, pad, K))
        form = self.rng.random()
        if form < 0.6:
            code += ["for i in range(%s) {" % self.pick(["len(%s)" % vecs[0].name, str(n)])] + body + ["}"]
        elif form < 0.75:
            code += ["for rep in range(%d) {" % self.rng.randint(2, 3), pad + "for i in range(%d) {" % n] + \
                    [pad + l for l in body] + [pad + "}", "}"]
        else:
            # in a function over its parameters, called with the vectors and others
            f = self.fn_name("conv")
            names = [v.name for v in vecs]
            params = ["p%d" % k for k in range(len(vecs))]
            fb = []
            for l in body:
                for nm, pm in zip(names, params):
                    l = l.replace(nm + "[", pm + "[")
                fb.append(l)
            locs = ["cm = " + self.pick(["-inf", "0", "0.0", "-0.0"]), "cn = " + self.pick(["inf", "0", "1"]),
                    "cs = 0.0", "ci = 0", "cp = 0", "cq = 0", "cc = 0", "cb = 0.0", "ch = zeros([3], dtype=\"i64\")"]
            code += ["fn %s(%s) {" % (f, ", ".join(params))] + [pad + l for l in locs] + \
                    [pad + "for i in range(len(p0)) {"] + [pad + l for l in fb] + [pad + "}",
                     pad + "list(cm, cn, cs, ci, cp, cq, cc, cb, ch, dtype(cm), dtype(cn), dtype(cs), dtype(cp))", "}"]
            code.append("print(%s(%s))" % (f, ", ".join(names)))
            other = []
            for v in vecs:
                dt = self.pick(CONV_DTYPES)
                other.append("astype(%s, \"%s\")" % (v.name, dt if fails else "f64"))
            code.append("print(%s(%s))" % (f, ", ".join(other)))
        after = ["print(cm, cn, cs, ci, cp, cq, cc, cb, ch)",
                 "print(dtype(cm), dtype(cn), dtype(cs), dtype(ci), dtype(cp), dtype(cq), dtype(cb))"]
        return code, after

    # ----- late kinds: a variable whose type changes at a later step ------------------
    def sec_late(self, fails=False):
        code = [SECTION_MARK + ("late kind fails" if fails else "late kind")]
        # loops shorter than 129 steps whose kinds change late may stay generic: both
        N = self.pick([3, 5, 9, 17, 33, 65, 70, 100, 129, 130, 131, 140, 160, 200, 260, 300])
        steps = [s for s in LATE_STEPS if s < N] + [N + 3]
        K = self.pick(steps)
        pad = "    "
        init = []
        body = []
        out = []
        for _ in range(self.rng.randint(1, 4)):
            t = self.pick(["max", "acc", "float", "string", "alternate", "bool", "element", "min"])
            dt = self.pick(["f64", "f64", "f32", "i32", "i64", "u8"])
            if t in ("max", "min"):
                if dt in ("f64", "f32"):
                    src = "astype(astype(range(%d), \"f64\") - %d + 0.5, \"%s\")" % (N, K, dt)
                elif dt == "u8":
                    src = "astype(astype(range(%d), \"i64\") >= %d, \"u8\") * %d" % (N, K, self.rng.randint(1, 9))
                else:
                    src = "astype(range(%d), \"%s\") - %d" % (N, dt, K)
                lx = "lx%d" % len(init)
                init += ["%s = %s" % (lx, src if t == "max" else "-" + src if dt != "u8" else src)]
                v = "lm%d" % len(init)
                init.append("%s = %s" % (v, self.pick(["0.0", "0", "0.5", "-0.0"] if t == "max" else ["0.0", "0"])))
                op = ">" if t == "max" else "<"
                body.append(pad + self.pick(["if %s[i] %s %s { %s = %s[i] }" % (lx, op, v, v, lx),
                                             "%s = %s(%s, %s[i])" % (v, "maximum" if t == "max" else "minimum", v, lx)]))
                out.append(v)
            elif t == "acc":
                lf = "lf%d" % len(init)
                init.append("%s = astype(range(%d), \"%s\")" % (lf, N, dt if dt != "u8" else "f32"))
                v = "la%d" % len(init)
                init.append("%s = %s" % (v, self.pick(["0.0", "0", "1.5"])))
                body.append(pad + "if i >= %d { %s = %s + %s[i] } else { %s = %s + %s }" % (
                    K, v, v, lf, v, v, self.pick(["1.0", "1", "0.5"])))
                out.append(v)
            elif t == "float":
                v = "ln%d" % len(init)
                init.append("%s = 0" % v)
                body.append(pad + "if i == %d { %s = %s + 0.5 }" % (K, v, v))
                body.append(pad + "%s += %s" % (v, self.pick(["1", "i", "2 * i"])))
                out.append(v)
            elif t == "string":
                v = "lw%d" % len(init)
                init.append("%s = 0" % v)
                body.append(pad + "if i >= %d { %s = %s } else { %s += 1 }" % (
                    K, v, self.pick(["str(i)", "\"s\"", "[i]", "null", "astype([i], \"f32\")"]), v))
                out.append(v)
            elif t == "alternate":
                v = "lv%d" % len(init)
                init.append("%s = 0" % v)
                P = self.rng.randint(2, 3)
                other = self.pick(["str(i)", "astype([i], \"f32\")[0]", "true", "null", "[i]", "i > 3", "astype([i], \"u8\")[0]"])
                if P == 2:
                    body.append(pad + "if i %% 2 == 0 { %s = i } else { %s = %s }" % (v, v, other))
                else:
                    body.append(pad + "if i %% 3 == 0 { %s = i } else if i %% 3 == 1 { %s = i * 0.5 } else { %s = %s }"
                                % (v, v, v, other))
                if self.chance(0.5):
                    s = "ls%d" % len(init)
                    init.append("%s = list()" % s)
                    body.append(pad + "if i > %d { %s = append(%s, %s) }" % (N - 4, s, s, v))
                    out.append(s)
                out.append(v)
            elif t == "bool":
                v = "lo%d" % len(init)
                init.append("%s = true" % v)
                lx = "lb%d" % len(init)
                init.append("%s = astype(range(%d), \"%s\")" % (lx, N, dt))
                body.append(pad + "if i == %d { %s = %s[i] >= 0 }" % (K, v, lx))
                if self.chance(0.25):
                    # and/or of a numpy bool and a Python bool: left to the generic path
                    body.append(pad + "%s = %s and i >= 0" % (v, v))
                else:
                    c = "lc%d" % len(init)
                    init.append("%s = 0" % c)
                    body.append(pad + "if %s { %s += 1 }" % (self.pick([v, "not " + v]), c))
                    out.append(c)
                out.append(v)
            else:   # an int that becomes a numpy i32/u8/i64 element at step K, then counts on
                lk = "lk%d" % len(init)
                edt = self.pick(["i32", "u8", "i64", "f32"])
                start = {"i32": "2147483600", "u8": "250", "i64": "9223372036854775800", "f32": "16777210.0"}[edt]
                init.append("%s = astype([%s, 1, 2], \"%s\")" % (lk, start, edt))
                v = "li%d" % len(init)
                init.append("%s = 0" % v)
                body.append(pad + "if i == %d { %s = %s[0] }" % (K, v, lk))
                body.append(pad + "%s += 1" % v)
                out.append(v)
        if self.chance(0.3):
            body.insert(self.rng.randint(0, len(body)), pad + "note = f\"step {i}\"")
        if fails:
            K2 = self.pick([s for s in steps if s >= K] or [K])
            if K2 >= N:
                K2 = N - 1
            v = out[0]
            body.insert(self.rng.randint(0, len(body)), pad + self.pick([
                "if i == %d { %s = %s + \"x\" }" % (K2, v, v), "lz = 1 // (%d - i)" % K2,
                "if i == %d { lz = lx_missing }" % K2 if self.chance(0.3) else "lz = 1 // (%d - i)" % K2,
                "if i >= %d { lz = [1, 2][i - %d] }" % (K2, K2 - 2),
                "if i == %d { lz = int(nan) }" % K2]))
        code += init         # globals, also for the function form (printed afterwards)
        form = self.rng.random()
        if form < 0.6:
            code += ["for i in range(%d) {" % N] + body + ["}"]
        elif form < 0.75:
            code += ["i = 0", "while i < %d {" % N] + body + [pad + "i += 1", "}"]
        else:
            f = self.fn_name("late")
            code += ["fn %s() {" % f] + [pad + l for l in init] + [pad + "for i in range(%d) {" % N] + \
                    [pad + l for l in body] + [pad + "}", pad + "list(%s)" % ", ".join(out), "}",
                     "print(%s())" % f]
        after = ["print(%s)" % ", ".join(out), "print(%s)" % ", ".join("dtype(%s)" % v if not v.startswith(("lw", "lv", "ls"))
                                                                      else v for v in out)]
        return code, after

    # ----- the program ---------------------------------------------------------------
    def section(self, kind, fails=False):
        code, after = {"islands": self.sec_islands, "conversions": self.sec_conversions,
                       "late kind": self.sec_late}[kind](fails)
        # names of their own (the other sections read some of i, k, rep, note unassigned on purpose)
        return [re.sub(r"\b(i|k|rep|note)\b", r"y\1", l) for l in code], after



# ----- for over an array, comprehensions, record fields, round ---------------------------
#
# A fifth layer (its own random stream, "SEED:INDEX:walks"; --no-walks leaves it out,
# giving exactly the previous version's programs): `for v in x` over a 1-d array variable
# of every dtype (at the top level and in functions, break/continue/return, nested, an
# island in the body, an empty array, the loop variable set before; the array written or
# reassigned in the loop, rows of a 2-d array and lists: the generic way), list
# comprehensions with one variable over an array or a range (element and condition
# typed or not, free variables from globals, an enclosing function and an outer
# comprehension, errors in the element), a record's fields read in loops (the record
# changed in the loop or not, a string field, a missing one) and round() of one number.
# Names: w..., functions wk_...

WALK_KINDS = ["for each", "comprehension", "record fields"]


class WalkSections(SectionLayer):
    KINDS = WALK_KINDS
    PREFIX = "wk_"

    def vec(self, name, dtype, n, special=False):
        if n == 0:
            return Vec(name, dtype, []), name + " = " + (
                "zeros([0])" if dtype == "f64" else "astype(zeros([0]), \"%s\")" % dtype)
        vals = [self.pick(CONV_VALUES[dtype]) for _ in range(n)]
        if special and dtype in ("f32", "f64"):
            vals[self.rng.randrange(n)] = self.pick(SPECIAL_VALUES)
        lit = "[" + ", ".join(vals) + "]"
        if dtype == "f64" and any("." in v or "e" in v or v in SPECIAL_VALUES for v in vals) and self.chance(0.6):
            return Vec(name, dtype, vals), name + " = " + lit
        return Vec(name, dtype, vals), name + " = astype(%s, \"%s\")" % (lit, dtype)

    def elem(self, v, a):
        """A typed expression on `v`, an element of Vec `a`."""
        opts = [v, "%s * 2" % v, "%s + 1" % v, "%s * 0.5" % v, "round(%s)" % v, "float(%s)" % v,
                "%s > 1" % v, "maximum(%s, 0)" % v, "%s - wg" % v, "round(%s * 1.5)" % v, "%s * %s" % (v, v)]
        if a.int_safe:
            opts.append("int(%s)" % v)
        if a.dtype in ("u8", "i32", "i64"):
            opts += ["%s // 3" % v, "%s %% 5" % v]
        return self.pick(opts)

    def cond(self, v, a):
        if a.dtype == "bool":
            return self.pick([v, "not " + v, "%s == true" % v, "%s != wg" % v])
        opts = ["%s > 0" % v, "%s != 1" % v, "not (%s < wg)" % v, "%s >= %s" % (v, self.pick(["2.5", "0", "-1", "wg"])),
                "%s > 0 and %s < 100" % (v, v)]
        if a.dtype in ("u8", "i32", "i64") and self.chance(0.2):
            opts.append("%s %% 2" % v)         # an int condition: truthiness, the generic way
        return self.pick(opts)

    def globals_line(self):
        return "wg = " + self.pick(["2", "0.5", "1.5", "-1", "true", "0"])

    # ----- for v in x ------------------------------------------------------------------
    def foreach_stmt(self, a, b, pad, island_ok):
        r = self.rng.random()
        if r < 0.15:
            return [pad + "ws += we"]
        if r < 0.25:
            return [pad + "ws = ws * 0.5 + we"]
        if r < 0.35:
            return [pad + "if %s { wc += 1 }" % self.cond("we", a)]
        if r < 0.42 and a.dtype != "bool":
            return [pad + "wm = %s(wm, we)" % self.pick(["maximum", "minimum"])]
        if r < 0.48:
            return [pad + "wr = round(%s)" % self.pick(["we", "we * 1.5", "we + 0.5", "ws", "wc + 0.5", "wc", "we > 0",
                                                         "-we * 0.5" if a.dtype != "bool" else "true"])]
        if r < 0.53:
            return [pad + "if wc > %d { break }" % self.rng.randint(0, 4)]
        if r < 0.58:
            return [pad + "if %s { continue }" % self.cond("we", a)]
        if r < 0.68 and b is not None:
            # nested walk (b walked once per element of a)
            return [pad + "for wf in %s {" % b.name, pad + "    ws += %s" % self.pick(["we * wf", "wf", "maximum(we, wf)"]),
                    pad + "    " + self.pick(["wc += 1", "if wf > we { wc += 1 }", "if wc > 20 { break }"]), pad + "}"]
        if r < 0.74 and b is not None:
            return [pad + "wc += len([wf for wf in %s if wf > we])" % b.name]
        if r < 0.82 and island_ok:
            return [pad + self.pick(["wt = f\"{we}\"", "wt = str(we) + wt", "print(we, ws)", "wt = f\"{wc}:{we}\""])]
        if r < 0.9:
            return [pad + "ws += %s" % self.elem("we", a)]
        if r < 0.93:
            # the loop variable assigned in the body (the next step takes the next element)
            return [pad + "we = %s" % self.pick(["we * 2", "ws", "wc"]), pad + "ws += we"]
        return [pad + "wc += 1"]

    def sec_foreach(self, fails=False):
        code = [SECTION_MARK + ("for each fails" if fails else "for each")]
        da = self.pick(CONV_DTYPES + ["f64", "i64"])
        n = self.pick([0, 1, 2, 3, 4, 5, 6, 8, 40]) if not fails else self.rng.randint(1, 8)
        a, la = self.vec("wa1", da, n, special=self.chance(0.2))
        if n == 40:
            la = "wa1 = astype(range(40), \"%s\")%s" % (da if da != "bool" else "i64", "" if da != "bool" else " % 3 == 0")
        b = None
        code += [self.globals_line(), la]
        if self.chance(0.4):
            b, lb = self.vec("wa2", self.pick(CONV_DTYPES), self.rng.randint(0, 4))
            code.append(lb)
        elif self.chance(0.15):
            b, lb = Vec("wa2", a.dtype, a.vals), "wa2 = wa1"      # the same array walked twice, nested
            code.append(lb)
        src_is_var = True
        preset = self.chance(0.35)
        if preset:
            pv = self.pick(["7", "0.5", "\"before\"", "null", "true"])
            code.append("we = " + pv)
        # accumulators of the elements' kind from the start (typed from the first step), or Python numbers
        el = ["wa1[0] * 0", "wa1[-1]"] if n > 0 and src_is_var else []
        code += ["ws = " + self.pick(["0.0", "0", "0.5"] + el), "wc = 0", "wm = " + self.pick(["0.0", "0", "-inf", "inf"] + el),
                 "wr = 0", "wt = \"\""]
        src = "wa1"
        generic = self.rng.random()
        pad = "    "
        body = []
        island_ok = n <= 8
        for _ in range(self.rng.randint(1, 4)):
            body += self.foreach_stmt(a, b, pad, island_ok)
        if generic < 0.08 and n > 0:
            body.insert(self.rng.randint(0, len(body)), pad + self.pick(["wa1[0] = we", "wa1[-1] = wa1[0]",
                                                                       "wa1[wc % len(wa1)] = we"]))
        elif generic < 0.13:
            body.append(pad + self.pick(["wa1 = wa1 * 2", "wa1 = zeros([2])", "wa1 = list(1, 2)"]))
        elif generic < 0.18:
            code.append("wmx = reshape(astype(range(6), \"%s\"), [3, 2])" % ("f64" if da == "bool" else da))
            src = "wmx"
            body = [pad + "ws += sum(we)", pad + "wc += len(we)"]
        elif generic < 0.22:
            src = self.pick(["list(1, 2.5, true)", "list(3, 4)", "wa1 * 2", "[1.5, 2.5]"])
            body = [pad + "ws += we"] + (body if src in ("wa1 * 2", "[1.5, 2.5]") else [])
        if fails:
            K = self.rng.randint(0, n - 1)
            body.insert(0, pad + "wi += 1")
            code.append("wi = -1")
            opts = ["if wi == %d { ws += wa1[len(wa1)] }" % K, "wc += 1 // (%d - wi)" % K,
                    "if wi == %d { ws = ws + \"x\" }" % K, "if wi == %d { wz = w_missing }" % K,
                    "if wi == %d { wr = int(nan) }" % K, "ws += wa1[wi + %d]" % (n - K)]
            if a.special:
                opts.append("wc += int(we)")
            if da in ("u8", "i32", "i64"):
                opts.append("wc += we // (we - we)")
            if self.chance(0.15):
                # recursion through a walk, at and past the limit
                code += ["fn wk_deepw(n, a) {", pad + "s = 0.0", pad + "for v in a {",
                         pad + "    if n > 0 { s += wk_deepw(n - 1, a) }", pad + "    s += v", pad + "}", pad + "s", "}"]
                opts = ["if wi == %d { ws += wk_deepw(%d, [0.5]) }" % (K, self.pick([9997, 9998, 9999, 10000, 10001, 20000]))]
            body.insert(self.rng.randint(1, len(body)), pad + self.pick(opts))
        assigned = preset or (n > 0 and src == "wa1")
        top = False
        if self.chance(0.3) and src == "wa1":
            # the same loop in a function (locals, parameters), with an early return maybe
            f = self.fn_name("walk")
            ren = {"ws": "s", "wc": "c", "wm": "m", "wr": "r", "wt": "t", "we": "v", "wa1": "a", "wa2": "bb", "wi": "i"}
            fbody = [re.sub(r"\b(ws|wc|wm|wr|wt|we|wa1|wa2|wi)\b", lambda m: ren[m.group(1)], l) for l in body]
            early = None
            if self.chance(0.4):
                # a number returned from the loop keeps it typed; a list, the generic way
                early = self.pick(["list(v, c)", "c", "v", "s"])
                fbody.insert(self.rng.randint(0, len(fbody)), pad + "if %s { return %s }" % (self.cond("v", a), early))
            params = "a, bb" if b is not None else "a"
            if self.chance(0.3) and not any(re.search(r"\ba(\[[^]]*\])? =", l) for l in fbody):
                # the array a global read by the function
                fbody = [re.sub(r"\ba\b", "wa1", l) for l in fbody]
                params = "bb" if b is not None else ""
            code += ["fn %s(%s) {" % (f, params), pad + "s = 0.0", pad + "c = 0", pad + "m = 0.0", pad + "r = 0",
                     pad + "t = \"\"", pad + "i = -1", pad + "v = -1",
                     pad + "for v in %s {" % ("a" if "a" in params.split(", ") else "wa1")] + \
                    [pad + l for l in fbody] + [pad + "}", pad + "list(s, c, m, r, t, v)", "}"]
            args = ("wa1, wa2" if b is not None else "wa1") if "a" in params.split(", ") else \
                ("wa2" if b is not None else "")
            code.append("print(%s(%s))" % (f, args))
            if not fails:
                code.append("print(%s(%s))" % (f, args.replace("wa1", self.pick(["astype(wa1, \"f64\")", "wa1 * 3", "[1.5, -2.5, 4.0]"]))))
                for _ in range(self.rng.randint(0, 2) if early in (None, "list(v, c)") else 0):
                    code.append("ws += %s(%s)[0]" % (f, args))
        else:
            code += ["for we in %s {" % src] + body + ["}"]
            top = True
        if self.chance(0.2):
            # a walk entered again with arrays of other dtypes (the outer loop over a list runs the generic way)
            rows = ["astype([1, 2], \"u8\")", "[0.5, -1.5]", "astype([true, false], \"bool\")",
                    "astype([2147483647, -3], \"i32\")", "zeros([0])", "astype([2.5, 16777217.0], \"f32\")",
                    "astype([9223372036854775807], \"i64\")", "wa1"]
            self.rng.shuffle(rows)
            code += ["for wp in list(%s) {" % ", ".join(rows[:self.rng.randint(2, 5)]),
                     pad + "for wh in wp {"] + [pad + pad + self.pick(["ws += wh", "ws = ws * 0.5 + wh", "if wh > 1 { wc += 1 }",
                                                                      "wr = round(wh)", "wc += 1", "if wh { wc += 2 }"])
                                                for _ in range(self.rng.randint(1, 3))] + [pad + "}", "}"]
        if self.chance(0.05):
            # the loop variable is the array
            code += ["wz = wa1", "for wz in wz { ws += wz }", "print(wz)"]
        after = ["print(ws, wc, wm, wr, wt, dtype(ws), dtype(wm), dtype(wr))", "print(wa1)"]
        if (assigned and top) or self.chance(0.1):
            # (we unassigned: the same error both ways)
            numeric = n > 0 or not preset or pv not in ("\"before\"", "null")
            after.append("print(we, dtype(we))" if numeric and self.chance(0.6) else "print(we)")
        return code, after

    # ----- comprehensions --------------------------------------------------------------
    def comp(self, vecs, bools):
        a = self.pick(vecs)
        r = self.rng.random()
        if r < 0.45:
            src = self.pick([a.name, a.name, "%s * 2" % a.name, "astype(%s, \"f64\")" % a.name])
            va = a if src == a.name else Vec(a.name, "f64" if "astype" in src else a.dtype, a.vals)
            e = self.elem("wv", va)
            c = self.cond("wv", va) if self.chance(0.6) else None
        elif r < 0.8:
            if self.chance(0.5):
                src = "range(len(%s))" % a.name
                e = self.pick(["%s[wv]" % a.name, "%s[wv] * wv" % a.name, "%s[-1 - wv]" % a.name, "wv * 0.5",
                               "round(wv * 0.5)", "wv > 1", "float(wv)", "wv // 2", "round(%s[wv])" % a.name])
                c = self.pick([None, "wv % 2 == 0", "%s[wv] > wg" % a.name, "wv % 3"]
                              + (["%s[wv]" % bools[0].name] if bools and len(bools[0].vals) == len(a.vals) else []))
            else:
                args = self.pick(["%d" % self.rng.randint(0, 9), "%d, %d" % (self.rng.randint(-5, 5), self.rng.randint(-5, 9)),
                                  "%d, %d, %d" % (self.rng.randint(-9, 9), self.rng.randint(-9, 9), self.pick([-3, -1, 2, 3])),
                                  "9223372036854775800, 9223372036854775807, 3"])
                src = "range(%s)" % args
                e = self.pick(["wv", "wv * 0.5", "wv * wv", "wv > 2", "true", "0.5", "wv + wg", "round(wv / 4)",
                               "wv // 3", "wv % 4", "float(wv) ** 2" if "922" not in args else "wv - 1"])
                c = self.pick([None, "wv % 2 == 0", "wv != 3", "wv > wg", "wv % 2", "not (wv < 0)"])
        else:
            # nested: the inner comprehension reads the outer variable
            b = self.pick(vecs)
            e = self.pick(["sum([wu * wv for wu in %s])" % b.name, "len([wu for wu in %s if wu > wv])" % b.name,
                           "sum([wu for wu in range(3) if wu < wv])"])
            src = a.name
            c = None
        return "[%s for wv in %s%s]" % (e, src, " if " + c if c else "")

    def sec_comprehension(self, fails=False):
        code = [SECTION_MARK + ("comprehension fails" if fails else "comprehension"), self.globals_line()]
        vecs, bools = [], []
        n = self.pick([0, 1, 2, 3, 4, 5, 6, 7])
        for k in range(self.rng.randint(1, 3)):
            v, l = self.vec("wa%d" % (k + 1), self.pick(CONV_DTYPES + ["f64"]),
                            n if k == 0 or self.chance(0.6) else self.rng.randint(0, 5), special=self.chance(0.15))
            vecs.append(v)
            code.append(l)
        if self.chance(0.4):
            v, l = self.vec("wb", "bool", n)
            bools.append(v)
            code.append(l)
        out = []
        pad = "    "
        for k in range(self.rng.randint(1, 4)):
            name = "wl%d" % (k + 1)
            form = self.rng.random()
            if form < 0.6:
                code.append("%s = %s" % (name, self.comp(vecs, bools)))
            elif form < 0.8:
                # in a function: parameters, locals and globals as free variables
                f = self.fn_name("comp")
                a = self.pick(vecs)
                e = self.pick(["v * k + wg", "v + t", "v * k", "round(v * k)", "v > t", "k", "float(v) + k"])
                c = self.pick([None, "v < t", "v > k", "v != t"])
                code += ["fn %s(a, t) {" % f, pad + "k = t * " + self.pick(["2", "0.5", "t"]),
                         pad + "[%s for v in a%s]" % (e, " if " + c if c else ""), "}"]
                t = self.pick(["1", "0.5", "true", "%s[0]" % a.name if a.vals else "2", "-1"])
                code.append("%s = %s(%s, %s)" % (name, f, a.name, t))
                if self.chance(0.5):
                    code.append("print(%s(%s, %s))" % (f, self.pick(vecs).name, self.pick(["2", "0.25", "wg"])))
            else:
                # in a typed loop
                a = self.pick(vecs)
                code += ["ws = 0.0", "for wi in range(%d) {" % self.rng.randint(1, 4),
                         pad + "wq = [%s for wv in %s]" % (self.pick(["wv * wi", "wv + wi", "wv > wi", "round(wv * wi)"]), a.name),
                         pad + "ws += %s" % self.pick(["len(wq)", "sum(wq)", "wi"]), "}", "%s = wq" % name, "print(ws)"]
            out.append(name)
        if fails:
            a = self.pick(vecs)
            f = self.fn_name("bad")
            bad = self.pick(["[%s[wv] for wv in range(len(%s) + 1)]" % (a.name, a.name),
                             "[1 // wv for wv in range(%d, 3)]" % self.rng.randint(-3, 0),
                             "[int(wv) for wv in [1.5, nan, 2.0]]",
                             "[%s[wv * 2] for wv in range(len(%s))]" % (a.name, a.name),
                             "[wv // (wv - wv) for wv in astype([1, 2], \"%s\")]" % self.pick(["i64", "i32", "u8"]),
                             "[wv + w_missing for wv in range(2)]",
                             "[wv + \"x\" for wv in range(2)]",
                             "[wk_deep(%d) for wv in range(1)]" % self.pick([9997, 9998, 9999, 10000, 10001, 20000])])
            if "wk_deep" in bad:
                # recursion through a comprehension, at and past the limit
                code.append("fn wk_deep(n) = if n == 0 { 0.0 } else { sum([wk_deep(n - 1) + wv for wv in range(1)]) }")
            if self.chance(0.5):
                code += ["fn %s(w) {" % f, pad + "s = 0", pad + "r = %s" % bad.replace("wg", "w"), pad + "r", "}",
                         "wl9 = %s(1)" % f]
            else:
                code.append("wl9 = " + bad)
            out.append("wl9")
        if self.chance(0.2):
            # the same comprehension entered with arrays of other dtypes
            a = self.pick(vecs)
            code += ["for wk in range(3) {",
                     pad + "wp = if wk == 1 { astype(%s, \"%s\") } else if wk == 2 { astype(%s, \"%s\") } else { %s }" % (
                         a.name, self.pick(["f32", "i64", "bool"]), a.name, self.pick(["f64", "i32", "bool"]), a.name),
                     pad + "wq = [%s for wv in wp%s]" % (self.pick(["wv * 2", "wv", "round(wv)", "wv > 0", "wv + wk"]),
                                                         self.pick(["", " if wv > 0", " if wv != wk"])),
                     pad + "print(wq, dtype(wq))", "}"]
        after = ["print(%s)" % ", ".join(out), "print(%s)" % ", ".join("dtype(%s)" % o for o in out)]
        return code, after

    # ----- record fields -----------------------------------------------------------------
    def sec_record(self, fails=False):
        code = [SECTION_MARK + ("record fields fails" if fails else "record fields")]
        n = self.rng.randint(1, 6)
        dt = self.pick(["f64", "f64", "i64", "f32", "i32", "u8"])
        x, lx = self.vec("wx", dt, n)
        wdt = self.pick(["f64", "i64", "f32"])
        _, lw = self.vec("wt0", wdt, n)
        wlist = self.chance(0.1)          # a list field: read the generic way
        fields = ["scale: %s" % self.pick(["2.0", "0.5", "3", "-1.5", "true"]), "shift: %s" % self.pick(["0.5", "1", "-0.25"]),
                  "w: %s" % (lw.split(" = ", 1)[1] if not wlist else "list(%s)" % ", ".join(["1.5", "2", "true"][k % 3] for k in range(n))),
                  "name: \"run\"", "n: %d" % self.rng.randint(-3, 9),
                  "on: %s" % self.pick(["true", "false"])]
        code += [lx, "wcfg = {%s}" % ", ".join(fields), "ws = 0.0", "wc = 0", "wt = \"\""]
        pad = "    "
        body = [pad + "ws += wx[wi] * wcfg.scale + wcfg.shift" + self.pick(["", " + wcfg.w[wi]"])]
        for _ in range(self.rng.randint(0, 3)):
            body.append(pad + self.pick(["if wcfg.on { wc += wcfg.n }", "wc += wcfg.n * wi", "ws += wcfg.w[-1 - wi]",
                                         "ws = round(ws * 100) / 100", "ws += round(wcfg.w[wi])",
                                         "if wx[wi] > wcfg.shift { wc += 1 }", "ws += len(wcfg.w)"]))
        g = self.rng.random()
        if g < 0.25:
            body.insert(self.rng.randint(0, len(body)), pad + self.pick([
                "wcfg.scale = wcfg.scale * 2", "wcfg.w[wi] = ws", "wcfg.n += 1",
                "wcfg = {%s}" % ", ".join(fields), "wcfg.shift = wi"]))
        elif g < 0.35:
            body.append(pad + "wt = wt + wcfg.name")
        if fails:
            K = self.rng.randint(0, n - 1)
            body.insert(self.rng.randint(0, len(body)), pad + self.pick([
                "if wi == %d { ws += wcfg.missing }" % K, "ws += wcfg.w[wi + %d]" % (n - K),
                "if wi == %d { wc += wcfg.name }" % K, "wc += 1 // (wcfg.n - wcfg.n + %d - wi)" % K]))
        if self.chance(0.3):
            f = self.fn_name("rec")
            fb = [re.sub(r"\b(wcfg|wx|wi|ws|wc|wt)\b", lambda m: {"wcfg": "c", "wx": "x", "wi": "i", "ws": "s", "wc": "k",
                                                                  "wt": "t"}[m.group(1)], l) for l in body]
            glob = self.chance(0.3)
            if glob:
                # the record a global read by the function
                fb = [re.sub(r"\bc\.", "wcfg.", l) for l in fb]
            code += ["fn %s(c, x) {" % f, pad + "s = 0.0", pad + "k = 0", pad + "t = \"\"",
                     pad + "for i in range(len(x)) {"] + [pad + l for l in fb] + [pad + "}", pad + "list(s, k, t)", "}",
                     "print(%s(wcfg, wx))" % f]
            if self.chance(0.5):
                code.append("print(%s({scale: 1, shift: 2.5, w: [1, 2, 3, 4, 5, 6], name: \"b\", n: 1, on: true}, wx))" % f)
        else:
            head = self.pick(["for wi in range(len(wx)) {", "for wi in range(%d) {" % n])
            if self.chance(0.25):
                code += ["wi = 0", "while wi < %d {" % n] + body + [pad + "wi += 1", "}"]
            else:
                code += [head] + body + ["}"]
        if self.chance(0.2):
            # the record changed between entries of a loop that only reads it
            code += ["for wrep in range(3) {", pad + "wcfg.scale = " + self.pick([
                "wrep * 0.5", "if wrep == 1 { 2 } else { 0.5 }", "if wrep == 2 { true } else { 1.5 }", "wx[wrep %% %d]" % n,
                "if wrep == 1 { wx[0] } else { 3 }"]),
                     pad + "for wi in range(len(wx)) { ws += wx[wi] * wcfg.scale + wcfg.shift }", "}"]
        if self.chance(0.3):
            code += ["for we in wcfg.w { ws += we * wcfg.scale }"]
        if self.chance(0.25):
            code += ["wl1 = [wv * wcfg.scale + wcfg.shift for wv in wx%s]" % self.pick(["", " if wv > wcfg.shift"]),
                     "print(wl1, dtype(wl1))"]
        after = ["print(ws, wc, wt, dtype(ws))", "print(wcfg.scale, wcfg.w, wcfg.n, wcfg.shift)"]
        return code, after

    # ----- the program -------------------------------------------------------------------
    def section(self, kind, fails=False):
        return {"for each": self.sec_foreach, "comprehension": self.sec_comprehension,
                "record fields": self.sec_record}[kind](fails)



# A sixth layer (its own random stream, "SEED:INDEX:rows"; --no-rows leaves it out,
# giving exactly the previous version's programs): "floating" variables, a Python float
# at some steps and a numpy f64 at others (s = 0.0 in an outer loop, s += x[j] in the
# inner one; a running max m = 0.0 that takes elements; a for variable given 0.0), held
# by the typed path as one double and a kind register, then seen by generic statements
# (print, f-strings, lists, functions, int/float/round/abs/sqrt/maximum, stores into
# arrays of every dtype, comparisons with elements of every dtype), and "row views",
# row = m[i] of a 2-d array variable in a loop (read in place, copied out when seen as
# a value: after the loop, printed, appended, passed to a function, m changed later;
# written in the loop, empty matrices, negative and out-of-range indices). The kind of
# a float is shown by dtype(v * fvf), fvf an f32 array (a Python float keeps f32).
# Names: fv..., rv..., functions rv_...

ROW_KINDS = ["floating", "row views"]
FV_VALUES = ["0.5", "-1.25", "2.0", "-0.0", "0.0", "2.5", "-3.5", "1.5", "3.25", "-0.75", "7.0", "1e300", "1e-300"]


class RowSections(SectionLayer):
    KINDS = ROW_KINDS
    PREFIX = "rv_"

    def kind(self, v):
        return "dtype(%s * fvf)" % v

    # ----- floating variables ------------------------------------------------------------
    def fv_vec(self, n, special):
        if n == 0:
            return [], "fvx = zeros([0])"
        if n == 40:
            return ["-3.0"] * 40, "fvx = astype(range(40), \"f64\") * %s - %s" % (
                self.pick(["0.25", "0.5", "-0.125"]), self.pick(["3.0", "1", "0.5"]))
        vals = [self.pick(FV_VALUES) for _ in range(n)]
        if special:
            vals[self.rng.randrange(n)] = self.pick(SPECIAL_VALUES)
        lit = "[" + ", ".join(vals) + "]"
        return vals, "fvx = " + (lit if self.chance(0.6) else "astype(%s, \"f64\")" % lit)

    def fv_other(self):
        """Another vector (its elements compared with and mixed into the floating
        variables): every dtype."""
        dt = self.pick(CONV_DTYPES)
        vals = [self.pick(CONV_VALUES[dt]) for _ in range(self.rng.randint(1, 4))]
        return dt, "fvy = astype([%s], \"%s\")" % (", ".join(vals), dt)

    def fv_stmt(self, s, j, pad, st):
        """A statement on the floating variable `s`, in a loop where `j` indexes fvx."""
        other = "fvy[%s %% len(fvy)]" % j
        el = "fvx[%s]" % j
        r = self.rng.random()
        if r < 0.16:
            return [pad + self.pick(["%s += %s" % (s, el), "%s -= %s" % (s, el), "%s = %s + %s" % (s, s, el)])]
        if r < 0.24:
            return [pad + self.pick(["%s = %s * 2.0" % (s, s), "%s = %s * 0.5 + %s" % (s, s, el), "%s = -%s" % (s, s),
                                     "%s *= 1.5" % s, "%s /= 2" % s, "%s = %s - 1" % (s, s)])]
        if r < 0.28:
            return [pad + "if %s == %d { %s = %s / 0.0 }" % (j, self.rng.randint(0, 3), s, self.pick([s, "-" + s, "(%s - %s)" % (s, s)]))]
        if r < 0.35:
            return [pad + self.pick(["%s = %s // 2.0" % (s, s), "%s = %s %% 3.0" % (s, s), "%s = %s %% -2.5" % (s, s),
                                     "%s = %s // %s" % (s, el, self.pick(["1.5", "-2", "0.0"])),
                                     "if abs(%s) < 1000000.0 { %s = %s ** 2 }" % (s, s, s),
                                     "%s = abs(%s) ** 0.5" % (s, s), "%s = %s ** %s" % (s, self.pick(["0.5", "2.0", "1.5"]), el)])]
        if r < 0.42:
            t = "fvt" if s != "fvt" else "fvs"
            return [pad + self.pick(["%s = %s + 1" % (t, s), "%s = %s + %s" % (s, t, self.pick(["1", "0.5", el])),
                                     "%s = %s * %s" % (t, s, t), "%s = %s" % (t, s)])]
        if r < 0.52:
            rhs = self.pick(["0", "1", "-2", "0.5", "2.5", "-0.0", el, other, other, "fvt", "fvc"])
            op = self.pick(["<", ">", "<=", ">=", "==", "!="])
            body = self.pick(["fvc += 1", "%s = 0.0" % s, "%s = %s" % (s, el), "%s = %s" % (s, other), "fvc -= 1"])
            form = self.rng.random()
            if form < 0.7:
                return [pad + "if %s %s %s { %s }" % (s, op, rhs, body)]
            if form < 0.85:
                return [pad + "if not (%s %s %s) and %s >= 0 { %s }" % (s, op, rhs, j, body)]
            return [pad + "if %s %s %s { %s } else { %s = %s }" % (s, op, rhs, body, s, self.pick(["1.5", el, s + " * 0.5"]))]
        if r < 0.64:
            guard = self.pick(["abs(%s) < 1000000000000000.0" % s, "%s == %s and abs(%s) < 1e15" % (s, s, s)])
            f = self.rng.random()
            if f < 0.2:
                return [pad + "if %s { fvc += int(%s) }" % (guard, s)]
            if f < 0.35:
                return [pad + self.pick(["if %s { fvr = round(%s) }" % (guard, s), "fvr = round(%s)" % s])]
            return [pad + "fvr = " + self.pick(["float(%s)" % s, "abs(%s)" % s, "sqrt(abs(%s))" % s, "sqrt(%s)" % s,
                                                "maximum(%s, %s)" % (s, self.pick(["0", "1.5", other, el, "-0.0", "true"])),
                                                "minimum(%s, %s)" % (s, self.pick(["2", "-1.5", other, el])),
                                                "round(%s, 1)" % s, "-%s" % s, "%s * fvt" % s])]
        if r < 0.70:
            return [pad + "fvr = %s(%s)" % (self.pick(st["fns"]), s)]
        if r < 0.76:
            return [pad + "fvr = if %s %% 2 == 0 { %s } else { %s }" % (j, s, self.pick(["0.5", el, "fvr", "1"]))]
        if r < 0.84:
            z = self.pick(st["stores"])
            dt = st["store_dt"][z]
            val = self.pick([s, s, "-" + s, "%s * 100" % s, "fvt", "%s / 0.0" % s])
            if dt in ("f64", "f32", "bool") or self.chance(0.6):
                # (stored into an integer array: out of range, nan, inf are cast, not errors)
                return [pad + "%s[%s %% 3] = %s" % (z, j, val)]
            lo, hi = {"u8": (0, 255), "i32": (-2147483648, 2147483647), "i64": (-9e18, 9e18)}[dt]
            return [pad + "if %s >= %s and %s <= %s { %s[%s %% 3] = %s }" % (val, lo, val, hi, z, j, val)]
        if r < 0.9 and st["islands"]:
            return [pad + self.pick(["print(%s, %s, %s)" % (j, s, self.kind(s)), "fvq = f\"{%s}\"" % s,
                                     "fvc += len([v for v in fvx if v > %s])" % s, "fvr = sum([v * %s for v in fvy])" % s,
                                     "fvl = append(fvl, %s)" % s, "fvq = str(%s(%s))" % ("dtype", "%s * fvf" % s)])]
        if r < 0.95:
            return [pad + self.pick(["%s = %s" % (s, el), "%s = 1.5" % s, "%s = 0.0" % s, "%s = %s + 0.0" % (s, el)])]
        if r < 0.98:
            return [pad + "if %s { %s }" % (self.pick(["%s == %d" % (j, self.rng.randint(0, 5)), "%s > %s" % (s, self.pick(["2", "4.5", other]))]),
                                           self.pick(["break", "continue"] if not st.get("while") else ["break"]))]
        return [pad + "fvc += 1"]

    def fv_fail(self, s, j, K, n):
        return self.pick([
            "if %s == %d { fvc += int(%s / 0.0) }" % (j, K, s),
            "if %s == %d { fvc += int(%s * 0.0 + nan) }" % (j, K, s),
            "if %s == %d { fvb[%d + %s] = %s }" % (j, K, 2 - K, j, s),
            "if %s == %d { fvc += int(round(%s / 0.0)) }" % (j, K, s),
            "if %s == %d { fvc += int(%s * 1e300 * 1e300 + 1.0) }" % (j, K, s),
            "%s += fvx[%s + %d]" % (s, j, n - K),
            "if %s == %d { %s = %s + \"x\" }" % (j, K, s, s),
            "if %s == %d { fvr = rv_bad(%s) }" % (j, K, s),
        ])

    def sec_floating(self, fails=False):
        code = [SECTION_MARK + ("floating fails" if fails else "floating")]
        n = self.pick([0, 1, 2, 3, 4, 5, 6, 8, 40]) if not fails else self.rng.randint(1, 8)
        vals, lx = self.fv_vec(n, self.chance(0.15))
        ody, ly = self.fv_other()
        code += [lx, ly, "fvf = astype([1.0], \"f32\")"]
        st = {"fns": [], "stores": [], "store_dt": {}, "islands": n <= 8}
        for k in range(self.rng.randint(1, 2)):
            z = "fvz%d" % (k + 1)
            dt = self.pick(CONV_DTYPES)
            st["stores"].append(z)
            st["store_dt"][z] = dt
            code.append("%s = %s" % (z, "zeros([3])" if dt == "f64" else "astype(zeros([3]), \"%s\")" % dt))
        pad = "    "
        for _ in range(self.rng.randint(1, 2)):
            f = self.fn_name("h")
            st["fns"].append(f)
            code += [self.pick(["fn %s(v) = v * 2.0 + 1" % f, "fn %s(v) { if v > 1 { return v }; 0.5 }" % f,
                                "fn %s(v) = str(dtype(v * fvf)) == \"f64\"" % f, "fn %s(v) = v" % f,
                                "fn %s(v) { t = v; for i in range(2) { t = t * 0.5 + v }; t }" % f])]
        if fails:
            code += ["fn rv_bad(v) { q = astype([1, 2], \"i32\"); q[0] = v; int(v * 0.0 + nan) }",
                     "fvb = astype(zeros([2]), \"%s\")" % self.pick(["u8", "i32", "i64", "u8"])]
        code += ["fvs = " + self.pick(["0.0", "0.5", "-0.0", "1"]), "fvt = " + self.pick(["0.0", "1.5", "-2.0"]),
                 "fvc = 0", "fvr = 0.0", "fvl = list()", "fvq = \"\""]
        shape = self.rng.random()
        body_n = self.rng.randint(1, 4)
        fail_at = None
        if shape < 0.4:
            # an outer loop resetting s, an inner one accumulating (0 steps at some outer steps)
            R = self.rng.randint(1, 5)
            inner = self.pick(["fvi", "len(fvx)", "fvi %% %d" % (n + 1), "%d - fvi" % n, "minimum(fvi * 2, len(fvx))"])
            if inner == "fvi":
                R = min(R, n + 1)
            init = self.pick(["0.0", "0.0", "0.5", "-0.0", "fvt", "fvx[0]" if n > 0 else "0.0", "0"])
            body = []
            for _ in range(body_n):
                body += self.fv_stmt("fvs", "fvj", pad * 2, st)
            if fails:
                K = self.rng.randint(0, max(0, n - 1))
                body.insert(self.rng.randint(0, len(body)), pad * 2 + self.fv_fail("fvs", "fvj", K, n))
            after_inner = [pad + self.pick(["fvl = append(fvl, fvs)", "print(fvi, fvs, %s)" % self.kind("fvs"),
                                            "fvq = fvq + str(%s) + \" \"" % self.kind("fvs"), "fvt = fvs",
                                            "fvr = %s(fvs)" % self.pick(st["fns"]),
                                            "fvz1[fvi %% 3] = %s" % ("fvs" if st["store_dt"]["fvz1"] in ("f64", "f32", "bool") else "0")])]
            code += ["for fvi in range(%d) {" % R, pad + "fvs = " + init,
                     pad + "for fvj in range(%s) {" % inner] + body + [pad + "}"] + after_inner + ["}"]
        elif shape < 0.55:
            # a running max / min of Python 0.0 that takes elements
            op = self.pick([">", "<", ">=", "<="])
            cmp_with = self.pick(["fvx[fvj]", "fvx[fvj]", "fvy[fvj % len(fvy)]"])
            code += ["fvm = " + self.pick(["0.0", "0.0", "-0.0", "1.5", "-inf"])]
            code += ["for fvj in range(len(fvx)) {", pad + "if %s %s fvm { fvm = %s }" % (cmp_with, op, self.pick(["fvx[fvj]", "fvx[fvj]", "fvm * 2.0", "0.5"]))]
            for _ in range(body_n - 1):
                code += self.fv_stmt(self.pick(["fvm", "fvs"]), "fvj", pad, st)
            if fails:
                code.append(pad + self.fv_fail("fvm", "fvj", self.rng.randint(0, n - 1), n))
            code += ["}", "print(fvm, %s)" % self.kind("fvm")]
        elif shape < 0.7:
            # a while loop with the floating variable in its condition
            lim = self.pick(["5", "2.5", "fvy[0]", "100", "-1"])
            code += ["fvj = 0", "while fvj < len(fvx) and %s {" % self.pick(["fvs < %s" % lim, "not (fvs > %s)" % lim, "fvs != %s" % lim])]
            st["while"] = True
            body = []
            for _ in range(body_n):
                body += self.fv_stmt("fvs", "fvj", pad, st)
            if fails:
                body.insert(self.rng.randint(0, len(body)), pad + self.fv_fail("fvs", "fvj", self.rng.randint(0, n - 1), n))
            code += body + [pad + "fvj += 1", "}", "print(fvj)"]
        elif shape < 0.82:
            # for v in x with v given a Python float in the body
            preset = self.pick([None, None, "7", "0.5", "\"before\""])
            if preset:
                code.append("fvv = " + preset)
            body = [pad + "if fvv %s %s { fvv = %s }" % (self.pick(["<", ">", ">="]), self.pick(["0", "1.5", "fvy[0]"]),
                                                         self.pick(["0.0", "1.5", "-fvv", "fvv * 0.0"]))]
            body += [pad + self.pick(["fvs += fvv", "fvs = fvs * 0.5 + fvv", "fvt = fvv", "if fvv > fvs { fvs = fvv }"])]
            for _ in range(body_n - 1):
                body += self.fv_stmt("fvv", "fvj", pad, st)
            if fails:
                body.append(pad + self.fv_fail("fvv", "fvj", self.rng.randint(0, n - 1), n))
            code += ["fvj = -1", "for fvv in fvx {", pad + "fvj += 1"] + body + ["}"]
            if n > 0 or preset:
                code.append("print(fvv, %s)" % (self.kind("fvv") if n > 0 or preset != "\"before\"" else "fvj"))
        else:
            # in a function: parameters, locals, returned
            f = self.fn_name("sum")
            ren = {"fvs": "s", "fvt": "t", "fvx": "x", "fvj": "j", "fvc": "c", "fvr": "r", "fvl": "l", "fvq": "q",
                   "fvz1": "z1", "fvz2": "z2"}
            body = []
            for _ in range(body_n):
                body += self.fv_stmt("fvs", "fvj", pad * 2, st)
            if fails:
                body.insert(self.rng.randint(0, len(body)), pad * 2 + self.fv_fail("fvs", "fvj", self.rng.randint(0, n - 1), n))
            body = [re.sub(r"\b(fvs|fvt|fvx|fvj|fvc|fvr|fvl|fvq|fvz1|fvz2)\b", lambda m: ren[m.group(1)], l) for l in body]
            ret = self.pick(["s", "list(s, t, c, r)", "s + 0.0", "str(dtype(s * fvf))", "list(s, q, l, z1)"])
            code += ["fn %s(x, k) {" % f, pad + "s = " + self.pick(["0.0", "0.0", "0.5"]), pad + "t = 0.0", pad + "c = 0",
                     pad + "r = 0.0", pad + "l = list()", pad + "q = \"\""] + \
                    [pad + "%s = fv%s" % (z[2:], z[2:]) for z in st["stores"]] + [pad + "for j in range(k) {"] + body + [pad + "}", pad + ret, "}"]
            args = ["fvx, 0", "fvx, len(fvx)", "fvx, len(fvx) // 2", "astype(fvx, \"f32\"), len(fvx)",
                    "fvx * 2, len(fvx)", "[0.5, 1.5, -2.0], %d" % min(3, n)]
            for a in self.rng.sample(args, self.rng.randint(2, 4)):
                if ret.startswith(("list", "str")):
                    code.append("print(%s(%s))" % (f, a))
                else:
                    code.append("fvs = %s(%s)" % (f, a))
                    code.append("print(fvs, %s)" % self.kind("fvs"))
            if self.chance(0.4):
                code += ["for fvi in range(3) {", pad + "fvo = %s(fvx, fvi %% (len(fvx) + 1))" % f,
                         pad + "fvl = append(fvl, fvo)", "}"]
        if self.chance(0.3):
            # the floating variable passed on afterwards
            code.append(self.pick(["fvt = %s(fvs)" % self.pick(st["fns"]), "fvl = append(append(fvl, fvs), fvt)",
                                   "fvq = f\"{fvs} {fvt}\"", "fvr = if fvs > 0 { fvs } else { fvt }"]))
        after = ["print(fvs, fvt, fvc, fvr, fvq)",
                 "print(%s, %s, %s, dtype(fvs), dtype(fvr))" % (self.kind("fvs"), self.kind("fvt"), self.kind("fvr")),
                 "print(fvl, %s)" % ", ".join(st["stores"])]
        return code, after

    # ----- row views --------------------------------------------------------------------
    def rv_matrix(self, name, R, C, dt):
        f = self.rng.random()
        if R * C == 0 or f < 0.3:
            z = "zeros([%d, %d])" % (R, C)
            if R * C > 0 and self.chance(0.5):
                z = "reshape(range(%d), [%d, %d])" % (R * C, R, C)
            return "%s = %s" % (name, z if dt == "f64" else "astype(%s, \"%s\")" % (z, dt))
        if f < 0.55:
            return "%s = astype(reshape(range(%d), [%d, %d]), \"%s\")%s" % (
                name, R * C, R, C, dt if dt != "bool" else "i64", "" if dt != "bool" else " % 3 == 0")
        vals = [self.pick(CONV_VALUES[dt]) for _ in range(R * C)]
        if dt in ("f32", "f64") and self.chance(0.15):
            vals[self.rng.randrange(R * C)] = self.pick(SPECIAL_VALUES)
        return "%s = reshape(astype([%s], \"%s\"), [%d, %d])" % (name, ", ".join(vals), dt, R, C)

    def rv_stmt(self, C, pad, st):
        r = self.rng.random()
        if r < 0.2:
            return [pad + "for rvj in range(len(rvrow)) { rvs += %s }" % self.pick(
                ["rvrow[rvj]", "rvrow[rvj] * rvw[rvj]", "rvrow[-1 - rvj]", "rvrow[rvj - len(rvrow)]", "rvrow[rvj] * 0.5"])]
        if r < 0.3:
            return [pad + "rvc += len(rvrow)"]
        if r < 0.4 and C > 0:
            return [pad + self.pick(["rvs += rvrow[-1]", "rvs += rvrow[0]", "if rvrow[0] > rvrow[-1] { rvc += 1 }",
                                     "rvs = maximum(rvs, rvrow[%d])" % self.rng.randint(-C, C - 1),
                                     "rvs += rvm[%s, %d] * rvrow[0]" % (st["idx"], self.rng.randint(-C, C - 1)),
                                     "if rvrow[%d] { rvc += 2 }" % self.rng.randint(0, C - 1)])]
        if r < 0.5:
            return [pad + "rvs += %s(rvrow)" % self.pick(st["fns"])]
        if r < 0.6 and st["islands"]:
            return [pad + self.pick(["print(rvi, rvrow)", "rvl = append(rvl, rvrow)", "rvq = f\"{rvrow}\"",
                                     "rvq = str(shape(rvrow))", "rvc += len([e for e in rvrow if e > 0])",
                                     "rvs += sum(rvrow)", "rvq = str(len(rvrow)) + str(dtype(rvrow))"])]
        if r < 0.68:
            return [pad + "for rvk in range(len(rvm)) {", pad + "    rvr2 = rvm[rvk]",
                    pad + "    " + (self.pick(["rvs += rvrow[0] * rvr2[-1]", "if rvr2[0] == rvrow[0] { rvc += 1 }"])
                                    if C > 0 else "rvc += len(rvr2)"), pad + "}"]
        if r < 0.74:
            return [pad + "for rve in rvrow { rvs += rve }"]
        if r < 0.8:
            return [pad + "rvkeep = rvrow"]
        if r < 0.9 and self.chance(0.3):
            return [pad + "if %s { %s }" % (self.pick(["rvi == %d" % self.rng.randint(0, 3), "rvc > %d" % self.rng.randint(0, 6)]),
                                           self.pick(["break", "continue"] if not st.get("while") else ["break"]))]
        if r < 0.86 and C > 0:
            # written in the loop: no view
            return [pad + self.pick(["rvm[rvi, 0] = %s" % self.pick(["1", "rvc % 2", "true"]), "rvrow[0] = 1",
                                     "rvm[rvi, -1] = rvrow[0]", "rvm[rvi] = rvrow"])]
        return [pad + "rvc += 1"]

    def sec_rows(self, fails=False):
        code = [SECTION_MARK + ("row views fails" if fails else "row views")]
        dt = self.pick(CONV_DTYPES + ["f64", "f64"])
        shapes = [(0, 4), (3, 0), (1, 1), (2, 3), (3, 2), (4, 4), (5, 3), (6, 1), (2, 6), (40, 5)]
        R, C = self.pick(shapes)
        if fails:
            R, C = self.pick([(2, 3), (3, 2), (4, 4), (1, 5), (3, 0), (0, 4)])
        d = self.pick(CONV_DTYPES)
        code += [self.rv_matrix("rvm", R, C, dt)]
        code += ["rvw = " + ("astype([%s], \"%s\")" % (", ".join(self.pick(CONV_VALUES[d]) for _ in range(C)), d)
                               if C > 0 else "zeros([0])")]
        st = {"fns": [], "islands": R <= 8}
        pad = "    "
        for _ in range(self.rng.randint(1, 2)):
            f = self.fn_name("sum")
            st["fns"].append(f)
            code += [self.pick([
                "fn %s(v) { s = 0.0; for j in range(len(v)) { s += v[j] }; s }" % f,
                "fn %s(v) { s = 0; for e in v { s += e }; s }" % f,
                "fn %s(v) { c = 0; for j in range(len(v)) { if v[j] > v[-1 - j] { c += 1 } }; c }" % f,
                "fn %s(v) = len(v) * 0.5" % f,
                "fn %s(v) { for j in range(len(v)) { v[j] = v[-1 - j] }; len(v) + 0.5 }" % f,
                "fn %s(v) { m = 0.0; for j in range(len(v)) { if v[j] > m { m = v[j] } }; m }" % f])]
        preset = self.chance(0.4) or (R == 0 and not fails)
        if preset:
            code.append("rvrow = " + self.pick(["7", "\"before\"", "[1.5, 2.5]", "null", "rvm"]))
        code += ["rvs = " + self.pick(["0.0", "0", "0.5"]), "rvc = 0", "rvl = list()", "rvq = \"\"", "rvkeep = 0"]
        idx = self.pick(["rvi", "rvi", "-1 - rvi", "rvi - len(rvm)", "len(rvm) - 1 - rvi", "rvix[rvi %% %d]" % max(1, R),
                         "int(rvi * 1.0)"])
        code.append("rvix = astype(%s, \"%s\")" % (self.pick(["range(%d)" % R, "range(%d, -1, -1)" % (R - 1)]),
                                                    self.pick(["i32", "u8", "i64"])))
        if fails:
            idx = self.pick([idx, "rvi + 1", "-1 - rvi - %d" % self.rng.randint(0, max(0, R - 1)), "rvi + %d" % R])
        st["idx"] = idx
        form = self.rng.random()
        st["while"] = 0.45 <= form < 0.55
        body = []
        for _ in range(self.rng.randint(1, 4)):
            body += self.rv_stmt(C, pad, st)
        if self.chance(0.1):
            # the variable given something else at one step (no view then)
            body.append(pad + "if rvi == %d { rvrow = %s }" % (self.rng.randint(0, max(0, R - 1)),
                                                               self.pick(["0.5", "rvc", "rvw"])))
        if fails:
            body.insert(self.rng.randint(0, len(body)), pad + self.pick([
                "rvs += rvrow[len(rvrow)]", "rvs += rvrow[-1 - len(rvrow)]", "rvs += rvrow[%d]" % C,
                "if rvi == %d { rvs += rvrow[rvi + %d] }" % (max(0, R - 1), C), "rvs += rvm[rvi, %d]" % C,
                "if rvi == %d { rvs += rvrow + \"x\" }" % (max(0, R - 1))]))
        if 0.55 <= form < 0.7 and "rvix" in idx:
            idx = "rvi"
        loop_in_fn = False
        if form < 0.45:
            head = self.pick(["for rvi in range(len(rvm)) {", "for rvi in range(shape(rvm)[0]) {", "for rvi in range(%d) {" % R])
            code += [head, pad + "rvrow = rvm[%s]" % idx] + body + ["}"]
        elif form < 0.55:
            code += ["rvi = 0", "while rvi < len(rvm) {", pad + "rvrow = rvm[%s]" % idx] + body + [pad + "rvi += 1", "}"]
        elif form < 0.7:
            # the loop entered again with matrices of other dtypes and shapes
            others = ["astype(rvm, \"f64\")", "rvm * 2", "zeros([2, %d])" % C, "astype(zeros([0, %d]), \"i32\")" % C,
                      "astype(reshape(range(%d), [3, %d]), \"u8\")" % (3 * C, C), "rvm"]
            self.rng.shuffle(others)
            code += ["for rvp in list(%s) {" % ", ".join(others[:self.rng.randint(2, 4)]), pad + "rvm = rvp",
                     pad + "for rvi in range(len(rvm)) {", pad * 2 + "rvrow = rvm[%s]" % idx] + \
                    [pad + l for l in body] + [pad + "}", pad + "rvl = append(rvl, rvs)", "}"]
        else:
            # in a function, the matrix a parameter
            loop_in_fn = True
            f = self.fn_name("rows")
            ren = {"rvm": "m", "rvrow": "row", "rvs": "s", "rvc": "c", "rvi": "i", "rvj": "j", "rvk": "k", "rvr2": "r2",
                   "rve": "e", "rvw": "w", "rvkeep": "keep", "rvl": "l", "rvq": "q"}
            fb = [re.sub(r"\b(rvm|rvrow|rvs|rvc|rvi|rvj|rvk|rvr2|rve|rvw|rvkeep|rvl|rvq)\b", lambda m: ren[m.group(1)], l)
                  for l in [pad + "rvrow = rvm[%s]" % idx] + body]
            fpre = self.chance(0.5)
            params = "m, w"
            if self.chance(0.3) and not any(re.search(r"\bm(\[[^]]*\])? =", l) for l in fb):
                # the matrix a global read by the function
                fb = [re.sub(r"\bm\b", "rvm", l) for l in fb]
                params = "w"
            code += ["fn %s(%s) {" % (f, params), pad + "s = 0.0", pad + "c = 0", pad + "l = list()", pad + "q = \"\"",
                     pad + "keep = 0"] + ([pad + "row = -1"] if fpre else []) + \
                    [pad + "for i in range(len(%s)) {" % ("m" if params != "w" else "rvm")] + [pad + l for l in fb] + [pad + "}",
                     pad + ("list(s, c, row, keep, len(l))" if fpre else "list(s, c, keep, len(l))"), "}"]
            code.append("rvl = %s(%srvw)" % (f, "rvm, " if params != "w" else ""))
            code.append("print(rvl)")
            if not fails and params != "w":
                for a in self.rng.sample(["astype(rvm, \"f64\")", "rvm * 3", "astype(rvm, \"u8\")",
                                          "zeros([0, %d])" % C, "astype(rvm, \"bool\")"], 2):
                    code.append("print(%s(%s, rvw))" % (f, a))
        if not loop_in_fn:
            after = ["print(rvs, rvc, dtype(rvs), rvq)", "print(rvkeep, rvl)"]
            certain = preset or (R > 0 and form < 0.55)
            if certain:
                after.insert(0, "print(rvrow, %s)" % ("dtype(rvrow)" if R > 0 else "rvc"))
            elif fails:
                after.append("print(rvrow)")
            if R > 0 and C > 0 and self.chance(0.6) and not 0.55 <= form < 0.7:
                # the matrix changed afterwards: copies taken from it stay as they were
                after = ["rvm[%s] = %s" % (self.pick(["0, 0", "-1, -1", "0", "-1"]), self.pick(["1", "0", "true", "rvm[0, 0] * 0"]))] + after
                after.append("print(rvm)")
        else:
            after = ["print(rvm, rvw)"]
        return code, after

    # ----- the program -------------------------------------------------------------------
    def section(self, kind, fails=False):
        return {"floating": self.sec_floating, "row views": self.sec_rows}[kind](fails)



# ----- Ctrl-C in a top-level loop ----------------------------------------------------
#
# For `differential.py --interrupt`: input for the REPL (run on a pseudo-terminal,
# the only place where Ctrl-C interrupts a computation). A loop that runs until
# Ctrl-C, then lines printing relations that hold between any two iterations
# (where the interpreter checks for Ctrl-C), so that both runs print the same
# whatever iteration was interrupted, unless a variable was not written back.

def interrupt_session(seed, index):
    """(kind of loop, setup lines, the loop, lines printed afterwards)."""
    rng = random.Random("%d:%d:interrupt" % (seed, index))
    k = rng.randint(2, 9)
    m = rng.randint(3, 11)
    setup = ["a = 0", "b = 0", "t = 0.0", "ok = true"]
    if rng.random() < 0.3:
        setup.append("c = 0")          # else first assigned inside the loop
    if rng.random() < 0.2:
        # t starts as an int: the loop makes it a float, so it runs the generic way (not
        # an array element: array arithmetic notices Ctrl-C in the middle of an iteration)
        setup.append("t = 0")
    step = ["a += 1", "b = a * %d" % k, "t = t + 0.5", "ok = not ok", "c = a %% %d" % m]
    checks = ["print(a > 0, b == a * %d, t == a * 0.5, ok == (a %% 2 == 0), c == a %% %d)" % (k, m),
              "print(dtype(a), dtype(b), dtype(t), dtype(ok), dtype(c))"]
    form = rng.choice(["while", "for", "call", "nested", "generic outer"])
    if form == "while":
        cond = rng.choice(["a >= 0", "a >= 0 and ok == ok", "not (a < 0) or b < 0", "true"])
        loop = "while " + cond + " { " + "; ".join(step) + " }"
    elif form == "for":
        step[0] = "a = i"
        loop = "for i in range(1, 9223372036854775807) { " + "; ".join(step) + " }"
        checks.append("print(i - a <= 1, i >= a, dtype(i))")
    elif form == "call":
        # Ctrl-C lands in the function most of the time: the statements after the call wait
        setup.insert(0, "fn slow(x) { s = 0; for j in range(%d) { s += j %% 3 }; x * %d + s - s }" % (rng.randint(200, 3000), k))
        step[1] = "b = slow(a)"
        loop = "while a >= 0 { " + "; ".join(step) + " }"
        checks[0] = "print(a > 0, b == a * %d or b == (a - 1) * %d, t == a * 0.5 or t == (a - 1) * 0.5, c == a %% %d or c == (a - 1) %% %d)" % (k, k, m, m)
    elif form == "nested":
        loop = "for i in range(1000000000) { for j in range(%d) { %s } }" % (rng.randint(1, 50), "; ".join(step))
    else:
        # the outer loop is generic (an array); the inner one is a loop site entered again and again
        loop = "while a >= 0 { zz = [a][0]; for j in range(%d) { %s } }" % (rng.randint(1, 50), "; ".join(step))
    checks += ["for i in range(3) { a += 1; b = a * %d }" % k, "print(b == a * %d, i)" % k]
    if "t = 0" in setup:
        form += ", generic (t int -> float)"
    # a loop writing array elements (its own random stream: the sessions above stay as they were)
    ra = random.Random("%d:%d:interrupt-arrays" % (seed, index))
    if ra.random() < 0.35:
        return interrupt_elements(ra, k, m)
    # a walk over an array, a comprehension, record fields (their own stream too)
    rw = random.Random("%d:%d:interrupt-walks" % (seed, index))
    if rw.random() < 0.3:
        return interrupt_walks(rw, k)
    return form, setup, loop, checks


def interrupt_elements(rng, k, m):
    """A loop that writes elements of arrays (one shared with another variable) until
    Ctrl-C; the elements written hold relations with the counter. No arithmetic on
    elements inside the loop (only Python ints are stored)."""
    n = rng.randint(1, 9)
    dt = rng.choice(["i64", "i32", "u8", "f64", "f32"])
    z = "zeros(%d)" % n if dt == "f64" else "astype(zeros(%d), \"%s\")" % (n, dt)
    setup = ["a = 0", "b = 0", "v = " + z, "w = v", "mt = zeros([2, %d])" % n]
    store = {"u8": "a % 200", "f32": "a % 1000000"}.get(dt, "a")
    step = ["a += 1", "v[a %% %d] = %s" % (n, store), "mt[a %% 2, -1 - a %% %d] = a" % n, "b = a * %d" % k]
    form = rng.choice(["while", "for", "function", "nested"])
    if form == "while":
        loop = "while a >= 0 { " + "; ".join(step) + " }"
    elif form == "for":
        step[0] = "a = i"
        loop = "for i in range(1, 9223372036854775807) { " + "; ".join(step) + " }"
    elif form == "nested":
        loop = "for i in range(1000000000) { for j in range(%d) { %s } }" % (rng.randint(1, 50), "; ".join(step))
    else:
        # the loop is in a function that fills its own copy of the array
        setup.insert(0, "fn spin(v, a) { for j in range(len(v)) { v[j] = a }; v }")
        step.insert(1, "sp = spin(v, %s)" % store)
        loop = "while a >= 0 { " + "; ".join(step) + " }"
    exact = "v[a %% %d] == %s" % (n, store)
    checks = ["print(a > 0, %s, mt[a %% 2, -1 - a %% %d] == a, b == a * %d, sum(w) == 0)" % (exact, n, k),
              "print(dtype(v), shape(v), dtype(mt), w)",
              "for i in range(3) { a += 1; v[a %% %d] = %s }" % (n, store),
              "print(%s, i)" % exact]
    if form == "function":
        # Ctrl-C usually lands in the function (its loop checks too): the rest of the
        # iteration waits, so either the iteration finished or b is one step behind
        behind = "b == (a - 1) * %d" % k
        checks[0] = "print(a > 0, %s or %s, mt[a %% 2, -1 - a %% %d] == a or %s, b == a * %d or %s, sum(w) == 0)" % (
            exact, behind, n, behind, k, behind)
        checks.insert(1, "print(sp[0] == %s or sp[0] == %s, dtype(sp))" % (store, store.replace("a", "(a - 1)")))
    return "elements " + form, setup, loop, checks


def interrupt_walks(rng, k):
    """A `for v in x` loop, a comprehension or a loop reading record fields, run until
    Ctrl-C; afterwards relations between the variables it wrote (no array arithmetic in
    the loop: only element reads)."""
    n = rng.randint(3, 60)
    dt = rng.choice(["i64", "i32", "f64", "f32", "u8"])
    setup = ["a = 0", "b = 0", "t = 0", "x = astype(range(%d), \"%s\")" % (n, dt)]
    form = rng.choice(["for each", "for each in a function", "comprehension", "record"])
    if form == "for each":
        loop = "while a >= 0 { for v in x { a += 1; b = a * %d; t = v } }" % k
        # Ctrl-C noticed between two steps of the walk (v already the next element) or
        # between two steps of the while (the walk finished): t is v or the element before
        checks = ["print(a > 0, b == a * %d, t >= 0, t < %d, t == v or t == x[int(v) - 1], dtype(t), dtype(v))" % (k, n)]
    elif form == "for each in a function":
        setup.insert(0, "fn walk(x, a) { s = 0; for v in x { if v >= 0 { s += 1 } }; a + s - s + 1 }")
        loop = "while a >= 0 { a = walk(x, a); b = a * %d }" % k
        checks = ["print(a > 0, b == a * %d or b == (a - 1) * %d, dtype(a))" % (k, k)]
    elif form == "comprehension":
        loop = "while a >= 0 { a += 1; l = [v * 2 for v in x if v >= 0]; b = a * %d }" % k
        checks = ["print(a > 0, b == a * %d or b == (a - 1) * %d, len(l) == %d, dtype(l))" % (k, k, n)]
    else:
        setup.append("cfg = {k: %d, w: x}" % k)
        loop = "while a >= 0 { for i in range(%d) { a += 1; b = a * cfg.k; t = cfg.w[i] } }" % n
        checks = ["print(a > 0, b == a * %d, t == cfg.w[i] or t == cfg.w[i - 1], dtype(t), i >= 0, i < %d)" % (k, n)]
    checks += ["for v in x { a += 1; t = v }", "print(t == x[-1], v == x[-1], [v + 1 for v in x][0], dtype(t))"]
    return "walks " + form, setup, loop, checks


def program(seed, index, rebind=True, loops=True, arrays=True, mixed=True, walks=True, rows=True):
    rng = random.Random("%d:%d" % (seed, index))
    for attempt in range(50):
        prog = Program(rng, index, rebind)
        text = prog.generate()
        if text.count("\n") <= 80:
            break
    if loops:
        # the top-level loops have their own random stream: the rest stays as without them
        text = TopLoops(random.Random("%d:%d:loops" % (seed, index)), prog).program()
    if arrays:
        # and so do the array sections
        text = ArraySections(random.Random("%d:%d:arrays" % (seed, index)), prog).apply(text)
    if mixed:
        # and so do the islands, conversions and late kinds
        text = MixedSections(random.Random("%d:%d:mixed" % (seed, index)), prog).apply(text)
    if walks:
        # and so do the for-over-array, comprehension and record field sections
        text = WalkSections(random.Random("%d:%d:walks" % (seed, index)), prog).apply(text)
    if rows:
        # and so do the floating variable and row view sections
        text = RowSections(random.Random("%d:%d:rows" % (seed, index)), prog).apply(text)
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--start", type=int, default=0, help="index of the first program")
    ap.add_argument("--no-rebind", action="store_true",
                    help="never rebind a callee back to an earlier definition (a known bug's trigger)")
    ap.add_argument("--no-loops", action="store_true",
                    help="no top-level loop sections (the programs of the first version of this generator)")
    ap.add_argument("--no-arrays", action="store_true",
                    help="no array sections (elements, function loops): the previous version's programs")
    ap.add_argument("--no-mixed", action="store_true",
                    help="no islands, conversions or late kind sections")
    ap.add_argument("--no-walks", action="store_true",
                    help="no for-each, comprehension or record field sections")
    ap.add_argument("--no-rows", action="store_true",
                    help="no floating variable or row view sections: the previous version's programs")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    width = max(3, len(str(args.start + args.count - 1)))
    for i in range(args.start, args.start + args.count):
        path = os.path.join(args.out, "p%0*d.fls" % (width, i))
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(program(args.seed, i, rebind=not args.no_rebind, loops=not args.no_loops,
                             arrays=not args.no_arrays, mixed=not args.no_mixed,
                             walks=not args.no_walks, rows=not args.no_rows))


if __name__ == "__main__":
    main()
