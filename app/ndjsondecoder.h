// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <vector>

namespace llmops {

/// Incremental newline-delimited JSON framing (Ollama's native streaming). Splits reads into
/// lines whatever the read boundaries; it does not parse the JSON itself.
class NdjsonDecoder
{
public:
    /// Returns the complete lines this read finished, without their LF or CRLF. Blank and
    /// whitespace-only lines are dropped; a UTF-8 byte order mark at the very start is skipped.
    std::vector<QByteArray> feed(QByteArrayView bytes);

    /// Ends the stream and returns the last line when it had no newline (Ollama's final
    /// object often has none), or nothing when that line is absent or blank. The decoder is
    /// ready for a new stream afterwards.
    std::optional<QByteArray> finish();
    /// How many bytes of an unfinished line are held.
    qsizetype bufferedBytes() const { return m_partialLine.size(); }

private:
    void takeLine(QByteArrayView line, std::vector<QByteArray> &lines);

    QByteArray m_partialLine;
    int m_bomBytesSeen = 0; ///< bytes of a leading UTF-8 BOM matched so far; 3 = checked
};

} // namespace llmops
