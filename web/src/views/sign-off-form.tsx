// Signing a period off from the console (finance, admin): the service reconciles the period against the
// systems it reads and signs it in the signed-in caller's name. Open differences are refused unless a
// reason to accept them is given; the answer (or the problem's detail) is shown as it came. The request
// is asynchronous (`Prefer: respond-async`): reading a large period outlasts what a browser or a proxy
// waits for one answer, so the console polls the request and shows how long it has been reading.
import { useState } from 'preact/hooks';
import { getJson, postJson } from '../api.ts';
import { Section } from '../components.tsx';
import type { SignOff } from '../types.ts';

interface SignOffRequest {
  readonly id: string;
  readonly state: 'running' | 'signed' | 'refused' | 'failed';
  readonly signOff?: SignOff;
  readonly problem?: { readonly detail: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks for the sign-off and polls the request until it is signed (the sign-off) or refused (thrown, with
 * the problem's detail). A service that answers at once (201) is taken as it is. */
async function signOff(body: unknown, progress: (seconds: number) => void): Promise<SignOff> {
  const started = Date.now();
  const first = await postJson<SignOff | SignOffRequest>('/v1/admin/reconciliation/sign-offs', body, {
    prefer: 'respond-async',
  });
  if (!('state' in first)) return first;
  for (let request = first; ;) {
    if (request.state === 'signed' && request.signOff !== undefined) return request.signOff;
    if (request.state !== 'running')
      throw new Error(request.problem?.detail ?? `the sign-off ${request.state}`);
    await sleep(1000);
    progress(Math.round((Date.now() - started) / 1000));
    request = await getJson<SignOffRequest>(`/v1/admin/reconciliation/sign-off-requests/${first.id}`);
  }
}

/** Last month, YYYY-MM: the period a month-end close usually signs. */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

export function SignOffForm(props: { onSigned: () => void }) {
  const [period, setPeriod] = useState(lastMonth());
  const [entity, setEntity] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const submit = async () => {
    setBusy(true);
    setMessage(`Reconciling ${period}…`);
    try {
      const signed = await signOff(
        {
          period,
          ...(entity.trim() === '' ? {} : { entity: entity.trim() }),
          ...(reason.trim() === '' ? {} : { acceptDifferences: reason.trim() }),
        },
        (seconds) => setMessage(`Reconciling ${period}… ${seconds} s`),
      );
      setMessage(
        `Signed off ${signed.period}${signed.entity === null ? '' : ` for ${signed.entity}`} as #${signed.seq} by ${signed.signedBy}, ${signed.differences} difference(s).`,
      );
      props.onSigned();
    } catch (error) {
      setMessage(`Not signed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Sign off a period">
      <form
        class="sign-off"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label for="sign-off-period">Month to sign off</label>
        <input
          id="sign-off-period"
          type="month"
          required
          value={period}
          onInput={(e) => setPeriod(e.currentTarget.value)}
        />
        <label for="sign-off-entity">Legal entity (empty: all)</label>
        <input id="sign-off-entity" value={entity} onInput={(e) => setEntity(e.currentTarget.value)} />
        <label for="sign-off-reason">Accept open differences because (optional)</label>
        <input
          id="sign-off-reason"
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
          placeholder="leave empty to refuse while differences are open"
        />
        <button type="submit" disabled={busy || !/^\d{4}-\d\d$/.test(period)}>
          Reconcile and sign off
        </button>
      </form>
      <p role="status" aria-live="polite" class="status" data-testid="sign-off-status">
        {message}
      </p>
    </Section>
  );
}
