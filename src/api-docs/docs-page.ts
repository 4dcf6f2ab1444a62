import type { AccessRule } from '../identity/access/permission-matrix';
import { ERROR_CATALOG } from '../shared-kernel/error-catalog';
import { jsonSchemaOf, type DocumentedRoute } from './openapi-document';

/**
 * The API reference as one static page, rendered here from the same routes as the OpenAPI
 * document. Plain HTML: the CSP allows no inline script or style, and the page needs neither.
 */
export function renderDocsPage(routes: DocumentedRoute[]): string {
  const sections = routes.map(routeSection).join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>SmartStart Ledger API reference</title></head>
<body>
<h1>SmartStart Ledger API reference</h1>
<p>The machine-readable contract is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Every error answers <code>{ error, message, details }</code>.</p>
<nav><ul>
${routes.map((route) => `<li><a href="#${anchorOf(route)}"><code>${escapeHtml(route.key)}</code></a></li>`).join('\n')}
</ul></nav>
${sections}
<h2 id="errors">Error catalog</h2>
<table><thead><tr><th>Code</th><th>Status</th><th>Meaning</th></tr></thead><tbody>
${Object.entries(ERROR_CATALOG)
  .map(
    ([code, { status, meaning }]) =>
      `<tr><td><code>${code}</code></td><td>${status}</td><td>${escapeHtml(meaning)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
</body>
</html>
`;
}

function routeSection(route: DocumentedRoute): string {
  const { inputs } = route;
  const inputRows = [
    ...Object.entries(inputs.params).map(([name, schema]) => inputRow(`path ${name}`, jsonSchemaOf(schema))),
    ...(inputs.query ? [inputRow('query', jsonSchemaOf(inputs.query))] : []),
    ...(inputs.body ? [inputRow('body', jsonSchemaOf(inputs.body))] : []),
  ];
  return `<section id="${anchorOf(route)}">
<h2><code>${escapeHtml(route.key)}</code></h2>
<p>Who may call it: ${escapeHtml(describeAccess(route.rule))}</p>
<p>Idempotency-Key: ${inputs.idempotencyKey ? 'accepted; a retry with the same key answers with the first result' : 'not taken'}</p>
<p>Success: ${inputs.successStatus}</p>
${inputRows.length > 0 ? `<h3>Input</h3><dl>${inputRows.join('')}</dl>` : ''}
<h3>Errors</h3>
<ul>${route.errors.map((code) => `<li><code>${code}</code> (${ERROR_CATALOG[code].status}): ${escapeHtml(ERROR_CATALOG[code].meaning)}</li>`).join('')}</ul>
</section>`;
}

function inputRow(name: string, schema: Record<string, unknown>): string {
  return `<dt>${escapeHtml(name)}</dt><dd><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></dd>`;
}

export function describeAccess(rule: AccessRule): string {
  if (rule.access === 'public') return 'anyone, signed in or not';
  if (rule.access === 'authenticated') return 'any signed-in user or integration';
  const roles = `roles ${rule.roles.join(', ')}${rule.mfa ? ', with a session verified by the authenticator app' : ''}`;
  return rule.owner ? `${roles}; or the user named by :${rule.owner}` : roles;
}

function anchorOf(route: DocumentedRoute): string {
  return route.key.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
