// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// A local OpenAI-compatible chat completions and embeddings endpoint backed by a tiny llama
// model, with per-request fault injection (X-Llmops-Fault header) so clients can be exercised
// against real streaming, slow, failing and broken responses without any network access.

import http from "node:http";
import path from "node:path";
import {randomUUID} from "node:crypto";
import {setTimeout as sleep} from "node:timers/promises";
import {fileURLToPath} from "node:url";
import {parseArgs} from "node:util";
import {getLlama, LlamaCompletion, LlamaLogLevel} from "node-llama-cpp";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_MODEL_PATH = path.join(HERE, "..", "models", "stories260K.gguf");
// Small on purpose: the bundled model is tiny and a small KV cache keeps memory flat.
const CONTEXT_SIZE = 1024;
const DEFAULT_MAX_TOKENS = 64;
// The embedding context is separate from the chat one and needs only room for one input.
const EMBEDDING_CONTEXT_SIZE = 512;
// OpenAI takes up to 2048 inputs; a test never needs that many, and this keeps one request
// from holding the queue for long.
const MAX_EMBEDDING_INPUTS = 64;
const MAX_BODY_BYTES = 1024 * 1024;
// Mid-stream faults strike after this many real content chunks, so clients have already
// started rendering output when things go wrong.
const FAULT_AFTER_CHUNKS = 3;
const FAULT_NAMES = [
    "delay-first-token", "status-429", "status-429-date", "status-503", "html-502",
    "error-mid-stream", "cut-stream", "invalid-json-chunk", "hang", "status-401-echo-key",
];
const FAULT_PARAMS = ["ms", "retry-after"];

class RequestError extends Error {
    constructor(message, {status = 400, param = null, code = null} = {}) {
        super(message);
        this.status = status;
        this.param = param;
        this.code = code;
    }
}

// ---------------------------------------------------------------------------------------
// Command line

function parseOptions(argv) {
    const {values} = parseArgs({
        args: argv,
        options: {
            port: {type: "string"},
            host: {type: "string", default: "127.0.0.1"},
            model: {type: "string", default: DEFAULT_MODEL_PATH},
            threads: {type: "string", default: "1"},
        },
    });
    const port = Number(values.port);
    if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error("--port N is required (0 picks a free port)");
    const threads = Number(values.threads);
    if (!Number.isInteger(threads) || threads < 1)
        throw new Error("--threads must be a positive integer");
    return {port, host: values.host, modelPath: path.resolve(values.model), threads};
}

// ---------------------------------------------------------------------------------------
// Metrics, named and typed like llama.cpp's server so the same dashboards work.

const metrics = {
    promptTokens: 0,
    promptSeconds: 0,
    predictedTokens: 0,
    predictedSeconds: 0,
    decodeCalls: 0,
    requestsProcessing: 0,
    requestsDeferred: 0,
};

function renderMetrics() {
    const rate = (tokens, seconds) => (seconds > 0 ? tokens / seconds : 0);
    const rows = [
        ["prompt_tokens_total", "counter", "Number of prompt tokens processed.", metrics.promptTokens],
        ["prompt_seconds_total", "counter", "Prompt process time", metrics.promptSeconds],
        ["tokens_predicted_total", "counter", "Number of generation tokens processed.",
            metrics.predictedTokens],
        ["tokens_predicted_seconds_total", "counter", "Predict process time", metrics.predictedSeconds],
        ["n_decode_total", "counter", "Total number of llama_decode() calls", metrics.decodeCalls],
        ["prompt_tokens_seconds", "gauge", "Average prompt throughput in tokens/s.",
            rate(metrics.promptTokens, metrics.promptSeconds)],
        ["predicted_tokens_seconds", "gauge", "Average generation throughput in tokens/s.",
            rate(metrics.predictedTokens, metrics.predictedSeconds)],
        ["requests_processing", "gauge", "Number of requests processing.", metrics.requestsProcessing],
        ["requests_deferred", "gauge", "Number of requests deferred.", metrics.requestsDeferred],
    ];
    return rows.map(([name, type, help, value]) =>
        `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${value}\n`,
    ).join("");
}

// ---------------------------------------------------------------------------------------
// Model

class Engine {
    constructor(model, context, embeddingContext) {
        this.model = model;
        this.sequence = context.getSequence();
        this.completion = new LlamaCompletion({contextSequence: this.sequence});
        this.embeddingContext = embeddingContext;
        this.queueTail = Promise.resolve();
    }

    // The tokens an embedding is computed from: the text's tokens (at most `limit` when given,
    // the rest cut off) and the full count the model evaluates, BOS and EOS included.
    tokenizeEmbeddingInput(text, limit = Infinity) {
        const tokens = this.model.tokenize(text, false).slice(0, limit);
        return {tokens, count: this.embeddingContext.calculateInputLength(tokens)};
    }

