// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "spanrecord.h"

namespace llmops {

bool SpanRecord::isModelCall() const
{
    // A span that says nothing of what it does but reports tokens of a model is one call of it.
    if (operation.empty())
        return (inputTokens || outputTokens) && (!requestModel.empty() || !responseModel.empty());
    return operation == "chat" || operation == "text_completion" || operation == "generate_content"
        || operation == "embeddings";
}

} // namespace llmops
