#pragma once
/// A condition assembled at run time (Drizzle's $dynamic): `condition c; if (x) c = c && eq(...)`.
/// A statement whose where() holds one renders its text at run time; an empty condition adds no WHERE,
/// like Drizzle's where(undefined). Its tables are not checked against FROM (they are not known statically).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#include "../detail/writers.hpp"
#include "../fixed_string.hpp"
#include "core.hpp"
#include "operators.hpp"

namespace drizzle {

namespace detail {
/// A compile-time writer that also records where each parameter goes (`cuts`: offsets into the text), so that a
/// fixed-shape expression's text can be made once and numbered at run time wherever the expression ends up.
struct cutting_writer : static_writer {
  std::size_t* cuts = nullptr;
  /// No `$n`: only where it goes (static_writer's text and ident write the rest).
  constexpr void param() {
    if (cuts) cuts[next_param - 1] = length;
    ++next_param;
  }
};
/// The text of fixed-shape expression X (qualified names or not), without its `$n`, and where they go.
template <class X, bool Qualify>
struct cut_text {
  static constexpr cutting_writer measured = [] {
    cutting_writer w;
    w.qualify = Qualify;
    X::write(w, nullptr);
    return w;
  }();
  static constexpr std::size_t params = measured.next_param - 1;
  struct pieces {
    static_text<measured.length> text;
    std::array<std::size_t, params + 1> cuts;
  };
  static constexpr pieces value = [] {
    pieces p{};
    cutting_writer w{{p.text.chars.data()}, p.cuts.data()};
    w.qualify = Qualify;
    X::write(w, nullptr);
    p.cuts[params] = measured.length;
    return p;
  }();
  /// Writes the text with the writer's next parameter numbers, leaving the writer as X::write would.
  template <class W>
  static void write(W& w) {
    const std::string_view all = value.text.view();
    std::size_t from = 0;
    for (std::size_t i = 0; i < params; ++i) {
      w.text(all.substr(from, value.cuts[i] - from));
      w.param();
      from = value.cuts[i];
    }
    w.text(all.substr(from));
    w.qualify = measured.qualify;
  }
};
}  // namespace detail

/// The tree is kept flat, in prefix order, in one buffer: a 16-byte header per node (`and`, `or`, `not`, or a leaf
/// followed by its expression object), so writing it is a walk from the front and binding a scan over the leaves.
/// A buffer of `inline_capacity` bytes lives in the object (a few comparisons of numbers or short strings fit) and
/// a bigger tree spills to one heap block: building, copying and combining small conditions allocates nothing, and
/// copies stay independent values. Leaves that are trivially copyable (columns and numbers) are copied with memcpy.
class condition : public expression_base {
 public:
  using value_type = bool;
  using sql_type = pg::boolean;
  static constexpr bool dynamic = true;

  condition() noexcept = default;
  /// Any boolean expression, type-erased.
  template <boolean_expression E>
  requires(!std::is_same_v<std::remove_cvref_t<E>, condition>)
      condition(E&& e)  // NOLINT(google-explicit-constructor): conditions compose from expressions
  {
    using X = std::remove_cvref_t<E>;
    static_assert(alignof(X) <= node_align, "drizzle: a condition holds expressions aligned to at most 16 bytes");
    allocate(leaf_bytes<X>());
    put_header(0, kind::leaf, &ops_of<X>, leaf_bytes<X>());
    ::new (static_cast<void*>(data() + header_size)) X(std::forward<E>(e));
    size_ = leaf_bytes<X>();
    trivial_ = trivial_v<X>;
  }
  condition(const condition& o) {
    if (o.empty()) return;
    if (!o.heap_ && o.trivial_) {
      copy_inline(o);
      return;
    }
    allocate(o.size_);
    try {
      append_nodes<false>(o);
    } catch (...) {
      reset();  // the nodes copied so far
      throw;
    }
  }
  condition(condition&& o) noexcept { take(o); }
  condition& operator=(const condition& o) {
    if (this != &o) {
      condition copy(o);
      reset();
      take(copy);
    }
    return *this;
  }
  condition& operator=(condition&& o) noexcept {
    if (this != &o) {
      reset();
      take(o);
    }
    return *this;
  }
  ~condition() { reset(); }

  /// True when nothing was added: where() then writes no WHERE at all.
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

  template <class W>
  static void write(W& w, const condition* self) {
    if (self->empty()) return w.text("true");
    write_node(w, self->data());
  }
  template <class P>
  void bind(P& p) const {
    param_collector& to = p;
    for (std::size_t at = 0; at < size_;) {
      const header& h = header_at(at);
      if (h.k == kind::leaf) h.ops->bind(to, data() + at + header_size);
      at += h.bytes;
    }
  }

