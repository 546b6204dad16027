// Drives the Gateway's OpenAI-compatible API with the official openai npm client, as an application would, and prints
// what it saw as one JSON object on stdout. Tests/EndToEnd.Tests/OpenAiClientTests runs it against the real stack and
// asserts on that object (so a failure shows the whole picture). Usage: node chat.mjs <gateway base URL> <question> <follow-up>
import OpenAI from "openai";

const [baseUrl, question, followUp] = process.argv.slice(2);
const client = new OpenAI({ baseURL: new URL("/v1", baseUrl).toString(), apiKey: "not-used-anonymous", maxRetries: 0, timeout: 60_000 });
const result = {};

// GET /v1/models
const models = [];
for await (const model of client.models.list()) models.push(model);
result.models = models;

// Non-streaming: the completion as the client parsed it.
const completion = await client.chat.completions.create({
  model: "switchboard",
  messages: [{ role: "user", content: question }],
});
result.completion = completion;

// Streaming: every chunk the client yielded, and the text they add up to.
const stream = await client.chat.completions.create({
  model: "switchboard",
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: "user", content: question }],
});
const chunks = [];
for await (const chunk of stream) chunks.push(chunk);
result.chunks = chunks;
result.streamedText = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");

// A follow-up in a conversation: the earlier exchange as messages, the new question last.
result.followUp = await client.chat.completions.create({
  model: "switchboard",
  messages: [
    { role: "user", content: question },
    { role: "assistant", content: completion.choices[0].message.content },
    { role: "user", content: followUp },
  ],
});

// Errors as the client raises them: APIError subclasses with the HTTP status and OpenAI's error fields.
async function failure(call) {
  try {
    await call();
    return { thrown: false };
  } catch (error) {
    return {
      thrown: true,
      isApiError: error instanceof OpenAI.APIError,
      className: error.constructor.name,
      status: error.status,
      type: error.type ?? null,
      param: error.param ?? null,
      code: error.code ?? null,
      message: error.message,
    };
  }
}
result.unknownModel = await failure(() =>
  client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }] }));
result.twoChoices = await failure(() =>
  client.chat.completions.create({ model: "switchboard", n: 2, messages: [{ role: "user", content: question }] }));
result.noUserMessage = await failure(() =>
  client.chat.completions.create({ model: "switchboard", stream: true, messages: [{ role: "system", content: "Be brief." }] }));

process.stdout.write(JSON.stringify(result));
