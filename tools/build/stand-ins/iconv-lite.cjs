// Stands in for iconv-lite inside urllib, which calls it in one place: decodeBodyByCharset, for a
// response asked for as text or JSON (`dataType`) whose charset Buffer does not know (gbk, big5, …),
// inside a try/catch that keeps the bytes when decoding throws. ali-oss never sets `dataType`, so for
// the sink this is never called. Should it be, Node's TextDecoder (full ICU) decodes the WHATWG
// encodings, strips a BOM and throws on an unknown label as iconv-lite does, without iconv-lite's code
// tables (almost half of the function bundle). One difference: Node 20 decodes windows-1252 as
// Latin-1, so its bytes 0x80-0x9F (€, curly quotes) come out as control characters.
'use strict';

exports.decode = (bytes, charset) => new TextDecoder(charset).decode(bytes);
