// Talks to the gateway through the official OpenAI SDK, unchanged but for baseURL, and prints
// what it saw as one JSON line for OpenAiSdkIT to check.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: 'sk-not-needed', maxRetries: 0, timeout: 20000 });
const messages = [{ role: 'user', content: 'Hello from the SDK' }];

const stream = await client.chat.completions.create({
  model: 'openai/gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true },
});
let streamedText = '';
let usage = null;
let chunks = 0;
let finishReason = null;
for await (const chunk of stream) {
  chunks++;
  const choice = chunk.choices[0];
  if (choice?.delta?.content) streamedText += choice.delta.content;
  if (choice?.finish_reason) finishReason = choice.finish_reason;
  if (chunk.usage) usage = chunk.usage;
}

const whole = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages });

const models = [];
for await (const model of client.models.list()) models.push(model.id);

let error = null;
try {
  await client.chat.completions.create({ model: 'no/such-model', messages });
} catch (e) {
  error = { status: e.status, code: e.code, type: e.type };
}

console.log(JSON.stringify({
  streamedText, chunks, finishReason, usage,
  wholeText: whole.choices[0].message.content, wholeUsage: whole.usage, models, error,
}));
