// 5. Lifecycle hooks with a cache: module state lives once per worker; onInit fills it, onShutdown clears it.
import { db, onInit, onShutdown } from "mxcp:runtime";

const cache = new Map();

onInit(function initialize() {
  cache.clear();
});

onShutdown(function cleanup() {
  cache.clear();
});

export function cached_lookup({ key }) {
  if (cache.has(key)) return { source: "cache", value: cache.get(key) };
  const [row] = db.execute("SELECT value FROM cache_table WHERE key = $key", { key });
  if (row) {
    cache.set(key, row.value);
    return { source: "database", value: row.value };
  }
  return { source: "none", value: null };
}