    // Embeds the inputs in order, in the same queue as the generations: both run on the one
    // CPU thread the model has, so a queued chat waits for an embedding and the other way
    // round. Resolves with {vectors, timing}, or null when the signal aborted (client gone).
    embed(inputs, {signal}) {
        return this.runExclusive(async () => {
            const timing = {started: performance.now(), ended: null};
            const vectors = [];
            for (const input of inputs) {
                if (signal.aborted)
                    return null;
                const embedding = await this.embeddingContext.getEmbeddingFor(input.tokens);
                vectors.push(unitLength(embedding.vector));
            }
            timing.ended = performance.now();
            recordEmbedding(inputs, timing);
            return {vectors, timing};
        });
    }

    // Tokens for the prompt without BOS (LlamaCompletion prepends it) and the full count
    // the model will see, which is what usage.prompt_tokens reports.
    tokenizePrompt(prompt) {
        const tokens = this.model.tokenize(prompt, false, "trimLeadingSpace");
        const bos = this.model.tokens.shouldPrependBosToken && this.model.tokens.bos != null;
        return {tokens, count: tokens.length + (bos ? 1 : 0)};
    }

    // One context sequence serves every request, so jobs run strictly one at a time in
    // arrival order; waiting jobs are what llama.cpp calls "deferred".
    runExclusive(job) {
        metrics.requestsDeferred++;
        const run = this.queueTail.then(async () => {
            metrics.requestsDeferred--;
            metrics.requestsProcessing++;
            try {
                return await job();
            } finally {
                metrics.requestsProcessing--;
            }
        });
        this.queueTail = run.catch(() => {});
        return run;
    }

    // Generates a completion, calling onChunk(text) for every piece of text as it is
    // produced. Resolves with {finishReason, completionTokens, timing}; finishReason is null
    // when the signal aborted the generation (client gone, or a fault ended the response).
    // timing holds performance.now() marks: started, promptDone (first token) and ended.
    generate(request, {signal, onChunk}) {
        return this.runExclusive(async () => {
            if (signal.aborted)
                return {finishReason: null, completionTokens: 0};
            // Each request starts from an empty KV cache so results do not depend on history.
            await this.sequence.clearHistory();
            return this.#complete(request, signal, onChunk);
        });
    }

    async #complete(request, signal, onChunk) {
        const timing = {started: performance.now(), promptDone: null, ended: null};
        let completionTokens = 0;
        const stops = new StopSequences(request.stop);
        const stopped = new AbortController();
        const generation = AbortSignal.any([signal, stopped.signal]);
        let stopReason = "abort";
        try {
            const result = await this.completion.generateCompletionWithMeta(request.promptTokens, {
                maxTokens: request.maxTokens,
                temperature: request.temperature,
                topP: request.topP,
                seed: request.seed,
                // OpenAI applies no repeat penalty unless asked; match that. Ollama's default
                // of 1.1 is not copied, so both chat routes give the same text for a seed.
                repeatPenalty: false,
                signal: generation,
                stopOnAbortSignal: true,
                // onToken always precedes the onTextChunk carrying the same tokens' text.
                onToken: (tokens) => {
                    timing.promptDone ??= performance.now();
                    completionTokens += tokens.length;
                },
                onTextChunk: (text) => {
                    const {visible, hit} = stops.push(text);
                    if (visible !== "")
                        onChunk(visible);
                    if (hit)
                        stopped.abort();
                },
            });
            stopReason = result.metadata.stopReason;
        } catch (error) {
            if (!generation.aborted)
                throw error;
        } finally {
            timing.ended = performance.now();
            timing.promptDone ??= timing.ended;
            recordGeneration(request.promptCount, completionTokens, timing);
        }
        if (signal.aborted)
            return {finishReason: null, completionTokens, timing};
        if (stopped.signal.aborted)
            return {finishReason: "stop", completionTokens, timing};
        const rest = stops.flush();
        if (rest !== "")
            onChunk(rest);
        const finishReason = stopReason === "maxTokens" ? "length" : "stop";
        return {finishReason, completionTokens, timing};
    }
}

// OpenAI stop sequences, matched on the generated text rather than with node-llama-cpp's
// token-based triggers, which miss sequences that start inside a token (" girl" is one
// token) and would drop the text before them. Text that may begin a stop sequence is held
// back until it is known not to.
class StopSequences {
    constructor(sequences = []) {
        this.sequences = sequences;
        this.held = "";
    }

    push(text) {
        const pending = this.held + text;
        const hits = this.sequences.map((stop) => pending.indexOf(stop)).filter((index) => index >= 0);
        if (hits.length > 0) {
            this.held = "";
            return {visible: pending.slice(0, Math.min(...hits)), hit: true};
        }
        const keep = Math.max(0, ...this.sequences.map((stop) => partialSuffix(pending, stop)));
        this.held = pending.slice(pending.length - keep);
        return {visible: pending.slice(0, pending.length - keep), hit: false};
    }

