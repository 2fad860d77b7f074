// The sign-in screen, shown when the API answers 401: a person pastes an API key (`ledgerline apikey
// create`) or a bearer token from the firm's identity provider. It stays in this tab only.
import { useState } from 'preact/hooks';
import { signIn } from './credential.ts';

export function SignIn({ reason }: { reason: string }) {
  const [value, setValue] = useState('');
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p role="status" data-testid="sign-in-reason">
        {reason}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim() !== '') signIn(value);
        }}
      >
        <div class="field">
          <label for="credential">API key or bearer token</label>
          <input
            id="credential"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={value}
            onInput={(event) => setValue((event.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" disabled={value.trim() === ''}>
          Sign in
        </button>
      </form>
      <p class="hint">
        Kept in this browser tab only and sent with each request to the admin API. An admin issues keys with{' '}
        <code>ledgerline apikey create --role viewer --name "your name" --config ledgerline.yaml</code>.
      </p>
    </section>
  );
}
