// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Serves /metrics from prom-client with families named as vLLM names them, holding known
// observations, so that scrape tests can check rates and quantiles against hand-computed
// values. Each POST /advance moves to the next phase of observations:
//
//   phase 0: 1000 prompt tokens, 400 generation tokens, 10 TTFTs of 0.02 s,
//            2 requests running, KV cache 25% used
//   phase 1: +600 prompt tokens, +300 generation tokens, TTFTs 0.03 s ×4, 0.07 s ×4,
//            0.2 s ×2, 5 requests running, KV cache 50% used
//
//   node vllm-exporter.mjs [--port N]    prints "listening on PORT" once ready
import http from "node:http";
import client from "prom-client";

const registry = new client.Registry();
const labelNames = ["model_name"];
const model = { model_name: "acme/tiny-chat-8b" };

const running = new client.Gauge({
    name: "vllm:num_requests_running", help: "Number of requests in model execution batches.",
    labelNames, registers: [registry],
});
const waiting = new client.Gauge({
    name: "vllm:num_requests_waiting", help: "Number of requests waiting to be processed.",
    labelNames, registers: [registry],
});
const kvCache = new client.Gauge({
    name: "vllm:kv_cache_usage_perc", help: "KV-cache usage. 1 means 100 percent usage.",
    labelNames, registers: [registry],
});
const promptTokens = new client.Counter({
    name: "vllm:prompt_tokens_total", help: "Number of prefill tokens processed.",
    labelNames, registers: [registry],
});
const generationTokens = new client.Counter({
    name: "vllm:generation_tokens_total", help: "Number of generation tokens processed.",
    labelNames, registers: [registry],
});
const ttft = new client.Histogram({
    name: "vllm:time_to_first_token_seconds", help: "Histogram of time to first token in seconds.",
    labelNames, buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0], registers: [registry],
});

const phases = [
    () => {
        promptTokens.inc(model, 1000);
        generationTokens.inc(model, 400);
        for (let i = 0; i < 10; ++i) ttft.observe(model, 0.02);
        running.set(model, 2);
        waiting.set(model, 0);
        kvCache.set(model, 0.25);
    },
    () => {
        promptTokens.inc(model, 600);
        generationTokens.inc(model, 300);
        for (const seconds of [0.03, 0.03, 0.03, 0.03, 0.07, 0.07, 0.07, 0.07, 0.2, 0.2]) ttft.observe(model, seconds);
        running.set(model, 5);
        kvCache.set(model, 0.5);
    },
];
let phase = 0;
phases[0]();

const portArgument = process.argv.indexOf("--port");
const port = portArgument > 0 ? Number(process.argv[portArgument + 1]) : 0;

const server = http.createServer(async (request, response) => {
    if (request.method === "GET" && request.url === "/metrics") {
        response.writeHead(200, { "Content-Type": registry.contentType });
        response.end(await registry.metrics());
    } else if (request.method === "POST" && request.url === "/advance" && phase + 1 < phases.length) {
        phases[++phase]();
        response.writeHead(200, { "Content-Type": "text/plain" });
        response.end(`phase ${phase}\n`);
    } else {
        response.writeHead(404);
        response.end();
    }
});
server.listen(port, "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
