// Runs tool loops through the official OpenAI SDK against the gateway (simulated provider):
// call -> tool result -> final text quoting it, streamed and not; then reasoning and an image.
// Prints what it saw as one JSON line for ToolLoopIT to check.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: 'sk-not-needed', maxRetries: 0, timeout: 20000 });
const model = 'openai/gpt-4o-mini';
const tools = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];
const question = { role: 'user', content: 'What is the weather in Paris?' };

// Streamed: the SDK's own stream helper merges the tool call fragments.
const runner = client.chat.completions.stream({ model, messages: [question], tools, cache: false });
const streamedCall = await runner.finalChatCompletion();
const streamedCalls = streamedCall.choices[0].message.tool_calls;
const streamedAnswer = await client.chat.completions.stream({
  model, tools, cache: false,
  messages: [question, streamedCall.choices[0].message,
    ...streamedCalls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: `sunny, result of ${c.function.name}` }))],
}).finalChatCompletion();

// Not streamed, one call at a time.
const whole = await client.chat.completions.create({ model, messages: [question], tools, parallel_tool_calls: false, cache: false });
const wholeCall = whole.choices[0].message.tool_calls[0];
const wholeAnswer = await client.chat.completions.create({
  model, tools, cache: false,
  messages: [question, whole.choices[0].message, { role: 'tool', tool_call_id: wholeCall.id, content: '18 degrees' }],
});

// Reasoning deltas and an image part.
let reasoning = '';
let text = '';
const raw = await client.chat.completions.create({
  model, stream: true, sim_reasoning_tokens: 4, cache: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' },
    { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
});
for await (const chunk of raw) {
  const delta = chunk.choices[0]?.delta;
  if (delta?.reasoning_content) reasoning += delta.reasoning_content;
  if (delta?.content) text += delta.content;
}

console.log(JSON.stringify({
  streamedCalls: streamedCalls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
  streamedFinish: streamedCall.choices[0].finish_reason,
  streamedAnswer: streamedAnswer.choices[0].message.content,
  wholeCalls: whole.choices[0].message.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
  wholeFinish: whole.choices[0].finish_reason,
  wholeAnswer: wholeAnswer.choices[0].message.content,
  reasoning, text,
}));
