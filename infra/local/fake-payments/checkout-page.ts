import { escapeHtml } from './http';

export interface CheckoutPageInput {
  provider: 'Stripe' | 'PayPal' | 'simulé';
  /** Minor units. */
  amountCents: number;
  currency: string;
  lines: { name: string; quantity: number }[];
  /** Where « Payer » and « Annuler » post (no JavaScript needed). */
  payAction: string;
  cancelAction: string;
  /** Set when the checkout can no longer be paid: shown instead of the buttons. */
  closed?: string;
}

function formatAmount(cents: number, currency: string): string {
  const exponent = ['JPY', 'KRW'].includes(currency.toUpperCase()) ? 0 : 2;
  return new Intl.NumberFormat('fr-CA', { style: 'currency', currency: currency.toUpperCase() }).format(
    cents / 10 ** exponent,
  );
}

/**
 * The fake's hosted checkout page: French, plain HTML forms (they work without JavaScript), labelled
 * landmarks and a visible amount. It stands for Stripe Checkout or PayPal's approval page; no card is
 * asked for, « Payer » pays at once.
 */
export function checkoutPage(input: CheckoutPageInput): string {
  const amount = formatAmount(input.amountCents, input.currency);
  const lines = input.lines
    .map((line) => `<li>${escapeHtml(line.name)} × ${line.quantity}</li>`)
    .join('\n          ');
  const actions = input.closed
    ? `<p role="status">${escapeHtml(input.closed)}</p>`
    : `<form method="post" action="${escapeHtml(input.payAction)}">
          <button type="submit">Payer ${escapeHtml(amount)}</button>
        </form>
        <form method="post" action="${escapeHtml(input.cancelAction)}">
          <button type="submit">Annuler</button>
        </form>`;
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Paiement ${input.provider === 'simulé' ? '' : `${input.provider} `}(simulé) — ${escapeHtml(amount)}</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
      button { font-size: 1.1rem; padding: .6rem 1.2rem; margin: .5rem 0; }
      button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
      .note { color: #444; font-size: .9rem; }
    </style>
  </head>
  <body>
    <main>
      <h1>Paiement sécurisé${input.provider === 'simulé' ? '' : ` ${input.provider}`}</h1>
      <p class="note">Serveur de paiement simulé de Parvis : aucune somme n’est débitée.</p>
      <section aria-labelledby="summary">
        <h2 id="summary">Récapitulatif</h2>
        <ul>
          ${lines}
        </ul>
        <p>Montant à payer : <strong>${escapeHtml(amount)}</strong></p>
      </section>
      <section aria-label="Actions">
        ${actions}
      </section>
    </main>
  </body>
</html>
`;
}
