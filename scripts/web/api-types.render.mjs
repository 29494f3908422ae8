// One rendering of the OpenAPI document into TypeScript, shared by `npm run gen:api-types` (which writes it) and the
// test that fails when the checked-in web/src/api/openapi.gen.ts is no longer what the server's document gives.
import openapiTS, { astToString } from 'openapi-typescript';

export const API_TYPES_PATH = 'web/src/api/openapi.gen.ts';
export const API_TYPES_COMMAND = 'npm run gen:api-types';

const HEADER = `// Generated from the server's OpenAPI document (/docs-json) by \`${API_TYPES_COMMAND}\`: do not edit.
// The web code imports its names from ./types.ts.
`;

/**
 * The TypeScript types of an OpenAPI document, as the file web/src/api/openapi.gen.ts holds them: the admin API's
 * operations (the dashboard calls nothing else; /health's answer also depends on how @nestjs/terminus was loaded, so
 * keeping it would make the file differ between the built server and the test runner) and the component schemas they
 * reach (the /v1 surfaces' schemas are the SDKs' business, not the dashboard's).
 */
export async function renderApiTypes(document) {
  const copy = structuredClone(document);
  copy.paths = Object.fromEntries(Object.entries(copy.paths ?? {}).filter(([path]) => path.startsWith('/api/')));
  const schemas = copy.components?.schemas;
  if (schemas) {
    const reached = new Set();
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      const ref = typeof node.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1] : undefined;
      if (ref !== undefined && !reached.has(ref)) {
        reached.add(ref);
        visit(schemas[ref]);
      }
      for (const value of Object.values(node)) visit(value);
    };
    visit(copy.paths);
    copy.components.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  }
  const ast = await openapiTS(copy, { alphabetize: true });
  return HEADER + astToString(ast);
}
