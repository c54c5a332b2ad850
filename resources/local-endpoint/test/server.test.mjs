// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// End-to-end tests: each suite starts the real server (real model, real sockets) as a child
// process on a free port and talks to it over HTTP. Run with `node --test test/`.

import assert from "node:assert/strict";
import {spawn} from "node:child_process";
import {once} from "node:events";
import path from "node:path";
import {createInterface} from "node:readline";
import {after, before, describe, test} from "node:test";
import {fileURLToPath} from "node:url";

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "server.mjs");
const FAULTS = [
    "delay-first-token", "status-429", "status-429-date", "status-503", "html-502",
    "error-mid-stream", "cut-stream", "invalid-json-chunk", "hang", "status-401-echo-key",
];
// Greedy decoding makes the tiny model deterministic: this prompt continues with
// ", there was a little girl named Lily." and never hits end-of-text early.
const PROMPT = "Once upon a time";
const PROMPT_TOKENS = 7; // BOS + 6 tokens

async function startServer() {
    const child = spawn(process.execPath, [SERVER, "--port", "0"], {stdio: ["ignore", "pipe", "inherit"]});
    const lines = createInterface({input: child.stdout});
    const [line] = await Promise.race([
        once(lines, "line"),
        once(child, "exit").then(([code]) => Promise.reject(new Error(`server exited with ${code}`))),
    ]);
    assert.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
    return {child, base: line.slice("listening on ".length)};
}

async function stopServer(child, signal = "SIGTERM") {
    const exited = once(child, "exit");
    child.kill(signal);
    const [code, killedBy] = await exited;
    return {code, killedBy};
}

function chatBody(overrides = {}) {
    return {
        model: "stories260K",
        messages: [{role: "user", content: PROMPT}],
        temperature: 0,
        max_tokens: 16,
        ...overrides,
    };
}

function postChat(base, body, {fault, signal, authorization, route = "/v1/chat/completions"} = {}) {
    const headers = {"Content-Type": "application/json"};
    if (fault !== undefined)
        headers["X-Llmops-Fault"] = fault;
    if (authorization !== undefined)
        headers["Authorization"] = authorization;
    const payload = typeof body === "string" ? body : JSON.stringify(body);
    return fetch(`${base}${route}`, {method: "POST", headers, body: payload, signal});
}

function postEmbeddings(base, body, options = {}) {
    return postChat(base, body, {...options, route: "/v1/embeddings"});
}

function postOllamaEmbed(base, body, options = {}) {
    return postChat(base, body, {...options, route: "/api/embed"});
}

function dot(a, b) {
    return a.reduce((sum, value, index) => sum + value * b[index], 0);
}

function postOllama(base, body, options = {}) {
    return postChat(base, body, {...options, route: "/api/chat"});
}

// Greedy and short, like chatBody(); Ollama takes sampling settings under "options".
function ollamaBody(overrides = {}, options = {}) {
    return {
        model: "stories260K",
        messages: [{role: "user", content: PROMPT}],
        options: {temperature: 0, num_predict: 16, ...options},
        ...overrides,
    };
}

// Splits an NDJSON body into its lines, checking the framing on the way.
function ndjsonLines(text) {
    assert.ok(text.endsWith("\n"), "every line ends with a newline");
    const lines = text.slice(0, -1).split("\n");
    assert.ok(lines.every((line) => line !== ""), "no blank lines");
    return lines;
}

// Splits an SSE body into its `data:` payloads, checking the framing on the way.
function sseData(text) {
    assert.ok(text.endsWith("\n\n"), "every event ends with a blank line");
    return text.slice(0, -2).split("\n\n").map((event) => {
        assert.match(event, /^data: [^\n]*$/, "each event is a single data line");
        return event.slice("data: ".length);
    });
}

function contentOf(chunks) {
    return chunks.filter((chunk) => chunk.choices[0]?.delta?.content).map((c) => c.choices[0].delta.content);
}

// Reads a streaming response piece by piece, noting when the first content chunk arrived.
async function readTimed(response, started, contentMarker = "\"delta\":{\"content\"") {
    const decoder = new TextDecoder();
    let text = "";
    let firstContentMs = null;
    for await (const piece of response.body) {
        text += decoder.decode(piece, {stream: true});
        if (firstContentMs === null && text.includes(contentMarker))
            firstContentMs = performance.now() - started;
    }
    return {text, firstContentMs, totalMs: performance.now() - started};
}

// Reads until the transfer fails, returning what arrived and the error.
async function readUntilCut(response) {
    const decoder = new TextDecoder();
    let text = "";
    try {
        for await (const piece of response.body)
            text += decoder.decode(piece, {stream: true});
    } catch (error) {
        return {text, error};
    }
    return {text, error: null};
}

async function metrics(base) {
    const response = await fetch(`${base}/metrics`);
    const text = await response.text();
    const values = {};
    for (const [, name, value] of text.matchAll(/^llamacpp:(\S+) (\S+)$/gm))
        values[name] = Number(value);
    return {response, text, values};
}

