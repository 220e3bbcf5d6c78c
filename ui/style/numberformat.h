#pragma once

#include <QString>

namespace moe::ui {

// 1234567 -> "1,234,567": parameter and FLOP counts, readable from the back of a room.
QString grouped(double value);

} // namespace moe::ui
