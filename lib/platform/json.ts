/** @module What JSON documents look like once parsed. */

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object itself, or an empty one for anything else: for reading optional nested settings. */
export function jsonObject(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}
