// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ssedecoder.h"

#include <algorithm>
#include <cstring>

namespace llmops {

namespace {

constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";
constexpr int kByteOrderMarkSize = 3;

/// Finds the next CR or LF at or after @p from. The positions of the next CR and the next LF
/// are cached across calls, so a buffer with only LF line ends is scanned for CR just once.
class LineEndFinder
{
public:
    explicit LineEndFinder(QByteArrayView bytes)
        : m_bytes(bytes)
    {
    }

    qsizetype next(qsizetype from)
    {
        if (m_nextLf < from)
            m_nextLf = find('\n', from);
        if (m_nextCr < from)
            m_nextCr = find('\r', from);
        return std::min(m_nextLf, m_nextCr);
    }

private:
    qsizetype find(char c, qsizetype from) const
    {
        const qsizetype size = m_bytes.size();
        if (from >= size)
            return size;
        const void *hit = std::memchr(m_bytes.data() + from, c, size_t(size - from));
        return hit ? static_cast<const char *>(hit) - m_bytes.data() : size;
    }

    QByteArrayView m_bytes;
    qsizetype m_nextLf = -1;
    qsizetype m_nextCr = -1;
};

std::optional<qint64> parseRetry(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 15)
        return std::nullopt;

    qint64 ms = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        ms = ms * 10 + (c - '0');
    }
    return ms;
}

} // namespace

std::vector<SseEvent> SseDecoder::feed(QByteArrayView bytes)
{
    std::vector<SseEvent> events;
    feed(bytes, events);
    return events;
}

void SseDecoder::feed(QByteArrayView bytes, std::vector<SseEvent> &events)
{
    qsizetype pos = skipByteOrderMark(bytes);
    if (pos < bytes.size() && m_skipLineFeed) {
        if (bytes[pos] == '\n')
            ++pos;
        m_skipLineFeed = false;
    }

    LineEndFinder finder(bytes);
    while (pos < bytes.size()) {
        const qsizetype end = finder.next(pos);
        if (end == bytes.size()) {
            m_partialLine.append(bytes.sliced(pos));
            return;
        }

        // The common case reads the line straight from the caller's bytes; only a line that
        // began in an earlier read goes through the carry-over buffer.
        if (m_partialLine.isEmpty()) {
            processLine(bytes.sliced(pos, end - pos), events);
        } else {
            m_partialLine.append(bytes.sliced(pos, end - pos));
            processLine(m_partialLine, events);
            m_partialLine.truncate(0);
        }

        pos = end + 1;
        if (bytes[end] == '\r') {
            if (pos == bytes.size())
                m_skipLineFeed = true;
            else if (bytes[pos] == '\n')
                ++pos;
        }
    }
}

bool SseDecoder::finish()
{
    const bool pending = hasPendingEvent();

    // The last event id and the retry delay outlive a stream: a reconnection sends them on.
    m_partialLine.clear();
    m_eventType.clear();
    m_data.clear();
    m_hasData = false;
    m_skipLineFeed = false;
    m_bomBytesSeen = 0;
    return pending;
}

bool SseDecoder::hasPendingEvent() const
{
    const bool insideByteOrderMark = m_bomBytesSeen > 0 && m_bomBytesSeen < kByteOrderMarkSize;
    return m_hasData || !m_partialLine.isEmpty() || insideByteOrderMark;
}

qsizetype SseDecoder::skipByteOrderMark(QByteArrayView bytes)
{
    qsizetype pos = 0;
    while (m_bomBytesSeen < kByteOrderMarkSize && pos < bytes.size()) {
        if (bytes[pos] != kByteOrderMark[m_bomBytesSeen]) {
            // Not a BOM after all: the bytes matched so far start the first line.
            m_partialLine.append(kByteOrderMark, m_bomBytesSeen);
            m_bomBytesSeen = kByteOrderMarkSize;
            return pos;
        }
        ++m_bomBytesSeen;
        ++pos;
    }
    return pos;
}

void SseDecoder::processLine(QByteArrayView line, std::vector<SseEvent> &events)
{
    if (line.isEmpty()) {
        dispatch(events);
        return;
    }
    if (line.front() == ':')
        return;

    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        processField(line, {});
        return;
    }

    QByteArrayView value = line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    processField(line.first(colon), value);
}

void SseDecoder::processField(QByteArrayView name, QByteArrayView value)
{
    if (name == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (name == "event") {
        m_eventType = value.toByteArray();
    } else if (name == "id") {
        // An id with a NUL byte is ignored, so a stream cannot make the last id unusable.
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (name == "retry") {
        if (const auto ms = parseRetry(value))
            m_retryMs = ms;
    }
}

void SseDecoder::dispatch(std::vector<SseEvent> &events)
{
    // A blank line after no data line ends nothing: the spec drops the event type too.
    if (m_hasData)
        events.push_back(SseEvent{m_eventType, std::move(m_data), m_lastEventId});

    m_data = QByteArray();
    m_eventType.clear();
    m_hasData = false;
}

} // namespace llmops
