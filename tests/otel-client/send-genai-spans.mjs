#!/usr/bin/env node
// Sends one fixed GenAI trace (agent invocation, chat call, tool call) to an
// OTLP/HTTP trace receiver using the real OpenTelemetry JS SDK and exporters.
//
// Usage:
//   node send-genai-spans.mjs --url http://127.0.0.1:PORT/v1/traces \
//        --protocol protobuf|json [--token TOKEN] [--service NAME]
//
// On success prints one JSON line with the trace and span ids and exits 0.
// Any failed export (HTTP error, refused connection, timeout) exits 1.

import { parseArgs } from 'node:util';
import { context, diag, DiagLogLevel, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';

const EXPORT_TIMEOUT_MS = 5000;
const WATCHDOG_MS = 20000;

function usage(msg) {
  if (msg) process.stderr.write(`error: ${msg}\n`);
  process.stderr.write(
    'usage: node send-genai-spans.mjs --url URL --protocol protobuf|json [--token TOKEN] [--service NAME]\n');
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      url: { type: 'string' },
      protocol: { type: 'string' },
      token: { type: 'string' },
      service: { type: 'string', default: 'otel-js-client' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (e) {
  usage(e.message);
}
if (args.help) usage();
if (!args.url) usage('--url is required');
if (args.protocol !== 'protobuf' && args.protocol !== 'json') usage('--protocol must be protobuf or json');

// SDK diagnostics go to stderr only, so stdout carries nothing but the result line.
const toStderr = (level) => (...a) => process.stderr.write(`otel ${level}: ${a.map(String).join(' ')}\n`);
diag.setLogger({
  error: toStderr('error'), warn: toStderr('warn'), info: toStderr('info'),
  debug: toStderr('debug'), verbose: toStderr('verbose'),
}, DiagLogLevel.WARN);

// Hard stop in case anything in the export path hangs.
setTimeout(() => {
  process.stderr.write(`error: export did not finish within ${WATCHDOG_MS} ms\n`);
  process.exit(1);
}, WATCHDOG_MS).unref();

const exporterConfig = {
  url: args.url,
  timeoutMillis: EXPORT_TIMEOUT_MS,
  headers: args.token ? { Authorization: `Bearer ${args.token}` } : {},
};
const exporter = args.protocol === 'protobuf' ? new ProtoExporter(exporterConfig) : new JsonExporter(exporterConfig);

// Record the result of every export so a failure becomes a non-zero exit code.
const exportResults = [];
const origExport = exporter.export.bind(exporter);
exporter.export = (spans, resultCallback) => {
  origExport(spans, (result) => {
    exportResults.push(result);
    resultCallback(result);
  });
};

const provider = new BasicTracerProvider({
  resource: defaultResource().merge(resourceFromAttributes({ 'service.name': args.service })),
  spanProcessors: [
    new BatchSpanProcessor(exporter, {
      // Everything goes out in one request, on forceFlush.
      scheduledDelayMillis: 60000,
      maxExportBatchSize: 512,
      exportTimeoutMillis: EXPORT_TIMEOUT_MS * 2,
    }),
  ],
});
const tracer = provider.getTracer('llmops-console-otel-client', '1.0.0');

// Fixed, exactly known timestamps: HrTime [seconds, nanoseconds].
const ROOT_START_MS = 1750000000000;
const at = (offsetMs) => {
  const ms = ROOT_START_MS + offsetMs;
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
};

const root = tracer.startSpan('invoke_agent trip-planner', {
  kind: SpanKind.INTERNAL,
  startTime: at(0),
  attributes: {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'trip-planner',
    'gen_ai.agent.id': 'agent-7',
    'gen_ai.conversation.id': 'conv-42',
  },
}, context.active());
const rootCtx = trace.setSpan(context.active(), root);

const chat = tracer.startSpan('chat tiny-chat-8b', {
  kind: SpanKind.CLIENT,
  startTime: at(100),
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'tiny-chat-8b',
    'gen_ai.response.model': 'tiny-chat-8b-0613',
    'gen_ai.request.temperature': 0.25,
    'gen_ai.request.max_tokens': 128,
    'gen_ai.request.seed': 7,
    'gen_ai.request.stop_sequences': ['END'],
    'gen_ai.response.id': 'resp-1',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 120,
    'gen_ai.usage.output_tokens': 30,
    'gen_ai.usage.cache_read.input_tokens': 64,
    'gen_ai.usage.cache_creation.input_tokens': 8,
    'gen_ai.usage.reasoning.output_tokens': 5,
    'gen_ai.conversation.id': 'conv-42',
    'server.address': '127.0.0.1',
    'gen_ai.input.messages': JSON.stringify(
      [{ role: 'user', parts: [{ type: 'text', content: 'Plan a trip to Lisbon' }] }]),
    'gen_ai.output.messages': JSON.stringify(
      [{ role: 'assistant', parts: [{ type: 'text', content: 'Day 1: Alfama.' }], finish_reason: 'stop' }]),
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a travel agent.' }]),
  },
}, rootCtx);
chat.addEvent('gen_ai.evaluation.result', {
  'gen_ai.evaluation.name': 'relevance',
  'gen_ai.evaluation.score.value': 0.8,
  'gen_ai.evaluation.score.label': 'good',
  'gen_ai.evaluation.explanation': 'on topic',
}, at(300));
chat.setStatus({ code: SpanStatusCode.OK });
chat.end(at(500));

const tool = tracer.startSpan('execute_tool get_weather', {
  kind: SpanKind.INTERNAL,
  startTime: at(550),
  attributes: {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'get_weather',
    'gen_ai.tool.call.id': 'call-1',
    'gen_ai.tool.call.arguments': JSON.stringify({ city: 'Lisbon' }),
    'gen_ai.tool.call.result': JSON.stringify({ temp_c: 21 }),
    'error.type': 'timeout',
  },
}, rootCtx);
tool.setStatus({ code: SpanStatusCode.ERROR, message: 'tool timed out' });
tool.end(at(750));

root.end(at(1000));

let flushError;
try {
  await provider.forceFlush();
} catch (e) {
  flushError = e;
}
try {
  await provider.shutdown();
} catch (e) {
  flushError ??= e;
}

const failed = exportResults.find((r) => r.code !== 0 /* ExportResultCode.SUCCESS */);
if (flushError || failed || exportResults.length === 0) {
  const err = failed?.error ?? flushError ?? new Error('no export was attempted');
  // 429/502/503/504, timeouts and refused connections are retried with backoff
  // until the exporter's timeout runs out; then the export fails.
  const detail = [err.message || String(err)];
  if (typeof err.code === 'number') detail.push(`http status ${err.code}`);
  else if (err.code) detail.push(`code ${err.code}`);
  if (err.data) detail.push(`body: ${err.data}`);
  process.stderr.write(`error: OTLP ${args.protocol} export to ${args.url} failed: ${detail.join('; ')}\n`);
  process.exit(1);
}

process.stdout.write(JSON.stringify({
  trace_id: root.spanContext().traceId,
  spans: {
    root: root.spanContext().spanId,
    chat: chat.spanContext().spanId,
    tool: tool.spanContext().spanId,
  },
  protocol: args.protocol,
}) + '\n');
process.exit(0);