    flush() {
        const rest = this.held;
        this.held = "";
        return rest;
    }
}

// Length of the longest end of text that is a proper prefix of stop.
function partialSuffix(text, stop) {
    for (let length = Math.min(stop.length - 1, text.length); length > 0; length--) {
        if (stop.startsWith(text.slice(text.length - length)))
            return length;
    }
    return 0;
}

// OpenAI's, Ollama's and llama.cpp's servers all answer unit vectors, so cosine similarity is
// a dot product; the model's raw pooled state is not. A zero vector stays as it is.
function unitLength(vector) {
    const norm = Math.hypot(...vector);
    return norm > 0 ? vector.map((value) => value / norm) : [...vector];
}

// An embedding is prompt processing without generation: one decode per input.
function recordEmbedding(inputs, {started, ended}) {
    metrics.promptTokens += inputs.reduce((sum, input) => sum + input.count, 0);
    metrics.promptSeconds += (ended - started) / 1000;
    metrics.decodeCalls += inputs.length;
}

function recordGeneration(promptCount, completionTokens, {started, promptDone, ended}) {
    metrics.promptTokens += promptCount;
    metrics.promptSeconds += (promptDone - started) / 1000;
    metrics.predictedTokens += completionTokens;
    metrics.predictedSeconds += (ended - promptDone) / 1000;
    // One decode for the prompt batch, then one per generated token fed back to the model.
    metrics.decodeCalls += 1 + Math.max(0, completionTokens - 1);
}

// ---------------------------------------------------------------------------------------
// Request parsing

function errorBody(message, type = "invalid_request_error", code = null, param = null) {
    return {error: {message, type, param, code}};
}

function sendJson(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}

async function readBody(req) {
    const parts = [];
    let size = 0;
    for await (const part of req) {
        size += part.length;
        if (size > MAX_BODY_BYTES)
            throw new RequestError("Request body too large", {status: 413});
        parts.push(part);
    }
    return Buffer.concat(parts).toString("utf8");
}

// The model has no chat template and TinyStories simply continues text, so the
// conversation becomes the message contents, one per line.
function flattenMessages(messages) {
    return messages.map((message, index) => {
        if (message === null || typeof message !== "object")
            throw new RequestError(`messages[${index}] must be an object`, {param: "messages"});
        return contentText(message.content, index);
    }).filter((text) => text !== "").join("\n");
}

function contentText(content, index) {
    if (content === undefined || content === null)
        return "";
    if (typeof content === "string")
        return content;
    if (Array.isArray(content))
        return content.filter((part) => part?.type === "text").map((part) => String(part.text)).join("");
    throw new RequestError(`messages[${index}].content must be a string or an array of parts`,
        {param: "messages"});
}

function numberField(body, name, {min, max, integer = false, fallback}) {
    const value = body[name];
    if (value === undefined || value === null)
        return fallback;
    const valid = typeof value === "number" && value >= min && value <= max
        && (!integer || Number.isInteger(value));
    if (!valid) {
        const kind = integer ? "an integer" : "a number";
        throw new RequestError(`${name} must be ${kind} between ${min} and ${max}`, {param: name});
    }
    return value;
}

function stopField(stop) {
    if (stop === undefined || stop === null)
        return [];
    const list = typeof stop === "string" ? [stop] : stop;
    const valid = Array.isArray(list) && list.length <= 4
        && list.every((item) => typeof item === "string" && item !== "");
    if (!valid)
        throw new RequestError("stop must be a string or an array of up to 4 strings", {param: "stop"});
    return list;
}

function parseJsonObject(text) {
    let body;
    try {
        body = JSON.parse(text);
    } catch {
        throw new RequestError("We could not parse the JSON body of your request.");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body))
        throw new RequestError("The request body must be a JSON object.");
    return body;
}

// The conversation as prompt tokens; both chat APIs take the same messages.
function promptOf(body, engine) {
    if (!Array.isArray(body.messages) || body.messages.length === 0)
        throw new RequestError("'messages' must be a non-empty array", {param: "messages"});
    return engine.tokenizePrompt(flattenMessages(body.messages));
}

function checkContext(count, maxTokens) {
    if (count + maxTokens > CONTEXT_SIZE) {
        throw new RequestError(`This model's maximum context length is ${CONTEXT_SIZE} tokens. `
            + `However, you requested ${count + maxTokens} tokens (${count} in the messages, `
            + `${maxTokens} in the completion).`, {param: "messages", code: "context_length_exceeded"});
    }
}

