/**
 * WeCom's callbacks are XML: an envelope (ToUserName, AgentID, Encrypt) around an encrypted
 * message of flat fields, some events nesting a level or two (a template card's
 * SelectedItems). Every value stays a string: MsgId is a 64-bit integer, which a JavaScript
 * number would round, and an id compared as a number would lose its leading zeros.
 */
import { XMLParser } from 'fast-xml-parser';

export type XmlValue = string | XmlFields | XmlValue[];
export interface XmlFields {
  [name: string]: XmlValue;
}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  // WeCom sends no entities but the five XML ones; a DOCTYPE has no business in a callback.
  processEntities: true,
  htmlEntities: false,
});

/** The root `<xml>` element's fields, or undefined when the text is not a WeCom XML document. */
export function parseXml(text: string): XmlFields | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    return undefined;
  }
  const root = (doc as { xml?: unknown } | undefined)?.xml;
  return root && typeof root === 'object' && !Array.isArray(root) ? (root as XmlFields) : undefined;
}

/** A field's text, when it is a plain (non-nested) value. */
export function text(fields: XmlFields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}
