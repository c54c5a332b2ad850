// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

namespace llmops {

/// Sets the organisation and application names on the running QCoreApplication, so that
/// the GUI and the CLI find the same default store and settings.
void applyApplicationIdentity();

} // namespace llmops