  // By reference, copied or moved from as each side is: `c = c && x` copies c's nodes once, into the result (by
  // value it was copied whole into the parameter, then its nodes again into the result).
  friend condition operator&&(const condition& a, const condition& b) { return combine(a, b, kind::conjunction); }
  friend condition operator&&(const condition& a, condition&& b) { return combine(a, b, kind::conjunction); }
  friend condition operator&&(condition&& a, const condition& b) { return combine(a, b, kind::conjunction); }
  friend condition operator&&(condition&& a, condition&& b) { return combine(a, b, kind::conjunction); }
  friend condition operator||(const condition& a, const condition& b) { return combine(a, b, kind::disjunction); }
  friend condition operator||(const condition& a, condition&& b) { return combine(a, b, kind::disjunction); }
  friend condition operator||(condition&& a, const condition& b) { return combine(a, b, kind::disjunction); }
  friend condition operator||(condition&& a, condition&& b) { return combine(a, b, kind::disjunction); }
  friend condition operator!(const condition& a) { return negate(a); }
  friend condition operator!(condition&& a) { return negate(a); }

 private:
  static constexpr std::size_t node_align = 16;
  static constexpr std::size_t header_size = 16;
  /// Bytes in the object itself: a comparison with a number takes 32, with a string 64, and/or/not 16, so three
  /// comparisons with numbers or two with strings fit; copies of a condition copy all of them, so this stays small.
  static constexpr std::size_t inline_capacity = 144;

  enum class kind : std::uint32_t { leaf, conjunction, disjunction, negation };
  /// What a leaf's expression type can do, reached through its header.
  struct leaf_ops {
    void (*write_string)(detail::string_writer&, const void*);
    void (*write_inline)(detail::inline_string_writer&, const void*);
    void (*write_length)(detail::length_writer&, const void*);
    void (*bind)(param_collector&, const void*);
    void (*copy)(void* to, const void* from);
    void (*move)(void* to, void* from) noexcept;
    void (*destroy)(void*) noexcept;
  };
  struct header {
    const leaf_ops* ops;  ///< null for and / or / not
    std::uint32_t bytes;  ///< this node's own size: the header, and a leaf's expression
    kind k;
  };
  static_assert(sizeof(header) <= header_size);

  template <class X>
  static constexpr bool trivial_v = std::is_trivially_copyable_v<X>&& std::is_trivially_destructible_v<X>;
  template <class X>
  static constexpr std::uint32_t leaf_bytes() {
    return static_cast<std::uint32_t>(header_size + (sizeof(X) + node_align - 1) / node_align * node_align);
  }
  /// A fixed-shape expression's text is made at compile time (numbered as it is written); others write themselves.
  template <class X, class W>
  static void write_expr(W& w, const void* e) {
    if constexpr (X::dynamic)
      X::write(w, static_cast<const X*>(e));
    else if (w.qualify)
      detail::cut_text<X, true>::write(w);
    else
      detail::cut_text<X, false>::write(w);
  }
  template <class X>
  static constexpr leaf_ops ops_of = {
      &write_expr<X, detail::string_writer>,
      &write_expr<X, detail::inline_string_writer>,
      &write_expr<X, detail::length_writer>,
      [](param_collector& p, const void* e) { static_cast<const X*>(e)->bind(p); },
      [](void* to, const void* from) { ::new (to) X(*static_cast<const X*>(from)); },
      [](void* to, void* from) noexcept { ::new (to) X(std::move(*static_cast<X*>(from))); },
      [](void* e) noexcept { static_cast<X*>(e)->~X(); }};

  static void write_leaf(detail::string_writer& w, const header& h, const void* e) { h.ops->write_string(w, e); }
  static void write_leaf(detail::inline_string_writer& w, const header& h, const void* e) { h.ops->write_inline(w, e); }
  static void write_leaf(detail::length_writer& w, const header& h, const void* e) { h.ops->write_length(w, e); }
  /// Writes the node at `p` and returns the node after its subtree.
  template <class W>
  static const std::byte* write_node(W& w, const std::byte* p) {
    const header& h = *std::launder(reinterpret_cast<const header*>(p));
    switch (h.k) {
      case kind::leaf:
        write_leaf(w, h, p + header_size);
        return p + h.bytes;
      case kind::negation:
        w.text("not ");
        return write_node(w, p + header_size);
      default:
        w.text("(");
        p = write_node(w, p + header_size);
        w.text(h.k == kind::conjunction ? std::string_view(" and ") : std::string_view(" or "));
        p = write_node(w, p);
        w.text(")");
        return p;
    }
  }

