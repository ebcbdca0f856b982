// Errors are values. Library code never exits or prints: it returns an Error, and apps/ maps
// its code to the process exit status of the contract (../docs/scenario.md):
// 1 infeasible, 2 bad input, 3 internal error.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gigasim {

enum class ErrorCode { kInfeasible = 1, kBadInput = 2, kInternal = 3 };

// Where in the input a problem lies. `file` may be "--set" for a command-line override.
// `line` and `column` are 1-based; 0 means unknown. `key` is the dotted key path.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string key;
  std::string source_line;  // the offending line of the file, for a caret display
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  Location where;

  // "file:line:col: key 'a.b': message" followed, where known, by the source line and a caret.
  std::string format() const;
  int exit_code() const { return static_cast<int>(code); }
};

inline Error bad_input(std::string message, Location where = {}) {
  return Error{ErrorCode::kBadInput, std::move(message), std::move(where)};
}
inline Error infeasible(std::string message, Location where = {}) {
  return Error{ErrorCode::kInfeasible, std::move(message), std::move(where)};
}
inline Error internal_error(std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), {}};
}

// A value or an Error. REQUIRES: value() only when ok(), error() only when !ok().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error e) : err_(std::move(e)), ok_(false) {}  // NOLINT: implicit by design
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

}  // namespace gigasim
