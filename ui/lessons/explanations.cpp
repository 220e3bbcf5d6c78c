#include "ui/lessons/explanations.h"

#include <QCoreApplication>
#include <QHash>

namespace moe::ui {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("moe::ui::Explanations", text);
}
} // namespace

QString explanation(const QString &name)
{
    static const QHash<QString, const char *> texts {
        {QStringLiteral("dense-map"),
         "<p>Each point of the plane is fed to the <b>dense network</b>, and the colour shows the "
         "class it predicts there: <i>class = argmax softmax(f(x))</i>. Strong colour means "
         "confident, faint means unsure (confidence rescales the top probability from 1/C to "
         "1). Filled dots are training samples, rings are test samples: a ring on the wrong "
         "colour is a test mistake.</p><p>A dense network runs all of its weights for every "
         "point.</p>"},
        {QStringLiteral("moe-map"),
         "<p>The same picture for the <b>Mixture of Experts</b>: each point goes to the router, "
         "which sends it to k experts; their outputs are added, weighted by the router's gates: "
         "<i>y = x + &Sigma;<sub>e in top-k</sub> g<sub>e</sub>(x) Expert<sub>e</sub>(x)</i>. "
         "The colour is the predicted class, faint where unsure.</p>"},
        {QStringLiteral("routing-map"),
         "<p>Each point coloured by the <b>expert the router sends it to</b> (first MoE "
         "block): its 1st choice <i>e* = argmax<sub>e</sub> p<sub>e</sub>(x)</i>, with "
         "<i>p = softmax(W<sub>r</sub> x)</i>, or its 2nd, ... choice (the selector beside the "
         "map). Hatched cells are near-ties: the runner-up has at least 80% of the chosen "
         "expert's probability.</p>"
         "<p>Regions of one colour, numbered, are an expert's territory: the router has learned "
         "to split the input space. 'One map per expert' shows each expert's gate weight "
         "instead.</p>"},
        {QStringLiteral("text-loss"),
         "<p>How well each model predicts the <b>next character</b> of text it never trained on, "
         "in <b>bits per character</b>: <i>total cross-entropy / (ln 2 &middot; characters)</i>. "
         "Lower is better; a model that guessed uniformly among V tokens would score "
         "log<sub>2</sub> V.</p><p>The dotted line is a <b>unigram</b> model (letter frequencies "
         "only), the dashed line a <b>bigram</b> model (the previous character only), both "
         "counted on the training text. Below the bigram line the transformer uses more than the "
         "last character. The faint lines are the training batches' losses.</p>"},
        {QStringLiteral("text-token-strip"),
         "<p>A passage of held-out text, each token on the colour of the <b>expert its router "
         "chose</b> in one MoE layer (its 1st choice, 2nd, ... or all as stripes whose widths are "
         "the gates). Point at a token for its router probabilities <i>p = softmax(W<sub>r</sub> "
         "x)</i>, its experts and gates in every layer, and its loss.</p><p>A red hatched token "
         "was <b>dropped</b>: routed as one training batch with the capacity factor set, an "
         "expert it chose was already full. Type your own sentence above the strip to see it "
         "routed.</p>"},
        {QStringLiteral("text-generated-moe"),
         "<p>Text the <b>MoE model writes</b>, one token at a time: the next token is drawn from "
         "<i>softmax(logits / T)</i> (T: the temperature), fed back, and so on. Each token is on "
         "the colour of the expert that took it. Early in training it is noise; it turns into "
         "words, then lines that look like the corpus.</p><p>An expert-choice router cannot "
         "generate: each expert picks its tokens among a whole batch, so a token's experts would "
         "depend on tokens not written yet.</p>"},
        {QStringLiteral("text-generated-dense"),
         "<p>Text the <b>dense model</b> of the same FLOPs per token writes, from the same "
         "prompt and the same random draws as the MoE: compare how fast each turns noise into "
         "words. Sampling divides the logits by the temperature T before the softmax: below 1 "
         "the text is safer and more repetitive, above 1 more surprising.</p>"},
        {QStringLiteral("text-expert-tokens"),
         "<p>For each expert of one MoE layer: its share of the tokens' <b>first choices</b>, and "
         "the tokens it takes most, each with its share of that expert's tokens (\"expert 3: "
         "space 41%, e 12%\"). Counted on held-out text at the last evaluation.</p><p><b>Token "
         "specialisation</b> is, for each token seen at least 10 times, the share of its "
         "occurrences sent to its most frequent expert; beside it the same figure for a router "
         "that ignored the token (the busiest expert's share). Real MoE language models route "
         "mostly by token (OpenMoE).</p>"},
        {QStringLiteral("text-domain-by-expert"),
         "<p>Rows are the kinds of text (on the mixed corpus: Shakespeare, Python, arithmetic), "
         "columns experts. A cell is the <b>share of that domain's tokens whose first choice is "
         "that expert</b>; each row sums to 1.</p><p>Real MoE language models route by the "
         "<b>token</b> more than by the topic (OpenMoE, Mixtral): domains spread over many "
         "experts, except where a domain has tokens of its own, such as digits.</p>"},
        {QStringLiteral("text-drops-by-position"),
         "<p>The share of token slots <b>dropped</b> at each position of a sequence, in training "
         "routing with the capacity factor set: an expert holds at most "
         "<i>C = ceil(cf &middot; k &middot; B L / E)</i> tokens of a batch. Under the "
         "<b>position</b> drop policy earlier tokens are kept first, so the drops pile up at the "
         "end of the sequence (OpenMoE's \"drop towards the end\"); under <b>random</b> they "
         "spread evenly.</p>"},
        {QStringLiteral("text-settling"),
         "<p>Over training: how often a token and the <b>next token</b> have the same first-choice "
         "expert, against the rate if experts were drawn by their shares alone "
         "(<i>&Sigma;<sub>e</sub> share<sub>e</sub><sup>2</sup></i>, Mixtral's comparison); and "
         "the "
         "share of held-out tokens whose first choice <b>changed since the last evaluation</b>: "
         "it falls as the router settles, early in training (OpenMoE, OLMoE).</p>"},
        {QStringLiteral("text-capacity-params"),
         "<p><b>Capacity</b> (total parameters) against <b>compute</b> (forward FLOPs per token, "
         "a multiply-add counted as 2), both on log scales, for the sweep's text models: "
         "attention <i>8 d<sup>2</sup> + 4 L<sub>ctx</sub> d</i> and the head <i>2 d V</i> are "
         "the same for all; the feed-forward layer costs <i>4 d h<sub>D</sub></i> in a dense "
         "model and <i>k &middot; 4 d h + 2 d E</i> in an MoE layer. The dense line climbs the "
         "diagonal; the MoE lines rise almost straight up: E multiplies the experts' parameters "
         "while a token still pays for k of them. The stars are your two models.</p>"},
        {QStringLiteral("text-capacity-loss"),
         "<p>Each point is a text model trained for the same steps with your recipe and seed: "
         "its <b>validation loss in bits per character</b>, <i>nats / (ln 2 &middot; "
         "characters)</i> on the tokens the loss curves use, against its forward FLOPs per "
         "token. Circles are dense models, squares MoE at top-1, triangles top-2, stars your "
         "two live models. The dashed staircase is the <b>Pareto frontier</b>: the lowest loss "
         "reached at or below each compute. MoE points below the dense ones at the same "
         "compute are what experts buy; the dotted line is the bigram level to beat.</p>"},
        {QStringLiteral("text-capacity-time"),
         "<p>Measured <b>time per training step</b> (forward, backward and the AdamW update of "
         "one batch, mean over the run) against forward FLOPs per token. FLOPs predict the "
         "dense models' time; MoE models at the same k cost about the same FLOPs whatever E, "
         "but their time grows with E: the router scores every expert (<i>2 d E</i> per "
         "token), tokens are gathered and scattered per expert, and the optimiser updates "
         "every expert's parameters each step. MoE saves FLOPs per token, not memory or the "
         "update.</p>"},
        {QStringLiteral("class-by-expert"),
         "<p>Rows are classes, columns experts. A cell is the <b>share of that class's token "
         "slots that go to the expert</b>: <i>A<sub>c,e</sub> = slots(c &rarr; e) / "
         "slots(c)</i>, so each row sums to 1.</p><p>A dark cell alone in its row means the "
         "class has a specialist; evenly pale rows mean the experts are generalists.</p>"},
        {QStringLiteral("expert-load"),
         "<p>How many <b>token slots per step</b> each expert received, on average over the last "
         "100 training steps: blue were processed, vermillion were <b>dropped</b> because the "
         "expert was full. "
         "The dashed line is the capacity <i>C = &lceil;cf &middot; k &middot; T / E&rceil;</i> "
         "(T tokens per batch, cf the capacity factor). A dark bar marks a <b>dead</b> expert: no "
         "tokens for 100 steps.</p><p>Above the chart, over the same 100 steps: load CV (standard "
         "deviation / mean of "
         "the loads, 0 = perfectly even), the dropped share, and the router's entropy against "
         "its maximum log E.</p>"},
        {QStringLiteral("load-over-time"),
         "<p>Each expert's <b>share of the routed slots</b> at every evaluation, in the routing "
         "map's colours: <i>f<sub>e</sub> = slots(e) / &Sigma; slots</i>. Even load keeps every "
         "line near 1/E; collapse shows as a few lines rising and the rest falling to 0.</p>"},
        {QStringLiteral("loss"),
         "<p>Cross-entropy loss <i>&minus;log p(correct class)</i> (mean squared error for "
         "regression), on the training set (dashed) and the test set (solid), for the dense "
         "network (blue) and the MoE (vermillion). Lower is better; a test curve rising while the "
         "training curve falls is overfitting.</p><p>Green: the MoE's auxiliary losses, kept "
         "apart: the balance loss <i>&alpha; &middot; E &middot; &Sigma;<sub>e</sub> "
         "f<sub>e</sub> P<sub>e</sub></i> (f: share of tokens, P: mean router probability) plus "
         "the z-loss <i>c<sub>z</sub> &middot; mean(log&Sigma;exp(logits)&sup2;)</i>.</p>"},
        {QStringLiteral("accuracy"),
         "<p>The share of samples whose predicted class is right, on the training set (dashed) "
         "and the test set (solid), for the dense network (blue) and the MoE (vermillion). While "
         "the app plays, the models are evaluated about five times a second (at steps 1, 2, 5, "
         "10, 20, ... early on), and again where the run pauses; a headless run evaluates every "
         "'eval every' steps. The smoothing slider draws an average over recent points (as in "
         "TensorBoard); the headline and the lessons use the last evaluation.</p>"},
        {QStringLiteral("capacity-vs-compute"),
         "<p><b>Capacity</b> (total parameters) against <b>compute</b> (active FLOPs per sample, "
         "counting a multiply-add as 2), both on log scales. Dense networks of growing width "
         "climb the diagonal: every parameter is used for every sample. MoE models with more "
         "experts rise almost straight up: parameters grow with E while FLOPs grow only with "
         "k, about <i>k &middot; 4 d h</i> per block plus the router's <i>2 d E</i>.</p>"},
        {QStringLiteral("accuracy-vs-compute"),
         "<p>Each point is a trained model: its test accuracy against its compute per sample. "
         "Squares are MoE models (bigger = more experts), circles dense networks, stars the "
         "models you trained here. The dashed staircase is the <b>frontier</b>: the best "
         "accuracy reached at or below each compute. MoE points above the dense ones at the "
         "same compute are what experts buy.</p>"},
        {QStringLiteral("time-vs-compute"),
         "<p>Measured training time per step of each run, cheapest FLOPs first, split where the "
         "engine spends it: <b>routing</b>, the <b>experts</b> (dispatch, their forward and "
         "backward, combine), the <b>rest</b> of the model and the <b>optimiser</b>. At the "
         "same k the experts' time hardly moves as E grows. What grows is the <b>routing</b>: "
         "the router scores every expert for every input (2 d E FLOPs), which at this toy width "
         "rivals the experts (see 'Router'), and the <b>optimiser</b>, which updates every "
         "expert's parameters each step. MoE saves FLOPs per input, not the parameters' memory "
         "or their update (docs/benchmarks.md has E 8, 64 and 256).</p>"},
        {QStringLiteral("router-share"),
         "<p>The <b>router's share</b> of one MoE block's forward FLOPs against the number of "
         "experts E, at your width d, expert width h<sub>e</sub>, k and shared experts. Every "
         "input pays the router for all E experts, <i>2 d E</i> FLOPs (twice for noisy top-k), "
         "but only k experts, <i>4 d h<sub>e</sub></i> each, so the share is <i>E / (E + "
         "2 h<sub>e</sub> k)</i>: d cancels. It reaches one half at the <b>crossover</b> E = 2 "
         "h<sub>e</sub> k. The dashed curve is Mixtral 8x7B (d 4096, h<sub>e</sub> 14,336, "
         "top-2): about 0.01% at its 8 experts, why real models ignore the router; a toy with "
         "h<sub>e</sub> of tens cannot, which is why the dense baseline of <i>matched total "
         "compute</i> counts it.</p>"},
    };
    const auto found = texts.find(name);
    return found == texts.end() ? QString() : tr(found.value());
}

} // namespace moe::ui
