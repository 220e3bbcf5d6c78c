// RouterKind -> rule. A new router is one file in this folder defining its make function, and
// one declaration and one row here (plus its name in core/moe/moeconfig.* and its source in
// core/CMakeLists.txt); docs/architecture.md, "Where to add... a router".

#include "core/moe/routerrule.h"

namespace moe {

// Each defined in core/moe/routers/<name>.cpp.
std::unique_ptr<RouterRule> makeTopKRule(const std::string &name, int width, int experts);
std::unique_ptr<RouterRule> makeSwitchRule(const std::string &name, int width, int experts);
std::unique_ptr<RouterRule> makeNoisyTopKRule(const std::string &name, int width, int experts);
std::unique_ptr<RouterRule> makeExpertChoiceRule(const std::string &name, int width, int experts);
std::unique_ptr<RouterRule> makeAuxFreeRule(const std::string &name, int width, int experts);

namespace {
constexpr RouterRuleEntry kRouterRules[] = {
    {RouterKind::TopK, &makeTopKRule},           {RouterKind::Switch, &makeSwitchRule},
    {RouterKind::NoisyTopK, &makeNoisyTopKRule}, {RouterKind::ExpertChoice, &makeExpertChoiceRule},
    {RouterKind::AuxFree, &makeAuxFreeRule},
};
} // namespace

std::span<const RouterRuleEntry> routerRules()
{
    return kRouterRules;
}

} // namespace moe
