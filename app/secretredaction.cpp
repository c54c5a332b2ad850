// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "secretredaction.h"

#include <vector>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

constexpr qsizetype kShortestMaskedRun = 8;
constexpr qsizetype kShortestMaskedSecret = 4;

/// The length of the longest run of `secret` that starts at `text[from]`.
qsizetype longestRunAt(const QString &text, qsizetype from, QStringView secret)
{
    qsizetype longest = 0;
    for (qsizetype start = 0; start < secret.size(); ++start) {
        qsizetype length = 0;
        while (from + length < text.size() && start + length < secret.size()
               && text[from + length] == secret[start + length])
            ++length;
        longest = std::max(longest, length);
    }
    return longest;
}

} // namespace

QString redactSecret(const QString &text, QStringView secret)
{
    if (secret.isEmpty())
        return text;
    if (secret.size() < kShortestMaskedSecret) {
        QString masked = text;
        return masked.replace(secret.toString(), u"***"_s);
    }

    // Mark every character inside a long enough run, then write the text with each marked
    // stretch as one mask.
    const qsizetype shortestRun = std::min(kShortestMaskedRun, secret.size());
    std::vector<bool> secretAt(std::size_t(text.size()), false);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const qsizetype run = longestRunAt(text, i, secret);
        for (qsizetype k = 0; run >= shortestRun && k < run; ++k)
            secretAt[std::size_t(i + k)] = true;
    }

    QString redacted;
    redacted.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!secretAt[std::size_t(i)])
            redacted.append(text[i]);
        else if (i == 0 || !secretAt[std::size_t(i - 1)])
            redacted.append(u"***"_s);
    }
    return redacted;
}

} // namespace llmops
