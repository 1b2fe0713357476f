// 1. A first tool: the exported function named like the tool gets one object of arguments.
export function personalized_greeting({ name, formal = false }) {
  const greeting = formal ? `Good day, ${name}. How may I assist you?` : `Hi ${name}! How are you doing?`;
  return { greeting, timestamp: new Date().toISOString() };
}
