/**
 * @module What a record's value is. The full record format says (valueEncoding); a seed-format
 * record does not, so a reader is told what VALUE_DATA_TYPE the function ran with.
 */

export type ValueEncoding = 'text' | 'base64' | 'json';

/** The trigger's value data types (VALUE_DATA_TYPE), as the function's settings take them. */
export const VALUE_DATA_TYPES = ['Text', 'Json', 'Binary'] as const;

/** What a seed-format record's value is, by the function's VALUE_DATA_TYPE: Binary values stay base64 text. */
export function seedValueEncoding(valueDataType: string | undefined): ValueEncoding {
  return valueDataType === 'Binary' ? 'base64' : valueDataType === 'Json' ? 'json' : 'text';
}
