#pragma once

// Finite-difference gradient checking for the tests. For a scalar function L(theta) the analytic
// gradient is compared, entry by entry, with the central difference
//   (L(theta + eps e_i) - L(theta - eps e_i)) / (2 eps).
// The engine runs in float, so the function is evaluated in float and summed in double; the error
// of an entry is |analytic - numeric| / max(0.1, |analytic|, |numeric|): relative for gradients
// above 0.1, and for smaller ones measured against 0.1, below which float differences of a loss
// of order 1 cannot resolve them.

#include "core/base/tensor.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace moe::test {

inline constexpr double kErrorFloor = 0.1;

struct GradCheckResult
{
    double maxError = 0.0;
    Index worstIndex = -1;
    double analyticAtWorst = 0.0;
    double numericAtWorst = 0.0;
    Index checked = 0;

    // Compares one entry and keeps the worst.
    void record(Index index, double analytic, double numeric)
    {
        const double error = std::abs(analytic - numeric)
            / std::max({kErrorFloor, std::abs(analytic), std::abs(numeric)});
        ++checked;
        if (error > maxError || worstIndex < 0) {
            maxError = error;
            worstIndex = index;
            analyticAtWorst = analytic;
            numericAtWorst = numeric;
        }
    }
};

inline GradCheckResult checkGradient(Matrix &value, const Matrix &analytic,
                                     const std::function<double()> &loss, float eps = 1e-2f)
{
    GradCheckResult result;
    for (Index i = 0; i < value.size(); ++i) {
        float &v = value.data()[i];
        const float saved = v;
        v = saved + eps;
        const double plus = loss();
        v = saved - eps;
        const double minus = loss();
        v = saved;
        result.record(i, analytic.data()[i], (plus - minus) / (2.0 * double(eps)));
    }
    return result;
}

// For piecewise-smooth functions such as routing (top-k choices and capacity drops switch as the
// parameters move): the difference is only taken where the discrete state, as reported by
// `state()` right after each loss() call, is the same at theta - eps, theta and theta + eps.
// When a step crosses a switch, smaller steps (eps / 4, eps / 16) are tried; an entry where every
// step crosses one counts in `unstable` and its error is not measured.
struct PiecewiseResult : GradCheckResult
{
    Index unstable = 0;
};

inline PiecewiseResult checkGradientPiecewise(Matrix &value, const Matrix &analytic,
                                              const std::function<double()> &loss,
                                              const std::function<std::vector<int>()> &state,
                                              float eps)
{
    PiecewiseResult result;
    loss();
    const std::vector<int> base = state();
    for (Index i = 0; i < value.size(); ++i) {
        float &v = value.data()[i];
        const float saved = v;
        bool measured = false;
        for (float step = eps; step >= eps / 16 && !measured; step /= 4) {
            v = saved + step;
            const double plus = loss();
            const bool samePlus = state() == base;
            v = saved - step;
            const double minus = loss();
            const bool sameMinus = state() == base;
            v = saved;
            if (!samePlus || !sameMinus)
                continue;
            measured = true;
            result.record(i, analytic.data()[i], (plus - minus) / (2.0 * double(step)));
        }
        v = saved;
        if (!measured)
            ++result.unstable;
    }
    loss(); // leave the caches as they were
    return result;
}

// <Y, R> summed in double: a scalar probe whose gradient with respect to Y is R.
inline double probe(const Matrix &y, const Matrix &r)
{
    return y.cast<double>().cwiseProduct(r.cast<double>()).sum();
}

// A matrix of N(0, scale^2) entries from a seeded generator.
template<typename RngT> Matrix randomMatrix(Index rows, Index cols, RngT &rng, double scale = 1.0)
{
    Matrix m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(scale * rng.normal());
    return m;
}

} // namespace moe::test

// Prints the worst entry when a check fails.
#define MOE_VERIFY_GRADIENT(result, tolerance)                                                     \
    QVERIFY2((result).checked > 0 && (result).maxError < (tolerance),                              \
             qPrintable(QStringLiteral("max error %1 at %2: analytic %3, numeric %4")              \
                            .arg((result).maxError)                                                \
                            .arg((result).worstIndex)                                              \
                            .arg((result).analyticAtWorst)                                         \
                            .arg((result).numericAtWorst)))
