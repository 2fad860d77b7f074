// Certificates for TLS tests, made with the openssl CLI in a folder of their own: self-signed CAs and
// certificates they sign, each a P-256 key and a PEM certificate valid for two days.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

export class TestCertificates {
  readonly dir = mkdtempSync(join(tmpdir(), 'ledgerline-certs-'));
  readonly #pems = new Map<string, Pem>();

  path(file: string): string {
    return join(this.dir, file);
  }

  pem(name: string): Pem {
    const found = this.#pems.get(name);
    if (found === undefined) throw new Error(`no certificate ${name}`);
    return found;
  }

  /** A key and certificate for `cn`: self-signed (a CA) without `ca`, else signed by CA `ca`. */
  make(name: string, cn: string, ca?: string, extensions?: string): void {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${cn}`];
    if (ca === undefined) {
      this.#openssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2');
    } else {
      this.#openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`);
      if (extensions !== undefined) writeFileSync(this.path(`${name}.ext`), `${extensions}\n`);
      const extra = extensions === undefined ? [] : ['-extfile', `${name}.ext`];
      const signer = ['-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial'];
      this.#openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        ...signer,
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        ...extra,
      );
    }
    this.#pems.set(name, {
      cert: readFileSync(this.path(`${name}.pem`), 'utf8'),
      key: readFileSync(this.path(`${name}.key`), 'utf8'),
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  #openssl(...args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }
}
