#pragma once
/// push: bring a live database to the schema without a migration file: introspect it, diff against the schema,
/// and apply the statements in one transaction. Statements that lose data run only when confirmed (or forced), so a
/// non-interactive push never drops a column by surprise.
#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "../ddl.hpp"
#include "../pqxx.hpp"
#include "diff.hpp"
#include "introspect.hpp"

namespace drizzle::kit {

/// A push that would lose data and was neither confirmed nor forced; lists what would be lost.
class data_loss_refused : public std::runtime_error {
 public:
  explicit data_loss_refused(std::vector<std::string> losses)
      : std::runtime_error(message(losses)), losses_(std::move(losses)) {}
  [[nodiscard]] const std::vector<std::string>& losses() const noexcept { return losses_; }

 private:
  static std::string message(const std::vector<std::string>& losses) {
    std::string out = "drizzle-kit: push would lose data (pass --force to apply anyway):";
    for (const auto& l : losses) out += "\n  " + l;
    return out;
  }
  std::vector<std::string> losses_;
};

struct push_options {
  /// Which tables of the database take part: the schemas of the declared tables and enums are always read, and
  /// these schemas too (a table of theirs that the schema lacks is dropped), filtered by `tables` globs.
  introspect_options filter{.schemas = {}, .tables = {}};
  diff_options diff{};
  bool dry_run = false;  ///< compute and report the statements, change nothing
  bool force = false;    ///< apply statements that lose data without asking
  /// Asked when statements lose data and force is off; no callback means refuse.
  std::function<bool(const std::vector<std::string>& losses)> confirm{};
  std::function<void(const std::string&)> progress{};
};

struct push_result {
  migration_plan plan;
  bool applied = false;  ///< false for a dry run, and when there was nothing to do
};

namespace detail {
inline std::vector<std::string> schemas_of(const ddl::schema_info& s, std::vector<std::string> extra) {
  auto add = [&](std::string name) {
    if (name.empty()) name = "public";
    if (std::find(extra.begin(), extra.end(), name) == extra.end()) extra.push_back(name);
  };
  for (const auto& t : s.tables) add(t.schema);
  for (const auto& e : s.enums) add(e.schema);
  for (const auto& q : s.sequences) add(q.schema);
  for (const auto& v : s.views) add(v.schema);
  return extra;
}
/// Row-level security as push compares it, as drizzle-kit's push does: roles only those `entities.roles` selects
/// (none by default: roles are cluster-wide); a policy's USING and WITH CHECK are not compared (the server rewrites
/// them), so a kept policy takes the database's; a table with policies has RLS on, enable_rls() or not. PostgreSQL
/// stores `TO current_user` (and session_user, current_role) as the role it was then: `user`, the connection's.
inline ddl::schema_info for_push(ddl::schema_info declared, const ddl::schema_info& live, const roles_filter& roles,
                                 const std::string& user) {
  std::erase_if(declared.roles, [&](const ddl::role_info& r) { return !roles.selected(r.name); });
  for (auto& t : declared.tables) {
    if (!t.policies.empty()) t.rls_enabled = true;
    const auto* l =
        find_by(live.tables, [&](const auto& x) { return norm(x.schema) == norm(t.schema) && x.name == t.name; });
    if (!l) continue;
    for (auto& p : t.policies)
      if (const auto* lp = find_by(l->policies, [&](const auto& x) { return x.name == p.name; })) {
        p.using_ = lp->using_;
        p.with_check = lp->with_check;
        auto resolved = p.to;
        for (auto& r : resolved)
          if (r == "current_user" || r == "session_user" || r == "current_role") r = user;
        std::sort(resolved.begin(), resolved.end());
        if (resolved == lp->to) p.to = lp->to;
      }
  }
  return declared;
}
}  // namespace detail

/// Diffs the database against `schema` and applies the difference in one transaction.
inline push_result push(drizzle::pqxx::session& db, const ddl::schema_info& schema, const push_options& o = {}) {
  introspect_options filter = o.filter;
  // Only the schemas that exist: on an empty database the declared ones are still to be created.
  std::vector<std::string> existing;
  for (const auto& row : db.query_text("select nspname from pg_catalog.pg_namespace"))
    if (row.at(0)) existing.push_back(*row[0]);
  filter.schemas.clear();
  for (const auto& name : detail::schemas_of(schema, o.filter.schemas))
    if (std::find(existing.begin(), existing.end(), name) != existing.end()) filter.schemas.push_back(name);
  const auto live = introspect(db, filter);
  push_result result;
  // Expressions compare as the server prints them (see as_spelled_in), not as text.
  // A view's definition is compared by drizzle-kit's generate only: the database holds PostgreSQL's rewrite of it.
  diff_options options = o.diff;
  options.ignore_view_definitions = true;
  result.plan = diff(live,
                     detail::for_push(as_spelled_in(db, schema, live), live, filter.roles,
                                      db.query_text("select current_user").at(0).at(0).value_or("")),
                     options);
  auto say = [&](const std::string& line) {
    if (o.progress) o.progress(line);
  };
  if (result.plan.up.empty()) {
    say("[✓] the database already matches the schema");
    return result;
  }
  for (const auto& statement : result.plan.up) say(statement);
  if (o.dry_run) return result;
  if (!result.plan.data_loss.empty() && !o.force && !(o.confirm && o.confirm(result.plan.data_loss)))
    throw data_loss_refused(result.plan.data_loss);
  db.transaction([&](auto& tx) {
    // The statements' literals double their quotes and nothing else: make sure a backslash means itself.
    tx.execute("SET LOCAL standard_conforming_strings = on");
    for (const auto& statement : result.plan.up) tx.execute(statement);
  });
  result.applied = true;
  say("[✓] " + std::to_string(result.plan.up.size()) + " statement(s) applied");
  return result;
}

}  // namespace drizzle::kit
