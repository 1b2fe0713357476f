// The benchmark's JavaScript tool: the SQL tool's lookup through db.execute.
import { db } from "mxcp:runtime";

export function lookup_js({ id }) {
  const rows = db.execute("SELECT id, name, price FROM items WHERE id = $id", { id });
  return rows.length ? rows[0] : null;
}
