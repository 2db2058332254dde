// Drives the gateway (simulated provider) with LangChain JS's ChatOpenAI, as LangChain agents use
// it: bindTools and a tool loop (whole and streamed), withStructuredOutput with a JSON schema, and a
// streamed answer with reasoning deltas, an image part and usage.
// Prints what it saw as one JSON line for ClientSdksIT to check.
import { ChatOpenAI } from '@langchain/openai';

const chat = (extra = {}) => new ChatOpenAI({
  model: 'openai/gpt-4o-mini',
  apiKey: 'sk-not-needed',
  configuration: { baseURL: process.argv[2] },
  maxRetries: 0,
  timeout: 20000,
  // Extra body fields: no cache, so each call reaches the provider.
  modelKwargs: { cache: false, ...extra },
});

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city now',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const withTools = chat().bindTools([weather]);
const question = { role: 'user', content: 'What is the weather in Paris?' };

// Whole: the model calls the tool, its result goes back as a tool message, the answer quotes it.
const called = await withTools.invoke([question]);
const call = called.tool_calls[0];
const answered = await withTools.invoke([
  question, called, { role: 'tool', tool_call_id: call.id, content: 'windy, 12 degrees' },
]);

// Streamed: the chunks concatenate into one message whose tool call is whole.
let streamed;
for await (const chunk of await withTools.stream([question])) {
  streamed = streamed === undefined ? chunk : streamed.concat(chunk);
}
const streamedCall = streamed.tool_calls[0];
let streamedAnswer = '';
for await (const chunk of await withTools.stream([
  question, streamed, { role: 'tool', tool_call_id: streamedCall.id, content: 'foggy, 9 degrees' },
])) {
  streamedAnswer += typeof chunk.content === 'string' ? chunk.content : '';
}

// Two tools offered: two parallel calls, their fragments interleaved in the stream, merged by
// index; both results go back and the answer quotes the last.
const time = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
};
const both = chat().bindTools([weather, time]);
let pair;
for await (const chunk of await both.stream([question])) {
  pair = pair === undefined ? chunk : pair.concat(chunk);
}
const pairAnswer = await both.invoke([
  question, pair,
  ...pair.tool_calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: `${c.name} done` })),
]);

// Structured output through response_format json_schema, parsed by LangChain.
const summary = await chat()
  .withStructuredOutput(
    {
      type: 'object',
      title: 'summary',
      properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
      required: ['answer', 'confidence'],
      additionalProperties: false,
    },
    { method: 'jsonSchema', name: 'summary' },
  )
  .invoke('Summarise the news in one sentence.');

// Streamed reasoning deltas and an image part, with usage at the end.
let reasoning = '';
let text = '';
let usage = null;
for await (const chunk of await chat({ sim_reasoning_tokens: 5 }).stream([{
  role: 'user',
  content: [
    { type: 'text', text: 'What is in this picture?' },
    { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
  ],
}])) {
  reasoning += chunk.additional_kwargs?.reasoning_content ?? '';
  text += typeof chunk.content === 'string' ? chunk.content : '';
  if (chunk.usage_metadata) usage = chunk.usage_metadata;
}

console.log(JSON.stringify({
  call: { id: call.id, name: call.name, args: call.args },
  answer: answered.content,
  wholeUsage: answered.usage_metadata ?? null,
  streamedCall: { id: streamedCall.id, name: streamedCall.name, args: streamedCall.args },
  streamedAnswer,
  parallelCalls: pair.tool_calls.map((c) => ({ id: c.id, name: c.name, args: c.args })),
  parallelAnswer: pairAnswer.content,
  summary,
  reasoning,
  text,
  usage,
}));
