#pragma once

// Finite-difference gradient checking for the tests. For a scalar function L(theta) the analytic
// gradient is compared, entry by entry, with the central difference
//   (L(theta + eps e_i) - L(theta - eps e_i)) / (2 eps).
// The engine runs in float, so the function is evaluated in float and summed in double; the error
// of an entry is |analytic - numeric| / max(1, |analytic|, |numeric|): absolute for small
// gradients, relative for large ones.

#include "tensor.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace moe::test {

struct GradCheckResult
{
    double maxError = 0.0;
    Index worstIndex = -1;
    double analyticAtWorst = 0.0;
    double numericAtWorst = 0.0;
    Index checked = 0;
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
        const double numeric = (plus - minus) / (2.0 * double(eps));
        const double a = analytic.data()[i];
        const double error
            = std::abs(a - numeric) / std::max({1.0, std::abs(a), std::abs(numeric)});
        ++result.checked;
        if (error > result.maxError || result.worstIndex < 0) {
            result.maxError = error;
            result.worstIndex = i;
            result.analyticAtWorst = a;
            result.numericAtWorst = numeric;
        }
    }
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
