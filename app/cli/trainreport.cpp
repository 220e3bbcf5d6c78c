#include "trainreport.h"

#include "optimizer.h"

#include <QJsonValue>
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
} // namespace

void printSummary(const TrainReport &r)
{
    const bool classification = r.task == Task::Classification;
    std::printf("\nDataset   %s: %lld train / %lld test samples, %d features, %d %s\n",
                r.dataset.c_str(), (long long)r.trainSamples, (long long)r.testSamples, r.features,
                r.outputs, classification ? "classes" : "targets");
    std::printf("Model     dense: %s\n", r.model.c_str());
    std::printf("Size      %s parameters (all active for every sample)\n",
                qPrintable(grouped(double(r.cost.totalParams))));
    std::printf("Compute   %s FLOPs/sample forward, %s FLOPs per training step (batch %lld)\n",
                qPrintable(grouped(r.cost.forwardFlopsPerSample)),
                qPrintable(grouped(r.cost.trainFlopsPerSample() * double(r.batchSize))),
                (long long)r.batchSize);
    std::printf("Training  %lld steps (%.1f epochs) in %.2f s: %s samples/s on %d thread%s\n",
                (long long)r.steps, r.epochs, r.trainingSeconds,
                qPrintable(grouped(r.samplesPerSecond)), r.threads, r.threads == 1 ? "" : "s");
    std::printf("Train     loss %.4f  %s\n", r.final.train.loss,
                qPrintable(accuracyText(r.final.train.accuracy)));
    if (r.final.test)
        std::printf("Test      loss %.4f  %s\n", r.final.test->loss,
                    qPrintable(accuracyText(r.final.test->accuracy)));
    else
        std::printf("Test      (no test set: --test-fraction 0)\n");
}

QJsonObject toJson(const TrainReport &r)
{
    const ModelConfig &m = r.modelConfig;
    QJsonObject model {{"kind", "dense"},
                       {"description", QString::fromStdString(r.model)},
                       {"width", m.width},
                       {"hidden", m.hidden},
                       {"blocks", m.blocks},
                       {"activation",
                        QString::fromUtf8(activationName(m.activation).data(),
                                          qsizetype(activationName(m.activation).size()))}};
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
        {"training_seconds", r.trainingSeconds},
        {"samples_per_second", r.samplesPerSecond},
        {"threads", r.threads},
        {"seed", double(r.seed)},
    };
    return json;
}

} // namespace moe::cli
