#pragma once

// Text model files (docs/model-format.md, "Text models", format version 3): the text model's
// config, its tokenizer (a char vocabulary, or the SentencePiece model in base64), what it was
// trained on, and every parameter and router state by name, as the 2-D model files store them.

#include "core/text/textmodel.h"
#include "datasets/text/tokenizer.h"

#include <QString>
#include <memory>

namespace moe::files {

struct TextModelInfo
{
    datasets::TokenizerState tokenizer;
    std::string corpus = "shakespeare"; // a built-in corpus name or the text file's path
    std::uint64_t seed = 1;             // of the corpus (arithmetic) and the run
    qint64 steps = 0;                   // training steps done
};

// Atomic (the old file survives a failed save). Throws DataError.
void saveTextModel(const QString &path, TextModel &model, const TextModelInfo &info);

// Builds the model and tokenizer the file describes. Throws DataError naming the file and the
// problem (as loadModel does), and when the file holds a 2-D model.
std::unique_ptr<TextModel> loadTextModel(const QString &path, TextModelInfo &info);

// Whether a model file holds a text model (config.kind "text"): what `eval` runs it on.
// Throws DataError as loadTextModel does for a file that is not a model file.
bool isTextModelFile(const QString &path);

} // namespace moe::files
