#include "datasets/numberparse.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <version>

#if !defined(__cpp_lib_to_chars)
#include <limits>
#include <locale>
#include <sstream>
#include <string>
#endif

namespace moe::datasets {

namespace {
std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// `lowerWord` is lower case.
bool equalsNoCase(std::string_view text, std::string_view lowerWord)
{
    if (text.size() != lowerWord.size())
        return false;
    for (std::size_t i = 0; i < lowerWord.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != lowerWord[i])
            return false;
    return true;
}

// Parses an unsigned decimal (no sign, no spaces) as a whole.
ParsedNumber parseUnsigned(std::string_view digits)
{
    ParsedNumber out;
    if (digits.empty()
        || !(std::isdigit(static_cast<unsigned char>(digits.front())) || digits.front() == '.'))
        return out; // a second sign or a letter: from_chars would not reject all of these alike
#if defined(__cpp_lib_to_chars)
    double value = 0.0;
    const char *end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
        // A negative exponent means underflow: a non-zero literal that a double reads as 0 (or
        // as a denormal); silently using 0 would change the data.
        const auto e = digits.find_first_of("eE");
        const bool underflow = ptr == end && e != std::string_view::npos && e + 1 < digits.size()
            && digits[e + 1] == '-';
        out.status = underflow ? NumberStatus::Underflow : NumberStatus::OutOfRange;
        return out;
    }
    if (ec != std::errc() || ptr != end)
        return out;
    if (std::fpclassify(value) == FP_SUBNORMAL) {
        out.status = NumberStatus::Underflow;
        return out;
    }
#else
    std::istringstream stream {std::string(digits)};
    stream.imbue(std::locale::classic());
    double value = 0.0;
    stream >> value;
    // On overflow the stream fails and stores +-max (C++11 num_get), like ERANGE from strtod.
    if (stream.fail() && std::abs(value) == std::numeric_limits<double>::max()) {
        out.status = NumberStatus::OutOfRange;
        return out;
    }
    if (stream.fail() || stream.peek() != std::char_traits<char>::eof())
        return out;
    if (std::fpclassify(value) == FP_SUBNORMAL
        || (value == 0.0 && digits.find_first_of("123456789") < digits.find_first_of("eE"))) {
        out.status = NumberStatus::Underflow;
        return out;
    }
#endif
    out.status = NumberStatus::Ok;
    out.value = value;
    return out;
}
} // namespace

ParsedNumber parseNumber(std::string_view text)
{
    text = trimmed(text);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (equalsNoCase(text, "nan") || equalsNoCase(text, "inf") || equalsNoCase(text, "infinity"))
        return {NumberStatus::NotFinite, 0.0};
    ParsedNumber out = parseUnsigned(text);
    if (negative)
        out.value = -out.value;
    return out;
}

} // namespace moe::datasets
