#pragma once
/// drizzle::callback<R(A...)>: an owning, copyable holder of any callable, for the driver's two hooks (the query
/// logger, the replica chooser). std::function would do, but <functional> (with the <bits/stl_algo.h> and
/// <unordered_map> it brings in) costs every file that includes <drizzle/pqxx.hpp> ~12 MB of g++ memory.
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace drizzle {

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
    requires(!std::is_same_v<D, callback> && std::is_invocable_r_v<R, D&, A...> &&
             requires(D& d, A&&... a) { d(std::forward<A>(a)...); })
  callback(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert, as to std::function
    if constexpr (std::is_pointer_v<std::remove_cvref_t<F>>) {  // a function pointer (a function itself is never null)
      if (f == nullptr) return;
    } else if constexpr (requires(const D& d) { d.target_type(); static_cast<bool>(d); }) {
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
  static constexpr operations ops_for{
      [](void* t, A&&... args) -> R {
        if constexpr (std::is_void_v<R>)
          (*static_cast<D*>(t))(std::forward<A>(args)...);
        else
          return (*static_cast<D*>(t))(std::forward<A>(args)...);
      },
      [](const void* t) -> void* { return new D(*static_cast<const D*>(t)); },
      [](void* t) noexcept { delete static_cast<D*>(t); }};

  void* target_ = nullptr;
  const operations* ops_ = nullptr;
};

}  // namespace drizzle
