// 4. An async tool: the host awaits the returned promise on the worker's own thread. setTimeout works as in
//    Node (the host waits for the timer outside the guest, so the call's timeout still applies).
import { db, mcp } from "mxcp:runtime";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function batch_user_data({ user_ids }) {
  const fetchOne = async (userId) => {
    await sleep(5); // stands for a slow service: the lookups wait concurrently, not one after another
    const [row] = db.execute("SELECT id, name FROM users WHERE id = $id", { id: userId });
    return row ? { user_id: userId, name: row.name, status: "found" } : { user_id: userId, name: null, status: "not_found" };
  };
  const results = await Promise.all(user_ids.map(fetchOne));
  await mcp.info(`fetched ${results.length} users`);
  return results;
}
