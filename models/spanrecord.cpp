// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "spanrecord.h"

namespace llmops {

bool SpanRecord::isModelCall() const
{
    return operation == "chat" || operation == "text_completion" || operation == "generate_content"
        || operation == "embeddings";
}

} // namespace llmops
