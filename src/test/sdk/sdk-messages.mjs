// Drives the gateway's Anthropic Messages API with the official Anthropic SDK (simulated provider):
// a streamed tool loop (tool_use -> tool_result -> final text), a non-streamed create, thinking,
// count_tokens and refusals in Anthropic's error shape. Prints what it saw as one JSON line for
// AnthropicMessagesIT to check.
import Anthropic from '@anthropic-ai/sdk';

const baseURL = process.argv[2];
const client = new Anthropic({ baseURL, apiKey: 'sk-ant-not-needed', maxRetries: 0, timeout: 20000 });
const model = 'openai/gpt-4o-mini';
const tools = [{ name: 'get_weather', description: 'Weather of a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
const question = { role: 'user', content: 'What is the weather in Paris?' };

// Streamed tool loop through the SDK's stream helper.
const events = [];
const first = client.messages.stream({ model, max_tokens: 200, tools, messages: [question], cache: false });
first.on('streamEvent', (e) => events.push(e.type));
const call = await first.finalMessage();
const toolUse = call.content.find((b) => b.type === 'tool_use');
let streamedText = '';
const second = client.messages.stream({
  model, max_tokens: 200, tools, cache: false,
  messages: [question, { role: 'assistant', content: call.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] }],
});
second.on('text', (t) => { streamedText += t; });
const final = await second.finalMessage();

// Not streamed.
const whole = await client.messages.create({
  model, max_tokens: 20, system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'user', content: 'Hello' }], cache: false,
});

// Thinking: reasoning streamed as thinking blocks.
const thinkingStream = client.messages.stream({
  model, max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2000 }, sim_reasoning_tokens: 4,
  messages: [{ role: 'user', content: 'Think first.' }], cache: false,
});
let thinking = '';
thinkingStream.on('thinking', (t) => { thinking += t; });
const thought = await thinkingStream.finalMessage();

const counted = await client.messages.countTokens({ model, messages: [{ role: 'user', content: 'Hello there, how are you?' }] });

async function refusal(body) {
  try {
    await client.messages.create(body);
    return { status: 200 };
  } catch (e) {
    return { status: e.status, type: e.error?.error?.type, message: e.error?.error?.message, requestId: e.requestID ?? null };
  }
}
const refusals = {
  noMaxTokens: await refusal({ model, messages: [question] }),
  wrongType: await refusal({ model, max_tokens: 'ten', messages: [question] }),
  emptyMessages: await refusal({ model, max_tokens: 10, messages: [] }),
  unknownModel: await refusal({ model: 'claude-nope-1', max_tokens: 10, messages: [question] }),
  serverTool: await refusal({ model, max_tokens: 10, messages: [question], tools: [{ type: 'web_search_20250305', name: 'web_search' }] }),
};

console.log(JSON.stringify({
  events,
  callStop: call.stop_reason,
  toolUse: { id: toolUse.id, name: toolUse.name, input: toolUse.input },
  finalStop: final.stop_reason,
  finalText: final.content.filter((b) => b.type === 'text').map((b) => b.text).join(''),
  streamedText,
  finalUsage: final.usage,
  finalId: final.id,
  whole: { id: whole.id, type: whole.type, role: whole.role, model: whole.model, stop: whole.stop_reason,
    text: whole.content[0]?.text, usage: whole.usage },
  thinking, thinkingBlocks: thought.content.map((b) => b.type),
  counted,
  refusals,
}));
