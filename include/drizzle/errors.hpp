#pragma once
/// The value errors of drizzle's core (no libpqxx): a value that cannot be sent as written, or PostgreSQL text
/// that cannot be read back as the C++ type without changing it. The driver's errors (query_error and its
/// family) are in pqxx/errors.hpp.
#include <stdexcept>
#include <string>

namespace drizzle {

/// A value could not be converted between C++ and PostgreSQL without changing it.
class value_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A C++ value that PostgreSQL cannot receive as it is (a NUL byte in text, a date past year 32767 that the C++
/// calendar cannot name, a number that does not fit the column's type, invalid UTF-8 in json, ...). Thrown before
/// anything is sent.
class encode_error : public value_error {
 public:
  using value_error::value_error;
};

/// PostgreSQL's text for a value cannot be read as the column's C++ type (out of range, unknown enum label,
/// malformed), or NULL arrived where the C++ type is not std::optional.
class decode_error : public value_error {
 public:
  using value_error::value_error;
};

}  // namespace drizzle
