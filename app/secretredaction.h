// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>

namespace llmops {

/// Masks the secret in text that a server sent back, such as an error message that repeats
/// the request's key. Any run of at least eight characters of the secret (all of it, if it
/// is shorter) becomes "***", so an excerpt cut in the middle of a key leaves none of it
/// either. A secret under four characters is masked only where it appears whole: shorter
/// runs would mask ordinary words.
QString redactSecret(const QString &text, QStringView secret);

} // namespace llmops
