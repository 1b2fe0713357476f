// 4. An async tool: the host awaits the returned promise on the worker's own thread.
import { db, mcp } from "mxcp:runtime";

export async function batch_user_data({ user_ids }) {
  const fetchOne = async (userId) => {
    const [row] = db.execute("SELECT id, name FROM users WHERE id = $id", { id: userId });
    return row ? { user_id: userId, name: row.name, status: "found" } : { user_id: userId, name: null, status: "not_found" };
  };
  const results = await Promise.all(user_ids.map(fetchOne));
  await mcp.info(`fetched ${results.length} users`);
  return results;
}
