// A polluted Object.prototype, as a library elsewhere in an app can leave it: the properties
// are set by plain assignment (enumerable, as `Object.prototype.x = …` makes them) for the
// duration of `fn` only, and removed in `finally` whatever happens.

/** Runs `fn` with `properties` on Object.prototype, and removes them afterwards. */
export function withPollutedPrototype<T>(properties: Record<string, unknown>, fn: () => T): T {
  const proto = Object.prototype as Record<string, unknown>;
  const keys = Object.keys(properties);
  try {
    for (const key of keys) proto[key] = properties[key];
    return fn();
  } finally {
    for (const key of keys) delete proto[key];
  }
}
