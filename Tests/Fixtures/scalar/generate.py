#!/usr/bin/env python3
"""Random FLS programs for differential testing of the scalar fast path.

Each program defines a few top-level functions that compute with ints,
floats and bools (the subset the scalar compiler turns into unboxed code),
sometimes with a construct that must make a function fall back to the
generic interpreter, and then calls them from the top level, printing one
result per line. Risky calls (likely errors, recursion-limit probes,
runaway recursion) come last, so most programs run to completion.

Deterministic: the same --seed and --count give byte-identical files.
Python 3 standard library only.

    python3 generate.py --seed 1 --count 200 --out corpus
"""

import argparse
import os
import random

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
        lines += self.top_level(fns, extras, lam)
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
        """A function with about as many locals as a scalar frame holds (62)."""
        n = self.rng.randint(57, 66)
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
                        head, body = redef[0].split(" = ", 1)
                        redef = [head + " = (" + body + ") + RB"]
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
        out += risky
        return out


def program(seed, index, rebind=True):
    rng = random.Random("%d:%d" % (seed, index))
    for attempt in range(50):
        text = Program(rng, index, rebind).generate()
        if text.count("\n") <= 80:
            return text
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", default="corpus")
    ap.add_argument("--start", type=int, default=0, help="index of the first program")
    ap.add_argument("--no-rebind", action="store_true",
                    help="never rebind a callee back to an earlier definition (a known bug's trigger)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    width = max(3, len(str(args.start + args.count - 1)))
    for i in range(args.start, args.start + args.count):
        path = os.path.join(args.out, "p%0*d.fls" % (width, i))
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(program(args.seed, i, rebind=not args.no_rebind))


if __name__ == "__main__":
    main()
