// 7. Error handling: return an error object the client can act on, or throw (the call fails naming the tool).
export function safe_operation({ param }) {
  if (!param || param.length < 3) return { status: "error", error: "Parameter must be at least 3 characters" };
  return { status: "success", data: param.toUpperCase() };
}

export function strict_divide({ a, b }) {
  if (b === 0) throw new RangeError("cannot divide by zero");
  return a / b;
}
