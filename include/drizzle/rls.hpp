#pragma once
/// Row-level security as Drizzle 0.45 declares it: roles (pgRole), policies (pgPolicy) and enableRLS(). A role is an
/// empty constexpr object listed in drizzle::schema(...) like a sequence; a policy and enable_rls() are items of a
/// table's config() tuple, as indexes and checks are. The kit (ddl::describe) reads them into the description.
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "fixed_string.hpp"

namespace drizzle {

/// Drizzle's pgRole options: pg_role_options{.create_db = true, .create_role = true, .inherit = false}.
struct pg_role_options {
  bool create_db = false;
  bool create_role = false;
  bool inherit = true;  ///< PostgreSQL's default (INHERIT)
};

/// A role: inline constexpr auto reader = drizzle::pg_role<"reader">{}; `.existing()` names a role made elsewhere
/// (Drizzle's pgRole(...).existing()): policies may name it, the kit neither creates nor drops it.
template <fixed_string Name, pg_role_options Options = pg_role_options{}, bool Existing = false>
struct pg_role {
  static_assert(!Name.view().empty(), "drizzle: a role needs a name");
  static constexpr std::string_view name = Name.view();
  static constexpr pg_role_options options = Options;
  static constexpr bool is_existing = Existing;
  [[nodiscard]] constexpr pg_role<Name, Options, true> existing() const { return {}; }
};

template <class T>
struct is_role : std::false_type {};
template <fixed_string Name, pg_role_options Options, bool Existing>
struct is_role<pg_role<Name, Options, Existing>> : std::true_type {};
template <class T>
concept role_type = is_role<std::remove_cvref_t<T>>::value;

namespace pg {

enum class policy_as { permissive, restrictive };
enum class policy_for { all, select, insert, update, delete_ };

/// How many roles one policy's `to(...)` may name (a fixed array keeps the policy a literal type).
inline constexpr std::size_t max_policy_roles = 16;

/// CREATE POLICY "name" ON <table> AS <as> FOR <for> TO <roles> USING (<using>) WITH CHECK (<with_check>): an item of
/// the table's config(). `to` takes roles and the keywords "public", "current_user", "current_role", "session_user"
/// (or any role's name); none means public. `using_` and `with_check` are raw SQL, written as given.
template <fixed_string Name>
struct policy_def {
  static constexpr std::string_view name = Name.view();
  policy_as kind = policy_as::permissive;
  policy_for command = policy_for::all;
  std::array<std::string_view, max_policy_roles> roles{};
  std::size_t role_count = 0;
  std::string_view using_sql{}, with_check_sql{};

  [[nodiscard]] constexpr policy_def as(policy_as a) const {
    auto p = *this;
    p.kind = a;
    return p;
  }
  [[nodiscard]] constexpr policy_def for_(policy_for f) const {
    auto p = *this;
    p.command = f;
    return p;
  }
  template <class... R>
  [[nodiscard]] constexpr policy_def to(const R&... r) const {
    static_assert(sizeof...(R) >= 1 && sizeof...(R) <= max_policy_roles,
                  "drizzle: a policy's to() names between 1 and 16 roles");
    auto p = *this;
    p.role_count = 0;
    auto add = [&](const auto& one) {
      using T = std::remove_cvref_t<decltype(one)>;
      if constexpr (role_type<T>)
        p.roles[p.role_count++] = T::name;
      else
        p.roles[p.role_count++] = std::string_view(one);
    };
    (add(r), ...);
    return p;
  }
  [[nodiscard]] constexpr policy_def using_(std::string_view sql) const {
    auto p = *this;
    p.using_sql = sql;
    return p;
  }
  [[nodiscard]] constexpr policy_def with_check(std::string_view sql) const {
    auto p = *this;
    p.with_check_sql = sql;
    return p;
  }
};

template <fixed_string Name>
constexpr policy_def<Name> policy() {
  static_assert(!Name.view().empty(), "drizzle: a policy needs a name: policy<\"name\">()");
  return {};
}

/// ALTER TABLE ... ENABLE ROW LEVEL SECURITY (Drizzle's table.enableRLS()). A table with a policy has RLS enabled
/// without it, as Drizzle does; this is for a table with none (every row hidden from roles that do not own it).
struct enable_rls_def {};
constexpr enable_rls_def enable_rls() {
  return {};
}

template <class T>
inline constexpr bool is_policy = false;
template <fixed_string Name>
inline constexpr bool is_policy<policy_def<Name>> = true;

}  // namespace pg
}  // namespace drizzle
