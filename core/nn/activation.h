#pragma once

// Element-wise nonlinearities with their derivatives, a = f(z):
//   relu  f = max(0, z)                      f' = [z > 0]
//   gelu  f = z * Phi(z) (exact, erf form)   f' = Phi(z) + z * phi(z)
//   tanh  f = tanh(z)                        f' = 1 - f^2
//   silu  f = z * sigmoid(z)                 f' = s + z * s * (1 - s)

#include "core/base/setting.h"
#include "core/base/tensor.h"

#include <optional>
#include <string_view>

namespace moe {

enum class Activation { Relu, Gelu, Tanh, Silu };

inline constexpr Choice<Activation> kActivationChoices[] = {{Activation::Relu, "relu", "ReLU"},
                                                            {Activation::Gelu, "gelu", "GELU"},
                                                            {Activation::Tanh, "tanh", "tanh"},
                                                            {Activation::Silu, "silu", "SiLU"}};

inline std::string_view activationName(Activation activation)
{
    return choiceName(kActivationChoices, activation);
}
// "relu", "gelu", "tanh", "silu" (case-sensitive); nullopt for anything else.
inline std::optional<Activation> parseActivation(std::string_view name)
{
    return parseChoice(kActivationChoices, name);
}

// out (T, h) = f(pre (T, h))
void activate(Activation activation, const Matrix &pre, Matrix &out);
// dPre (T, h) = dOut ∘ f'(pre)
void activateBackward(Activation activation, const Matrix &pre, const Matrix &dOut, Matrix &dPre);
// The same, given also out = f(pre) from the forward pass: GELU then reads Phi(z) = f(z) / z
// instead of computing erf again (the text model's FFNs spend most of their element-wise time
// there); Phi(0) = 1/2.
void activateBackward(Activation activation, const Matrix &pre, const Matrix &out,
                      const Matrix &dOut, Matrix &dPre);

} // namespace moe
