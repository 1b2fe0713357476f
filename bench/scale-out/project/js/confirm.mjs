import { mcp } from "mxcp:runtime";

// Over the 2026-07-28 wire the question goes back as an InputRequiredResult; the retry may reach another replica.
export async function confirm() {
  const reply = await mcp.elicit("Proceed?", { type: "object", properties: { answer: { type: "string" } },
                                               required: ["answer"] });
  return `${reply.action}: ${reply.content?.answer}`;
}
