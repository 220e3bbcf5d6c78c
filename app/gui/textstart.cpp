#include "app/gui/textstart.h"

#include "app/options/settingoptions.h"
#include "files/textexperiment.h"
#include "ui/controls/textcontrolpanel.h"
#include "ui/window/textarena.h"

namespace moe::gui {

void applyTextStartSettings(const QCommandLineParser &parser, moe::ui::MainWindow &window,
                            bool flatOut)
{
    using namespace moe::settings;
    using moe::cli::settingIfSet;
    moe::TextExperiment e = moe::textClassroomDemo();
    if (parser.isSet(QStringLiteral("dataset"))) // a corpus, or a .txt file
        e.corpus = parser.value(QStringLiteral("dataset")).toStdString();
    moe::MoeConfig &moe = e.model.moe;
    moe.experts = int(settingIfSet(parser, kExperts).value_or(moe.experts));
    moe.topK = int(settingIfSet(parser, kTopK).value_or(moe.topK));
    if (moe.topK > moe.experts)
        throw moe::cli::UsageError("--top-k " + std::to_string(moe.topK) + " is more than the "
                                   + std::to_string(moe.experts) + " experts");
    if (const std::optional<double> hidden = settingIfSet(parser, kExpertHidden)) {
        moe.expertHidden = int(*hidden);
        e.matchCompute = false;
    }
    if (parser.isSet(QStringLiteral("router")))
        moe.router = moe::cli::choiceOption(parser, "router", moe::kRouterChoices);
    moe.balanceLoss = settingIfSet(parser, kBalanceLoss).value_or(moe.balanceLoss);
    if (const std::optional<double> factor = settingIfSet(parser, kCapacityFactor))
        moe.capacityFactor = factor;
    if (parser.isSet(QStringLiteral("lr")))
        e.training.learningRate = float(*settingIfSet(parser, kLearningRate));
    e.stepsPerSecond = int(settingIfSet(parser, QStringLiteral("steps-per-second"), kStepsPerSecond)
                               .value_or(flatOut ? 0 : e.stepsPerSecond));
    e.stepBudget = int(
        settingIfSet(parser, QStringLiteral("step-budget"), kStepBudget).value_or(e.stepBudget));
    e.training.steps = std::max(1, e.stepBudget);
    window.textArena()->controls()->apply(e);
}

} // namespace moe::gui
