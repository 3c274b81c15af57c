#!/usr/bin/env python3
"""Writes a translation unit with N different drizzle-cpp statement shapes (for compile-time measurements).

usage: gen.py N OUT.cpp
Each statement renders its SQL (to_sql) so the whole pipeline is instantiated: types, checks, static text.
"""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
columns = ["users.id", "users.email", "users.name", "users.role", "users.is_active", "users.created_at"]
conditions = ["eq(users.id, {i})", "gt(users.id, {i})", "like(users.email, \"%{i}\")", "is_null(users.name)",
              "eq(users.is_active, true)", "in_array(users.id, {{1, {i}}})", "between(users.id, 1, {i})"]
lines = ['#include "support/oracle_schema.hpp"', "using namespace drizzle;", "using namespace oracle;",
         "std::size_t total = 0;", "void statements() {"]
for i in range(n):
    kind = i % 5
    cols = ", ".join(columns[: 1 + i % len(columns)])
    cond = conditions[i % len(conditions)].format(i=i)
    if kind == 0:
        stmt = f"select({cols}).from(users).where({cond}).limit({i + 1})"
    elif kind == 1:
        stmt = f"select({cols}, count(posts.id)).from(users).left_join(posts, eq(users.id, posts.author_id)).where({cond}).group_by({cols})"
    elif kind == 2:
        stmt = f"insert(users).values(users.email = \"u{i}@x\", users.name = \"n{i}\").returning({cols})"
    elif kind == 3:
        stmt = f"update(users).set(users.name = \"n{i}\").where({cond}).returning({cols})"
    else:
        stmt = f"delete_from(users).where({cond} && gt(users.id, {i})).returning({cols})"
    lines.append(f"  total += to_sql({stmt}).sql.size();")
lines += ["}", "int main() { statements(); return total > 0 ? 0 : 1; }"]
open(out, "w").write("\n".join(lines) + "\n")