async function waitFor(predicate, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (!await predicate()) {
        if (Date.now() > deadline)
            throw new Error("condition not met in time");
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

function assertOllamaError(body, message) {
    assert.deepEqual(Object.keys(body), ["error"]);
    assert.equal(typeof body.error, "string");
    assert.ok(body.error.length > 0);
    if (message !== undefined)
        assert.equal(body.error, message);
}

const OLLAMA_DONE_KEYS = ["model", "created_at", "message", "done", "done_reason", "total_duration",
    "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"];

function assertOllamaTimestamp(value) {
    assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    assert.ok(Math.abs(Date.parse(value) - Date.now()) < 60_000, `${value} is about now`);
}

function assertOllamaDone(done, doneReason) {
    assert.deepEqual(Object.keys(done), OLLAMA_DONE_KEYS);
    assert.equal(done.done, true);
    assert.equal(done.done_reason, doneReason);
    assertOllamaTimestamp(done.created_at);
    for (const name of ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"])
        assert.ok(Number.isInteger(done[name]) && done[name] > 0, `${name} = ${done[name]}`);
    // The parts are disjoint stretches of the whole request.
    assert.ok(done.total_duration >= done.eval_duration);
    assert.ok(done.total_duration >= done.load_duration + done.prompt_eval_duration + done.eval_duration
        - 3, "total covers loading, prompt and generation");
}

// The content lines of an Ollama stream, checking each one's shape.
function ollamaContent(objects) {
    return objects.filter((object) => object.done === false).map((object) => {
        assert.deepEqual(Object.keys(object), ["model", "created_at", "message", "done"]);
        assert.deepEqual(Object.keys(object.message), ["role", "content"]);
        assert.equal(object.message.role, "assistant");
        return object.message.content;
    });
}

function assertOpenAiError(body, type) {
    assert.deepEqual(Object.keys(body), ["error"]);
    assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "param", "type"]);
    assert.equal(typeof body.error.message, "string");
    assert.ok(body.error.message.length > 0);
    assert.equal(body.error.type, type);
}

describe("local endpoint", {timeout: 120_000}, () => {
    let server;
    let base;

    before(async () => {
        server = await startServer();
        base = server.base;
    });

    after(async () => {
        const {code} = await stopServer(server.child);
        assert.equal(code, 0, "SIGTERM exits cleanly");
    });

    describe("plain routes", () => {
        test("GET /health", async () => {
            const response = await fetch(`${base}/health`);
            assert.equal(response.status, 200);
            assert.deepEqual(await response.json(), {status: "ok"});
        });

        test("GET /v1/models lists the model named after the file", async () => {
            const response = await fetch(`${base}/v1/models`);
            assert.equal(response.status, 200);
            assert.match(response.headers.get("content-type"), /^application\/json/);
            assert.deepEqual(await response.json(),
                {object: "list", data: [{id: "stories260K", object: "model", owned_by: "local"}]});
        });

        test("unknown routes and methods answer 404 with an OpenAI error", async () => {
            for (const [method, route] of [["GET", "/nope"], ["GET", "/v1/chat/completions"],
                ["POST", "/v1/models"], ["POST", "/v1/completions"]]) {
                const response = await fetch(`${base}${route}`, {method});
                assert.equal(response.status, 404, `${method} ${route}`);
                assertOpenAiError(await response.json(), "invalid_request_error");
            }
        });

        test("faults only apply to the model routes", async () => {
            const response = await fetch(`${base}/health`, {headers: {"X-Llmops-Fault": "status-503"}});
            assert.equal(response.status, 200);
            assert.deepEqual(await response.json(), {status: "ok"});
        });
    });

    describe("request validation", () => {
        const invalid = [
            ["bad JSON", "{\"messages\": ["],
            ["no messages", {model: "x"}],
            ["empty messages", {messages: []}],
            ["non-array body", [1, 2]],
            ["bad max_tokens", chatBody({max_tokens: 0})],
            ["fractional max_tokens", chatBody({max_tokens: 2.5})],
            ["bad temperature", chatBody({temperature: "hot"})],
            ["bad stop", chatBody({stop: [1]})],
        ];
        for (const [name, body] of invalid) {
            test(`${name} answers 400`, async () => {
                const response = await postChat(base, body);
                assert.equal(response.status, 400);
                assertOpenAiError(await response.json(), "invalid_request_error");
            });
        }

        test("bad JSON gets the exact OpenAI error shape", async () => {
            const response = await postChat(base, "not json");
            const body = await response.json();
            assert.equal(body.error.param, null);
            assert.equal(body.error.code, null);
        });

        test("a prompt plus max_tokens beyond the context is rejected", async () => {
            const response = await postChat(base, chatBody({max_tokens: 1020}));
            assert.equal(response.status, 400);
            const body = await response.json();
            assertOpenAiError(body, "invalid_request_error");
            assert.equal(body.error.code, "context_length_exceeded");
        });
    });

    describe("non-streaming completions", () => {
        test("returns a chat.completion with exact usage", async () => {
            const before = Math.floor(Date.now() / 1000);
            const response = await postChat(base, chatBody({max_tokens: 16}));
            assert.equal(response.status, 200);
            assert.match(response.headers.get("content-type"), /^application\/json/);
            const body = await response.json();
            assert.match(body.id, /^chatcmpl-[0-9a-f]+$/);
            assert.equal(body.object, "chat.completion");
            assert.ok(body.created >= before && body.created <= before + 5);
            assert.equal(body.model, "stories260K");
            assert.equal(body.choices.length, 1);
            const [choice] = body.choices;
            assert.equal(choice.index, 0);
            assert.equal(choice.message.role, "assistant");
            assert.ok(choice.message.content.startsWith(", there was a little girl"));
            assert.equal(choice.finish_reason, "length");
            assert.deepEqual(body.usage, {prompt_tokens: PROMPT_TOKENS, completion_tokens: 16,
                total_tokens: PROMPT_TOKENS + 16});
        });

        test("max_completion_tokens wins over max_tokens", async () => {
            const response = await postChat(base, chatBody({max_tokens: 30, max_completion_tokens: 5}));
            const body = await response.json();
            assert.equal(body.usage.completion_tokens, 5);
            assert.equal(body.choices[0].finish_reason, "length");
        });

        test("max_tokens defaults to 64", async () => {
            const body = await (await postChat(base, chatBody({max_tokens: undefined}))).json();
            assert.equal(body.usage.completion_tokens, 64);
        });

        test("a stop sequence ends with finish_reason stop and is not included", async () => {
            const cases = [[[" girl", "dog"], ", there was a little"], [["irl"], ", there was a little g"],
                [["Lily", "little"], ", there was a "]];
            for (const [stop, content] of cases) {
                const body = await (await postChat(base, chatBody({max_tokens: 40, stop}))).json();
                assert.equal(body.choices[0].finish_reason, "stop");
                assert.equal(body.choices[0].message.content, content);
                assert.ok(body.usage.completion_tokens < 10);
            }
        });

        test("a stop sequence that never completes leaves the text intact", async () => {
            const plain = await (await postChat(base, chatBody())).json();
            const body = await (await postChat(base, chatBody({stop: "Lily!"}))).json();
            assert.equal(body.choices[0].message.content, plain.choices[0].message.content);
            assert.equal(body.choices[0].finish_reason, "length");
        });

        test("prompt_tokens counts every message and content part", async () => {
            const body = await (await postChat(base, chatBody({messages: [
                {role: "system", content: "Be kind."},
                {role: "user", content: [{type: "text", text: PROMPT}]},
            ]}))).json();
            assert.ok(body.usage.prompt_tokens > PROMPT_TOKENS);
        });

        test("seeded sampling is reproducible", async () => {
            const body = chatBody({temperature: 0.9, top_p: 0.95, seed: 42, max_tokens: 24});
            const first = await (await postChat(base, body)).json();
            const second = await (await postChat(base, body)).json();
            assert.equal(first.choices[0].message.content, second.choices[0].message.content);
        });
    });

    describe("streaming completions", () => {
        async function streamChat(overrides, options) {
            const response = await postChat(base, chatBody({stream: true, ...overrides}), options);
            assert.equal(response.status, 200);
            return {response, text: await response.text()};
        }

        test("uses SSE headers and OpenAI chunk framing", async () => {
            const {response, text} = await streamChat({max_tokens: 12});
            assert.equal(response.headers.get("content-type"), "text/event-stream");
            assert.equal(response.headers.get("cache-control"), "no-cache");
            const data = sseData(text);
            assert.equal(data.at(-1), "[DONE]");
            const chunks = data.slice(0, -1).map((item) => JSON.parse(item));
            const ids = new Set(chunks.map((chunk) => chunk.id));
            assert.equal(ids.size, 1);
            assert.match([...ids][0], /^chatcmpl-[0-9a-f]+$/);
            for (const chunk of chunks) {
                assert.equal(chunk.object, "chat.completion.chunk");
                assert.equal(chunk.model, "stories260K");
                assert.equal(typeof chunk.created, "number");
                assert.ok(!("usage" in chunk), "no usage field unless include_usage is set");
            }
            assert.deepEqual(chunks[0].choices,
                [{index: 0, delta: {role: "assistant", content: ""}, finish_reason: null}]);
            for (const chunk of chunks.slice(1, -1)) {
                assert.equal(chunk.choices.length, 1);
                assert.deepEqual(Object.keys(chunk.choices[0].delta), ["content"]);
                assert.equal(chunk.choices[0].finish_reason, null);
            }
            assert.deepEqual(chunks.at(-1).choices, [{index: 0, delta: {}, finish_reason: "length"}]);
            assert.equal(contentOf(chunks).length, 12, "one chunk per generated token");
        });

        test("include_usage adds a final usage chunk matching the tokens streamed", async () => {
            const {text} = await streamChat({max_tokens: 20, stream_options: {include_usage: true}});
            const data = sseData(text);
            assert.equal(data.at(-1), "[DONE]");
            const chunks = data.slice(0, -1).map((item) => JSON.parse(item));
            const usageChunk = chunks.at(-1);
            assert.deepEqual(usageChunk.choices, []);
            for (const chunk of chunks.slice(0, -1))
                assert.equal(chunk.usage, null);
            const streamed = contentOf(chunks).length;
            assert.equal(streamed, 20);
            assert.deepEqual(usageChunk.usage, {prompt_tokens: PROMPT_TOKENS, completion_tokens: streamed,
                total_tokens: PROMPT_TOKENS + streamed});
            assert.equal(chunks.at(-2).choices[0].finish_reason, "length");
        });

        test("streams the same text as the non-streaming answer", async () => {
            const plain = await (await postChat(base, chatBody({max_tokens: 40}))).json();
            const {text} = await streamChat({max_tokens: 40});
            const chunks = sseData(text).slice(0, -1).map((item) => JSON.parse(item));
            assert.equal(contentOf(chunks).join(""), plain.choices[0].message.content);
        });

        test("a stop sequence ends the stream with finish_reason stop", async () => {
            const {text} = await streamChat({max_tokens: 40, stop: " girl"});
            const chunks = sseData(text).slice(0, -1).map((item) => JSON.parse(item));
            assert.equal(contentOf(chunks).join(""), ", there was a little");
            assert.equal(chunks.at(-1).choices[0].finish_reason, "stop");
        });

        test("really streams: the first token arrives long before the last", async () => {
            const started = performance.now();
            const response = await postChat(base, chatBody({stream: true, max_tokens: 256}));
            const {firstContentMs, totalMs} = await readTimed(response, started);
            assert.ok(firstContentMs !== null);
            assert.ok(firstContentMs < totalMs / 3, `first ${firstContentMs} ms of ${totalMs} ms`);
        });
    });

    describe("queue and cancellation", () => {
        test("requests run one at a time; the second waits in the queue", async () => {
            const started = performance.now();
            const first = await postChat(base, chatBody({stream: true, max_tokens: 900}));
            const firstDone = readTimed(first, started);
            const second = postChat(base, chatBody({max_tokens: 8})).then(async (response) => {
                await response.json();
                return performance.now() - started;
            });
            await waitFor(async () => (await metrics(base)).values.requests_deferred === 1);
            assert.equal((await metrics(base)).values.requests_processing, 1);
            const {totalMs} = await firstDone;
            assert.ok(await second >= totalMs, "the queued request finishes after the first");
            await waitFor(async () => (await metrics(base)).values.requests_deferred === 0);
        });

        test("a client that disconnects aborts its generation", async () => {
            const {values: before} = await metrics(base);
            const controller = new AbortController();
            const response = await postChat(base, chatBody({stream: true, max_tokens: 900}),
                {signal: controller.signal});
            const reader = response.body.getReader();
            await reader.read();
            controller.abort();
            await waitFor(async () => (await metrics(base)).values.requests_processing === 0);
            const {values: afterAbort} = await metrics(base);
            const generated = afterAbort.tokens_predicted_total - before.tokens_predicted_total;
            assert.ok(generated < 900, `generation stopped after ${generated} tokens`);
            const next = await postChat(base, chatBody({max_tokens: 4}));
            assert.equal((await next.json()).usage.completion_tokens, 4);
        });

        test("200 sequential streaming requests all succeed", async () => {
            for (let i = 0; i < 200; i++) {
                const body = chatBody({stream: true, max_tokens: 32, temperature: 0.8, seed: i,
                    stream_options: {include_usage: true}});
                const response = await postChat(base, body);
                const data = sseData(await response.text());
                assert.equal(data.at(-1), "[DONE]");
                const chunks = data.slice(0, -1).map((item) => JSON.parse(item));
                assert.equal(chunks.at(-1).usage.completion_tokens, 32, `request ${i}`);
            }
        });
    });

    describe("metrics", () => {
        const expected = {
            prompt_tokens_total: "counter",
            prompt_seconds_total: "counter",
            tokens_predicted_total: "counter",
            tokens_predicted_seconds_total: "counter",
            n_decode_total: "counter",
            prompt_tokens_seconds: "gauge",
            predicted_tokens_seconds: "gauge",
            requests_processing: "gauge",
            requests_deferred: "gauge",
        };

        test("exposes llama.cpp metric names with HELP and TYPE", async () => {
            const {response, text, values} = await metrics(base);
            assert.equal(response.status, 200);
            assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4");
            for (const [name, type] of Object.entries(expected)) {
                assert.match(text, new RegExp(`^# HELP llamacpp:${name} \\S`, "m"));
                assert.match(text, new RegExp(`^# TYPE llamacpp:${name} ${type}$`, "m"));
                assert.ok(Number.isFinite(values[name]), `${name} has a numeric value`);
            }
            assert.ok(values.predicted_tokens_seconds > 0);
        });

        test("counters grow by exactly the usage of a request", async () => {
            const {values: before} = await metrics(base);
            const body = await (await postChat(base, chatBody({max_tokens: 10}))).json();
            const {values: afterRequest} = await metrics(base);
            assert.equal(afterRequest.prompt_tokens_total - before.prompt_tokens_total,
                body.usage.prompt_tokens);
            assert.equal(afterRequest.tokens_predicted_total - before.tokens_predicted_total,
                body.usage.completion_tokens);
            assert.ok(afterRequest.n_decode_total > before.n_decode_total);
            assert.ok(afterRequest.tokens_predicted_seconds_total > before.tokens_predicted_seconds_total);
        });
    });

    describe("fault injection", () => {
        test("unknown fault answers 400 naming the allowed values", async () => {
            const response = await postChat(base, chatBody(), {fault: "explode"});
            assert.equal(response.status, 400);
            const body = await response.json();
            assertOpenAiError(body, "invalid_request_error");
            for (const name of FAULTS)
                assert.ok(body.error.message.includes(name), `mentions ${name}`);
        });

        test("a malformed fault parameter answers 400", async () => {
            const faults = ["delay-first-token;ms=soon", "status-429;retry-after=-1", "status-503;x=1"];
            for (const fault of faults) {
                const response = await postChat(base, chatBody(), {fault});
                assert.equal(response.status, 400, fault);
                assertOpenAiError(await response.json(), "invalid_request_error");
            }
        });

        test("delay-first-token delays the first content chunk of a stream", async () => {
            const started = performance.now();
            const response = await postChat(base, chatBody({stream: true, max_tokens: 8}),
                {fault: "delay-first-token;ms=600"});
            assert.equal(response.status, 200);
            assert.ok(performance.now() - started < 400, "headers arrive before the delay ends");
            const {text, firstContentMs} = await readTimed(response, started);
            assert.ok(firstContentMs >= 590, `first content after ${firstContentMs} ms`);
            assert.equal(sseData(text).at(-1), "[DONE]");
        });

        test("delay-first-token delays a non-streaming answer", async () => {
            const started = performance.now();
            const response = await postChat(base, chatBody({max_tokens: 8}),
                {fault: "Delay-First-Token; ms=400"});
            const body = await response.json();
            assert.ok(performance.now() - started >= 390);
            assert.equal(body.usage.completion_tokens, 8);
        });

        test("status-429 sets Retry-After seconds", async () => {
            for (const [fault, retryAfter] of [["status-429;retry-after=7", "7"], ["STATUS-429", "2"]]) {
                const response = await postChat(base, chatBody(), {fault});
                assert.equal(response.status, 429);
                assert.equal(response.headers.get("retry-after"), retryAfter);
                const body = await response.json();
                assertOpenAiError(body, "rate_limit_exceeded");
                assert.equal(body.error.code, "rate_limit_exceeded");
            }
        });

        test("status-429-date sets Retry-After as an HTTP date", async () => {
            const response = await postChat(base, chatBody(), {fault: "status-429-date;retry-after=30"});
            assert.equal(response.status, 429);
            const header = response.headers.get("retry-after");
            assert.match(header, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
            const seconds = (Date.parse(header) - Date.now()) / 1000;
            assert.ok(seconds > 27 && seconds <= 30, `${seconds} s ahead`);
            assertOpenAiError(await response.json(), "rate_limit_exceeded");
        });

        test("status-503 answers overloaded with Retry-After", async () => {
            const response = await postChat(base, chatBody(), {fault: "status-503;retry-after=4"});
            assert.equal(response.status, 503);
            assert.equal(response.headers.get("retry-after"), "4");
            const body = await response.json();
            assertOpenAiError(body, "server_error");
            assert.equal(body.error.message, "The server is overloaded");
        });

        test("html-502 answers a gateway HTML page", async () => {
            const response = await postChat(base, chatBody(), {fault: "html-502"});
            assert.equal(response.status, 502);
            assert.match(response.headers.get("content-type"), /^text\/html/);
            const html = await response.text();
            assert.ok(html.length > 200);
            assert.match(html, /<title>local-endpoint \| 502: Bad gateway<\/title>/);
        });

        test("error-mid-stream sends real chunks, then an error event, and no [DONE]", async () => {
            const response = await postChat(base, chatBody({stream: true, max_tokens: 30}),
                {fault: "error-mid-stream"});
            const data = sseData(await response.text());
            assert.ok(!data.includes("[DONE]"));
            assert.deepEqual(JSON.parse(data.at(-1)), {error: {message: "The model crashed mid-stream",
                type: "server_error", code: "internal_error"}});
            const chunks = data.slice(0, -1).map((item) => JSON.parse(item));
            assert.equal(contentOf(chunks).join(""), ", there was");
            assert.ok(chunks.every((chunk) => chunk.choices[0].finish_reason === null));
        });

        test("error-mid-stream without streaming answers 500", async () => {
            const response = await postChat(base, chatBody(), {fault: "error-mid-stream"});
            assert.equal(response.status, 500);
            assertOpenAiError(await response.json(), "server_error");
        });

        test("cut-stream drops the connection mid-transfer", async () => {
            const response = await postChat(base, chatBody({stream: true, max_tokens: 30}),
                {fault: "cut-stream"});
            assert.equal(response.status, 200);
            const {text, error} = await readUntilCut(response);
            assert.ok(error !== null, "reading the body fails");
            assert.ok(!text.includes("[DONE]"));
            assert.ok(!text.includes("finish_reason\":\"length"));
            const chunks = sseData(text).map((item) => JSON.parse(item));
            assert.equal(contentOf(chunks).length, 3);
        });

        test("cut-stream without streaming truncates the body", async () => {
            const response = await postChat(base, chatBody(), {fault: "cut-stream"});
            assert.equal(response.status, 200);
            const {error} = await readUntilCut(response);
            assert.ok(error !== null, "reading the body fails");
        });

        test("invalid-json-chunk injects one broken event and carries on", async () => {
            const response = await postChat(base, chatBody({stream: true, max_tokens: 10,
                stream_options: {include_usage: true}}), {fault: "invalid-json-chunk"});
            const data = sseData(await response.text());
            assert.equal(data.at(-1), "[DONE]");
            const broken = data.filter((item) => {
                try {
                    JSON.parse(item);
                    return false;
                } catch {
                    return item !== "[DONE]";
                }
            });
            assert.deepEqual(broken, ["{\"id\":\"broken\", \"choices\": ["]);
            assert.equal(data.indexOf(broken[0]), 4, "after the role chunk and three content chunks");
            const chunks = data.filter((item) => item !== broken[0]).slice(0, -1).map((i) => JSON.parse(i));
            assert.equal(contentOf(chunks).length, 10);
            assert.equal(chunks.at(-1).usage.completion_tokens, 10);
        });

        test("invalid-json-chunk without streaming answers an unparsable body", async () => {
            const response = await postChat(base, chatBody(), {fault: "invalid-json-chunk"});
            assert.equal(response.status, 200);
            await assert.rejects(response.json(), SyntaxError);
        });

        test("status-401-echo-key repeats the bearer token in an OpenAI error", async () => {
            const response = await postChat(base, chatBody(),
                {fault: "status-401-echo-key", authorization: "Bearer sk-echo-1234567890"});
            assert.equal(response.status, 401);
            const {error} = await response.json();
            assert.equal(error.type, "invalid_request_error");
            assert.equal(error.message, "Incorrect API key provided: sk-echo-1234567890.");
        });

        test("hang never answers, and the server keeps serving others", async () => {
            const controller = new AbortController();
            let settled = false;
            const hanging = postChat(base, chatBody(), {fault: "hang", signal: controller.signal})
                .finally(() => {
                    settled = true;
                });
            const health = await fetch(`${base}/health`);
            assert.equal(health.status, 200);
            const other = await (await postChat(base, chatBody({max_tokens: 4}))).json();
            assert.equal(other.usage.completion_tokens, 4);
            await new Promise((resolve) => setTimeout(resolve, 500));
            assert.equal(settled, false, "no response while hanging");
            controller.abort();
            await assert.rejects(hanging, {name: "AbortError"});
            assert.equal((await fetch(`${base}/health`)).status, 200);
        });
    });

    describe("embeddings", () => {
        test("returns one unit vector per input in OpenAI's shape, with usage", async () => {
            const response = await postEmbeddings(base,
                {model: "anything", input: [PROMPT, PROMPT, "The cat sat on the mat."]});
            assert.equal(response.status, 200);
            assert.match(response.headers.get("content-type"), /^application\/json/);
            const body = await response.json();
            assert.deepEqual(Object.keys(body), ["object", "data", "model", "usage"]);
            assert.equal(body.object, "list");
            assert.equal(body.model, "stories260K");
            assert.deepEqual(body.data.map((item) => [item.object, item.index]),
                [["embedding", 0], ["embedding", 1], ["embedding", 2]]);
            const vectors = body.data.map((item) => item.embedding);
            // The model's hidden size.
            assert.ok(vectors.every((vector) => vector.length === 64));
            for (const vector of vectors)
                assert.ok(Math.abs(dot(vector, vector) - 1) < 1e-9, "unit length");
            assert.deepEqual(vectors[0], vectors[1], "the same text gives the same vector");
            const similarity = dot(vectors[0], vectors[2]);
            assert.ok(similarity > -1 && similarity < 0.999, `cosine ${similarity}`);
            assert.equal(body.usage.prompt_tokens, body.usage.total_tokens);
            assert.ok(body.usage.prompt_tokens > 2 * 5, `${body.usage.prompt_tokens} tokens`);
        });

        test("a single string is one input, and base64 holds the same float32 values", async () => {
            const floats = await (await postEmbeddings(base, {input: PROMPT})).json();
            assert.equal(floats.data.length, 1);
            const asBase64 = {input: PROMPT, encoding_format: "base64"};
            const encoded = await (await postEmbeddings(base, asBase64)).json();
            assert.equal(typeof encoded.data[0].embedding, "string");
            const bytes = Buffer.from(encoded.data[0].embedding, "base64");
            const decoded = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
            assert.deepEqual([...decoded], [...new Float32Array(floats.data[0].embedding)]);
            assert.equal(encoded.usage.prompt_tokens, floats.usage.prompt_tokens);
        });

        const invalid = [
            ["bad JSON", "{\"input\": ["],
            ["no input", {model: "x"}],
            ["null input", {input: null}],
            ["empty array", {input: []}],
            ["empty string", {input: ""}],
            ["an empty item", {input: ["a", ""]}],
            ["token arrays", {input: [1, 2, 3]}],
            ["an object", {input: {text: "a"}}],
            ["too many items", {input: Array(65).fill("a")}],
            ["bad encoding_format", {input: "a", encoding_format: "int8"}],
        ];
        for (const [name, body] of invalid) {
            test(`${name} answers 400`, async () => {
                const response = await postEmbeddings(base, body);
                assert.equal(response.status, 400);
                assertOpenAiError(await response.json(), "invalid_request_error");
            });
        }

        test("an input longer than the context answers 400 context_length_exceeded", async () => {
            const response = await postEmbeddings(base, {input: ["short", "Once upon a time ".repeat(200)]});
            assert.equal(response.status, 400);
            const {error} = await response.json();
            assert.equal(error.code, "context_length_exceeded");
            assert.equal(error.param, "input");
            assert.match(error.message, /input\[1\]/);
        });

        test("embeddings count as prompt tokens in /metrics", async () => {
            const {values: before} = await metrics(base);
            const body = await (await postEmbeddings(base, {input: [PROMPT, "A dog."]})).json();
            const {values: afterRequest} = await metrics(base);
            assert.equal(afterRequest.prompt_tokens_total - before.prompt_tokens_total,
                body.usage.prompt_tokens);
            assert.equal(afterRequest.n_decode_total - before.n_decode_total, 2);
            assert.equal(afterRequest.tokens_predicted_total, before.tokens_predicted_total);
        });

        test("an embedding waits in the queue behind a running generation", async () => {
            const started = performance.now();
            const chat = await postChat(base, chatBody({stream: true, max_tokens: 900}));
            const chatDone = readTimed(chat, started);
            const embedding = postEmbeddings(base, {input: PROMPT}).then(async (response) => {
                assert.equal((await response.json()).data.length, 1);
                return performance.now() - started;
            });
            await waitFor(async () => (await metrics(base)).values.requests_deferred === 1);
            const {totalMs} = await chatDone;
            assert.ok(await embedding >= totalMs, "the embedding finishes after the generation");
        });

        test("status faults answer as on the chat route", async () => {
            const cases = [["status-429;retry-after=7", 429, "7", "rate_limit_exceeded"],
                ["status-503;retry-after=4", 503, "4", "server_error"]];
            for (const [fault, status, retryAfter, type] of cases) {
                const response = await postEmbeddings(base, {input: PROMPT}, {fault});
                assert.equal(response.status, status, fault);
                assert.equal(response.headers.get("retry-after"), retryAfter);
                assertOpenAiError(await response.json(), type);
            }
            const page = await postEmbeddings(base, {input: PROMPT}, {fault: "html-502"});
            assert.equal(page.status, 502);
            assert.match(await page.text(), /<title>local-endpoint \| 502: Bad gateway<\/title>/);
        });

        test("faults strike before the body is validated", async () => {
            const response = await postEmbeddings(base, {input: []}, {fault: "status-429"});
            assert.equal(response.status, 429);
        });

        test("the answered-at-once faults break the embeddings body", async () => {
            const crashed = await postEmbeddings(base, {input: PROMPT}, {fault: "error-mid-stream"});
            assert.equal(crashed.status, 500);
            assertOpenAiError(await crashed.json(), "server_error");

            const broken = await postEmbeddings(base, {input: PROMPT}, {fault: "invalid-json-chunk"});
            assert.equal(broken.status, 200);
            assert.equal(await broken.text(), "{\"object\":\"list\", \"data\": [{\"embedding\": [0.25,");

            const cut = await postEmbeddings(base, {input: PROMPT}, {fault: "cut-stream"});
            assert.notEqual((await readUntilCut(cut)).error, null, "reading the body fails");

            const started = performance.now();
            const delayed = await postEmbeddings(base, {input: PROMPT}, {fault: "delay-first-token;ms=300"});
            assert.equal((await delayed.json()).data.length, 1);
            assert.ok(performance.now() - started >= 290);
        });

        test("Ollama's /api/embed answers the same unit vectors", async () => {
            const openAi = await (await postEmbeddings(base, {input: [PROMPT, "A dog."]})).json();
            const response = await postOllamaEmbed(base,
                {model: "stories260K:latest", input: [PROMPT, "A dog."]});
            assert.equal(response.status, 200);
            const body = await response.json();
            assert.deepEqual(Object.keys(body),
                ["model", "embeddings", "total_duration", "load_duration", "prompt_eval_count"]);
            assert.equal(body.model, "stories260K:latest");
            assert.deepEqual(body.embeddings, openAi.data.map((item) => item.embedding));
            assert.equal(body.prompt_eval_count, openAi.usage.prompt_tokens);
            assert.ok(body.total_duration >= body.load_duration);
        });

        test("/api/embed cuts a long input unless truncate is false", async () => {
            const long = "Once upon a time ".repeat(200);
            const cut = await (await postOllamaEmbed(base, {input: long})).json();
            assert.equal(cut.embeddings.length, 1);
            assert.ok(cut.prompt_eval_count < 512, `${cut.prompt_eval_count} tokens`);
            const refused = await postOllamaEmbed(base, {input: long, truncate: false});
            assert.equal(refused.status, 400);
            assertOllamaError(await refused.json());
        });

        test("/api/embed refuses bad input and unknown models Ollama's way", async () => {
            for (const [body, status] of [[{input: []}, 400], [{input: [7]}, 400], [{}, 400],
                [{input: "a", truncate: "yes"}, 400], [{model: "llama3", input: "a"}, 404]]) {
                const response = await postOllamaEmbed(base, body);
                assert.equal(response.status, status, JSON.stringify(body));
                assertOllamaError(await response.json());
            }
            const limited = await postOllamaEmbed(base, {input: "a"}, {fault: "status-429"});
            assert.equal(limited.status, 429);
            assertOllamaError(await limited.json(), "rate limit exceeded, please try again later");
        });
    });

    describe("Ollama chat API", () => {
        async function openAiAnswer(maxTokens) {
            return (await postChat(base, chatBody({max_tokens: maxTokens}))).json();
        }

        async function ollamaStream(body, options) {
            const response = await postOllama(base, body, options);
            assert.equal(response.status, 200);
            assert.equal(response.headers.get("content-type"), "application/x-ndjson");
            return ndjsonLines(await response.text());
        }

        test("stream false answers one object with the whole message and exact counts", async () => {
            const openAi = await openAiAnswer(16);
            const response = await postOllama(base, ollamaBody({stream: false}));
            assert.equal(response.status, 200);
            assert.match(response.headers.get("content-type"), /^application\/json/);
            const body = await response.json();
            assertOllamaDone(body, "length");
            assert.equal(body.model, "stories260K");
            assert.deepEqual(body.message,
                {role: "assistant", content: openAi.choices[0].message.content});
            assert.ok(body.message.content.startsWith(", there was a little girl"));
            assert.equal(body.prompt_eval_count, openAi.usage.prompt_tokens);
            assert.equal(body.eval_count, openAi.usage.completion_tokens);
            assert.equal(body.eval_count, 16);
        });

        test("streams NDJSON by default, one line per piece, then the counts", async () => {
            const openAi = await openAiAnswer(16);
            const {values: before} = await metrics(base);
            const objects = (await ollamaStream(ollamaBody())).map((line) => JSON.parse(line));
            const {values: afterRequest} = await metrics(base);
            const done = objects.at(-1);
            assertOllamaDone(done, "length");
            assert.deepEqual(done.message, {role: "assistant", content: ""});
            const content = ollamaContent(objects.slice(0, -1));
            assert.equal(content.length, objects.length - 1, "only the last line is done");
            assert.equal(content.join(""), openAi.choices[0].message.content);
            for (const object of objects) {
                assert.equal(object.model, "stories260K");
                assertOllamaTimestamp(object.created_at);
            }
            const stamps = objects.map((object) => object.created_at);
            assert.deepEqual([...stamps].sort(), stamps, "timestamps never go back");
            // Every piece of this greedy prompt is one token.
            assert.equal(done.eval_count, content.length);
            assert.equal(done.eval_count, openAi.usage.completion_tokens);
            assert.equal(done.prompt_eval_count, PROMPT_TOKENS);
            assert.equal(afterRequest.tokens_predicted_total - before.tokens_predicted_total,
                done.eval_count);
            assert.equal(afterRequest.prompt_tokens_total - before.prompt_tokens_total,
                done.prompt_eval_count);
        });

        test("really streams: the first line arrives long before the last", async () => {
            const started = performance.now();
            const response = await postOllama(base, ollamaBody({}, {num_predict: 256}));
            const {text, firstContentMs, totalMs} = await readTimed(response, started, "\"done\":false");
            assert.ok(firstContentMs !== null);
            assert.ok(firstContentMs < totalMs / 3, `first ${firstContentMs} ms of ${totalMs} ms`);
            assert.equal(JSON.parse(ndjsonLines(text).at(-1)).eval_count, 256);
        });

        test("a stop option ends with done_reason stop and is not included", async () => {
            for (const stop of [[" girl", "dog"], " girl"]) {
                const body = await (await postOllama(base,
                    ollamaBody({stream: false}, {num_predict: 40, stop}))).json();
                assertOllamaDone(body, "stop");
                assert.equal(body.message.content, ", there was a little");
                assert.ok(body.eval_count < 10);
            }
        });

        test("seed, temperature and top_p are honoured", async () => {
            const options = {temperature: 0.9, top_p: 0.95, seed: 42, num_predict: 24};
            const answers = [];
            for (let i = 0; i < 2; i++)
                answers.push(await (await postOllama(base, ollamaBody({stream: false}, options))).json());
            assert.equal(answers[0].message.content, answers[1].message.content, "same seed, same text");
            assert.equal(answers[0].eval_count, 24);
        });

        test("without num_predict it generates until the context is full, as Ollama", async () => {
            const body = {messages: [{role: "user", content: PROMPT}], stream: false};
            const answer = await (await postOllama(base, body)).json();
            assertOllamaDone(answer, "length");
            assert.equal(answer.eval_count, 1024 - PROMPT_TOKENS);
            assert.equal(answer.model, "stories260K", "no model given: the served one");
        });

        test("a name tagged :latest is the same model and is echoed back", async () => {
            const body = await (await postOllama(base,
                ollamaBody({model: "stories260K:latest", stream: false}, {num_predict: 4}))).json();
            assertOllamaDone(body, "length");
            assert.equal(body.model, "stories260K:latest");
        });

        test("an unknown model answers 404 as Ollama does", async () => {
            for (const stream of [true, false]) {
                const response = await postOllama(base, ollamaBody({model: "llama3.2", stream}));
                assert.equal(response.status, 404);
                assert.match(response.headers.get("content-type"), /^application\/json/);
                assertOllamaError(await response.json(),
                    "model \"llama3.2\" not found, try pulling it first");
            }
        });

        const invalid = [
            ["bad JSON", "{\"messages\": ["],
            ["non-object body", "[1, 2]"],
            ["no messages", {model: "stories260K"}],
            ["empty messages", ollamaBody({messages: []})],
            ["non-string model", ollamaBody({model: 5})],
            ["non-boolean stream", ollamaBody({stream: "yes"})],
            ["non-object options", ollamaBody({options: [1]})],
            ["fractional num_predict", ollamaBody({}, {num_predict: 2.5})],
            ["bad temperature", ollamaBody({}, {temperature: "hot"})],
            ["bad stop", ollamaBody({}, {stop: [1]})],
        ];
        for (const [name, body] of invalid) {
            test(`${name} answers 400 with an Ollama error`, async () => {
                const response = await postOllama(base, body);
                assert.equal(response.status, 400);
                assertOllamaError(await response.json());
            });
        }

        test("other /api/ routes and methods answer 404 with an Ollama error", async () => {
            for (const [method, route] of [["GET", "/api/chat"], ["POST", "/api/nope"]]) {
                const response = await fetch(`${base}${route}`, {method});
                assert.equal(response.status, 404, `${method} ${route}`);
                assertOllamaError(await response.json());
            }
        });

        test("an unknown fault answers 400 with an Ollama error naming the allowed values", async () => {
            const response = await postOllama(base, ollamaBody(), {fault: "explode"});
            assert.equal(response.status, 400);
            const body = await response.json();
            assertOllamaError(body);
            for (const name of FAULTS)
                assert.ok(body.error.includes(name), `mentions ${name}`);
        });

        test("delay-first-token delays the first line; headers come at once", async () => {
            const started = performance.now();
            const response = await postOllama(base, ollamaBody({}, {num_predict: 8}),
                {fault: "delay-first-token;ms=600"});
            assert.equal(response.status, 200);
            assert.ok(performance.now() - started < 400, "headers arrive before the delay ends");
            const {text, firstContentMs} = await readTimed(response, started, "\"done\":false");
            assert.ok(firstContentMs >= 590, `first content after ${firstContentMs} ms`);
            const done = JSON.parse(ndjsonLines(text).at(-1));
            assertOllamaDone(done, "length");
            assert.ok(done.total_duration >= 590e6, "the wait is part of the measured total");
        });

        test("delay-first-token delays a non-streaming answer", async () => {
            const started = performance.now();
            const response = await postOllama(base, ollamaBody({stream: false}, {num_predict: 8}),
                {fault: "delay-first-token;ms=400"});
            const body = await response.json();
            assert.ok(performance.now() - started >= 390);
            assertOllamaDone(body, "length");
            assert.equal(body.eval_count, 8);
            assert.ok(body.load_duration >= 390e6, `load ${body.load_duration} ns includes the wait`);
        });

        test("status faults answer Ollama errors with Retry-After", async () => {
            const cases = [["status-429;retry-after=7", 429, "7"], ["status-429", 429, "2"],
                ["status-503;retry-after=4", 503, "4"]];
            for (const [fault, status, retryAfter] of cases) {
                const response = await postOllama(base, ollamaBody(), {fault});
                assert.equal(response.status, status, fault);
                assert.equal(response.headers.get("retry-after"), retryAfter);
                assertOllamaError(await response.json());
            }
            const dated = await postOllama(base, ollamaBody(), {fault: "status-429-date;retry-after=30"});
            assert.equal(dated.status, 429);
            assert.ok(Date.parse(dated.headers.get("retry-after")) > Date.now() + 27_000);
            assertOllamaError(await dated.json());
        });

        test("html-502 answers the gateway page", async () => {
            const response = await postOllama(base, ollamaBody(), {fault: "html-502"});
            assert.equal(response.status, 502);
            assert.match(response.headers.get("content-type"), /^text\/html/);
            assert.match(await response.text(), /<title>local-endpoint \| 502: Bad gateway<\/title>/);
        });

        test("error-mid-stream sends real lines, then an error line, and no done line", async () => {
            const lines = await ollamaStream(ollamaBody({}, {num_predict: 30}), {fault: "error-mid-stream"});
            const objects = lines.map((line) => JSON.parse(line));
            assert.deepEqual(objects.at(-1), {error: "the model crashed mid-stream"});
            assert.deepEqual(ollamaContent(objects.slice(0, -1)), [",", " there", " was"]);
            assert.ok(objects.every((object) => object.done !== true));
        });

        test("error-mid-stream without streaming answers 500", async () => {
            const response = await postOllama(base, ollamaBody({stream: false}),
                {fault: "error-mid-stream"});
            assert.equal(response.status, 500);
            assertOllamaError(await response.json(), "the model crashed mid-stream");
        });

        test("cut-stream drops the connection after a few lines", async () => {
            const response = await postOllama(base, ollamaBody({}, {num_predict: 30}),
                {fault: "cut-stream"});
            assert.equal(response.status, 200);
            const {text, error} = await readUntilCut(response);
            assert.ok(error !== null, "reading the body fails");
            const objects = ndjsonLines(text).map((line) => JSON.parse(line));
            assert.equal(ollamaContent(objects).length, 3);
            assert.ok(objects.every((object) => object.done === false));
        });

        test("cut-stream without streaming truncates the body", async () => {
            const response = await postOllama(base, ollamaBody({stream: false}), {fault: "cut-stream"});
            assert.equal(response.status, 200);
            const {error} = await readUntilCut(response);
            assert.ok(error !== null, "reading the body fails");
        });

        test("invalid-json-chunk injects one broken line and carries on", async () => {
            const lines = await ollamaStream(ollamaBody({}, {num_predict: 10}),
                {fault: "invalid-json-chunk"});
            const broken = "{\"model\":\"broken\", \"message\": {";
            assert.equal(lines.indexOf(broken), 3, "after three content lines");
            assert.equal(lines.filter((line) => line === broken).length, 1);
            const objects = lines.filter((line) => line !== broken).map((line) => JSON.parse(line));
            assert.equal(ollamaContent(objects).length, 10);
            assertOllamaDone(objects.at(-1), "length");
            assert.equal(objects.at(-1).eval_count, 10);
        });

        test("invalid-json-chunk without streaming answers an unparsable body", async () => {
            const response = await postOllama(base, ollamaBody({stream: false}),
                {fault: "invalid-json-chunk"});
            assert.equal(response.status, 200);
            assert.equal(await response.text(), "{\"model\":\"broken\", \"message\": {");
        });

        test("status-401-echo-key repeats the bearer token in Ollama's error", async () => {
            const response = await postOllama(base, ollamaBody(),
                {fault: "status-401-echo-key", authorization: "Bearer sk-echo-1234567890"});
            assert.equal(response.status, 401);
            assert.deepEqual(await response.json(), {error: "Incorrect API key provided: sk-echo-1234567890."});
        });

        test("hang never answers, and the server keeps serving others", async () => {
            const controller = new AbortController();
            let settled = false;
            const hanging = postOllama(base, ollamaBody(), {fault: "hang", signal: controller.signal})
                .finally(() => {
                    settled = true;
                });
            const short = ollamaBody({stream: false}, {num_predict: 4});
            const other = await (await postOllama(base, short)).json();
            assert.equal(other.eval_count, 4);
            await new Promise((resolve) => setTimeout(resolve, 500));
            assert.equal(settled, false, "no response while hanging");
            controller.abort();
            await assert.rejects(hanging, {name: "AbortError"});
        });
    });
});

describe("shutdown", {timeout: 30_000}, () => {
    test("SIGINT exits cleanly even with a request hanging", async () => {
        const {child, base} = await startServer();
        const hanging = postChat(base, chatBody(), {fault: "hang"}).catch((error) => error);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const {code} = await stopServer(child, "SIGINT");
        assert.equal(code, 0);
        assert.ok(await hanging instanceof Error, "the hanging client sees the connection close");
    });
});
