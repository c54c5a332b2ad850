// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QAnyStringView>
#include <QByteArray>
#include <QByteArrayView>
#include <QFile>
#include <QRandomGenerator>
#include <QString>

#include <utility>
#include <vector>

namespace llmops::testing {

/// The bytes of one recorded field case in tests/data/field-cases; a missing file ends the
/// test run, since every case is part of the suite.
inline QByteArray fieldCase(QAnyStringView name)
{
    const QString path = QStringLiteral(LLMOPS_FIELD_CASES_DIR "/") + name.toString();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open field case %s", qPrintable(path));
    return file.readAll();
}

/// `bytes` cut into reads at the given offsets, in increasing order.
inline std::vector<QByteArrayView> cutAt(QByteArrayView bytes, const std::vector<qsizetype> &cuts)
{
    std::vector<QByteArrayView> reads;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        reads.push_back(bytes.sliced(from, cut - from));
        from = cut;
    }
    reads.push_back(bytes.sliced(from));
    return reads;
}

using SplitPlan = std::pair<QString, std::vector<qsizetype>>;

/// Ways to cut `size` bytes into reads, for decoders that must not care how bytes arrive:
/// every single cut point, one byte per read, and `rounds` random plans with reads of up to
/// `longestRead` bytes. The seed is fixed, so a failing plan is reproducible by its name.
inline std::vector<SplitPlan> splitPlans(qsizetype size, int longestRead = 48, int rounds = 16)
{
    std::vector<SplitPlan> plans;
    std::vector<qsizetype> everyByte;
    for (qsizetype cut = 1; cut < size; ++cut) {
        plans.emplace_back(QStringLiteral("cut at %1").arg(cut), std::vector<qsizetype>{cut});
        everyByte.push_back(cut);
    }
    plans.emplace_back(QStringLiteral("one byte per read"), everyByte);

    QRandomGenerator random(20240610);
    for (int round = 0; round < rounds; ++round) {
        std::vector<qsizetype> cuts;
        for (qsizetype at = 1 + random.bounded(longestRead); at < size; at += 1 + random.bounded(longestRead))
            cuts.push_back(at);
        plans.emplace_back(QStringLiteral("random %1").arg(round), cuts);
    }
    return plans;
}

} // namespace llmops::testing
