// expect: drizzle: a condition holds expressions aligned to at most 16 bytes
// max-lines: 20
// A condition keeps its expressions in 16-byte-aligned storage, so a custom boolean expression aligned to 32 bytes
// cannot be one of its leaves. The twin: the same expression aligned to 16 bytes becomes a condition and renders.
#include "support/oracle_schema.hpp"
using namespace drizzle;
using namespace oracle;

/// A custom boolean expression (`true`, no parameters) with a member aligned to Align bytes.
template <std::size_t Align>
struct aligned_true {
  using value_type = bool;
  using sql_type = pg::boolean;
  using tables = detail::type_list<>;
  static constexpr bool dynamic = true;
  static constexpr bool aggregate = false;
  alignas(Align) unsigned char scratch[Align] = {};
  template <class W>
  static void write(W& w, const aligned_true*) {
    w.text("true");
  }
  template <class P>
  void bind(P&) const {}
};

int main() {
#ifdef DRIZZLE_COMPILE_FAIL
  condition c = aligned_true<32>{};
  (void)c;
#else
  condition c = aligned_true<16>{};
  auto q = to_sql(select(users.id).from(users).where(c && eq(users.id, 1)));
  (void)q;
#endif
  return 0;
}
