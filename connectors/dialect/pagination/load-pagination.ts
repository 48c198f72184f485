import { type z } from 'zod';
import { typeName } from '../../api-client/zod-issues';
import { ConnectorDefinitionError } from '../../connector-errors';
import {
  PAGINATION_STYLE_NAMES,
  type PaginationDeclaration,
  paginationDeclarationSchema,
} from './pagination-declaration';
import { ownParameters } from './paginators';

/**
 * Checks a connector's pagination declaration. Throws ConnectorDefinitionError whose message names
 * each wrong field from `at` down, for the connector's author: an unknown style, a field the style
 * requires, a key no style has (a typo), a value of the wrong type or range, a fixed parameter the
 * paginator sets itself.
 *
 * @example
 * loadPagination('hubspot', { style: 'body-cursor', recordsPath: 'results', pageSize: { max: 100 } });
 * // throws ConnectorDefinitionError:
 * // Connector hubspot: pagination.nextCursorPath: required for style "body-cursor"; pagination.cursorParameter: …
 */
export function loadPagination(
  connector: string,
  declaration: unknown,
  at = 'pagination',
): PaginationDeclaration {
  const parsed = paginationDeclarationSchema.safeParse(declaration);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue, declaration, at));
    throw new ConnectorDefinitionError(connector, problems.join('; '));
  }
  const fixed = Object.keys(parsed.data.fixedParameters ?? {});
  const clashing = fixed.filter((name) => ownParameters(parsed.data).includes(name));
  if (clashing.length > 0) {
    const problems = clashing.map(
      (name) => `${at}.fixedParameters.${name}: is a parameter the paginator sets`,
    );
    throw new ConnectorDefinitionError(connector, problems.join('; '));
  }
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue, declaration: unknown, at: string): string {
  const field = [at, ...issue.path.map(String)].join('.');
  const style = styleOf(declaration);
  switch (issue.code) {
    case 'invalid_union':
      return issue.inclusive !== false && issue.discriminator === 'style'
        ? `${field}: must be one of ${PAGINATION_STYLE_NAMES.join(', ')}`
        : `${field}: ${issue.message}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${field}.${key}: unknown field for style "${style}"`).join('; ');
    case 'invalid_type': {
      const found = valueAt(declaration, issue.path);
      if (found === undefined) return `${field}: required for style "${style}"`;
      // zod's own text is replaced (it may quote the input); a message the schema set is kept.
      return issue.message.startsWith('Invalid input')
        ? `${field}: must be ${issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}, found ${typeName(found)}`
        : `${field}: ${issue.message}`;
    }
    default:
      return `${field}: ${issue.message}`;
  }
}

function styleOf(declaration: unknown): string {
  const style = valueAt(declaration, ['style']);
  return typeof style === 'string' ? style : '(none)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
