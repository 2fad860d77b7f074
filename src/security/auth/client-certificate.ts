// Mutual TLS (issue 8): a machine proves itself with a client certificate signed by `security.tls.clientCa`
// whose subject CN is listed in `security.tls.clients`. TLS has already checked the chain (`authorized`);
// this only maps the CN to roles, or says why the certificate does not authenticate.
import { TLSSocket, type PeerCertificate } from 'node:tls';
import type { Socket } from 'node:net';
import type { Role } from '../principal.ts';
import { refusal, type Authentication } from './authentication.ts';

export type ClientRoles = Readonly<Record<string, readonly Role[]>>;

/** undefined: no client certificate on this connection (plain HTTP, or the client sent none). */
export function clientCertificateAuthentication(
  socket: Socket,
  clients: ClientRoles,
): Authentication | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const certificate = socket.getPeerCertificate();
  // An empty object when the client sent no certificate.
  if (Object.keys(certificate).length === 0) return undefined;
  if (!socket.authorized)
    return refusal(
      'client-certificate-untrusted',
      `The client certificate is not signed by the configured client CA (${String(socket.authorizationError)}); use a certificate from security.tls.clientCa or send a bearer credential.`,
    );
  const subject = certificate.subject as PeerCertificate['subject'] | undefined;
  const cn: unknown = subject?.CN;
  const listed = typeof cn === 'string' && Object.hasOwn(clients, cn) ? clients[cn] : undefined;
  if (listed === undefined)
    return refusal(
      'client-certificate-unknown',
      `The client certificate's subject CN ${JSON.stringify(cn ?? null)} is not listed in security.tls.clients; list it with its roles or send a bearer credential.`,
    );
  return { ok: true, principal: { id: `mtls:${String(cn)}`, roles: listed, via: 'mtls' } };
}
