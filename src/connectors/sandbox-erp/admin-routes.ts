// Operator endpoints of the simulator: faults, the report, company configuration and reset (the
// receivables actions are in receivables-routes.ts). They are not ERP API calls, so they are neither
// counted as requests nor struck by faults.
import type { FastifyInstance } from 'fastify';
import type { ErpAdmin } from './erp-admin.ts';
import { parseFaultConfig } from './fault-config.ts';
import { parseCompanyConfig } from './company-config.ts';
import { sendError } from './http-edge.ts';

export function registerAdminRoutes(app: FastifyInstance, admin: ErpAdmin): void {
  app.get('/admin/report', async (_request, reply) => reply.send(admin.report()));
  app.get('/admin/counts', async (_request, reply) => reply.send(admin.counts()));

  app.get('/admin/faults', async (_request, reply) => reply.send({ faults: admin.faults() }));

  app.post('/admin/faults', async (request, reply) => {
    const parsed = parseFaultConfig(request.body);
    if (!parsed.ok) return sendError(reply, 422, parsed.error.code, parsed.error.message);
    admin.setFaults(parsed.value);
    return reply.send({ faults: admin.faults() });
  });

  app.post('/admin/companies', async (request, reply) => {
    const parsed = parseCompanyConfig(request.body);
    if (!parsed.ok) return sendError(reply, 422, parsed.error.code, parsed.error.message);
    const owner = admin.prefixOwner(parsed.value);
    if (owner !== undefined)
      return sendError(
        reply,
        409,
        'invoice_prefix_in_use',
        `company ${owner} already numbers its invoices with this prefix`,
      );
    admin.configureCompany(parsed.value);
    return reply.code(201).send({ company: parsed.value.code });
  });

  app.post('/admin/companies/:code/tax-codes', async (request, reply) => {
    const { code } = request.params as { code: string };
    const taxCode = (request.body as { tax_code?: unknown } | null | undefined)?.tax_code;
    if (typeof taxCode !== 'string' || taxCode.length === 0 || taxCode.length > 64)
      return sendError(
        reply,
        422,
        'validation_failed',
        'body must be { "tax_code": "<1 to 64 characters>" }',
      );
    const taxCodes = admin.enableTaxCode(code, taxCode);
    if (!taxCodes) return sendError(reply, 404, 'unknown_company', `company "${code}" is not configured`);
    return reply.send({ company: code, tax_codes: taxCodes });
  });

  // Dated reference data, published on the change feed (GET /erp/v1/changes) like invoices and payments.
  for (const [path, kind] of [
    ['/admin/fx-rates', 'fx_rate'],
    ['/admin/tax-rates', 'tax_rate'],
    ['/admin/periods', 'period'],
  ] as const)
    app.post(path, async (request, reply) => {
      const published = admin.publishReference(kind, request.body);
      if (!published.ok)
        return sendError(
          reply,
          published.error.code === 'unknown_company' ? 404 : 422,
          published.error.code,
          published.error.message,
        );
      return reply.code(201).send(published.value);
    });

  app.post('/admin/reset', async (_request, reply) => {
    admin.reset();
    return reply.send({ reset: true });
  });
}
