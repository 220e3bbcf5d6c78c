#include "ui/worker/arenadata.h"

#include <QCoreApplication>

namespace moe::ui {

ArenaData loadArenaData(const ArenaConfig &config, const datasets::CsvProgress &progress)
{
    const datasets::DatasetInfo *builtin = datasets::findBuiltinDataset(config.dataset.name);
    std::filesystem::path dataDir;
    if (builtin && !builtin->file.empty())
        dataDir = datasets::findDataDirectory(QCoreApplication::applicationDirPath().toStdString());
    const Dataset data = datasets::makeDataset(config.dataset, dataDir, progress);
    ArenaData out;
    out.raw = datasets::splitTrainTest(data, config.testFraction, config.dataset.seed);
    out.scaled
        = datasets::prepareData(data, config.testFraction, config.dataset.seed, true, &out.scaler);
    return out;
}

QString datasetKey(const ArenaConfig &config)
{
    const datasets::DatasetSpec &d = config.dataset;
    return QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9|%10|%11|%12")
        .arg(QString::fromStdString(d.name))
        .arg(d.samples)
        .arg(d.noise ? QString::number(*d.noise, 'g', 17) : QStringLiteral("default"))
        .arg(qulonglong(d.seed))
        .arg(d.arms)
        .arg(d.clusters)
        .arg(d.cells)
        .arg(d.gridCells)
        .arg(d.gridClasses)
        .arg(QString::fromStdString(d.labelColumn))
        .arg(int(d.csvTask))
        .arg(config.testFraction, 0, 'g', 17);
}

} // namespace moe::ui
