// 2. A database lookup: db.execute returns an array of plain objects; $name parameters bind safely.
import { db } from "mxcp:runtime";

export function user_lookup({ user_id }) {
  const [user] = db.execute("SELECT id, name, email, department FROM users WHERE id = $id", { id: user_id });
  return user ?? { id: user_id, name: null, email: null, department: null };
}
