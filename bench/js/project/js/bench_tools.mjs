import { db } from "mxcp:runtime";

/** An empty body: its call time is the host's overhead. */
export const noop = () => 1;

/** A typical small tool: arguments in, an object out. */
export const small_dict = ({ name, count }) => ({ name, count, ok: true });

/** One db.execute and its rows back. */
export const one_query = ({ n }) => db.execute("SELECT $n AS n, 'x' AS label", { n });
