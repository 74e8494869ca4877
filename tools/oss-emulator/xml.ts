const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own character data, entities decoded (the text of its children not included). */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|(<!)|<\/([^\s<>/]+)\s*>|<([^\s<>/!?]+)(?:\s+[^\s<>/=]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*(\/?)>|([^<]+)/y;

/**
 * Reads the small XML documents OSS requests carry (CompleteMultipartUpload, Delete). Strict: anything that
 * is not well-formed, and any DTD (so no entity can expand), throws an Error saying where.
 */
export function parseXml(source: string): XmlElement {
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (match === null) throw new Error(`unexpected "${source.slice(at, at + 20)}" at character ${at}`);
    const [, cdata, doctype, closing, opening, selfClosing, text] = match;
    const current = open[open.length - 1];
    if (doctype !== undefined) throw new Error(`a DTD or declaration at character ${at} is not accepted`);
    if (opening !== undefined) {
      const element: XmlElement = { name: opening, children: [], text: '' };
      if (current !== undefined) current.children.push(element);
      else if (root === undefined) root = element;
      else throw new Error(`a second root element <${opening}> at character ${at}`);
      if (selfClosing !== '/') open.push(element);
    } else if (closing !== undefined) {
      if (current?.name !== closing)
        throw new Error(`</${closing}> at character ${at} closes ${current ? `<${current.name}>` : 'nothing'}`);
      open.pop();
    } else if (cdata !== undefined || text !== undefined) {
      const content = cdata ?? decodeEntities(text ?? '', at);
      if (current !== undefined) current.text += content;
      else if (content.trim() !== '') throw new Error(`text outside the root element at character ${at}`);
    }
  }
  if (root === undefined) throw new Error('no root element');
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined) throw new Error(`<${unclosed.name}> is never closed`);
  return root;
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The text of the first child of that name, or undefined when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  return element.children.find((child) => child.name === name)?.text;
}

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`an unescaped "&" near character ${at}`);
    if (ENTITIES[name] !== undefined) return ENTITIES[name];
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#(\d+)$/.exec(name)?.[1];
    const point = code === undefined ? Number.NaN : Number.parseInt(code, name.startsWith('#x') || name.startsWith('#X') ? 16 : 10);
    if (!Number.isInteger(point) || point > 0x10ffff) throw new Error(`the unknown entity "&${name};" near character ${at}`);
    return String.fromCodePoint(point);
  });
}
