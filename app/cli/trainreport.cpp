#include "app/cli/trainreport.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QLocale>
#include <cstdio>

namespace moe::cli {

namespace {
QJsonValue optionalValue(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString accuracyText(const std::optional<double> &accuracy)
{
    return accuracy ? QStringLiteral("accuracy %1").arg(*accuracy, 0, 'f', 4) : QString();
}

QString grouped(double value)
{
    QLocale locale = QLocale::c();
    locale.setNumberOptions({}); // keep the group separator: 1,234,567
    return locale.toString(value, 'f', 0);
}

QString text(std::string_view view)
{
    return QString::fromUtf8(view.data(), qsizetype(view.size()));
}

} // namespace

void printRouting(const RoutingStats &s, int block, const QString &over)
{
    QString loads;
    for (const ExpertStats &e : s.perExpert)
        loads += QString::number(e.routed) + QLatin1Char(' ');
    std::printf("Routing   block %d, %s: load %s(CV %.2f, Jain %.2f), dropped %.1f%%, "
                "dead %d of %d, entropy %.2f of %.2f\n",
                block, qPrintable(over), qPrintable(loads), s.loadCv, s.jainIndex,
                100.0 * s.droppedFraction, s.deadExperts, s.experts, s.routerEntropy, s.maxEntropy);
}

void printSummary(const TrainReport &r)
{
    const bool classification = r.task == Task::Classification;
    std::printf("\nDataset   %s: %lld train / %lld test samples, %d features, %d %s\n",
                r.dataset.c_str(), (long long)r.trainSamples, (long long)r.testSamples, r.features,
                r.outputs, classification ? "classes" : "targets");
    std::printf("Model     %s: %s\n", r.isMoe() ? "MoE" : "dense", r.model.c_str());
    std::printf("Size      %s parameters, %s active per sample\n",
                qPrintable(grouped(double(r.cost.totalParams))),
                qPrintable(grouped(double(r.cost.activeParamsPerSample))));
    std::printf("Compute   %s FLOPs/sample forward, %s FLOPs per training step (batch %lld)\n",
                qPrintable(grouped(r.cost.forwardFlopsPerSample)),
                qPrintable(grouped(r.cost.trainFlopsPerSample() * double(r.batchSize))),
                (long long)r.batchSize);
    std::printf("Training  %lld steps (%.1f epochs) in %.2f s: %s samples/s (--threads %d)\n",
                (long long)r.steps, r.epochs, r.time.total, qPrintable(grouped(r.samplesPerSecond)),
                r.threads);
    const StepTime ms = r.msPerStep();
    std::printf("Time      %.3f ms/step: routing %.3f, experts %.3f, rest of the model %.3f, "
                "optimiser %.3f\n",
                ms.total, ms.routing, ms.experts, ms.rest, ms.optimizer);
    for (std::size_t i = 0; i < r.final.routing.size(); ++i)
        printRouting(r.final.routing[i], int(i) + 1,
                     QStringLiteral("last %1 steps").arg(r.final.routing[i].steps));
    std::printf("Train     loss %.4f  %s\n", r.final.train.loss,
                qPrintable(accuracyText(r.final.train.accuracy)));
    if (r.final.test)
        std::printf("Test      loss %.4f  %s\n", r.final.test->loss,
                    qPrintable(accuracyText(r.final.test->accuracy)));
    else if (r.testFraction == 0.0)
        std::printf("Test      (no test set: --test-fraction 0)\n");
    else
        std::printf("Test      (no test set: the classes are too small for this test fraction)\n");
}

QJsonObject routingJson(const RoutingStats &s)
{
    QJsonArray load, kept, dropped, meanGate, bias;
    for (const ExpertStats &e : s.perExpert) {
        load.append(double(e.routed));
        kept.append(double(e.kept));
        dropped.append(double(e.dropped));
        meanGate.append(e.meanGate);
    }
    for (float b : s.selectionBias)
        bias.append(double(b));
    QJsonObject json {{"steps", double(s.steps)},
                      {"capacity", s.capacity},
                      {"expert_load", load},
                      {"expert_kept", kept},
                      {"expert_dropped", dropped},
                      {"expert_mean_gate", meanGate},
                      {"dropped_fraction", s.droppedFraction},
                      {"tokens_without_expert", double(s.tokensWithoutExpert)},
                      {"load_cv", s.loadCv},
                      {"max_violation", s.maxViolation},
                      {"jain_index", s.jainIndex},
                      {"dead_experts", s.deadExperts},
                      {"idle_experts", s.idleExperts},
                      {"router_entropy", s.routerEntropy},
                      {"max_entropy", s.maxEntropy},
                      {"balance_loss", s.balanceLoss},
                      {"z_loss", s.zLoss},
                      {"executed_flops_per_sample", s.executedFlopsPerSample},
                      {"allocated_flops_per_sample", s.allocatedFlopsPerSample}};
    if (!s.selectionBias.empty())
        json.insert("selection_bias", bias);
    if (s.classAffinity.size() > 0) {
        QJsonArray rows;
        for (Index c = 0; c < s.classAffinity.rows(); ++c) {
            QJsonArray row;
            for (Index e = 0; e < s.classAffinity.cols(); ++e)
                row.append(double(s.classAffinity(c, e)));
            rows.append(row);
        }
        json.insert("class_affinity", rows);
    }
    return json;
}

QJsonObject stepTimeJson(const StepTime &ms)
{
    return QJsonObject {{"routing", ms.routing},
                        {"experts", ms.experts},
                        {"rest", ms.rest},
                        {"optimizer", ms.optimizer},
                        {"total", ms.total}};
}

QJsonObject toJson(const TrainReport &r)
{
    const ModelConfig &m = r.modelConfig;
    QJsonObject model {{"kind", r.isMoe() ? "moe" : "dense"},
                       {"description", QString::fromStdString(r.model)},
                       {"width", m.width},
                       {"blocks", m.blocks},
                       {"activation", text(activationName(m.activation))}};
    if (r.isMoe()) {
        model.insert("experts", m.moe.experts);
        model.insert("top_k", m.moe.effectiveTopK());
        model.insert("expert_hidden", m.moe.expertHidden);
        model.insert("router", text(routerName(m.moe.router)));
        model.insert("capacity_factor",
                     m.moe.capacityFactor ? QJsonValue(*m.moe.capacityFactor)
                                          : QJsonValue(QStringLiteral("none")));
        model.insert("drop_policy", text(dropPolicyName(m.moe.dropPolicy)));
        model.insert("balance_loss_weight", m.moe.balanceLoss);
        model.insert("z_loss_weight", m.moe.zLoss);
        model.insert("shared_experts", m.moe.sharedExperts);
    } else {
        model.insert("hidden", m.hidden);
    }
    QJsonObject json {
        {"dataset", QString::fromStdString(r.dataset)},
        {"task", r.task == Task::Classification ? "classification" : "regression"},
        {"train_samples", double(r.trainSamples)},
        {"test_samples", double(r.testSamples)},
        {"features", r.features},
        {"outputs", r.outputs},
        {"model", model},
        {"steps", double(r.steps)},
        {"epochs", r.epochs},
        {"batch_size", double(r.batchSize)},
        {"train_loss", r.final.train.loss},
        {"train_acc", optionalValue(r.final.train.accuracy)},
        {"test_loss", r.final.test ? QJsonValue(r.final.test->loss) : QJsonValue(QJsonValue::Null)},
        {"test_acc",
         r.final.test ? optionalValue(r.final.test->accuracy) : QJsonValue(QJsonValue::Null)},
        {"total_params", double(r.cost.totalParams)},
        {"active_params_per_sample", double(r.cost.activeParamsPerSample)},
        {"flops_per_sample", r.cost.forwardFlopsPerSample},
        {"train_flops_per_step", r.cost.trainFlopsPerSample() * double(r.batchSize)},
        {"training_seconds", r.time.total},
        {"time_per_step_ms", r.msPerStep().total},
        {"optimizer_ms_per_step", r.msPerStep().optimizer},
        {"time_per_step_breakdown_ms", stepTimeJson(r.msPerStep())},
        {"samples_per_second", r.samplesPerSecond},
        {"threads", r.threads},
        {"seed", double(r.seed)},
    };
    if (!r.final.routing.empty()) {
        // The first MoE block's figures at the top level; every block's under moe_blocks.
        const QJsonObject first = routingJson(r.final.routing.front());
        for (auto it = first.begin(); it != first.end(); ++it)
            if (it.key() != QLatin1String("steps"))
                json.insert(it.key(), it.value());
        QJsonArray blocks;
        for (const RoutingStats &s : r.final.routing)
            blocks.append(routingJson(s));
        json.insert("moe_blocks", blocks);
    }
    return json;
}

} // namespace moe::cli
