#include "core/base/setting.h"

#include "core/base/error.h"

#include <charconv>
#include <cmath>

namespace moe {

std::string numberText(double value)
{
    if (value == std::floor(value) && std::abs(value) < 1e15)
        return std::to_string((long long)value); // 1000000, not 1e+06
    char buffer[64];
    // 0.0001 rather than 1e-04; 1e-08 where the decimals would run long.
    const auto result = std::abs(value) >= 1e-4
        ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
        : std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

double decimalValue(float value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    double parsed = 0.0;
    std::from_chars(buffer, result.ptr, parsed);
    return parsed;
}

std::string Setting::rangeText() const
{
    return numberText(min) + " to " + numberText(max);
}

void Setting::require(double value) const
{
    if (!contains(value))
        throw ConfigError(std::string(label) + " must be "
                          + (integer ? "a whole number" : "a number") + " from " + rangeText()
                          + ", got " + numberText(value));
}

void Setting::requireFloat(float value) const
{
    if (!(value >= float(min) && value <= float(max)))
        require(double(value)); // throws with the message
}

} // namespace moe
