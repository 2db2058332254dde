// Drives the gateway's /v1/responses with the official OpenAI SDK's Responses helpers (simulated
// provider): a streamed function-tool loop continued by previous_response_id, the same loop with
// the full input and store: false, create / retrieve / delete, text.format json_schema, reasoning
// (as text and as a summary), a cut-short answer, and errors. Prints one JSON line for ResponsesApiIT.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: 'sk-not-needed', maxRetries: 0, timeout: 20000 });
const model = 'openai/gpt-4o-mini';
const tools = [{ type: 'function', name: 'get_weather', description: 'Weather of a city', strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
const question = 'What is the weather in Paris?';
const seen = {};

// 1. Streamed tool loop: call, then the tool output via previous_response_id, then the final text.
const events = [];
const stream = client.responses.stream({ model, input: question, tools, cache: false });
stream.on('event', (e) => events.push(e.type));
let argumentDeltas = 0;
stream.on('response.function_call_arguments.delta', () => argumentDeltas++);
const called = await stream.finalResponse();
const call = called.output.find((item) => item.type === 'function_call');
seen.streamedEvents = events;
seen.argumentDeltas = argumentDeltas;
seen.call = { name: call.name, arguments: call.arguments, call_id: call.call_id, status: call.status };
seen.calledStatus = called.status;
seen.sequenceNumbersInOrder = true;

const answerEvents = [];
const continued = client.responses.stream({
  model, tools, cache: false, previous_response_id: called.id,
  input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
});
let textSnapshot = '';
continued.on('response.output_text.delta', (e) => { textSnapshot = e.snapshot; });
continued.on('event', (e) => answerEvents.push(e.sequence_number));
const answered = await continued.finalResponse();
seen.answer = answered.output_text;
seen.answerSnapshot = textSnapshot;
seen.answerPrevious = answered.previous_response_id;
seen.answerUsage = answered.usage;
seen.sequenceNumbersInOrder = answerEvents.every((n, i) => n === i);

// 2. The same loop with the whole conversation as input, nothing stored.
const full = await client.responses.create({
  model, tools, cache: false, store: false,
  input: [{ role: 'user', content: question }, ...called.output,
    { type: 'function_call_output', call_id: call.call_id, output: '18 degrees' }],
});
seen.fullInputAnswer = full.output_text;
try {
  await client.responses.retrieve(full.id);
  seen.unstoredRetrieve = 'found';
} catch (e) {
  seen.unstoredRetrieve = e.status;
}

// 3. Not streamed: create, retrieve, delete, retrieve again.
const created = await client.responses.create({
  model, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Say hello' }] }],
  instructions: 'Be brief.', metadata: { ticket: 'T-1' }, cache: false,
});
seen.created = { id: created.id, object: created.object, status: created.status, text: created.output_text,
  instructions: created.instructions, metadata: created.metadata, usage: created.usage };
const retrieved = await client.responses.retrieve(created.id);
seen.retrievedSameText = retrieved.output_text === created.output_text && retrieved.id === created.id;
const deleted = await client.responses.delete(created.id);
seen.deleted = deleted ?? null;
try {
  await client.responses.retrieve(created.id);
  seen.retrieveAfterDelete = 'found';
} catch (e) {
  seen.retrieveAfterDelete = e.status;
}

// 4. Structured output.
const structured = await client.responses.create({
  model, input: 'Give me a city', cache: false,
  text: { format: { type: 'json_schema', name: 'city', strict: true,
    schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } } },
});
seen.structured = JSON.parse(structured.output_text);
seen.structuredFormat = structured.text.format.type;

// 5. Reasoning, as reasoning text and as a summary.
let reasoningText = '';
const plain = client.responses.stream({ model, input: 'Think first', sim_reasoning_tokens: 4, reasoning: { effort: 'low' }, cache: false });
plain.on('response.reasoning_text.delta', (e) => { reasoningText += e.delta; });
const plainDone = await plain.finalResponse();
seen.reasoningText = reasoningText;
seen.reasoningItem = plainDone.output[0];
let summaryText = '';
const summarized = client.responses.stream({ model, input: 'Think first', sim_reasoning_tokens: 4, reasoning: { effort: 'low', summary: 'auto' }, cache: false });
summarized.on('response.reasoning_summary_text.delta', (e) => { summaryText += e.delta; });
const summarizedDone = await summarized.finalResponse();
seen.summaryText = summaryText;
seen.summaryItem = summarizedDone.output[0];
seen.reasoningEcho = summarizedDone.reasoning;

// 6. Cut short by max_output_tokens.
const shortEvents = [];
const short = client.responses.stream({ model, input: 'Tell me a long story about the sea', max_output_tokens: 3, cache: false });
short.on('event', (e) => shortEvents.push(e.type));
const shortDone = await short.finalResponse();
seen.short = { status: shortDone.status, reason: shortDone.incomplete_details?.reason, last: shortEvents[shortEvents.length - 1] };

// 7. Errors as the SDK's error classes.
async function error(body) {
  try {
    await client.responses.create(body);
    return 'no error';
  } catch (e) {
    return { status: e.status, type: e.type ?? e.error?.type, code: e.code ?? e.error?.code, message: e.message };
  }
}
seen.unknownPrevious = await error({ model, input: 'x', previous_response_id: 'resp_doesnotexist' });
seen.builtInTool = await error({ model, input: 'x', tools: [{ type: 'web_search' }] });
seen.unknownModel = await error({ model: 'gpt-9-ultra', input: 'x' });
seen.emptyInput = await error({ model, input: '' });

console.log(JSON.stringify(seen));
