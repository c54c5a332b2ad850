// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ndjsondecoder.h"

#include <cstring>

namespace llmops {

namespace {

constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";
constexpr int kByteOrderMarkSize = 3;

bool isBlank(QByteArrayView line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return false;
    }
    return true;
}

} // namespace

std::vector<QByteArray> NdjsonDecoder::feed(QByteArrayView bytes)
{
    std::vector<QByteArray> lines;

    qsizetype pos = 0;
    while (m_bomBytesSeen < kByteOrderMarkSize && pos < bytes.size()) {
        if (bytes[pos] != kByteOrderMark[m_bomBytesSeen]) {
            m_partialLine.append(kByteOrderMark, m_bomBytesSeen);
            m_bomBytesSeen = kByteOrderMarkSize;
            break;
        }
        ++m_bomBytesSeen;
        ++pos;
    }

    while (pos < bytes.size()) {
        const void *hit = std::memchr(bytes.data() + pos, '\n', size_t(bytes.size() - pos));
        if (!hit) {
            m_partialLine.append(bytes.sliced(pos));
            break;
        }

        const qsizetype end = static_cast<const char *>(hit) - bytes.data();
        if (m_partialLine.isEmpty()) {
            takeLine(bytes.sliced(pos, end - pos), lines);
        } else {
            m_partialLine.append(bytes.sliced(pos, end - pos));
            takeLine(m_partialLine, lines);
            m_partialLine.truncate(0);
        }
        pos = end + 1;
    }
    return lines;
}

std::optional<QByteArray> NdjsonDecoder::finish()
{
    std::vector<QByteArray> lines;
    takeLine(m_partialLine, lines);

    m_partialLine.clear();
    m_bomBytesSeen = 0;
    if (lines.empty())
        return std::nullopt;
    return std::move(lines.front());
}

void NdjsonDecoder::takeLine(QByteArrayView line, std::vector<QByteArray> &lines)
{
    if (!line.isEmpty() && line.back() == '\r')
        line.chop(1);
    if (!isBlank(line))
        lines.push_back(line.toByteArray());
}

} // namespace llmops