  /// `a k b`; a side given as `condition&` is moved from, one given as `const condition&` copied.
  template <class A, class B>
  static condition combine(A& a, B& b, kind k) {
    if (a.empty()) return condition(static_cast<B&&>(b));
    if (b.empty()) return condition(static_cast<A&&>(a));
    condition r;
    r.allocate(header_size + a.size_ + b.size_);
    r.put_header(0, k, nullptr, header_size);
    r.size_ = header_size;
    r.append_nodes<!std::is_const_v<A>>(a);
    r.append_nodes<!std::is_const_v<B>>(b);
    return r;
  }
  template <class A>
  static condition negate(A& a) {
    if (a.empty()) return condition(static_cast<A&&>(a));
    condition r;
    r.allocate(header_size + a.size_);
    r.put_header(0, kind::negation, nullptr, header_size);
    r.size_ = header_size;
    r.append_nodes<!std::is_const_v<A>>(a);
    return r;
  }

  std::byte* data() noexcept { return heap_ ? heap_ : inline_; }
  [[nodiscard]] const std::byte* data() const noexcept { return heap_ ? heap_ : inline_; }
  [[nodiscard]] const header& header_at(std::size_t at) const noexcept {
    return *std::launder(reinterpret_cast<const header*>(data() + at));
  }
  void put_header(std::size_t at, kind k, const leaf_ops* ops, std::uint32_t bytes) noexcept {
    ::new (static_cast<void*>(data() + at)) header{ops, bytes, k};
  }
  /// Room for `bytes` in an empty condition.
  void allocate(std::size_t bytes) {
    if (bytes > inline_capacity) heap_ = static_cast<std::byte*>(::operator new (bytes, std::align_val_t{node_align}));
  }
  /// Appends o's nodes, room already made: moves of its expressions when Move (o keeps moved-from ones, destroyed
  /// with it), else copies, counted as they go (a throwing copy leaves only whole nodes for the destructor).
  template <bool Move, class C>
  void append_nodes(C& o) noexcept(Move) {
    trivial_ = trivial_ && o.trivial_;
    if (o.trivial_) {
      copy_nodes(data() + size_, o.data(), o.size_);
      size_ += o.size_;
      return;
    }
    for (std::size_t at = 0; at < o.size_;) {
      const header& h = o.header_at(at);
      put_header(size_, h.k, h.ops, h.bytes);
      if (h.k == kind::leaf) {
        if constexpr (Move)
          h.ops->move(data() + size_ + header_size, o.data() + at + header_size);
        else
          h.ops->copy(data() + size_ + header_size, o.data() + at + header_size);
      }
      size_ += h.bytes;
      at += h.bytes;
    }
  }
  /// Copies a whole inline buffer of trivially copyable nodes: fixed-size copies (cheaper than measuring), no more
  /// than the usual small trees use (a move of one comparison copied all 144 bytes).
  void copy_inline(const condition& o) noexcept {
    if (o.size_ <= 32)  // one comparison with a number
      std::memcpy(inline_, o.inline_, 32);
    else if (o.size_ <= 80)  // two of them under and / or
      std::memcpy(inline_, o.inline_, 80);
    else
      std::memcpy(inline_, o.inline_, inline_capacity);
    size_ = o.size_;
    trivial_ = true;
  }
  /// Copies whole nodes (sizes are multiples of 16) in 16-byte steps.
  static void copy_nodes(std::byte* to, const std::byte* from, std::size_t bytes) noexcept {
    for (std::size_t i = 0; i < bytes; i += node_align) std::memcpy(to + i, from + i, node_align);
  }
  /// Takes o's nodes (its heap block, or moves of its inline ones) and leaves o empty; this condition is empty.
  void take(condition& o) noexcept {
    if (o.heap_) {
      heap_ = std::exchange(o.heap_, nullptr);
      size_ = std::exchange(o.size_, 0);
      trivial_ = std::exchange(o.trivial_, true);
      return;
    }
    if (o.trivial_) return copy_inline(o), o.reset();
    append_nodes<true>(o);
    o.reset();
  }
  /// Empties the condition: inline and trivially destructible (the usual case) is two stores, inlined.
  void reset() noexcept {
    if (heap_ || !trivial_) release();
    size_ = 0;
  }
  [[gnu::noinline]] void release() noexcept {
    if (!trivial_)
      for (std::size_t at = 0; at < size_;) {
        const header& h = header_at(at);
        if (h.k == kind::leaf) h.ops->destroy(data() + at + header_size);
        at += h.bytes;
      }
    if (heap_) ::operator delete (heap_, std::align_val_t{node_align});
    heap_ = nullptr;
    trivial_ = true;
  }

  std::byte* heap_ = nullptr;
  std::size_t size_ = 0;
  bool trivial_ = true;
  alignas(node_align) std::byte inline_[inline_capacity];
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
