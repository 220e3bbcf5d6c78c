// TrainingWorker's description of every training and test sample: the class-by-expert affinity
// over all of them, and for data with more than two features (the projected scatter) each
// model's prediction and the MoE's top expert per sample.

#include "ui/worker/trainingworker.h"

namespace moe::ui {

namespace {
QVector<int> argmaxRows(const Matrix &out)
{
    QVector<int> best(out.rows(), 0);
    for (Index i = 0; i < out.rows(); ++i) {
        Index c = 0;
        out.row(i).maxCoeff(&c);
        best[i] = int(c);
    }
    return best;
}
} // namespace

void TrainingWorker::describePoints()
{
    // All samples, training then test: what each model says about them and where they are routed.
    const Dataset &train = m_data.train, &test = m_data.test;
    Matrix all(train.size() + test.size(), train.features.cols());
    all << train.features, test.features;
    const std::vector<RoutingDecision> routing = m_moe->inspectRouting(all);
    if (routing.empty())
        return;
    const RoutingDecision &d = routing.front();
    if (train.isClassification()) {
        std::vector<int> labels = train.labels;
        labels.insert(labels.end(), test.labels.begin(), test.labels.end());
        RoutingCounts counts;
        counts.add(d, labels, train.numClasses);
        m_state.classAffinity = summarizeRouting(counts, *m_moe->moeBlocks().front()).classAffinity;
    }
    if (m_state.twoDimensional)
        return;
    PointRouting &p = m_state.perPoint;
    Matrix out;
    m_moe->predict(all, out);
    p.moePrediction = argmaxRows(out);
    m_dense->predict(all, out);
    p.densePrediction = argmaxRows(out);
    p.topExpert = QVector<int>(d.tokens, -1);
    QVector<float> bestGate(d.tokens, -1.0f);
    for (const Assignment &a : d.assignments)
        if (a.kept && a.gate > bestGate[a.token]) {
            bestGate[a.token] = a.gate;
            p.topExpert[a.token] = a.expert;
        }
}

} // namespace moe::ui
