#pragma once

// Typed errors of the engine and the data layer. The core never prints and never exits: it throws
// one of these with a message a person can act on, and the CLI or GUI decides how to show it.

#include <stdexcept>
#include <string>

namespace moe {

// A configuration that cannot be built or trained (k > E, a zero width, an unknown name...).
class ConfigError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

// Input data that cannot be used. For a file, the message names the file, line and column.
class DataError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A long load stopped because the user asked (Cancel): not an error to show, nothing changed.
class Cancelled : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace moe
