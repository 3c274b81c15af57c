#pragma once
/// A condition assembled at run time (Drizzle's $dynamic): `condition c; if (x) c = c && eq(...)`.
/// A statement whose where() holds one renders its text at run time; an empty condition adds no WHERE,
/// like Drizzle's where(undefined). Its tables are not checked against FROM (they are not known statically).
#include <memory>
#include <utility>

#include "../detail/writers.hpp"
#include "core.hpp"
#include "operators.hpp"

namespace drizzle {

class condition : public expression_base {
 public:
  using value_type = bool;
  using sql_type = pg::boolean;
  static constexpr bool dynamic = true;

  condition() = default;
  /// Any boolean expression, type-erased.
  template <boolean_expression E>
  requires(!std::is_same_v<std::remove_cvref_t<E>, condition>)
      condition(E&& e)  // NOLINT(google-explicit-constructor): conditions compose from expressions
      : node_(std::make_shared<holder<std::remove_cvref_t<E>>>(std::forward<E>(e))) {}

  /// True when nothing was added: where() then writes no WHERE at all.
  [[nodiscard]] bool empty() const noexcept { return !node_; }

  template <class W>
  static void write(W& w, const condition* self) {
    if (!self->node_) return w.text("true");
    self->node_->write(w);
  }
  template <class P>
  void bind(P& p) const {
    if (node_) node_->bind(p);
  }

  friend condition operator&&(condition a, condition b) { return combine(std::move(a), std::move(b), " and "); }
  friend condition operator||(condition a, condition b) { return combine(std::move(a), std::move(b), " or "); }
  friend condition operator!(condition a) {
    if (a.empty()) return a;
    condition r;
    r.node_ = std::make_shared<negation>(std::move(a.node_));
    return r;
  }

 private:
  struct node {
    virtual ~node() = default;
    virtual void write(detail::string_writer& w) const = 0;
    virtual void write(detail::length_writer& w) const = 0;
    virtual void bind(param_collector& p) const = 0;
  };
  template <class E>
  struct holder final : node {
    E expr;
    explicit holder(E e) : expr(std::move(e)) {}
    void write(detail::string_writer& w) const override { E::write(w, &expr); }
    void write(detail::length_writer& w) const override { E::write(w, &expr); }
    void bind(param_collector& p) const override { expr.bind(p); }
  };
  using node_ptr = std::shared_ptr<const node>;
  struct pair final : node {
    node_ptr left, right;
    std::string_view op;
    pair(node_ptr l, node_ptr r, std::string_view o) : left(std::move(l)), right(std::move(r)), op(o) {}
    void write(detail::string_writer& w) const override { write_any(w); }
    void write(detail::length_writer& w) const override { write_any(w); }
    template <class W>
    void write_any(W& w) const {
      w.text("(");
      left->write(w);
      w.text(op);
      right->write(w);
      w.text(")");
    }
    void bind(param_collector& p) const override {
      left->bind(p);
      right->bind(p);
    }
  };
  struct negation final : node {
    node_ptr inner;
    explicit negation(node_ptr c) : inner(std::move(c)) {}
    void write(detail::string_writer& w) const override { write_any(w); }
    void write(detail::length_writer& w) const override { write_any(w); }
    template <class W>
    void write_any(W& w) const {
      w.text("not ");
      inner->write(w);
    }
    void bind(param_collector& p) const override { inner->bind(p); }
  };
  static condition combine(condition a, condition b, std::string_view op) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    condition r;
    r.node_ = std::make_shared<pair>(std::move(a.node_), std::move(b.node_), op);
    return r;
  }
  std::shared_ptr<const node> node_;
};

template <>
inline constexpr bool is_condition_v<condition> = true;

namespace detail {
/// ` where <condition>`, or nothing for an empty condition.
struct dynamic_where_clause {
  using tables = type_list<>;
  static constexpr bool dynamic = true;
  static constexpr bool aggregate = false;
  condition cond;
  template <class W>
  static void write(W& w, const dynamic_where_clause* self) {
    if (self->cond.empty()) return;
    w.text(" where ");
    condition::write(w, &self->cond);
  }
  template <class P>
  void bind(P& p) const {
    cond.bind(p);
  }
};
}  // namespace detail

}  // namespace drizzle
