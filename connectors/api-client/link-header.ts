/** One link-value of RFC 8288: `<target>` then `;`-separated params (values may be quoted). */
const LINK_VALUE = /<([^>]*)>((?:\s*;\s*[^\s;,=<]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^\s;,]*))?)*)/g;
const REL_PARAM = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i;

/**
 * The target of the `rel="next"` link in `Link` headers (RFC 8288), as written (possibly relative),
 * or undefined when there is none. `rel` may list several relation types.
 */
export function findNextLink(header: string | readonly string[] | undefined): string | undefined {
  const values = typeof header === 'string' ? [header] : (header ?? []);
  for (const value of values) {
    for (const [, target, params] of value.matchAll(LINK_VALUE)) {
      const rel = REL_PARAM.exec(params ?? '');
      const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
      if (target !== undefined && relations.includes('next')) return target.trim();
    }
  }
  return undefined;
}
