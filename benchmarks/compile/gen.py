#!/usr/bin/env python3
"""Writes a translation unit with N different statement shapes (for compile-time measurements).

usage: gen.py N OUT.cpp [drizzle|pqxx]
drizzle (the default): each statement renders its SQL (to_sql) so the whole pipeline is instantiated: types, checks,
static text. pqxx: the same statements written by hand for raw libpqxx 6.4 (SQL text and exec_params with the same
values), the baseline a translation unit of drizzle-cpp is compared with.
"""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
flavor = sys.argv[3] if len(sys.argv) > 3 else "drizzle"
columns = ["users.id", "users.email", "users.name", "users.role", "users.is_active", "users.created_at"]
conditions = ["eq(users.id, {i})", "gt(users.id, {i})", "like(users.email, \"%{i}\")", "is_null(users.name)",
              "eq(users.is_active, true)", "in_array(users.id, {{1, {i}}})", "between(users.id, 1, {i})"]
# The same conditions as SQL text and the values they bind (for the libpqxx flavor).
sql_conditions = [("users.id = $1", ["{i}"]), ("users.id > $1", ["{i}"]), ("users.email like $1", ['"%{i}"']),
                  ("users.name is null", []), ("users.is_active = $1", ["true"]),
                  ("users.id in ($1, $2)", ["1", "{i}"]), ("users.id between $1 and $2", ["1", "{i}"])]


def drizzle_statement(i, kind, cols, cond):
    if kind == 0:
        return f"select({cols}).from(users).where({cond}).limit({i + 1})"
    if kind == 1:
        return (f"select({cols}, count(posts.id)).from(users).left_join(posts, eq(users.id, posts.author_id))"
                f".where({cond}).group_by({cols})")
    if kind == 2:
        return f"insert(users).values(users.email = \"u{i}@x\", users.name = \"n{i}\").returning({cols})"
    if kind == 3:
        return f"update(users).set(users.name = \"n{i}\").where({cond}).returning({cols})"
    return f"delete_from(users).where({cond} && gt(users.id, {i})).returning({cols})"


def renumber(text, values, start):
    """Shifts $1, $2 in text by start (placeholders already used before it)."""
    for k in range(len(values), 0, -1):
        text = text.replace(f"${k}", f"${k + start}")
    return text


def pqxx_statement(i, kind, cols, cond_index):
    cond, cond_values = sql_conditions[cond_index]
    cond_values = [v.format(i=i) for v in cond_values]
    if kind == 0:
        text = f"select {cols} from users where {cond} limit ${len(cond_values) + 1}"
        values = cond_values + [str(i + 1)]
    elif kind == 1:
        text = (f"select {cols}, count(posts.id) from users left join posts on users.id = posts.author_id "
                f"where {cond} group by {cols}")
        values = cond_values
    elif kind == 2:
        text = f"insert into users (email, name) values ($1, $2) returning {cols}"
        values = [f'"u{i}@x"', f'"n{i}"']
    elif kind == 3:
        text = f"update users set name = $1 where {renumber(cond, cond_values, 1)} returning {cols}"
        values = [f'"n{i}"'] + cond_values
    else:
        k = len(cond_values) + 1
        text = f"delete from users where {cond} and users.id > ${k} returning {cols}"
        values = cond_values + [str(i)]
    # Decode every returned column the way hand-written libpqxx code does.
    reads = " ".join(f"total += row[{c}].size();" for c in range(len(cols.split(", "))))
    args = "".join(f", {v}" for v in values)
    return (f"  {{ auto r = tx.exec_params(\"{text}\"{args});\n"
            f"    for (const auto& row : r) {{ {reads} }} }}")


if flavor == "drizzle":
    lines = ['#include "compile/schema.hpp"', "using namespace drizzle;", "using namespace oracle;",
             "std::size_t total = 0;", "void statements() {"]
else:
    lines = ["#include <pqxx/pqxx>", "std::size_t total = 0;", "void statements(pqxx::nontransaction& tx) {"]
for i in range(n):
    kind = i % 5
    cols = ", ".join(columns[: 1 + i % len(columns)])
    if flavor == "drizzle":
        cond = conditions[i % len(conditions)].format(i=i)
        lines.append(f"  total += to_sql({drizzle_statement(i, kind, cols, cond)}).sql.size();")
    else:
        lines.append(pqxx_statement(i, kind, cols, i % len(conditions)))
if flavor == "drizzle":
    lines += ["}", "int main() { statements(); return total > 0 ? 0 : 1; }"]
else:
    lines += ["}", "int main() {", "  pqxx::connection c;", "  pqxx::nontransaction tx(c);", "  statements(tx);",
              "  return total > 0 ? 0 : 1;", "}"]
open(out, "w").write("\n".join(lines) + "\n")
