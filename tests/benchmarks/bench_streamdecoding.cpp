// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
// Throughput of stream decoding on a synthetic OpenAI chat-completion stream, fed in 16 KiB
// reads the way a network client hands them over. Run in a Release build.
#include "chatstreamassembler.h"
#include "ssedecoder.h"

#include <QByteArray>

#include <benchmark/benchmark.h>

namespace {

constexpr qsizetype kReadSize = 16 * 1024;
constexpr qsizetype kStreamSize = 2 * 1024 * 1024;

/// About 2 MB of chunks shaped like OpenAI's: one short token per event, with the id, model
/// and fingerprint repeated every time, some non-ASCII text, usage at the end, then [DONE].
const QByteArray &syntheticStream()
{
    static const QByteArray stream = [] {
        static const char *const words[] = {
            " the",
            " model",
            " answered",
            " caf\xC3\xA9",
            " \xE2\x80\x94",
            " 42",
            " tokens",
            ",",
            " \xE4\xBD\xA0\xE5\xA5\xBD",
            " latency",
            ".",
            "\\n",
        };
        const QByteArray head =
            R"(data: {"id":"chatcmpl-9bench0000000000000000000","object":"chat.completion.chunk",)"
            R"("created":1718000000,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_0a1b2c3d4e",)"
            R"("choices":[{"index":0,"delta":{"content":")";
        const QByteArray tail = R"("},"logprobs":null,"finish_reason":null}]})"
                                "\n\n";

        QByteArray out;
        out.reserve(kStreamSize + 1024);
        for (size_t i = 0; out.size() < kStreamSize; ++i)
            out += head + words[i % std::size(words)] + tail;
        out += R"(data: {"id":"chatcmpl-9bench0000000000000000000","object":"chat.completion.chunk",)"
               R"("created":1718000000,"model":"gpt-4o-2024-08-06","choices":[],)"
               R"("usage":{"prompt_tokens":12,"completion_tokens":9000,"total_tokens":9012}})"
               "\n\ndata: [DONE]\n\n";
        return out;
    }();
    return stream;
}

void BM_SseDecoder(benchmark::State &state)
{
    const QByteArray &stream = syntheticStream();
    std::vector<llmops::SseEvent> events;
    for (auto _ : state) {
        llmops::SseDecoder decoder;
        size_t count = 0;
        for (qsizetype pos = 0; pos < stream.size(); pos += kReadSize) {
            events.clear();
            const QByteArrayView read = QByteArrayView(stream).sliced(pos, std::min(kReadSize, stream.size() - pos));
            decoder.feed(read, events);
            count += events.size();
        }
        benchmark::DoNotOptimize(count);
        benchmark::DoNotOptimize(decoder.finish());
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * stream.size());
}
BENCHMARK(BM_SseDecoder)->Unit(benchmark::kMillisecond);

void BM_ChatStreamAssembler(benchmark::State &state)
{
    const QByteArray &stream = syntheticStream();
    for (auto _ : state) {
        llmops::ChatStreamAssembler assembler(llmops::StreamFormat::Sse);
        for (qsizetype pos = 0; pos < stream.size(); pos += kReadSize)
            assembler.feed(QByteArrayView(stream).sliced(pos, std::min(kReadSize, stream.size() - pos)));
        assembler.finish();
        if (!assembler.result().finished || assembler.result().parseErrors != 0)
            state.SkipWithError("the synthetic stream did not assemble cleanly");
        benchmark::DoNotOptimize(assembler.result().text);
    }
    state.SetBytesProcessed(int64_t(state.iterations()) * stream.size());
}
BENCHMARK(BM_ChatStreamAssembler)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
