#pragma once
/// drizzle::callback<R(A...)>: an owning, copyable holder of any callable, for the driver's two hooks (the query
/// logger, the replica chooser). std::function would do, but <functional> (with the <bits/stl_algo.h> and
/// <unordered_map> it brings in) costs every file that includes <drizzle/pqxx.hpp> ~12 MB of g++ memory.
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace drizzle {

namespace detail {
/// D can be called as R(A...) with call syntax (not a member pointer, which std::invoke would also take).
template <class D, class R, class... A>
concept callable_as = std::is_invocable_r_v<R, D&, A...> && requires(D& d, A&&... a) {
  d(std::forward<A>(a)...);
};
/// A std::function-like holder, which may be empty.
template <class D>
concept emptiable_function = requires(const D& d) {
  d.target_type();
  static_cast<bool>(d);
};
}  // namespace detail

template <class Signature>
class callback;

/// Holds a copy of any callable invocable as R(A...) (lambdas, mutable ones too, function pointers, std::function,
/// std::ref(f)), or nothing: an empty callback (default, `{}`, `nullptr`, a null function pointer, an empty
/// std::function) is false and must not be called. As with std::function, calling it calls the held copy, even
/// through a const callback.
template <class R, class... A>
class callback<R(A...)> {
 public:
  callback() noexcept = default;
  callback(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor): as std::function's

  template <class F, class D = std::decay_t<F>>
  requires(!std::is_same_v<D, callback> && detail::callable_as<D, R, A...>)
      callback(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert, as to std::function
    if constexpr (std::is_pointer_v<std::remove_cvref_t<F>>) {  // a function pointer (a function itself is never null)
      if (f == nullptr) return;
    } else if constexpr (detail::emptiable_function<D>) {
      if (!static_cast<bool>(f)) return;  // an empty std::function gives an empty callback, as it would copied
    }
    target_ = new D(std::forward<F>(f));
    ops_ = &ops_for<D>;
  }

  callback(const callback& o) : target_(o.ops_ ? o.ops_->clone(o.target_) : nullptr), ops_(o.ops_) {}
  callback(callback&& o) noexcept : target_(std::exchange(o.target_, nullptr)), ops_(std::exchange(o.ops_, nullptr)) {}
  callback& operator=(callback o) noexcept {
    std::swap(target_, o.target_);
    std::swap(ops_, o.ops_);
    return *this;
  }
  ~callback() {
    if (ops_) ops_->destroy(target_);
  }

  [[nodiscard]] explicit operator bool() const noexcept { return ops_ != nullptr; }

  R operator()(A... args) const { return ops_->call(target_, std::forward<A>(args)...); }

 private:
  struct operations {
    R (*call)(void*, A&&...);
    void* (*clone)(const void*);
    void (*destroy)(void*) noexcept;
  };
  template <class D>
  static R call(void* target, A&&... args) {
    if constexpr (std::is_void_v<R>)
      (*static_cast<D*>(target))(std::forward<A>(args)...);  // a result, if any, is dropped
    else
      return (*static_cast<D*>(target))(std::forward<A>(args)...);
  }
  template <class D>
  static void* clone(const void* target) {
    return new D(*static_cast<const D*>(target));
  }
  template <class D>
  static void destroy(void* target) noexcept {
    delete static_cast<D*>(target);
  }
  template <class D>
  static constexpr operations ops_for{&call<D>, &clone<D>, &destroy<D>};

  void* target_ = nullptr;
  const operations* ops_ = nullptr;
};

}  // namespace drizzle
