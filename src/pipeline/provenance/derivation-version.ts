// The version of the decide logic that turns an event and its reference data into commands. Bump it
// whenever a rule changes what it sends (an amount's rounding, a field, a key): a posting records the
// version that produced it, so `ledgerline explain` can say when it is re-derived by different logic.
export const derivationVersion = 1;
