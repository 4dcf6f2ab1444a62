import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { evidenceResponseSchema } from '../http/signatures.responses';

export type EvidencePackage = z.infer<typeof evidenceResponseSchema>;
type EvidenceEvent = EvidencePackage['events'][number];
type EvidenceSigner = EvidencePackage['signers'][number];

/**
 * The one style block of the page. The page's Content-Security-Policy names its hash, so the
 * browser applies exactly this and nothing else: no script, no other style, no remote resource.
 */
const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}',
  'h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}',
  'table{border-collapse:collapse;width:100%}th,td{border:1px solid #c8ccd1;padding:.4rem;text-align:left;vertical-align:top}',
  'code,pre{font-family:ui-monospace,monospace;font-size:.85em;overflow-wrap:anywhere;white-space:pre-wrap}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}',
  '.muted{color:#57606a}',
].join('');

/** For the page's header: `style-src` names this hash and nothing else. */
export const EVIDENCE_HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value reaches the page through here: a statement or id can never become markup. */
export function escapeHtml(value: string | number | null): string {
  return String(value ?? '—').replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

const code = (value: string | number | null) => `<code>${escapeHtml(value)}</code>`;

/**
 * The evidence package as one self-contained HTML page: the same facts as the JSON, for a person
 * to read, print or archive. It holds no script and loads nothing, so it reads the same offline.
 */
export function evidenceHtml(evidence: EvidencePackage): string {
  const { request, document } = evidence;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Signature evidence ${escapeHtml(request.requestId)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Signature evidence</h1>
<p class="muted">Format ${code(evidence.format)}. The JSON package (same route without <code>.html</code>) holds the same facts for machines; <code>npm run audit -- verify-proof</code> checks each inclusion proof offline.</p>
<h2>Document and request</h2>
<dl>
<dt>Document</dt><dd>${code(document.documentId)}, version ${escapeHtml(document.versionNumber)}</dd>
<dt>Document SHA-256</dt><dd>${code(document.sha256)}</dd>
<dt>Request</dt><dd>${code(request.requestId)}</dd>
<dt>Requested by</dt><dd>${code(request.requesterId)} at ${escapeHtml(request.requestedAt)}</dd>
<dt>Due</dt><dd>${escapeHtml(request.dueAt)}</dd>
<dt>Status</dt><dd>${escapeHtml(request.status)}${request.completedAt ? ` at ${escapeHtml(request.completedAt)}` : ''}</dd>
</dl>
<h2>Signatures (${escapeHtml(evidence.signers.length)})</h2>
<p class="muted">${escapeHtml(evidence.verification.algorithm)}</p>
${evidence.signers.map(signerSection).join('\n')}
<h2>Events and their inclusion proofs</h2>
<p class="muted">Checkpoint key ${code(evidence.verification.checkpointKey.keyId)} (${escapeHtml(evidence.verification.checkpointKey.algorithm)}): ${code(evidence.verification.checkpointKey.publicKey)}</p>
<table>
<thead><tr><th scope="col">Event</th><th scope="col">Hash</th><th scope="col">Inclusion proof</th></tr></thead>
<tbody>
${evidence.events.map(eventRow).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}

function signerSection(signer: EvidenceSigner): string {
  return `<section>
<h3>${signer.kind === 'client' ? 'Client signer (through a share link)' : 'Signer'} ${code(signer.signerId)}</h3>
<dl>
<dt>Signed at</dt><dd>${escapeHtml(signer.signedAt)} (intent: ${escapeHtml(signer.intent)})</dd>
<dt>Key id</dt><dd>${code(signer.keyId)}${signer.keyRevokedAt ? ` (revoked ${escapeHtml(signer.keyRevokedAt)}, after signing; the signature stays valid)` : ''}</dd>
<dt>Public key</dt><dd>${code(signer.publicKeyHex)}</dd>
<dt>Statement signed</dt><dd><pre>${escapeHtml(signer.statement)}</pre></dd>
<dt>Signature (P1363 r ‖ s)</dt><dd>${code(signer.signatureHex)}</dd>
</dl>
</section>`;
}

function eventRow(event: EvidenceEvent): string {
  const what = `${escapeHtml(event.type)}<br><span class="muted">${code(event.streamId)} revision ${escapeHtml(event.revision)}<br>event ${code(event.eventId)}</span>`;
  return `<tr><td>${what}</td><td>${code(event.hash)}</td><td>${inclusionCell(event.inclusion)}</td></tr>`;
}

function inclusionCell(inclusion: EvidenceEvent['inclusion']): string {
  if (!inclusion) return 'Not sealed into a signed checkpoint yet: fetch the evidence again after the next checkpoint.';
  const checkpoint = inclusion.checkpoint
    ? `checkpoint signature ${code(inclusion.checkpoint.signature)} over root ${code(inclusion.checkpoint.rootHash)}`
    : 'no signed checkpoint at this tree size';
  return `leaf ${escapeHtml(inclusion.leafIndex)} of ${escapeHtml(inclusion.treeSize)}, leaf hash ${code(inclusion.leafHash)}<br>
path: ${inclusion.proof.map(code).join(' ') || '(none: the only leaf)'}<br>
${checkpoint}`;
}
