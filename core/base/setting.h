#pragma once

// A user-facing setting, described once in the layer that owns it: its names in each reader, its
// range, default, unit and help. MoeConfig::validate(), the command line's options, the JSON
// readers of experiment and model files (and so lessons, which patch those files), the app's
// controls and its command line all read these descriptions, so that a range or a default is
// typed in one place only (docs/architecture.md, "Settings").
//
// The tables: core/moe/moesettings.h (the MoE layer), core/train/trainsettings.h (model and
// training), datasets/datasetsettings.h (generated data and the split), files/experiment.h (what
// only an experiment has: the dense baseline's custom width, the app's speed).

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace moe {

struct Setting
{
    std::string_view key = {};    // field in experiment and model files and lesson patches
    std::string_view option = {}; // command-line option, without "--" (empty: none)
    std::string_view label = {}; // in messages and next to the app's control: "expert hidden width"
    double min = 0.0;
    double max = 0.0;
    double defaultValue = 0.0;
    bool integer = true;        // whole numbers only
    std::string_view unit = {}; // "steps", "samples"; empty for a plain number
    std::string_view help = {}; // one sentence: the option's help and the control's tooltip
    double step = 1.0;          // the app's single step for this setting's control
    int decimals = 0;           // decimals the app's control shows

    constexpr bool contains(double value) const
    {
        return value >= min && value <= max && (!integer || value == std::floor(value));
    }
    // "1 to 64", "0 to 0.5": what a message says is accepted.
    std::string rangeText() const;
    // Throws ConfigError: "expert hidden width must be a whole number from 1 to 16384, got 0".
    void require(double value) const;
    // The same for a setting the engine keeps as a float (learning rate, weight decay), compared
    // in float so that float(0.0001) passes a minimum of 0.0001.
    void requireFloat(float value) const;
    int defaultInt() const { return int(defaultValue); }
};

// A number as people write it: the shortest text that reads back exactly ("0.005", "1e-07",
// "16384").
std::string numberText(double value);
// The double nearest the shortest decimal text of `value` (float 0.005f -> 0.005, not
// 0.004999999888): how a float setting is written to a file, so that it reads back in range.
double decimalValue(float value);

// One entry of a fixed set of names (routers, activations, optimisers, ...): the enum value and
// the name the command line, the files and the app's lists use.
template<typename E> struct Choice
{
    E value;
    std::string_view name;       // in files and on the command line ("topk")
    std::string_view label = {}; // what the app's lists show ("top-k (softmax)"); name if empty
};

template<typename E, std::size_t N>
constexpr std::string_view choiceName(const Choice<E> (&table)[N], E value)
{
    for (const Choice<E> &c : table)
        if (c.value == value)
            return c.name;
    return table[0].name;
}

template<typename E, std::size_t N>
constexpr std::optional<E> parseChoice(const Choice<E> (&table)[N], std::string_view name)
{
    for (const Choice<E> &c : table)
        if (c.name == name)
            return c.value;
    return std::nullopt;
}

// "topk, switch, noisy-topk, expert-choice or aux-free" (with `last` = " or ").
template<typename E, std::size_t N>
std::string choiceList(const Choice<E> (&table)[N], std::string_view last = ", ")
{
    std::string text;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0)
            text += i + 1 == N ? last : std::string_view(", ");
        text += table[i].name;
    }
    return text;
}

} // namespace moe
