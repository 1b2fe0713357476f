// 6. SQL aggregation plus statistics in JavaScript. DECIMAL amounts arrive as numbers.
import { db } from "mxcp:runtime";
import { mean, stddev, round2 } from "./utils/stats.mjs";

export function spending_stats({ user_id }) {
  const amounts = db.execute("SELECT amount FROM orders WHERE user_id = $id ORDER BY id", { id: user_id })
    .map((r) => r.amount);
  const [totals] = db.execute("SELECT count(*) AS n, sum(amount) AS total FROM orders WHERE user_id = $id", { id: user_id });
  return { user_id, count: totals.n, total: totals.total ?? 0, mean: round2(mean(amounts)), stddev: round2(stddev(amounts)) };
}
