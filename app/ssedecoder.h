// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace llmops {

/// One dispatched server-sent event. The fields hold raw bytes (UTF-8 by the spec): they
/// are decoded only once the event is complete, so a character split across reads is safe.
struct SseEvent {
    QByteArray event; ///< the `event:` field; empty means the default type, "message"
    QByteArray data;  ///< the `data:` lines joined with LF, without the final LF
    QByteArray id;    ///< the last event id seen so far in the stream, as the spec defines it
};

/// Incremental text/event-stream framing, following the HTML Living Standard's "event stream
/// interpretation". Feeding the same bytes in any split gives the same events: CR, LF and
/// CRLF all end a line, also when a CR ends one read and its LF starts the next.
///
/// An event is dispatched as soon as the blank line that closes it has arrived. Lines are
/// scanned with memchr and only an unfinished line is copied between reads.
class SseDecoder
{
public:
    /// Decodes one read and returns the events it completed.
    std::vector<SseEvent> feed(QByteArrayView bytes);

    /// Same as feed(), appending to @p events so a caller can reuse the vector's storage.
    void feed(QByteArrayView bytes, std::vector<SseEvent> &events);

    /// Ends the stream. An event without its closing blank line is discarded, as the spec
    /// says; returns true when that happened (an unfinished line or data lines not yet
    /// dispatched), which tells the caller the transfer was cut inside an event.
    /// The decoder is ready for a new stream afterwards; it keeps the last event id and retry.
    bool finish();

    /// Whether bytes of an event that is not complete yet are buffered.
    bool hasPendingEvent() const;
    /// How many bytes of the unfinished event are held: the caller's measure of a stream
    /// that never ends its events.
    qsizetype bufferedBytes() const { return m_partialLine.size() + m_data.size(); }

    /// The last valid `retry:` field, in milliseconds.
    std::optional<qint64> retryMs() const { return m_retryMs; }

private:
    void processLine(QByteArrayView line, std::vector<SseEvent> &events);
    void processField(QByteArrayView name, QByteArrayView value);
    void dispatch(std::vector<SseEvent> &events);
    qsizetype skipByteOrderMark(QByteArrayView bytes);

    QByteArray m_partialLine; ///< bytes of a line whose end has not arrived yet
    QByteArray m_eventType;
    QByteArray m_data;
    QByteArray m_lastEventId;
    std::optional<qint64> m_retryMs;
    int m_bomBytesSeen = 0;      ///< bytes of a leading UTF-8 BOM matched so far; 3 = checked
    bool m_hasData = false;      ///< a `data` field arrived, even an empty one
    bool m_skipLineFeed = false; ///< the previous read ended with CR: a leading LF belongs to it
};

} // namespace llmops
