/**
 * @module Unpaired UTF-16 surrogates. JSON's `\ud800` escape can name one, but no UTF-8 text holds
 * one, so no Kafka message read as text can: the trigger decodes messages from UTF-8. Archived, it
 * would either be altered (Parquet, like any UTF-8 writer, writes U+FFFD) or make the whole object
 * unreadable to strict JSON readers such as DuckDB. Such an element is set aside instead, whole.
 */

/** The index of the first unpaired surrogate in a decoded string, or -1. */
export function loneSurrogateInText(text: string): number {
  if (text.isWellFormed()) return -1;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (isHigh(unit) && isLow(text.charCodeAt(index + 1))) index++;
    else if (isHigh(unit) || isLow(unit)) return index;
  }
  return -1;
}

/** The index of the first unpaired surrogate in JSON text, written as a character or as a `\u` escape, or -1. */
export function loneSurrogateInJson(json: string): number {
  const asCharacter = loneSurrogateInText(json);
  const limit = asCharacter < 0 ? json.length : asCharacter;
  // Backslashes occur only inside strings, each starting an escape: walking from one escape to the
  // next reads them as a parser does, so `\\ud800` (an escaped backslash) is not taken for one.
  for (let at = json.indexOf('\\'); at >= 0 && at < limit; at = json.indexOf('\\', at)) {
    if (json[at + 1] !== 'u') {
      at += 2;
      continue;
    }
    const unit = escapedUnit(json, at);
    if (isHigh(unit) && json[at + 6] === '\\' && json[at + 7] === 'u' && isLow(escapedUnit(json, at + 6))) at += 12;
    else if (isHigh(unit) || isLow(unit)) return at;
    else at += 6;
  }
  return asCharacter;
}

/** How a problem names the surrogate found at `index`, a character or the backslash of its escape. */
export function describeLoneSurrogate(text: string, index: number): string {
  const unit = text[index] === '\\' ? text.slice(index + 2, index + 6).toLowerCase() : text.charCodeAt(index).toString(16);
  return (
    `holds an unpaired UTF-16 surrogate (\\u${unit} at character ${index}), which UTF-8 cannot encode: no Kafka message read ` +
    'as text holds one, and strict JSON readers such as DuckDB refuse an object that does'
  );
}

function escapedUnit(json: string, at: number): number {
  return Number.parseInt(json.slice(at + 2, at + 6), 16);
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
