/**
 * The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, cut only between whole
 * code points. Counts bytes as Node's UTF-8 encoder writes them (a lone surrogate becomes U+FFFD,
 * 3 bytes), so `Buffer.byteLength(prefix) <= maxBytes` always holds. Walks the string instead of
 * encoding it, so a value of many megabytes is never copied.
 */
export function utf8Prefix(text: string, maxBytes: number): string {
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    let width: number;
    let units = 1;
    if (unit < 0x80) width = 1;
    else if (unit < 0x800) width = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      width = 4;
      units = 2;
    } else width = 3;
    if (bytes + width > maxBytes) break;
    bytes += width;
    index += units;
  }
  return index === text.length ? text : text.slice(0, index);
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