function parseChatRequest(text, engine) {
    const body = parseJsonObject(text);
    const {tokens, count} = promptOf(body, engine);
    const tokenField = body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
    const maxTokens = numberField(body, tokenField,
        {min: 1, max: CONTEXT_SIZE, integer: true, fallback: DEFAULT_MAX_TOKENS});
    checkContext(count, maxTokens);
    return {
        promptTokens: tokens,
        promptCount: count,
        maxTokens,
        temperature: numberField(body, "temperature", {min: 0, max: 2, fallback: 1}),
        topP: numberField(body, "top_p", {min: 0, max: 1, fallback: 1}),
        seed: numberField(body, "seed",
            {min: 0, max: Number.MAX_SAFE_INTEGER, integer: true, fallback: undefined}),
        stop: stopField(body.stop),
        stream: body.stream === true,
        includeUsage: body.stream === true && body.stream_options?.include_usage === true,
    };
}

// Ollama's /api/chat. Unset options take Ollama's defaults, so a probe that sends none sees
// what a stock Ollama does: sampling at 0.8 / 0.9 and no length limit.
function parseOllamaChatRequest(text, engine, modelId) {
    const body = parseJsonObject(text);
    const model = ollamaModel(body.model, modelId);
    if (body.stream != null && typeof body.stream !== "boolean")
        throw new RequestError("stream must be true or false", {param: "stream"});
    const options = body.options ?? {};
    if (typeof options !== "object" || Array.isArray(options))
        throw new RequestError("options must be an object", {param: "options"});
    const {tokens, count} = promptOf(body, engine);
    const numPredict = numberField(options, "num_predict",
        {min: -2, max: Number.MAX_SAFE_INTEGER, integer: true, fallback: -1});
    // The prompt must leave room for one token. Beyond that Ollama never refuses a long
    // generation: it stops where the context ends, and a limit of zero or below means none.
    checkContext(count, 1);
    const room = CONTEXT_SIZE - count;
    const seed = numberField(options, "seed",
        {min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true, fallback: -1});
    return {
        model,
        promptTokens: tokens,
        promptCount: count,
        maxTokens: numPredict > 0 ? Math.min(numPredict, room) : room,
        temperature: numberField(options, "temperature", {min: 0, max: 2, fallback: 0.8}),
        topP: numberField(options, "top_p", {min: 0, max: 1, fallback: 0.9}),
        // A negative seed is Ollama's way of asking for a random one.
        seed: seed >= 0 ? seed : undefined,
        stop: stopField(options.stop),
        stream: body.stream !== false,
    };
}

// The name to answer with. Ollama rejects models it does not have, and treats a name
// without a tag as ":latest".
function ollamaModel(name, modelId) {
    if (name === undefined || name === null || name === "")
        return modelId;
    if (typeof name !== "string")
        throw new RequestError("model must be a string", {param: "model"});
    // JSON.stringify quotes the name as Go's %q does in Ollama's message.
    if (name !== modelId && name !== `${modelId}:latest`) {
        throw new RequestError(`model ${JSON.stringify(name)} not found, try pulling it first`,
            {status: 404});
    }
    return name;
}

// "status-429;retry-after=5" -> {name: "status-429", params: {"retry-after": 5}}
function parseFault(header) {
    if (header === undefined || header.trim() === "")
        return null;
    const [name, ...pairs] = header.split(";").map((part) => part.trim());
    const fault = {name: name.toLowerCase(), params: {}};
    if (!FAULT_NAMES.includes(fault.name)) {
        throw new RequestError(`Unknown X-Llmops-Fault value '${name}'. Allowed values: `
            + `${FAULT_NAMES.join(", ")}.`, {param: "X-Llmops-Fault"});
    }
    for (const pair of pairs.filter((item) => item !== "")) {
        const [key, raw = ""] = pair.split("=").map((part) => part.trim());
        const value = Number(raw);
        const known = FAULT_PARAMS.includes(key.toLowerCase());
        if (!known || raw === "" || !Number.isFinite(value) || value < 0) {
            throw new RequestError(`Invalid X-Llmops-Fault parameter '${pair}': expected `
                + `${FAULT_PARAMS.map((param) => `${param}=N`).join(" or ")} with N >= 0.`,
            {param: "X-Llmops-Fault"});
        }
        fault.params[key.toLowerCase()] = value;
    }
    return fault;
}

// ---------------------------------------------------------------------------------------
// How each API words its errors and broken output: OpenAI error objects, or Ollama's bare
// {"error": "..."}, whose own messages are Go-style lowercase.

const OPENAI = {
    requestError: (error) => errorBody(error.message, "invalid_request_error", error.code, error.param),
    internalError: errorBody("Internal server error", "server_error"),
    rateLimited: errorBody("Rate limit reached for requests. Please try again later.",
        "rate_limit_exceeded", "rate_limit_exceeded"),
    overloaded: errorBody("The server is overloaded", "server_error"),
    crashed: errorBody("The model crashed mid-stream", "server_error", "internal_error"),
    // An error event in a stream carries no param, as OpenAI's own do.
    crashedInStream: {error: {
        message: "The model crashed mid-stream", type: "server_error", code: "internal_error"}},
    brokenJson: "{\"id\":\"broken\", \"choices\": [",
};

