/**
 * XML out: answers and events are built with xmlbuilder2 in the seed's shape: compact (no declaration, no
 * indentation, as the seed's 159-byte request shows) and with the `xmlns:xs` /
 * `xs:noNamespaceSchemaLocation` attributes. What goes inside is the commands' and the session's.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** `<out xmlns:xs… xs:noNamespaceSchemaLocation="{schema}">`, filled by `fill`, serialised compact. */
export function renderOut(schema: string, fill: (out: XMLBuilder) => void): string {
  const out = create().ele('out', { 'xmlns:xs': XSI, 'xs:noNamespaceSchemaLocation': schema });
  fill(out);
  return out.end({ headless: true, prettyPrint: false });
}

/** `<out><error type reason/></out>` against the command's own XSD (or out.xsd when there is none). */
export function renderError(schema: string, err: { kind: string; message: string }): string {
  return renderOut(schema, (out) => {
    out.ele('error', { type: err.kind, reason: err.message });
  });
}
