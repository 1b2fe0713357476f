// The upstream of the gateway's capacity rows: a tool that does next to no work, so the gateway's own cost shows.
export function echo_js({ id }) {
  return { id, name: "item-" + id };
}