const OLLAMA = {
    requestError: (error) => ({error: error.message}),
    internalError: {error: "internal server error"},
    rateLimited: {error: "rate limit exceeded, please try again later"},
    // Ollama's own wording when its request queue is full, double space included.
    overloaded: {error: "server busy, please try again.  maximum pending requests exceeded"},
    crashed: {error: "the model crashed mid-stream"},
    crashedInStream: {error: "the model crashed mid-stream"},
    brokenJson: "{\"model\":\"broken\", \"message\": {",
};

// ---------------------------------------------------------------------------------------
// Faults answered without touching the model

function sendGatewayPage(res) {
    const html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>local-endpoint | 502: Bad gateway</title>\n</head>\n<body>\n"
        + "<h1>Error 502</h1>\n<h2>Bad gateway</h2>\n"
        + "<p>The web server reported a bad gateway error: the upstream model server did not "
        + "return a valid response. Please try again in a few minutes.</p>\n</body>\n</html>\n";
    res.writeHead(502, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": Buffer.byteLength(html),
    });
    res.end(html);
}

// A careless gateway's refusal, which repeats the whole key the client sent.
function sendKeyEcho(req, res, dialect) {
    const key = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    sendJson(res, 401, dialect.requestError({message: `Incorrect API key provided: ${key}.`}));
}

// Returns true when the fault fully answered (or deliberately never answers) the request.
function answerImmediateFault(req, res, fault, dialect) {
    const retryAfter = fault?.params["retry-after"] ?? 2;
    switch (fault?.name) {
    case "status-401-echo-key":
        sendKeyEcho(req, res, dialect);
        return true;
    case "status-429":
        sendJson(res, 429, dialect.rateLimited, {"Retry-After": String(retryAfter)});
        return true;
    case "status-429-date": {
        const date = new Date(Date.now() + retryAfter * 1000).toUTCString();
        sendJson(res, 429, dialect.rateLimited, {"Retry-After": date});
        return true;
    }
    case "status-503":
        sendJson(res, 503, dialect.overloaded, {"Retry-After": String(retryAfter)});
        return true;
    case "html-502":
        sendGatewayPage(res);
        return true;
    case "hang":
        // Intentionally silent; the socket stays open until the client gives up.
        return true;
    default:
        return false;
    }
}

// Resolves false when the client went away during the wait.
async function delayFirstToken(fault, signal) {
    if (fault?.name !== "delay-first-token")
        return true;
    try {
        await sleep(fault.params.ms ?? 1000, undefined, {signal});
        return true;
    } catch {
        return false;
    }
}

// ---------------------------------------------------------------------------------------
// Answers shared by both chat APIs

// A streamed response made of events; subclasses frame them (SSE or NDJSON) and say what
// opens and closes the stream.
class EventStream {
    constructor(res, dialect) {
        this.res = res;
        this.dialect = dialect;
        this.unflushed = 0;
        this.cutRequested = false;
    }

    write(text) {
        this.unflushed++;
        this.res.write(text, () => {
            this.unflushed--;
            if (this.cutRequested && this.unflushed === 0)
                this.res.socket?.destroy();
        });
    }

    // Drops the connection without a terminating event once what was already written has
    // reached the socket, so the client sees real content and then a premature end.
    cut() {
        this.cutRequested = true;
        if (this.unflushed === 0)
            this.res.socket?.destroy();
    }
}

// Applies a mid-stream fault. Returns true when the response is over.
function strikeStreamFault(stream, fault, controller) {
    switch (fault?.name) {
    case "error-mid-stream":
        stream.event(JSON.stringify(stream.dialect.crashedInStream));
        stream.res.end();
        controller.abort();
        return true;
    case "cut-stream":
        stream.cut();
        controller.abort();
        return true;
    case "invalid-json-chunk":
        stream.event(stream.dialect.brokenJson);
        return false;
    default:
        return false;
    }
}

async function streamCompletion(res, engine, {request, fault, controller}, stream) {
    stream.open();
    if (!await delayFirstToken(fault, controller.signal))
        return;
    let chunks = 0;
    let over = false;
    let struck = false;
    const onChunk = (text) => {
        if (over || res.destroyed)
            return;
        stream.content(text);
        if (++chunks === FAULT_AFTER_CHUNKS) {
            struck = true;
            over = strikeStreamFault(stream, fault, controller);
        }
    };
    const result = await engine.generate(request, {signal: controller.signal, onChunk});
    // A short completion may end before the fault had its chance; strike it now.
    if (!struck && !over && !res.destroyed)
        over = strikeStreamFault(stream, fault, controller);
    if (over || res.destroyed || result.finishReason === null)
        return;
    stream.finish(request, result);
}

