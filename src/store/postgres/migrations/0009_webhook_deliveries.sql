-- Signed webhook deliveries received (issue 8, signed intake): the webhook-id and webhook-timestamp of
-- each one accepted, kept until its timestamp is out of tolerance, so an exact replay of a delivery is
-- refused by any API node (ADR 23). Pruned as new deliveries are remembered.
CREATE TABLE webhook_deliveries (
  system TEXT COLLATE "C" NOT NULL,
  webhook_id TEXT COLLATE "C" NOT NULL,
  -- webhook-timestamp, unix seconds: a sender re-signing a retry gives it a new one.
  signed_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  -- Epoch ms after which the timestamp is refused as stale anyway, and the row may go.
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (system, webhook_id, signed_at)
);
CREATE INDEX webhook_deliveries_expiry ON webhook_deliveries (expires_at);
