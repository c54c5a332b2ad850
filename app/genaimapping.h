// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "otlpdecoder.h"
#include "pricetable.h"
#include "spanrecord.h"

namespace llmops {

/// Reads the LLM figures of a span from its attributes and events, whichever convention
/// named them, and prices it. Precedence, first found wins: OpenTelemetry GenAI (current
/// names), its deprecated names, OpenInference, OpenLLMetry.
///
/// The cost is the span's own when it reports one, else the price table's for its
/// response model (or request model); absent when neither knows.
SpanRecord spanRecordFrom(OtlpSpan &&span, const PriceTable &prices);

/// Fills a stored span's input and output messages from its attributes and events, as
/// spanRecordFrom() read them when the span was taken in.
void deriveMessages(SpanRecord &span);

} // namespace llmops
