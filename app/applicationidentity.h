// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>

namespace llmops {

/// Sets the organisation and application names on the running QCoreApplication, so that
/// the GUI and the CLI find the same default store and settings.
void applyApplicationIdentity();

/// Who saves a prompt version when nobody says otherwise: the login name.
QString loginUserName();

} // namespace llmops
