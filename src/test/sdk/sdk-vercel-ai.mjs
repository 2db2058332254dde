// Drives the gateway (simulated provider) with the Vercel AI SDK's OpenAI-compatible provider, as
// Next.js agents use it: a multi-step streamText tool loop, generateObject with a JSON schema,
// reasoning deltas, an image part, and usage with the gateway's cost.
// Prints what it saw as one JSON line for ClientSdksIT to check.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from 'ai';

const gateway = createOpenAICompatible({
  name: 'cogniforge',
  baseURL: process.argv[2],
  apiKey: 'sk-not-needed',
  includeUsage: true,
  supportsStructuredOutputs: true,
});
const model = gateway('openai/gpt-4o-mini');
// Extra body fields go under the provider's name: no cache, so each call reaches the provider.
const noCache = { cogniforge: { cache: false } };

// A streamed tool loop: call -> the SDK runs the tool -> the result goes back -> final text.
const executed = [];
const loop = streamText({
  model,
  prompt: 'What is the weather in Paris?',
  tools: {
    get_weather: tool({
      description: 'The weather in a city now',
      inputSchema: jsonSchema({
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      }),
      execute: async ({ city }) => {
        executed.push(city);
        return `rainy in ${city.split(' ').pop()}`;
      },
    }),
  },
  stopWhen: stepCountIs(3),
  providerOptions: noCache,
  maxRetries: 0,
});
const loopParts = [];
const toolCalls = [];
const toolResults = [];
for await (const part of loop.fullStream) {
  loopParts.push(part.type);
  if (part.type === 'tool-call') toolCalls.push({ name: part.toolName, input: part.input });
  if (part.type === 'tool-result') toolResults.push(part.output);
  if (part.type === 'error') throw part.error;
}
const steps = await loop.steps;
const loopUsage = await loop.totalUsage;

// Two tools offered: the simulated provider calls both at once, their argument fragments
// interleaved in one stream; the SDK runs both and sends both results back in one step.
const parallel = streamText({
  model,
  prompt: 'Weather and time in Oslo?',
  tools: {
    get_weather: tool({
      inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } } }),
      execute: async ({ city }) => `snow in ${city}`,
    }),
    get_time: tool({
      inputSchema: jsonSchema({ type: 'object', properties: { zone: { type: 'string' } } }),
      execute: async ({ zone }) => `noon in ${zone}`,
    }),
  },
  stopWhen: stepCountIs(3),
  providerOptions: noCache,
  maxRetries: 0,
});
const parallelCalls = [];
for await (const part of parallel.fullStream) {
  if (part.type === 'tool-call') parallelCalls.push({ name: part.toolName, input: part.input });
  if (part.type === 'error') throw part.error;
}

// Structured output (generateObject's successor in this version): response_format json_schema;
// the simulated provider fills the schema's properties, the SDK parses and validates the answer.
const structured = await generateText({
  model,
  prompt: 'Summarise the news in one sentence.',
  output: Output.object({
    schema: jsonSchema({
      type: 'object',
      properties: {
        answer: { type: 'string' },
        confidence: { type: 'number' },
        mood: { type: 'string', enum: ['calm', 'tense'] },
      },
      required: ['answer', 'confidence', 'mood'],
      additionalProperties: false,
    }),
    name: 'summary',
  }),
  providerOptions: noCache,
  maxRetries: 0,
});

// The same streamed: the SDK parses the object from the streamed JSON.
const streamedStructured = streamText({
  model,
  prompt: 'Summarise the sports news in one sentence.',
  output: Output.object({
    schema: jsonSchema({
      type: 'object',
      properties: {
        answer: { type: 'string' },
        confidence: { type: 'number' },
        mood: { type: 'string', enum: ['calm', 'tense'] },
      },
      required: ['answer', 'confidence', 'mood'],
      additionalProperties: false,
    }),
    name: 'summary',
  }),
  providerOptions: noCache,
  maxRetries: 0,
});
// Reasoning deltas (sim_reasoning_tokens is the simulated provider's knob, reasoningEffort the
// SDK's own option, which needs a model the catalogue says reasons) and an image part, streamed,
// with the usage chunk.
const seeing = streamText({
  model: gateway('openai/o4-mini'),
  messages: [{
    role: 'user',
    content: [
      { type: 'text', text: 'What is in this picture?' },
      { type: 'file', data: 'data:image/png;base64,iVBORw0KGgo=', mediaType: 'image/png' },
    ],
  }],
  providerOptions: { cogniforge: { cache: false, sim_reasoning_tokens: 5, reasoningEffort: 'low' } },
  maxRetries: 0,
});
let reasoning = '';
let text = '';
for await (const part of seeing.fullStream) {
  if (part.type === 'reasoning-delta') reasoning += part.text;
  if (part.type === 'text-delta') text += part.text;
  if (part.type === 'error') throw part.error;
}
const usage = await seeing.usage;

console.log(JSON.stringify({
  toolCalls,
  toolResults,
  executed,
  steps: steps.length,
  stepFinishes: steps.map((s) => s.finishReason),
  loopText: await loop.text,
  loopParts: [...new Set(loopParts)],
  loopUsage: { input: loopUsage.inputTokens, output: loopUsage.outputTokens },
  parallelCalls,
  parallelSteps: (await parallel.steps).length,
  parallelText: await parallel.text,
  object: structured.output,
  streamedObject: await streamedStructured.output,
  objectUsage: { input: structured.usage.inputTokens, output: structured.usage.outputTokens },
  reasoning,
  text,
  usage: {
    input: usage.inputTokens,
    output: usage.outputTokens,
    reasoning: usage.outputTokenDetails.reasoningTokens,
    raw: usage.raw ?? null,
  },
}));