// Non-streaming variants of the mid-stream faults: a server error, a truncated body
// and an unparsable body.
function answerBrokenCompletion(res, fault, body, dialect) {
    const text = JSON.stringify(body);
    switch (fault?.name) {
    case "error-mid-stream":
        sendJson(res, 500, dialect.crashed);
        return true;
    case "cut-stream":
        res.writeHead(200, {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(text),
        });
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
        return true;
    case "invalid-json-chunk": {
        const broken = dialect.brokenJson;
        res.writeHead(200, {"Content-Type": "application/json", "Content-Length": broken.length});
        res.end(broken);
        return true;
    }
    default:
        return false;
    }
}

// answer(content, result) builds the body once the whole completion is known.
async function completeAtOnce(res, engine, {request, fault, controller}, dialect, answer) {
    if (!await delayFirstToken(fault, controller.signal))
        return;
    const pieces = [];
    const result = await engine.generate(request,
        {signal: controller.signal, onChunk: (text) => pieces.push(text)});
    if (result.finishReason === null || res.destroyed)
        return;
    const body = answer(pieces.join(""), result);
    if (!answerBrokenCompletion(res, fault, body, dialect))
        sendJson(res, 200, body);
}

// The common start of a request to the model (chat or embeddings). Faults that need no model
// come before validation so they strike whatever the body holds. Resolves null when a fault
// already answered.
async function beginRequest(req, res, dialect, parse) {
    const arrived = performance.now();
    const text = await readBody(req);
    const fault = parseFault(req.headers["x-llmops-fault"]);
    if (answerImmediateFault(req, res, fault, dialect))
        return null;
    const request = parse(text);
    // A client that disconnects (or a fault that ends the response) stops its generation.
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    return {request, fault, controller, arrived};
}

// ---------------------------------------------------------------------------------------
// OpenAI chat completions

class ChatStream extends EventStream {
    constructor(res, {id, created, model, includeUsage}) {
        super(res, OPENAI);
        this.base = {id, object: "chat.completion.chunk", created, model};
        this.includeUsage = includeUsage;
    }

    open() {
        this.res.writeHead(200, {
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "Connection": "keep-alive",
        });
        this.choice({role: "assistant", content: ""}, null);
    }

    content(text) {
        this.choice({content: text}, null);
    }

    finish(request, result) {
        this.choice({}, result.finishReason);
        if (this.includeUsage)
            this.event(JSON.stringify({...this.base, choices: [], usage: usageOf(request, result)}));
        this.event("[DONE]");
        this.res.end();
    }

    choice(delta, finishReason) {
        const chunk = {...this.base, choices: [{index: 0, delta, finish_reason: finishReason}]};
        if (this.includeUsage)
            chunk.usage = null;
        this.event(JSON.stringify(chunk));
    }

    event(data) {
        this.write(`data: ${data}\n\n`);
    }
}

function usageOf(request, {completionTokens}) {
    return {
        prompt_tokens: request.promptCount,
        completion_tokens: completionTokens,
        total_tokens: request.promptCount + completionTokens,
    };
}

async function handleChatCompletion(req, res, engine, modelId) {
    const chat = await beginRequest(req, res, OPENAI, (text) => parseChatRequest(text, engine));
    if (chat === null)
        return;
    // The OpenAI route serves its one model whatever name the client asks for.
    const meta = {
        id: `chatcmpl-${randomUUID().replaceAll("-", "")}`,
        created: Math.floor(Date.now() / 1000),
        model: modelId,
    };
    if (chat.request.stream) {
        const stream = new ChatStream(res, {...meta, includeUsage: chat.request.includeUsage});
        await streamCompletion(res, engine, chat, stream);
        return;
    }
    await completeAtOnce(res, engine, chat, OPENAI, (content, result) => ({
        id: meta.id,
        object: "chat.completion",
        created: meta.created,
        model: meta.model,
        choices: [{
            index: 0,
            message: {role: "assistant", content},
            logprobs: null,
            finish_reason: result.finishReason,
        }],
        usage: usageOf(chat.request, result),
    }));
}

// ---------------------------------------------------------------------------------------
// Ollama chat

// Wall-clock offset of the monotonic clock: Date has only milliseconds, and Ollama stamps
// every message with nanoseconds.
const WALL_CLOCK_NS = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

