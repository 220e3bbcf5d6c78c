#pragma once

// Locale-independent parsing of one CSV cell as a real number: "1.5" means one and a half whatever
// LC_NUMERIC says (a German locale would otherwise read "1.5" as 15 or fail). Uses
// std::from_chars where the standard library has the floating-point overloads, else an
// std::istringstream imbued with the classic "C" locale.

#include <string_view>

namespace moe::datasets {

enum class NumberStatus {
    Ok,
    NotANumber, // empty, trailing garbage, "1,5", "abc"...
    NotFinite,  // nan, inf, infinity (any case, any sign)
    OutOfRange, // overflows a double, e.g. 1e999
    Underflow,  // a non-zero number too small for a normal double: 1e-400 (0), 1e-310 (denormal)
};

struct ParsedNumber
{
    NumberStatus status = NumberStatus::NotANumber;
    double value = 0.0;
};

// The whole of `text` (after trimming spaces and tabs) must be one decimal number, optionally
// signed ('+' or '-') and in exponent notation.
ParsedNumber parseNumber(std::string_view text);

} // namespace moe::datasets