// RFC 3339 with nine fractional digits, e.g. 2026-12-03T19:32:43.123456789Z.
function timestamp() {
    const now = WALL_CLOCK_NS + process.hrtime.bigint();
    const seconds = new Date(Number(now / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
    return `${seconds}.${String(now % 1_000_000_000n).padStart(9, "0")}Z`;
}

function nanoseconds(ms) {
    return Math.round(ms * 1e6);
}

function ollamaMessage(model, content, done) {
    return {model, created_at: timestamp(), message: {role: "assistant", content}, done};
}

// The last object of an answer, with Ollama's counts and durations. Loading is the time from
// arrival until the model started on the prompt: reading the body, waiting in the queue.
function ollamaDone(chat, content, result) {
    const {started, promptDone, ended} = result.timing;
    return {
        ...ollamaMessage(chat.request.model, content, true),
        done_reason: result.finishReason,
        total_duration: nanoseconds(performance.now() - chat.arrived),
        load_duration: nanoseconds(started - chat.arrived),
        prompt_eval_count: chat.request.promptCount,
        prompt_eval_duration: nanoseconds(promptDone - started),
        eval_count: result.completionTokens,
        eval_duration: nanoseconds(ended - promptDone),
    };
}

class OllamaStream extends EventStream {
    constructor(res, chat) {
        super(res, OLLAMA);
        this.chat = chat;
    }

    // Headers go out at once, so a delayed first token shows as a slow body, not a slow answer.
    open() {
        this.res.writeHead(200, {"Content-Type": "application/x-ndjson"});
        this.res.flushHeaders();
    }

    content(text) {
        this.event(JSON.stringify(ollamaMessage(this.chat.request.model, text, false)));
    }

    finish(request, result) {
        this.event(JSON.stringify(ollamaDone(this.chat, "", result)));
        this.res.end();
    }

    event(data) {
        this.write(`${data}\n`);
    }
}

async function handleOllamaChat(req, res, engine, modelId) {
    const parse = (text) => parseOllamaChatRequest(text, engine, modelId);
    const chat = await beginRequest(req, res, OLLAMA, parse);
    if (chat === null)
        return;
    if (chat.request.stream) {
        await streamCompletion(res, engine, chat, new OllamaStream(res, chat));
        return;
    }
    await completeAtOnce(res, engine, chat, OLLAMA,
        (content, result) => ollamaDone(chat, content, result));
}

// ---------------------------------------------------------------------------------------
// Embeddings: OpenAI's /v1/embeddings and Ollama's /api/embed

// The texts to embed: `input` as a string or an array of strings. Token arrays, which OpenAI
// also takes, are refused: nothing here sends them. An empty text has no embedding (the model
// gives an empty vector), so it is refused as OpenAI refuses it.
function embeddingTexts(input) {
    if (input === undefined || input === null)
        throw new RequestError("'input' is a required property", {param: "input"});
    const texts = typeof input === "string" ? [input] : input;
    if (!Array.isArray(texts) || texts.length === 0)
        throw new RequestError("'input' must be a non-empty string or a non-empty array of strings",
            {param: "input"});
    if (texts.length > MAX_EMBEDDING_INPUTS) {
        throw new RequestError(`'input' holds ${texts.length} items; at most ${MAX_EMBEDDING_INPUTS} `
            + "are allowed", {param: "input"});
    }
    const bad = texts.findIndex((text) => typeof text !== "string" || text === "");
    if (bad >= 0)
        throw new RequestError(`input[${bad}] must be a non-empty string`, {param: "input"});
    return texts;
}

// Each text as tokens. Longer than the context is refused, or cut to fit when `truncate`
// (Ollama's default); BOS and EOS take two places.
function embeddingInputs(texts, engine, truncate) {
    const limit = truncate ? EMBEDDING_CONTEXT_SIZE - 2 : Infinity;
    return texts.map((text, index) => {
        const input = engine.tokenizeEmbeddingInput(text, limit);
        if (input.count >= EMBEDDING_CONTEXT_SIZE) {
            throw new RequestError(`This model's maximum context length is ${EMBEDDING_CONTEXT_SIZE - 1} `
                + `tokens, however you requested ${input.count} tokens in input[${index}]. Please reduce `
                + "your input.", {param: "input", code: "context_length_exceeded"});
        }
        return input;
    });
}

function parseEmbeddingsRequest(text, engine) {
    const body = parseJsonObject(text);
    const encodingFormat = body.encoding_format ?? "float";
    if (encodingFormat !== "float" && encodingFormat !== "base64")
        throw new RequestError("encoding_format must be 'float' or 'base64'", {param: "encoding_format"});
    return {inputs: embeddingInputs(embeddingTexts(body.input), engine, false), encodingFormat};
}

function parseOllamaEmbedRequest(text, engine, modelId) {
    const body = parseJsonObject(text);
    const model = ollamaModel(body.model, modelId);
    if (body.truncate != null && typeof body.truncate !== "boolean")
        throw new RequestError("truncate must be true or false", {param: "truncate"});
    return {model, inputs: embeddingInputs(embeddingTexts(body.input), engine, body.truncate !== false)};
}

// OpenAI sends base64 as the little-endian float32 bytes of the vector.
function encodedVector(vector, encodingFormat) {
    if (encodingFormat === "float")
        return vector;
    return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

const EMBEDDINGS_BROKEN = {
    openAi: {...OPENAI, brokenJson: "{\"object\":\"list\", \"data\": [{\"embedding\": [0.25,"},
    ollama: {...OLLAMA, brokenJson: "{\"model\":\"broken\", \"embeddings\": [[0.25,"},
};

// The non-streaming faults apply as they do to a chat answered at once: a delay before the
// answer, a 500, half the body or a body that is no JSON.
async function embedAtOnce(res, engine, {request, fault, controller}, dialect, answer) {
    if (!await delayFirstToken(fault, controller.signal))
        return;
    const result = await engine.embed(request.inputs, {signal: controller.signal});
    if (result === null || res.destroyed)
        return;
    const body = answer(result);
    if (!answerBrokenCompletion(res, fault, body, dialect))
        sendJson(res, 200, body);
}

async function handleEmbeddings(req, res, engine, modelId) {
    const embedding = await beginRequest(req, res, OPENAI, (text) => parseEmbeddingsRequest(text, engine));
    if (embedding === null)
        return;
    const {inputs, encodingFormat} = embedding.request;
    const promptTokens = inputs.reduce((sum, input) => sum + input.count, 0);
    await embedAtOnce(res, engine, embedding, EMBEDDINGS_BROKEN.openAi, ({vectors}) => ({
        object: "list",
        data: vectors.map((vector, index) => ({
            object: "embedding", index, embedding: encodedVector(vector, encodingFormat),
        })),
        model: modelId,
        usage: {prompt_tokens: promptTokens, total_tokens: promptTokens},
    }));
}

async function handleOllamaEmbed(req, res, engine, modelId) {
    const parse = (text) => parseOllamaEmbedRequest(text, engine, modelId);
    const embedding = await beginRequest(req, res, OLLAMA, parse);
    if (embedding === null)
        return;
    const {model, inputs} = embedding.request;
    await embedAtOnce(res, engine, embedding, EMBEDDINGS_BROKEN.ollama, ({vectors, timing}) => ({
        model,
        embeddings: vectors,
        total_duration: nanoseconds(performance.now() - embedding.arrived),
        load_duration: nanoseconds(timing.started - embedding.arrived),
        prompt_eval_count: inputs.reduce((sum, input) => sum + input.count, 0),
    }));
}

// ---------------------------------------------------------------------------------------
// HTTP

function createServer(engine, modelId) {
    const routes = {
        "GET /v1/models": (req, res) => sendJson(res, 200,
            {object: "list", data: [{id: modelId, object: "model", owned_by: "local"}]}),
        "POST /v1/chat/completions": (req, res) => handleChatCompletion(req, res, engine, modelId),
        "POST /api/chat": (req, res) => handleOllamaChat(req, res, engine, modelId),
        "POST /v1/embeddings": (req, res) => handleEmbeddings(req, res, engine, modelId),
        "POST /api/embed": (req, res) => handleOllamaEmbed(req, res, engine, modelId),
        "GET /metrics": (req, res) => {
            const text = renderMetrics();
            res.writeHead(200, {
                "Content-Type": "text/plain; version=0.0.4",
                "Content-Length": Buffer.byteLength(text),
            });
            res.end(text);
        },
        "GET /health": (req, res) => sendJson(res, 200, {status: "ok"}),
    };
    return http.createServer(async (req, res) => {
        const pathname = new URL(req.url, "http://localhost").pathname;
        const route = routes[`${req.method} ${pathname}`];
        // Ollama's routes live under /api/ and answer errors its way.
        const dialect = pathname.startsWith("/api/") ? OLLAMA : OPENAI;
        try {
            if (route === undefined)
                throw new RequestError(`Unknown request URL: ${req.method} ${pathname}`, {status: 404});
            await route(req, res);
        } catch (error) {
            answerError(res, error, dialect);
        }
    });
}

function answerError(res, error, dialect) {
    if (res.headersSent) {
        res.destroy();
        return;
    }
    if (error instanceof RequestError) {
        sendJson(res, error.status, dialect.requestError(error));
        return;
    }
    console.error(error);
    sendJson(res, 500, dialect.internalError);
}

function urlHost(host) {
    return host.includes(":") ? `[${host}]` : host;
}

async function main() {
    const options = parseOptions(process.argv.slice(2));
    const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
    const model = await llama.loadModel({modelPath: options.modelPath});
    // One thread by default: with a model this small, synchronising several threads per
    // token costs far more than the arithmetic they share.
    const context = await model.createContext({threads: options.threads, contextSize: CONTEXT_SIZE});
    const embeddingContext = await model.createEmbeddingContext(
        {threads: options.threads, contextSize: EMBEDDING_CONTEXT_SIZE});
    const modelId = path.basename(options.modelPath, ".gguf");
    const server = createServer(new Engine(model, context, embeddingContext), modelId);

    const shutdown = async () => {
        server.close();
        server.closeAllConnections();
        await llama.dispose();
        process.exit(0);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);

    server.once("error", (error) => {
        console.error(error.message);
        process.exit(1);
    });
    server.listen(options.port, options.host, () => {
        const {port} = server.address();
        process.stdout.write(`listening on http://${urlHost(options.host)}:${port}\n`);
    });
}

main().catch((error) => {
    console.error(error.message);
    process.exit(1);
});
